"""CLI commands for planning: plan, publish, scenario export, solve, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rota.cli.common import (
    EXIT_BROKEN,
    EXIT_ERROR,
    EXIT_IMPOSSIBLE,
    EXIT_OK,
    add_solver_options,
    add_team_option,
)
from rota.errors import DraftWasEdited, NotFoundError, RotaBreaksRules, hard_rules


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}"


def print_result(ctx, result, names: dict[str, str], problem_demands: int) -> None:
    """A solved rota's status, coverage, soft costs and load per person (``result``: the
    engine's result that a planning outcome carries)."""
    ctx.print(f"status: {result.status}")
    if result.objective is not None:
        gap = ""
        if result.best_bound is not None and result.objective:
            share = (result.objective - result.best_bound) / max(1, abs(result.objective))
            gap = f" (gap {100 * share:.1f}%)"
        ctx.print(f"objective: {result.objective:g}  best bound: {result.best_bound:g}{gap}")
    t = result.timings
    ctx.print(f"time: build {t.build:.1f}s, solve {t.solve:.1f}s, explain {t.explain:.1f}s")
    if result.has_rota:
        missing = sum(u.missing for u in result.unfilled)
        extra = sum(u.extra for u in result.unfilled)
        ctx.print(
            f"coverage: {problem_demands - len(result.unfilled)}/{problem_demands} role slots "
            f"exactly staffed; {missing} people missing, {extra} extra"
        )
        for u in result.unfilled[:10]:
            ctx.print(f"  gap: {u.shift_id} {u.role}: {u.missing} missing, {u.extra} extra")
        if result.penalties_by_rule:
            costs = ", ".join(
                f"{k} {v}"
                for k, v in sorted(result.penalties_by_rule.items(), key=lambda kv: -kv[1])
            )
            ctx.print(f"soft costs by rule: {costs}")
        ctx.print(
            "load per person (hours, nights, weekend days, holidays, high-severity h, "
            "on-call h, shadow):"
        )
        for load in sorted(result.loads, key=lambda x: -x.minutes):
            cap = f"/{_hours(load.max_total_minutes)}" if load.max_total_minutes else ""
            ctx.print(
                f"  {names.get(load.worker_id, load.worker_id):<22} "
                f"{_hours(load.minutes):>6}{cap:<7} h  "
                f"nights {load.nights}  weekend {load.weekend_days}  holidays {load.holidays}  "
                f"exposure {_hours(load.exposure_minutes)} h  "
                f"on-call {_hours(load.on_call_minutes)} h"
                + (f"  shadow {load.shadow_shifts}" if load.shadow_shifts else "")
            )


def print_plain_explanation(ctx, plain) -> None:
    ctx.print("No rota satisfies every hard rule:")
    for line in plain.lines:
        ctx.print(f"  - {line}")
    if plain.relaxations:
        ctx.print("Any of these would make a rota possible:")
        for r in plain.relaxations:
            ctx.print(f"  * {r}")


def print_explanation(ctx, result) -> None:
    """The engine's own explanation of an impossible plan (rule ids, relaxations)."""
    ctx.print("No rota satisfies every hard rule. These rules conflict:")
    for e in result.explanation:
        ctx.print(f"  - [{e.rule_id}] {e.message}")
    relaxations = list(dict.fromkeys(e.relaxation for e in result.explanation if e.relaxation))
    if relaxations:
        ctx.print("Any of these would make a rota possible:")
        for r in relaxations:
            ctx.print(f"  * {r}")
    if not result.explanation:
        ctx.print(f"  {result.message}")


def print_violations(ctx, lines) -> None:
    """The validator's violations of a rota, one line each (``lines`` in plain words)."""
    if not lines:
        ctx.print("validator: 0 violations — every hard rule holds")
        return
    ctx.print(f"validator: {len(lines)} violations")
    for line in lines:
        ctx.print(f"  - {line}")


def print_broken(ctx, breaches) -> None:
    """The hard rules the engine's own rota breaks (status invalid): a defect to report."""
    ctx.print(
        f"status: invalid — the engine's rota breaks {hard_rules(len(breaches))} by the "
        "independent validator, so it is not a usable rota:"
    )
    for b in breaches:
        ctx.print(f"  - {b}")


def cmd_plan(args: argparse.Namespace, ctx) -> int:
    from rota.services import planning, teams

    def progress(objective: float, bound: float, elapsed: float) -> None:
        if args.progress:
            ctx.print(f"  … {elapsed:5.1f}s objective {objective:g} bound {bound:g}")

    try:
        with ctx.database.session() as session:
            team = teams.resolve_team(session, args.team)
            outcome = planning.plan(
                session,
                team.id,
                args.start,
                args.weeks,
                now=ctx.now,
                time_limit=args.time_limit,
                workers=args.workers,
                seed=args.seed,
                on_progress=progress,
                created_by="cli",
                fresh=args.fresh,
                replace_edited=args.replace,
            )
            drafts = len(planning.drafts_of(session, team.id))
    except DraftWasEdited as edited:
        # one line saying what to do here; the service's fix also speaks of the app
        print(
            f"tandem: error: {edited.field} has {edited.value} and planning would replace it; "
            "add --replace to plan anyway (its pinned assignments are kept)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    ctx.print(f"{team.name}: {args.weeks} weeks from {args.start} ({outcome.request.end} last day)")
    if outcome.broken:
        print_broken(ctx, outcome.breaches)
        ctx.print(
            "Nothing was stored; the team's previous draft, if any, is unchanged. This is a "
            "defect of the engine: please report it with the scenario from `tandem scenario "
            f"export --start {args.start} --weeks {args.weeks}`."
        )
        return EXIT_BROKEN
    if outcome.impossible:
        if outcome.plain is not None and outcome.plain.lines:
            print_plain_explanation(ctx, outcome.plain)
        else:
            print_explanation(ctx, outcome.result)
        return EXIT_IMPOSSIBLE
    if not outcome.result.has_rota:
        ctx.print(
            f"status: {outcome.result.status} — no rota found within {args.time_limit:g}s. "
            f"{outcome.result.message} Try a longer --time-limit."
        )
        return EXIT_ERROR
    print_result(ctx, outcome.result, outcome.names, outcome.demand_count)
    ctx.print("validator: 0 violations — every hard rule holds")
    ctx.print(published_changes(outcome, fresh=args.fresh))
    how = f"tandem publish --draft {outcome.draft.id}" if drafts > 1 else "tandem publish"
    ctx.print(
        f"stored draft {outcome.draft.id} ({len(outcome.draft.assignments)} assignments); "
        f"`{how} --dry-run` shows what it changes, `{how}` publishes it"
    )
    return EXIT_OK


def published_changes(outcome, *, fresh: bool = False) -> str:
    """What a stored draft does to the published assignments of its window, in one line."""
    if outcome.baseline is None:
        return "nothing was published on these days: every assignment of this draft is new"
    if not outcome.changed:
        kept = len(outcome.baseline.assignments)
        return (
            f"keeps every published assignment of the window ({kept}); publishing it changes "
            "no one's shifts"
        )
    n = outcome.changed
    anew = " (planned anew: --fresh)" if fresh else ""
    return (
        f"changes {n} published assignment{'s' if n != 1 else ''}{anew} "
        f"({', '.join(outcome.affected)}); the others stay as published"
    )


def cmd_publish(args: argparse.Namespace, ctx) -> int:
    from rota.services import planning, rotas, teams

    try:
        with ctx.database.session() as session:
            team = teams.resolve_team(session, args.team)
            if not planning.drafts_of(session, team.id):
                raise NotFoundError(
                    f"draft of {team.name} to publish",
                    args.draft or "(none)",
                    "plan one with `tandem plan --start YYYY-MM-DD` first",
                )
            preview = rotas.publish_preview(session, team.id, args.draft)
            print_preview(ctx, preview)
            draft = preview.draft
            if args.dry_run:
                breaches = rotas.check_draft(session, team.id, draft.id)
            else:
                rota = planning.publish(session, team.id, now=ctx.now, by="cli", draft_id=draft.id)
    except RotaBreaksRules as refused:
        print_refusal(ctx, refused)
        return EXIT_ERROR
    if args.dry_run:
        if breaches:
            ctx.print(
                f"dry run: draft {draft.id}, checked against the team's current data, breaks "
                f"{hard_rules(len(breaches))}, so publishing it would be refused:"
            )
            for b in breaches:
                ctx.print(f"  - {b}")
            ctx.print(
                "To publish: change the draft on the Rota page or re-plan with `tandem plan`. "
                "Nothing was published."
            )
            return EXIT_ERROR
        ctx.print(
            "dry run: every hard rule holds; nothing was published. Publish it with "
            f"`tandem publish --draft {draft.id}`"
        )
        return EXIT_OK
    ctx.print(
        f"published {team.name} version {rota.version}: {rota.start} – {rota.end}, "
        f"{len(rota.assignments)} assignments; it covers only these days, earlier and later "
        "weeks stay as published"
    )
    return EXIT_OK


def print_preview(ctx, preview) -> None:
    """What publishing a draft changes: the summary, then each affected person's gains, losses
    and moves (worded in their zone and the lead's)."""
    ctx.print(f"draft {preview.draft.id}, {preview.summary()}")
    for person in preview.people:
        ctx.print(f"  {person.name} ({person.zone}):")
        for line in person.gains:
            ctx.print(f"    + gains  {line}")
        for line in person.losses:
            ctx.print(f"    - loses  {line}")
        for line in person.moves:
            ctx.print(f"    ~ moves  {line}")


def print_refusal(
    ctx,
    refused: RotaBreaksRules,
    *,
    nothing: str = "nothing was published",
    then: str = "To publish",
) -> None:
    """A change refused because it breaks hard rules: what, each rule in plain words, the fix."""
    ctx.print(
        f"{refused.what}: checked against the team's current data, it breaks "
        f"{hard_rules(len(refused.breaches))}; {nothing}."
    )
    for b in refused.breaches:
        ctx.print(f"  - {b}")
    ctx.print(f"{then}: {refused.fix}.")


def cmd_scenario_export(args: argparse.Namespace, ctx) -> int:
    from rota.services import scenarios, teams

    with ctx.database.session() as session:
        team = teams.resolve_team(session, args.team)
        problem = scenarios.export_scenario(session, team.id, args.start, args.weeks)
    text = scenarios.scenario_json(problem)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        ctx.print(
            f"wrote scenario {args.out}: {len(problem.workers)} workers, "
            f"{len(problem.shifts)} shifts, {len(problem.demands)} demands"
        )
    else:
        ctx.print(text)
    return EXIT_OK


def cmd_solve(args: argparse.Namespace, ctx) -> int:
    from rota.services import scenarios

    # the rota file always records the outcome: its status says whether it holds a usable rota
    outcome = scenarios.solve_scenario(
        args.scenario, args.out, time_limit=args.time_limit, workers=args.workers, seed=args.seed
    )
    problem, result = outcome.problem, outcome.result
    if outcome.impossible:
        print_explanation(ctx, result)
        ctx.print(f"wrote {args.out}: no assignments; explanation[] says why")
        return EXIT_IMPOSSIBLE
    if outcome.broken:
        ctx.print(
            f"status: invalid — the engine's rota breaks {hard_rules(len(result.violations))} "
            "by the independent validator, so it is not a usable rota:"
        )
        for line in outcome.violation_lines:
            ctx.print(f"  - {line}")
        ctx.print(
            f"wrote {args.out} for inspection only (status invalid, violations[]); "
            "this is a defect of the engine: please report it with the scenario"
        )
        return EXIT_BROKEN
    if not result.has_rota:
        ctx.print(
            f"status: {result.status} — no rota within {args.time_limit:g}s. {result.message}"
        )
        ctx.print(f"wrote {args.out}: status {result.status}, no assignments")
        return EXIT_ERROR
    print_result(ctx, result, outcome.names, len(problem.demands))
    print_violations(ctx, outcome.violation_lines)
    ctx.print(f"wrote {args.out}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, ctx) -> int:
    from rota.services import scenarios

    checked = scenarios.check_scenario(args.scenario, args.rota)
    demands = len(checked.problem.demands)
    ctx.print(f"checked {len(checked.assignments)} assignments against {demands} demands")
    if checked.violations:
        per_rule = checked.per_rule
        ctx.print("hard violations by rule: " + ", ".join(f"{k} {n}" for k, n in per_rule.items()))
        for line in checked.violation_lines:
            ctx.print(f"  - {line}")
        return EXIT_ERROR
    ctx.print("validator: 0 violations — every hard rule holds")
    return EXIT_OK


def register(add, date_type) -> None:
    """Add the planning commands to the `tandem` parser."""
    p = add("plan", cmd_plan, "Plan a rota with the solver and store it as the team's draft.")
    add_team_option(p)
    p.add_argument("--start", type=date_type, required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--weeks", type=int, default=4, help="number of weeks (default 4)")
    p.add_argument(
        "--fresh",
        action="store_true",
        help="plan the window anew, ignoring what is published on its days (by default the "
        "published assignments are kept unless a rule, a demand or an absence forces a change)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace a draft of these days that was edited by hand (its pinned assignments "
        "are kept)",
    )
    add_solver_options(p, progress=True)
    p = add(
        "publish",
        cmd_publish,
        "Show what publishing a draft changes, person by person, then publish it as a new "
        "version of its days only (earlier and later weeks stay as published).",
    )
    add_team_option(p)
    p.add_argument(
        "--draft", metavar="ID", help="the draft to publish (needed when there are several)"
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would change and check the hard rules; publish nothing",
    )
    p = add("scenario", None, "Export a team's planning problem as a JSON scenario.")
    sub = p.add_subparsers(dest="scenario_command", metavar="ACTION", required=True)
    e = sub.add_parser(
        "export",
        help="write the scenario JSON",
        description="Write a team's planning problem to a self-contained JSON scenario file "
        "(see docs/formats.md).",
    )
    e.set_defaults(handler=cmd_scenario_export)
    add_team_option(e)
    e.add_argument("--start", type=date_type, required=True, help="first day, YYYY-MM-DD")
    e.add_argument("--weeks", type=int, default=4, help="number of weeks (default 4)")
    e.add_argument("--out", help="file to write (default: print)")
    p = add(
        "solve",
        cmd_solve,
        "Solve a JSON scenario file and write the rota as JSON; exit 2 if it is impossible, "
        "4 if the engine's rota breaks a hard rule.",
    )
    p.add_argument("scenario", help="scenario JSON (from `tandem scenario export`)")
    p.add_argument("--out", required=True, help="rota JSON to write")
    add_solver_options(p)
    p = add("check", cmd_check, "Check a rota JSON against a scenario; exit 1 on a hard violation.")
    p.add_argument("scenario", help="scenario JSON")
    p.add_argument("rota", help="rota JSON")
