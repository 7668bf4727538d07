"""CLI commands for the team: demo, team, coverage, db."""

from __future__ import annotations

import argparse

from rota.cli.common import EXIT_OK, Context, add_team_option


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import teams

    with ctx.database.session() as session:
        report = teams.seed_demo(session, ctx.now.date())
        if args.impossible or args.undo_impossible:
            first, last, changed = teams.seed_impossible_week(
                session, ctx.now.date(), undo=args.undo_impossible
            )
    ctx.print(report.summary())
    if args.impossible:
        ctx.print(
            f"every Japanese speaker is now on leave {first} – {last} ({changed} entries added); "
            f"`tandem plan --start {first} --weeks 1` shows why no rota exists; "
            "`tandem demo --undo-impossible` takes the leave back"
        )
    elif args.undo_impossible:
        ctx.print(f"removed the impossible week's leave ({changed} entries)")
    ctx.print(f"database: {ctx.database.display_url}")
    return EXIT_OK


def cmd_team(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        views = teams.team_overview(session, team.id, ctx.now)
    ctx.print(f"{team.name} — {len(views)} responders (local time now)")
    for v in views:
        r = v.responder
        leave = f"  on leave until {v.on_leave_today.end}" if v.on_leave_today else ""
        ctx.print(
            f"  {r.name:<22} {r.timezone:<18} {v.local_time:%a %H:%M} {v.utc_offset}  "
            f"{v.languages_text}{leave}"
        )
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        design = teams.coverage_design(session, team.id)
    ctx.print(f"{team.name} — coverage design ({len(design.patterns)} shift patterns)")
    for p in design.patterns:
        days = " ".join("MTWTFSS"[d] for d in sorted(p.days))
        ctx.print(f"  {p.name}: {p.start:%H:%M}–{p.end:%H:%M} {p.zone} [{days}] ({p.kind})")
        for d in p.demands:
            needs = [f"{s.count}× {s.skill_id} ≥{s.min_level}" for s in d.required_skills]
            needs += [f"speaks {lang}" for lang in d.required_languages]
            if d.content_category:
                needs.append(f"queue {d.content_category} ({d.severity})")
            heads = (
                f"{d.min_headcount}"
                if d.min_headcount == d.max_headcount
                else f"{d.min_headcount}–{d.max_headcount}"
            )
            ctx.print(f"      {heads}× {d.role}" + (f": {', '.join(needs)}" if needs else ""))
    return EXIT_OK


def cmd_db(args: argparse.Namespace, ctx: Context) -> int:
    database = ctx.database
    ctx.print(f"database: {database.display_url}")
    ctx.print(f"schema revision: {database.schema_revision()}")
    return EXIT_OK


def register(add, date_type) -> None:
    """Add the team commands to the `tandem` parser."""
    p = add("demo", cmd_demo, "Seed the fictional APAC demo team (safe to run again).")
    p.add_argument(
        "--impossible",
        action="store_true",
        help="also send every Japanese speaker on leave the same week (an impossible plan)",
    )
    p.add_argument("--undo-impossible", action="store_true", help="take that week's leave back")
    p = add("team", cmd_team, "List a team's responders with their local time now.")
    add_team_option(p)
    p = add("coverage", cmd_coverage, "Show a team's shift patterns and role demands.")
    add_team_option(p)
    add("db", cmd_db, "Show which database is used and its schema revision.")
