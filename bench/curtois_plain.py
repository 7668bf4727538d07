"""A plain CP-SAT model of a Curtois & Qu instance, for comparison with Tandem's engine only.

This is *not* how Tandem solves the benchmark (``tandem bench curtois`` reads the instance into
the engine's own problem and solves it with the general rostering model). It is the
"straightforward CP-SAT model" the data README compares against: one Boolean per (employee,
day, shift), the hard rules as clauses and linear constraints with the README's boundary
semantics, and the cover and request penalties as the objective. Running both on the same
machine tells how much of a gap to the best known values is the engine's encoding and how much
is CP-SAT on 2 threads in 60 s.

    python bench/curtois_plain.py bench/data/curtois/Instance3.txt --time-limit 60

prints ``instance status objective bound seconds``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from curtois import sections  # bench/curtois.py: the same reading of the file
from ortools.sat.python import cp_model


def build(path: Path) -> cp_model.CpModel:
    """The plain model of one instance."""
    sec = sections(path.read_text())
    days = int(sec["HORIZON"][0][0])
    shifts = {
        r[0]: (int(r[1]), [c for c in (r[2] if len(r) > 2 else "").split("|") if c])
        for r in sec["SHIFTS"]
    }
    m = cp_model.CpModel()
    staff = [r[0] for r in sec["STAFF"]]
    x = {
        (e, d, s): m.new_bool_var(f"x[{e},{d},{s}]")
        for e in staff
        for d in range(days)
        for s in shifts
    }
    work = {}
    for e in staff:
        for d in range(days):
            work[e, d] = m.new_bool_var(f"work[{e},{d}]")
            m.add(work[e, d] == sum(x[e, d, s] for s in shifts))  # at most one shift a day
    for r in sec.get("DAYS_OFF", []):
        for d in r[1:]:
            if d.strip():
                m.add(work[r[0], int(d)] == 0)
    for s, (_, cannot_follow) in shifts.items():
        for s2 in cannot_follow:
            for e in staff:
                for d in range(days - 1):
                    m.add_bool_or([x[e, d, s].Not(), x[e, d + 1, s2].Not()])
    for r in sec["STAFF"]:
        e = r[0]
        caps = dict(kv.split("=") for kv in r[1].split("|") if kv)
        for s in shifts:
            m.add(sum(x[e, d, s] for d in range(days)) <= int(caps.get(s, days)))
        total = sum(shifts[s][0] * x[e, d, s] for d in range(days) for s in shifts)
        m.add(total <= int(r[2]))
        m.add(total >= int(r[3]))
        most = int(r[4])
        for d in range(days - most):
            m.add(sum(work[e, d + k] for k in range(most + 1)) <= most)
        # minimum runs of work and of days off; runs touching either end of the horizon are free
        for least, on in ((int(r[5]), True), (int(r[6]), False)):

            def lit(d: int, on: bool = on, e: str = e):
                return work[e, d] if on else work[e, d].Not()

            for length in range(1, least):
                for d in range(1, days - length):
                    m.add_bool_or(
                        [lit(d - 1)] + [lit(d + k).Not() for k in range(length)] + [lit(d + length)]
                    )
        weekends = []
        for k in range(days // 7):
            w = m.new_bool_var(f"weekend[{e},{k}]")
            m.add_max_equality(w, [work[e, 7 * k + 5], work[e, 7 * k + 6]])
            weekends.append(w)
        m.add(sum(weekends) <= int(r[7]))
    cost = []
    for r in sec.get("SHIFT_ON_REQUESTS", []):
        cost.append(int(r[3]) * (1 - x[r[0], int(r[1]), r[2]]))
    for r in sec.get("SHIFT_OFF_REQUESTS", []):
        cost.append(int(r[3]) * x[r[0], int(r[1]), r[2]])
    for r in sec["COVER"]:
        d, s, need, under_w, over_w = int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4])
        under = m.new_int_var(0, need, f"under[{d},{s}]")
        over = m.new_int_var(0, len(staff), f"over[{d},{s}]")
        m.add(sum(x[e, d, s] for e in staff) + under - over == need)
        cost.append(under_w * under + over_w * over)
    m.minimize(sum(cost))
    return m


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.instance.is_file():
        parser.error(f"instance: {args.instance} is not a file; give the path of an InstanceN.txt")
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = args.workers
    solver.parameters.max_time_in_seconds = args.time_limit
    status = solver.solve(build(args.instance))
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    print(
        args.instance.stem,
        solver.status_name(status).lower(),
        f"{solver.objective_value:g}" if found else "-",
        f"{solver.best_objective_bound:g}" if found else "-",
        f"{solver.wall_time:.1f}",
    )
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
