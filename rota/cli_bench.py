"""`tandem bench curtois`: run one Curtois & Qu instance through Tandem's own engine."""

from __future__ import annotations

import argparse
from pathlib import Path

import scheduling as engine
from scheduling.curtois import read_curtois

EXIT_OK, EXIT_ERROR = 0, 1


def solution_lines(problem: engine.Problem, result: engine.SolveResult) -> list[str]:
    """One `EmployeeID,Day,ShiftID` line per assignment, day index from 0, sorted."""
    rows = []
    for a in result.assignments:
        day, kind = a.shift_id.split(":", 1)
        rows.append((a.worker_id, int(day), kind))
    order = {w.id: i for i, w in enumerate(problem.workers)}
    return [f"{w},{d},{k}" for w, d, k in sorted(rows, key=lambda r: (order[r[0]], r[1], r[2]))]


def cmd_bench_curtois(args: argparse.Namespace, ctx) -> int:
    problem = read_curtois(Path(args.instance))
    result = engine.solve(
        problem, time_limit=args.time_limit, workers=args.workers, seed=args.seed, explain=False
    )
    if result.status == engine.Status.INVALID:
        ctx.print(
            f"status=invalid: the engine's roster breaks {len(result.violations)} hard rule "
            "instances by the independent validator; not written"
        )
        return EXIT_ERROR
    if not result.has_rota:
        ctx.print(f"status={result.status}: no roster within {args.time_limit:g}s")
        return EXIT_ERROR
    violations = engine.validate(problem, result.assignments)
    lines = solution_lines(problem, result)
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
    c.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    c.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")
    c.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    c.add_argument("--out", help="solution file to write (default: print the lines)")
