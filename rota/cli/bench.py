"""`tandem bench curtois`: run one Curtois & Qu instance through Tandem's own engine."""

from __future__ import annotations

import argparse
from pathlib import Path

from rota.cli.common import EXIT_ERROR, EXIT_OK, add_solver_options


def cmd_bench_curtois(args: argparse.Namespace, ctx) -> int:
    from rota.services import scenarios

    outcome = scenarios.solve_curtois(
        args.instance, time_limit=args.time_limit, workers=args.workers, seed=args.seed
    )
    result = outcome.result
    if outcome.broken:
        ctx.print(
            f"status=invalid: the engine's roster breaks {len(result.violations)} hard rule "
            "instances by the independent validator; not written"
        )
        return EXIT_ERROR
    if not result.has_rota:
        ctx.print(f"status={result.status}: no roster within {args.time_limit:g}s")
        return EXIT_ERROR
    violations = outcome.violations
    lines = outcome.lines
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        for line in lines:
            ctx.print(line)
    ctx.print(f"status={result.status} bound={result.best_bound:g} violations={len(violations)}")
    ctx.print(f"objective={result.objective:g}")
    return EXIT_OK if not violations else EXIT_ERROR


def register(add, date_type) -> None:
    p = add("bench", None, "Benchmarks of the solver (see bench/ for whole suites).")
    sub = p.add_subparsers(dest="bench_command", metavar="SUITE", required=True)
    c = sub.add_parser(
        "curtois",
        help="solve one Curtois & Qu instance",
        description="Solve one Curtois & Qu nurse-rostering instance (InstanceN.txt) with Tandem's "
        "engine; write EmployeeID,Day,ShiftID lines and print objective=N last.",
    )
    c.set_defaults(handler=cmd_bench_curtois)
    c.add_argument("instance", help="path to InstanceN.txt")
    add_solver_options(c)
    c.add_argument("--out", help="solution file to write (default: print the lines)")
