"""Run the Curtois & Qu instances through Tandem's engine and write docs/benchmarks.md's table.

    python bench/curtois.py [--instances 1-24] [--time-limit 60] [--long-limit 300]
                            [--long-from 20] [--workers 2] [--data DIR] [--out docs/benchmarks.md]

Each instance is solved by ``tandem bench curtois`` in its own process (so time and peak memory
are its own). The objective is recomputed here from the instance file and the written solution,
independently of the engine (requests and cover, as the benchmark defines them), and the roster
is re-checked by the engine's validator inside the command (``violations=0``).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "bench" / "data" / "curtois"

#: Best known values (LB, UB) from bench/data/curtois/README.md.
BEST_KNOWN = {
    1: (607, 607),
    2: (828, 828),
    3: (1001, 1001),
    4: (1716, 1716),
    5: (1143, 1143),
    6: (1950, 1950),
    7: (1056, 1056),
    8: (1300, 1300),
    9: (439, 439),
    10: (4631, 4631),
    11: (3443, 3443),
    12: (4040, 4040),
    13: (1348, 1348),
    14: (1278, 1278),
    15: (3828, 3828),
    16: (3225, 3225),
    17: (5746, 5746),
    18: (4459, 4459),
    19: (3149, 3149),
    20: (4769, 4769),
    21: (21133, 21133),
    22: (30241, 30241),
    23: (17285, 17285),
    24: (40438, 40439),
}


def sections(text: str) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line[len("SECTION_") :]
            out[current] = []
        elif current:
            out[current].append([p.strip() for p in line.split(",")])
    return out


def independent_objective(instance: Path, solution: Path) -> int:
    """The benchmark's objective of a solution, from the two files alone."""
    sec = sections(instance.read_text())
    worked = set()
    for line in solution.read_text().splitlines():
        if line.strip():
            emp, day, shift = line.split(",")
            worked.add((emp, int(day), shift))
    penalty = 0
    for emp, day, shift, weight in sec.get("SHIFT_ON_REQUESTS", []):
        if (emp, int(day), shift) not in worked:
            penalty += int(weight)
    for emp, day, shift, weight in sec.get("SHIFT_OFF_REQUESTS", []):
        if (emp, int(day), shift) in worked:
            penalty += int(weight)
    count = Counter((d, s) for _e, d, s in worked)
    for day, shift, req, under, over in sec["COVER"]:
        have = count[(int(day), shift)]
        need = int(req)
        penalty += int(under) * max(0, need - have) + int(over) * max(0, have - need)
    return penalty


def size_of(instance: Path) -> str:
    sec = sections(instance.read_text())
    return f"{sec['HORIZON'][0][0]} d × {len(sec['STAFF'])} staff × {len(sec['SHIFTS'])} shifts"


#: address-space cap of each instance's process (the largest models would otherwise take the
#: machine's memory from everyone else); exceeding it ends that instance with "exit 1"
MEMORY_CAP_BYTES = 8 * 1024**3


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))


def run_one(n: int, data: Path, limit: float, workers: int) -> dict:
    instance = data / f"Instance{n}.txt"
    with tempfile.TemporaryDirectory() as tmp:
        solution = Path(tmp) / "solution.txt"
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "rota.cli",
                    "bench",
                    "curtois",
                    str(instance),
                    "--time-limit",
                    str(limit),
                    "--workers",
                    str(workers),
                    "--out",
                    str(solution),
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=2 * limit + 120,
                preexec_fn=_cap_memory,
            )
            text, code = proc.stdout, proc.returncode
            errors = [line for line in proc.stderr.splitlines() if line.strip()]
            error = errors[-1].strip() if errors and code else ""
        except subprocess.TimeoutExpired:  # e.g. a model too large to build in time
            text, code, error = "", "timeout", ""
        elapsed = time.perf_counter() - started
        status = re.search(r"status=(\S+)", text)
        bound = re.search(r"bound=(\S+)", text)
        objective = re.search(r"objective=(\S+)", text)
        violations = re.search(r"violations=(\d+)", text)
        checked = independent_objective(instance, solution) if solution.exists() else None
    lb, ub = BEST_KNOWN[n]
    value = float(objective.group(1)) if objective else None
    return {
        "instance": f"Instance{n}",
        "size": size_of(instance),
        "objective": value,
        "independent": checked,
        "best": ub,
        "ratio": (value / ub) if value is not None else None,
        "bound": float(bound.group(1)) if bound else None,
        "status": status.group(1) if status else f"exit {code}" + (f" ({error})" if error else ""),
        "violations": int(violations.group(1)) if violations else None,
        "time": elapsed,
        "limit": limit,
    }


def parse_set(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def fmt(v, spec="g") -> str:
    return "—" if v is None else format(v, spec)


def table(rows: list[dict], workers: int) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}; "
        f"CP-SAT with {workers} workers.",
        "",
        "| instance | size | objective | recomputed | best known | ratio | lower bound | status "
        "| valid | time (s) | limit (s) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        valid = "yes" if r["violations"] == 0 and r["objective"] == r["independent"] else "NO"
        if r["objective"] is None:
            valid = "no roster"
        lines.append(
            f"| {r['instance']} | {r['size']} | {fmt(r['objective'])} | {fmt(r['independent'])} | "
            f"{r['best']} | {fmt(r['ratio'], '.3f')} | {fmt(r['bound'])} | {r['status']} "
            f"| {valid} | "
            f"{r['time']:.1f} | {r['limit']:g} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", default="1-24")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--long-limit", type=float, default=300.0)
    parser.add_argument("--long-from", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--csv", type=Path, default=ROOT / "bench" / "results" / "curtois.csv")
    args = parser.parse_args()
    rows = []
    for n in parse_set(args.instances):
        limit = args.long_limit if n >= args.long_from else args.time_limit
        row = run_one(n, args.data, limit, args.workers)
        rows.append(row)
        print(
            f"{row['instance']:<11} obj={fmt(row['objective'])} best={row['best']} "
            f"status={row['status']} valid={row['violations'] == 0} t={row['time']:.1f}s",
            flush=True,
        )
    args.csv.parent.mkdir(parents=True, exist_ok=True)
    with args.csv.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print()
    print(table(rows, args.workers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
