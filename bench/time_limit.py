"""Does ``solve`` return within its time limit? The distribution of the whole call's time.

    python bench/time_limit.py [--limits 2,5,10] [--runs 3] [--workers 2]
                               [--out bench/results/time_limit.md]

Every problem is solved ``--runs`` times at each limit, in this process, and the wall time of
the whole ``scheduling.solve`` call is taken (build, search, exact pricing, validation and, for
the impossible plan, the explanation). The table gives the median and the maximum wall time and
the largest overrun of the limit; the target is an overrun below one second. Problems:

* ``curtois-1``, ``curtois-4``, ``curtois-8`` — Curtois & Qu instances 1, 4 and 8
  (bench/data/curtois, small, medium and large; workers independent, so the per-worker first
  rota runs);
* ``rota-30x28`` — 30 workers, 28 days, three 8 h shifts a day with 2 people each, requests and
  the default policy (every rule, linked workers);
* ``impossible-14`` — two workers for three 8 h shifts a day over 14 days: proven impossible,
  then explained.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduling import (  # noqa: E402
    Demand,
    Policy,
    Preference,
    Problem,
    ShiftInstance,
    Worker,
    solve,
)
from scheduling.curtois import read_curtois  # noqa: E402

START = date(2024, 1, 1)


def _rota(n_workers: int, days: int, per_shift: int) -> Problem:
    shifts, demands = [], []
    for i in range(days):
        for kind, hour in (("early", 6), ("late", 14), ("night", 22)):
            s = datetime(START.year, START.month, START.day, hour, tzinfo=UTC) + timedelta(days=i)
            sid = f"{kind}{i}"
            shifts.append(ShiftInstance(sid, kind, s, s + timedelta(hours=8)))
            demands.append(Demand(f"{sid}:primary", sid, "primary", per_shift))
    workers = tuple(Worker(f"w{k}") for k in range(n_workers))
    prefs = tuple(
        Preference(f"w{k}", bool(k % 2), 3 + k % 5, shift_id=f"early{(k * 3) % days}")
        for k in range(n_workers)
    )
    return Problem(
        start=START,
        days=days,
        workers=workers,
        shifts=tuple(shifts),
        demands=tuple(demands),
        policy=Policy(),
        preferences=prefs,
    )


def problems() -> dict[str, Problem]:
    data = ROOT / "bench" / "data" / "curtois"
    return {
        "curtois-1": read_curtois(data / "Instance1.txt"),
        "curtois-4": read_curtois(data / "Instance4.txt"),
        "curtois-8": read_curtois(data / "Instance8.txt"),
        "rota-30x28": _rota(30, 28, 2),
        "impossible-14": _rota(2, 14, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limits", default="2,5,10")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "time_limit.md")
    args = ap.parse_args(argv)
    limits = [float(x) for x in args.limits.split(",")]
    rows = []
    for name, problem in problems().items():
        for limit in limits:
            walls, statuses, builds, explains = [], set(), [], []
            for run in range(args.runs):
                t = time.perf_counter()
                r = solve(problem, time_limit=limit, workers=args.workers, seed=run)
                walls.append(time.perf_counter() - t)
                statuses.add(str(r.status))
                builds.append(r.timings.build)
                explains.append(r.timings.explain)
            row = (
                name,
                limit,
                statistics.median(walls),
                max(walls),
                max(walls) - limit,
                statistics.median(builds),
                statistics.median(explains),
                "/".join(sorted(statuses)),
            )
            rows.append(row)
            print(
                f"{name:<14} limit {limit:>4.0f} s  median {row[2]:6.2f}  max {row[3]:6.2f}  "
                f"overrun {row[4]:+.2f}  {row[7]}",
                flush=True,
            )
    worst = max(r[4] for r in rows)
    lines = [
        "# solve() against its time limit",
        "",
        f"`python bench/time_limit.py --limits {args.limits} --runs {args.runs} "
        f"--workers {args.workers}` on {platform.machine()} Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d}: wall time of the whole `solve` call (build, search, "
        "pricing, validation, explanation), medians and maxima of the runs.",
        "",
        "| problem | limit s | median s | max s | max overrun s | build s | explain s | status |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        *(
            f"| {n} | {lim:.0f} | {med:.2f} | {mx:.2f} | {ov:+.2f} | {bd:.2f} | {ex:.2f} | {st} |"
            for n, lim, med, mx, ov, bd, ex, st in rows
        ),
        "",
        f"Largest overrun: {worst:+.2f} s (target: below +1 s).",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}; largest overrun {worst:+.2f} s")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
