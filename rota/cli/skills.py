"""CLI commands for the skills matrix and mentoring: `tandem skills ...`, `tandem mentoring ...`.

Every command calls one use case of :mod:`rota.services.skills`, :mod:`~rota.services.skills_io`,
:mod:`~rota.services.mentoring` or :mod:`~rota.services.scenarios` and prints its view: people by
name (and zone), skills by name. Errors (:data:`rota.errors.REPORTED_ERRORS`) are printed by
:func:`rota.cli.main.main` as one line.
"""

from __future__ import annotations

import argparse
from datetime import date

from rota.cli.common import EXIT_ERROR, EXIT_OK, add_team_option
from rota.errors import InputError
from skills.levels import LevelFlag
from skills.model import LEVEL_LABELS, AssessmentSource

#: ASCII marks for matrix cells (terminal-safe widths).
CELL_MARKS: dict[LevelFlag, str] = {
    LevelFlag.EXPIRED: "x",
    LevelFlag.EXPIRING: "!",
    LevelFlag.STALE: "~",
    LevelFlag.PENDING: "?",
}
AS_OF_HELP = "the day to look at, YYYY-MM-DD (default: today, UTC)"


def _as_of(args: argparse.Namespace, ctx) -> date:
    return args.as_of or ctx.now.date()


def _level_arg(text: str) -> int | None:
    if text.strip().upper() in {"N/A", "NA"}:
        return None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a level; use a whole number 0-4 or N/A"
        ) from None


def _marks(flags) -> str:
    return "".join(mark for flag, mark in CELL_MARKS.items() if flag in flags)


# ---------------------------------------------------------------------------------------------
# tandem skills ...


def cmd_matrix(args: argparse.Namespace, ctx) -> int:
    from rota.services import skills, teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        view = skills.skills_matrix(session, team.id, _as_of(args, ctx))
    ctx.print(
        f"{team.name} — skills matrix as of {view.as_of} "
        f"({len(view.people)} people × {len(view.skills)} skills)"
    )
    ctx.print("columns:")
    for n, skill in enumerate(view.skills, start=1):
        ctx.print(f"  {n:>2} = {skill.name}")
    header = " ".join(f"{n:>3}" for n in range(1, len(view.skills) + 1))
    ctx.print(f"{'':<22} {'zone':<18} {header}")
    for person in view.people:
        cells = []
        for skill in view.skills:
            cell = view.cell(person.id, skill.id)
            text = "·" if cell.level is None else str(cell.level)
            cells.append(f"{text + _marks(cell.flags):>3}")
        ctx.print(f"{person.name[:22]:<22} {person.zone:<18} {' '.join(cells)}")
    ctx.print("levels 0-4 (· no level); marks: ! expiring, x expired, ? pending, ~ stale")
    flagged = [
        (person, skill, cell)
        for person in view.people
        for skill in view.skills
        if (cell := view.cell(person.id, skill.id)).flags - {LevelFlag.PENDING}
    ]
    for person, skill, cell in flagged:
        states = ", ".join(sorted(f.value for f in cell.flags - {LevelFlag.PENDING}))
        when = f" (expires {cell.expires_on})" if cell.expires_on else ""
        ctx.print(f"  {states}: {person.name} — {skill.name}{when}")
    if view.pending:
        ctx.print(f"pending assessments ({len(view.pending)}):")
        for p in view.pending:
            a = p.assessment
            by = f" by {p.assessor.name}" if p.assessor else ""
            who = ", ".join(x.email or x.name for x in p.approvers[:3])
            ctx.print(
                f"  {a.id}: {p.person.label} — {p.skill_name} level {p.level_text}, "
                f"{a.source.value}{by}, {a.assessed_at:%Y-%m-%d}"
                + (f"; may approve: {who}" if who else "")
            )
    else:
        ctx.print("no assessments are waiting for approval")
    return EXIT_OK


def cmd_gaps(args: argparse.Namespace, ctx) -> int:
    from rota.services import skills, teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        view = skills.skill_gaps(session, team.id, _as_of(args, ctx))
    ctx.print(
        f"{team.name} — gaps against role targets as of {view.as_of} "
        f"({len(view.gaps)} open gaps, {len(view.targets)} targets)"
    )
    ctx.print("burden per skill (people with a gap × average gap):")
    for b in view.burdens:
        s = b.burden
        mandatory = f", {s.mandatory_gaps} against mandatory targets" if s.mandatory_gaps else ""
        ctx.print(
            f"  {b.skill_name:<34} burden {s.burden:5.1f}: {s.people_with_gap} of "
            f"{s.people_with_target} people below target, average gap {s.average_gap:.1f}"
            f"{mandatory}"
        )
    ctx.print("open gaps (mandatory first, largest first):")
    for row in view.gaps:
        g = row.gap
        ctx.print(
            f"  {row.person.label:<40} {row.skill_name:<30} level {g.level} → {g.target_level} "
            f"(gap {g.gap}{', mandatory' if g.mandatory else ''}; role {g.role})"
        )
    if not view.gaps:
        ctx.print("  nobody is below their role's target")
    return EXIT_OK


def cmd_risk(args: argparse.Namespace, ctx) -> int:
    from rota.services import skills, teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        view = skills.coverage_risk_view(session, team.id, _as_of(args, ctx))
    ctx.print(f"{team.name} — coverage risk as of {view.as_of} (⚠ = one or no qualified person)")
    ctx.print("per skill (people at level ≥ 3):")
    for row in view.skills:
        c = row.coverage
        names = ": " + ", ".join(p.name for p in row.qualified) if 0 < c.count <= 3 else ""
        flag = "⚠ " if row.flagged else "  "
        ctx.print(f"  {flag}{row.skill.name:<34} {c.count:>2} qualified [{c.status.value}]{names}")
    ctx.print("per coverage window (from the shift patterns' role demands):")
    for row in view.windows:
        c = row.coverage
        flag = "⚠ " if row.flagged else "  "
        names = ": " + ", ".join(p.name for p in row.qualified) if 0 < c.count <= 3 else ""
        ctx.print(
            f"  {flag}{c.window.name}: {row.source.requirement}; {c.count} qualified, "
            f"{c.window.needed} needed [{c.status.value}]{names}"
        )
    ctx.print("what if one person is away (each person removed in turn):")
    if not view.removals:
        ctx.print("  nobody's absence alone puts a window or skill at risk")
    for row in view.removals:
        parts = []
        if row.windows_broken:
            parts.append("breaks " + "; ".join(row.windows_broken))
        if row.skills_at_risk:
            parts.append("puts at risk " + ", ".join(row.skills_at_risk))
        ctx.print(f"  without {row.person.label}: {'; '.join(parts)}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, ctx) -> int:
    from rota.services import skills_io, teams

    tables = skills_io.read_import_file(args.file)
    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        view = skills_io.import_skills(
            session, team.id, tables, now=ctx.now, dry_run=args.dry_run, imported_by=args.by
        )
    read = ", ".join(f"{n} {kind}" for kind, n in view.preview.rows_read.items())
    ctx.print(f"{args.file}: read {read}")
    if view.unchanged:
        ctx.print(f"{view.unchanged} assessment rows are already stored unchanged; skipped")
    if view.problems:
        ctx.print(f"{len(view.problems)} problem(s); nothing written:")
        for problem in view.problems:
            ctx.print(f"  - {problem}")
        return EXIT_ERROR
    counts = ", ".join(f"{n} {kind}" for kind, n in view.counts().items())
    if args.dry_run:
        ctx.print(f"dry run: no problems; would write {counts}")
    else:
        ctx.print(f"imported into {team.name}: {counts}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, ctx) -> int:
    from rota.services import skills_io, teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        paths = skills_io.export_skills(session, team.id, args.file, _as_of(args, ctx))
    ctx.print(f"exported {team.name}'s skills matrix as of {_as_of(args, ctx)}:")
    for path in paths:
        ctx.print(f"  {path}")
    return EXIT_OK


def cmd_record(args: argparse.Namespace, ctx) -> int:
    from rota.services import skills, teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        view = skills.record_assessment(
            session,
            team.id,
            args.person,
            args.skill,
            args.level,
            now=ctx.now,
            source=args.source,
            by=args.by,
            on=args.on,
            comment=args.comment,
        )
    a = view.assessment
    by = f" by {view.assessor.name}" if view.assessor else ""
    ctx.print(
        f"recorded {a.id}: {view.person.label} — {view.skill_name} level {view.level_text}, "
        f"{a.source.value}{by}, {a.assessed_at:%Y-%m-%d}"
    )
    if a.source == AssessmentSource.SELF:
        ctx.print("a self-rating never counts toward the level")
    else:
        ctx.print(
            f"it counts once approved: `tandem skills approve {a.id} --by EMAIL` "
            "(a manager, lead or level-4 person in the skill)"
        )
    return EXIT_OK


def _decide(args: argparse.Namespace, ctx, approve: bool) -> int:
    from rota.services import skills

    with ctx.database.session() as session:
        view = skills.decide_assessment(
            session, args.assessment_id, args.by, approve=approve, now=ctx.now
        )
    a = view.assessment
    decider = view.decided_by.name if view.decided_by else args.by
    verb = "approved" if approve else "rejected"
    ctx.print(
        f"{verb} {a.id}: {view.person.label} — {view.skill_name} level {view.level_text}, "
        f"by {decider}"
    )
    if approve:
        ctx.print(f"it counts from {a.decided_at:%Y-%m-%d}")
    return EXIT_OK


def cmd_approve(args: argparse.Namespace, ctx) -> int:
    return _decide(args, ctx, True)


def cmd_reject(args: argparse.Namespace, ctx) -> int:
    return _decide(args, ctx, False)


# ---------------------------------------------------------------------------------------------
# tandem mentoring ...


def cmd_suggest(args: argparse.Namespace, ctx) -> int:
    from rota.services import mentoring, teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        views = mentoring.mentoring_suggestions(
            session, team.id, _as_of(args, ctx), limit=args.limit
        )
    ctx.print(f"{team.name} — suggested mentoring pairs as of {_as_of(args, ctx)}")
    if not views:
        ctx.print("  no pairs to suggest (no mentor with spare capacity for anyone at level ≤ 2)")
    for v in views:
        s = v.suggestion
        ctx.print(
            f"{s.rank:>3}. {v.mentor.label} → {v.mentee.label} in {v.skill_name} "
            f"(levels {s.mentor_level} → {s.mentee_level})"
        )
        ctx.print(f"     {v.explanation}")
    return EXIT_OK


def cmd_progress(args: argparse.Namespace, ctx) -> int:
    from rota.services import mentoring, teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        view = mentoring.progression_progress(session, team.id, ctx.now)
        board = mentoring.mentoring_board(session, team.id, view.as_of)
    ctx.print(f"{team.name} — progression tracks as of {view.as_of}")
    if view.harvest.evidence_added:
        ctx.print(
            f"harvested {view.harvest.evidence_added} worked shadow shifts as evidence "
            f"on {view.harvest.tracks_updated} tracks"
        )
    for t in view.tracks:
        since = f" since {t.track.stage_since}" if t.track.stage_since else ""
        mentor = f", mentor {t.mentor.name}" if t.mentor else ", no mentor"
        ctx.print(
            f"{t.track.id}: {t.person.label} — {t.skill_name}: stage {t.track.stage.value}{since}"
            f"{mentor}, level {t.level} ({LEVEL_LABELS[t.level]})"
        )
        ctx.print(
            f"    evidence {t.evidence_count}, shadow shifts done {t.shadow_shifts_done}, "
            f"planned {len(t.planned)}"
        )
        if not t.criteria:
            ctx.print("    at the last stage")
        for c in t.criteria:
            ctx.print(f"    [{'x' if c.met else ' '}] {c.description}: {c.detail}")
    if not view.tracks:
        ctx.print("  no progression tracks")
    active = [p for p in board if p.active]
    if active:
        ctx.print("active mentoring pairs:")
        for p in active:
            ctx.print(
                f"  {p.mentor.label} → {p.mentee.label}: {', '.join(p.skill_names)} "
                f"(mentor load {p.mentor_load}/{p.max_mentees})"
            )
    return EXIT_OK


def cmd_advance(args: argparse.Namespace, ctx) -> int:
    from rota.services import mentoring

    with ctx.database.session() as session:
        view = mentoring.advance_track(session, args.track_id, args.by, ctx.now)
    a = view.assessment
    ctx.print(
        f"{view.track.id}: {a.person.label} — {a.skill_name} moved from "
        f"{view.from_stage.value} to {view.track.stage.value}, signed off by "
        f"{a.decided_by.name if a.decided_by else args.by}"
    )
    ctx.print(f"wrote approved assessment {a.assessment.id} at level {a.level_text}")
    return EXIT_OK


def _raise_arg(text: str) -> tuple[str, str, int]:
    parts = text.split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        raise argparse.ArgumentTypeError(
            f"{text!r}: write EMAIL:SKILL:LEVEL, e.g. a@x.org:market-japan:3"
        )
    return parts[0], parts[1], int(parts[2])


def cmd_whatif(args: argparse.Namespace, ctx) -> int:
    from rota.services import scenarios, teams

    if not args.remove and not args.raise_level:
        raise InputError("--remove/--raise", None, "name someone to remove or a level to raise")
    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        start = args.start or ctx.now.date()
        outcome = scenarios.what_if(
            session,
            team.id,
            start,
            args.weeks,
            now=ctx.now,
            remove=args.remove,
            raise_levels=args.raise_level,
            time_limit=args.time_limit,
        )
    period = f"{args.weeks} week{'s' if args.weeks != 1 else ''} from {start}"
    if outcome.feasible:
        ctx.print(f"{outcome.change}: a rota that keeps every hard rule still exists ({period}).")
        return EXIT_OK
    if outcome.feasible is None:
        ctx.print(
            f"{outcome.change}: undecided within {args.time_limit:g}s ({outcome.status}); "
            "try a longer --time-limit."
        )
        return EXIT_ERROR
    ctx.print(f"{outcome.change}: no rota keeps every hard rule ({period}):")
    for line in outcome.plain.lines:
        ctx.print(f"  - {line}")
    return 2


# ---------------------------------------------------------------------------------------------
# Registration


def register(add, date_type) -> None:
    """Add ``tandem skills ...`` and ``tandem mentoring ...`` to the `tandem` parser."""

    def sub_parser(sub, name: str, handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = add("skills", None, "The skills matrix: levels, gaps, coverage risk, import and export.")
    sub = p.add_subparsers(dest="skills_command", metavar="ACTION", required=True)

    s = sub_parser(
        sub, "matrix", cmd_matrix, "Show people × skills as of a day, with flags and pending."
    )
    add_team_option(s)
    s.add_argument("--as-of", type=date_type, help=AS_OF_HELP)

    s = sub_parser(sub, "gaps", cmd_gaps, "Show gaps against role targets and burden per skill.")
    add_team_option(s)
    s.add_argument("--as-of", type=date_type, help=AS_OF_HELP)

    s = sub_parser(
        sub,
        "risk",
        cmd_risk,
        "Show coverage risk per skill and per coverage window, and whose absence breaks one.",
    )
    add_team_option(s)
    s.add_argument("--as-of", type=date_type, help=AS_OF_HELP)

    s = sub_parser(
        sub,
        "import",
        cmd_import,
        "Import skills, role targets and assessments from .xlsx or CSV; writes nothing on any "
        "problem.",
    )
    s.add_argument("file", help="a .xlsx workbook, a .csv file or a directory of .csv files")
    s.add_argument("--dry-run", action="store_true", help="list problems, write nothing")
    s.add_argument("--by", help="e-mail of the person importing (decides approved rows)")
    add_team_option(s)

    s = sub_parser(
        sub,
        "export",
        cmd_export,
        "Export people, skills, targets, assessment history and the matrix (.xlsx or CSV dir).",
    )
    s.add_argument("file", help="a .xlsx file, or a directory for CSV files")
    add_team_option(s)
    s.add_argument("--as-of", type=date_type, help="day of the matrix sheet (default: today)")

    s = sub_parser(
        sub, "record", cmd_record, "Record an assessment (it counts once someone approves it)."
    )
    s.add_argument("--person", required=True, help="e-mail (or id) of the person assessed")
    s.add_argument("--skill", required=True, help="skill id, e.g. incident-command")
    s.add_argument("--level", required=True, type=_level_arg, help="0-4, or N/A")
    s.add_argument(
        "--source",
        default=AssessmentSource.MANAGER.value,
        choices=[x.value for x in AssessmentSource if x != AssessmentSource.PROGRESSION],
        help="who assessed (default: manager)",
    )
    s.add_argument("--by", help="e-mail (or id) of the assessor")
    s.add_argument("--on", type=date_type, help="day it was made, YYYY-MM-DD (default: now)")
    s.add_argument("--comment", default="", help="a short comment")
    add_team_option(s)

    for name, handler, verb in (
        ("approve", cmd_approve, "Approve"),
        ("reject", cmd_reject, "Reject"),
    ):
        s = sub_parser(
            sub,
            name,
            handler,
            f"{verb} a submitted assessment (a manager, lead or level-4 person; never one's own).",
        )
        s.add_argument("assessment_id", help="the assessment id (see `tandem skills matrix`)")
        s.add_argument("--by", required=True, help="e-mail (or id) of the person deciding")

    s = sub_parser(
        sub,
        "whatif",
        cmd_whatif,
        "Check with the solver whether the team can still be staffed without someone, or with "
        "someone at a higher level (exit 2 when it cannot, with the reasons).",
    )
    s.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="EMAIL",
        help="a person who is away (repeatable)",
    )
    s.add_argument(
        "--raise",
        dest="raise_level",
        action="append",
        default=[],
        type=_raise_arg,
        metavar="EMAIL:SKILL:LEVEL",
        help="a person at a new level (repeatable)",
    )
    s.add_argument("--start", type=date_type, help="first day (default: today)")
    s.add_argument("--weeks", type=int, default=1, help="weeks to check (default 1)")
    s.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    add_team_option(s)

    p = add("mentoring", None, "Mentoring pairs, suggestions and progression tracks.")
    sub = p.add_subparsers(dest="mentoring_command", metavar="ACTION", required=True)
    s = sub_parser(
        sub, "suggest", cmd_suggest, "Suggest mentor-mentee pairs, ranked, with the reasons."
    )
    add_team_option(s)
    s.add_argument("--as-of", type=date_type, help=AS_OF_HELP)
    s.add_argument("--limit", type=int, default=10, help="how many to show (default 10)")
    s = sub_parser(
        sub,
        "progress",
        cmd_progress,
        "Show progression tracks: stage, criteria met and unmet, evidence, shadow shifts.",
    )
    add_team_option(s)
    s = sub_parser(
        sub,
        "advance",
        cmd_advance,
        "Move a progression track to its next stage, signed off by a level-4 person.",
    )
    s.add_argument("track_id", help="the track id (see `tandem mentoring progress`)")
    s.add_argument("--by", required=True, help="e-mail (or id) of the level-4 person signing off")
