"""How the engine scales with team size: seeded synthetic APAC teams through the product path.

    python bench/scaling.py [--sizes 20,60,150,300] [--limits 10,60] [--seed 7] [--workers 2]
                            [--repair-size 60] [--repair-limit 5] [--csv bench/results/scaling.csv]

Each team is generated as ``rota`` domain objects by scaling the demo APAC team
(:mod:`rota.demo`): responders are cloned from the demo's 30 people, spread over its nine cities
and zones with their languages, skill assessments, clearances, night consents, working days,
exposure history and (seeded, shifted) leave; the shift patterns are the demo's with every
headcount (and skill count) multiplied by ``round(n / 30)``. The 20-person team runs only the
four on-call blocks, the weekday high-severity review and the Japanese desk (a team of 20 cannot
staff the demo's 102 shifts a week). Every problem goes through
``rota.planning.problem.build_problem`` and the engine with the full on-call policy (coverage,
skills, languages, local nights, rest, exposure limits with history, pairing, fairness), so the
real product path is measured.

Per size (each in its own subprocess, so time and peak memory are its own):

* translation time (team -> engine problem) and model build time;
* time to the first rota (a solve that stops at its first solution; the rota is re-checked by
  ``scheduling.validate``), and the time of the first ``on_progress`` callback of the 10 s run;
* objective, best bound and gap at each time limit (every final rota validated);
* peak memory (``ru_maxrss`` of the subprocess).

Repair: the ``--repair-size`` team is seeded into a temporary SQLite database, planned, published;
then one responder who holds on-call shifts falls sick for 3 days and
``rota.services.planning.repair`` re-plans. Reported: repair wall time, changed assignments and
those the sickness forces.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: a fixed "today" so every run plans the same four weeks (southern summer, a Sydney holiday)
TODAY = date(2026, 11, 30)
#: patterns of the small (< 30) team
SMALL_TEAM_PATTERNS = (
    "oncall-oceania",
    "oncall-asia",
    "oncall-india-evening",
    "oncall-apac-night",
    "hs-review-weekday",
    "lang-ja",
)


# ---------------------------------------------------------------------------------------------
# the synthetic team


def synthetic_team(n: int, seed: int, today: date = TODAY):
    """The demo team scaled to ``n`` responders (deterministic for a given seed)."""
    from rota import demo

    base = demo.build_demo(today)
    rng = random.Random(seed * 1000 + n)
    team_id = f"apac-syn-{n}"
    # round-robin over the demo's cities, so any n spreads over the nine zones
    by_city: dict[str, list] = {}
    for r in base.responders:
        by_city.setdefault(r.timezone, []).append(r)
    order = []
    queues = [list(v) for v in by_city.values()]
    while any(queues):
        for q in queues:
            if q:
                order.append(q.pop(0))
    chosen = []  # (clone id, original)
    copy = 0
    while len(chosen) < n:
        for r in order:
            if len(chosen) == n:
                break
            chosen.append((r.id if copy == 0 else f"{r.id}-{copy}", r, copy))
        copy += 1
    rename: dict[tuple[str, int], str] = {(r.id, c): cid for cid, r, c in chosen}
    ids = {cid for cid, _, _ in chosen}
    responders = tuple(
        replace(
            r,
            id=cid,
            team_id=team_id,
            name=r.name if c == 0 else f"{r.name} ({c + 1})",
            email=r.email if c == 0 else r.email.replace("@", f"+{c}@"),
        )
        for cid, r, c in chosen
    )
    assessments = []
    for cid, r, c in chosen:
        for a in base.assessments:
            if a.person_id == r.id:
                assessments.append(
                    replace(
                        a,
                        id=f"{a.id}-{c}",
                        person_id=cid,
                        assessor_id=rename.get((a.assessor_id, c), a.assessor_id)
                        if a.assessor_id
                        else a.assessor_id,
                        decided_by=rename.get((a.decided_by, c), a.decided_by)
                        if a.decided_by
                        else a.decided_by,
                    )
                )
    exposure = [
        replace(e, responder_id=cid)
        for cid, r, c in chosen
        for e in base.exposure
        if e.responder_id == r.id
    ]
    leave = []
    for cid, r, c in chosen:
        for e in base.leave:
            if e.responder_id == r.id:
                shift = timedelta(days=0 if c == 0 else rng.randint(-14, 14))
                leave.append(
                    replace(
                        e,
                        id=f"{e.id}-{c}",
                        responder_id=cid,
                        start=e.start + shift,
                        end=e.end + shift,
                    )
                )
    incidents = [
        replace(i, id=f"{i.id}-{c}", responder_id=cid)
        for cid, r, c in chosen
        for i in base.incidents
        if i.responder_id == r.id and c == 0
    ]
    mentoring = [
        replace(m, id=f"{m.id}-{c}", mentor_id=rename[(m.mentor_id, c)], mentee_id=cid)
        for cid, r, c in chosen
        for m in base.mentoring
        if m.mentee_id == r.id and (m.mentor_id, c) in rename
    ]
    tracks = [
        replace(
            t,
            id=f"{t.id}-{c}",
            person_id=cid,
            mentor_id=rename.get((t.mentor_id, c)) if t.mentor_id else None,
        )
        for cid, r, c in chosen
        for t in base.tracks
        if t.person_id == r.id
    ]
    k = max(1, round(n / 30))
    patterns = []
    for p in base.shift_patterns:
        if n < 30 and p.id not in SMALL_TEAM_PATTERNS:
            continue
        demands = tuple(
            replace(
                d,
                min_headcount=d.min_headcount * k,
                max_headcount=d.max_headcount * k,
                required_skills=tuple(replace(q, count=q.count * k) for q in d.required_skills),
            )
            for d in p.demands
        )
        patterns.append(replace(p, team_id=team_id, demands=demands))
    team = replace(
        base.team, id=team_id, name=f"Synthetic APAC team ({n})", description="bench/scaling.py"
    )
    return replace(
        base,
        team=team,
        responders=responders,
        shift_patterns=tuple(patterns),
        leave=tuple(leave),
        incidents=tuple(incidents),
        exposure=tuple(exposure),
        assessments=tuple(assessments),
        mentoring=tuple(mentoring),
        tracks=tuple(tracks),
        interests=tuple(i for i in base.interests if i.person_id in ids),
        goals=(),
    ), k


def snapshot_of(data):
    from rota.planning.snapshot import TeamSnapshot

    return TeamSnapshot(
        team=data.team,
        responders=data.responders,
        patterns=data.shift_patterns,
        leave=data.leave,
        incidents=data.incidents,
        exposure=data.exposure,
        skills=data.skills,
        assessments=data.assessments,
        tracks=data.tracks,
        mentoring=data.mentoring,
    )


def plan_start(today: date = TODAY) -> date:
    """The Monday after ``today``."""
    return today + timedelta(days=7 - today.weekday())


# ---------------------------------------------------------------------------------------------
# one size (run in a subprocess)


def measure_size(n: int, seed: int, limits: list[float], workers: int) -> dict:
    import scheduling as engine
    from rota.planning.problem import build_problem
    from rota.planning.snapshot import PlanRequest

    t0 = time.perf_counter()
    data, k = synthetic_team(n, seed)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    problem, _ = build_problem(snapshot_of(data), PlanRequest(start=plan_start(), weeks=4))
    t_translate = time.perf_counter() - t0
    row: dict = {
        "responders": n,
        "headcount_factor": k,
        "shifts": len(problem.shifts),
        "demands": len(problem.demands),
        "generate_s": round(t_gen, 3),
        "translate_s": round(t_translate, 3),
    }
    # first rota: stop at the first solution
    first_limit = max(limits)
    t0 = time.perf_counter()
    first = engine.solve(
        problem,
        time_limit=first_limit,
        workers=workers,
        seed=seed,
        explain=False,
        parameters={"stop_after_first_solution": True},
    )
    row["build_s"] = round(first.timings.build, 3)
    row["first_rota_s"] = round(time.perf_counter() - t0, 3) if first.has_rota else None
    row["first_status"] = str(first.status)
    row["first_objective"] = first.objective
    row["first_violations"] = (
        len(engine.validate(problem, first.assignments)) if first.has_rota else None
    )
    for limit in limits:
        seen: list[float] = []
        t0 = time.perf_counter()

        def progress(obj, bound, t, seen=seen, t0=t0):
            if not seen:
                seen.append(time.perf_counter() - t0)

        res = engine.solve(
            problem, time_limit=limit, workers=workers, seed=seed, on_progress=progress
        )
        tag = f"{limit:g}s"
        row[f"first_callback_{tag}"] = round(seen[0], 3) if seen else None
        row[f"status_{tag}"] = str(res.status)
        row[f"objective_{tag}"] = res.objective
        row[f"bound_{tag}"] = res.best_bound
        row[f"gap_{tag}"] = (
            round((res.objective - res.best_bound) / max(1.0, abs(res.objective)), 4)
            if res.has_rota
            else None
        )
        row[f"violations_{tag}"] = (
            len(engine.validate(problem, res.assignments)) if res.has_rota else None
        )
        row[f"wall_{tag}"] = round(time.perf_counter() - t0, 2)
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return row


# ---------------------------------------------------------------------------------------------
# repair (run in a subprocess)


def measure_repair(n: int, seed: int, plan_limit: float, repair_limit: float, workers: int) -> dict:
    from rota.domain.timezones import zone
    from rota.services import planning
    from rota.storage import repo
    from rota.storage.db import open_database

    data, _ = synthetic_team(n, seed)
    start = plan_start()
    now = datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=9)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(None, default_path=Path(tmp) / "bench.sqlite")
        with db.session() as session:
            repo.save(session, data.team)
            for objects in (
                data.responders,
                data.shift_patterns,
                data.skills,
                data.assessments,
                data.interests,
                data.mentoring,
                data.tracks,
                data.leave,
                data.incidents,
                data.exposure,
            ):
                repo.save_all(session, objects)
        with db.session() as session:
            t0 = time.perf_counter()
            planned = planning.plan(
                session,
                data.team.id,
                start,
                4,
                now=now,
                time_limit=plan_limit,
                workers=workers,
                seed=seed,
            )
            t_plan = time.perf_counter() - t0
            if planned.draft is None:
                return {"responders": n, "error": f"plan: {planned.result.status}"}
        with db.session() as session:
            published = planning.publish(session, data.team.id, now=now)
        # the responder with the most on-call assignments in days 8-10 falls sick for 3 days
        first_day = start + timedelta(days=8)
        last_day = first_day + timedelta(days=2)
        tz_of = {r.id: r.timezone for r in data.responders}
        counts: dict[str, int] = {}
        for a in published.assignments:
            local = a.start.astimezone(zone(tz_of[a.responder_id])).date()
            if first_day <= local <= last_day and not a.shadow:
                counts[a.responder_id] = counts.get(a.responder_id, 0) + 1
        sick = sorted(counts, key=lambda r: (-counts[r], r))[0]
        with db.session() as session:
            t0 = time.perf_counter()
            firsts: list[float] = []

            def progress(obj, bound, t, firsts=firsts, t0=t0):
                if not firsts:
                    firsts.append(time.perf_counter() - t0)

            out = planning.repair(
                session,
                data.team.id,
                sick,
                first_day,
                last_day,
                now=now,
                time_limit=repair_limit,
                workers=workers,
                seed=seed,
                on_progress=progress,
            )
            t_repair = time.perf_counter() - t0
        db.dispose() if hasattr(db, "dispose") else None
    res = out.outcome.result
    return {
        "responders": n,
        "plan_s": round(t_plan, 2),
        "plan_objective": planned.result.objective,
        "sick": sick,
        "sick_days": f"{first_day}..{last_day}",
        "repair_s": round(t_repair, 2),
        "first_repaired_s": round(firsts[0], 2) if firsts else None,
        "repair_solve_s": round(res.timings.total, 2),
        "repair_status": str(res.status),
        "repair_violations": len(out.outcome.violations) if out.outcome.draft else None,
        "forced": out.forced,
        "changed": out.changed,
        "repair_limit": repair_limit,
    }


# ---------------------------------------------------------------------------------------------
# driver


def _child(args: list[str]) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr or proc.stdout)[-800:]}
    row = json.loads(lines[-1])
    # peak memory of the child as seen by the parent (includes the interpreter)
    return row


def fmt(v, spec="g") -> str:
    return "—" if v is None else format(v, spec)


def table(rows: list[dict], repair: dict | None, limits: list[float], workers: int) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    head = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}; CP-SAT with {workers} "
        "workers; 4 weeks from "
        f"{plan_start()}; each size in its own process.",
        "",
    ]
    cols = [
        "responders",
        "shifts",
        "demands",
        "translate (s)",
        "model build (s)",
        "first rota (s)",
        "first rota valid",
        "first on_progress (s)",
    ]
    for lim in limits:
        cols += [f"objective @{lim:g}s", f"bound @{lim:g}s", f"gap @{lim:g}s", f"valid @{lim:g}s"]
    cols.append("peak RSS (MB)")
    lines = head + ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r.get('responders')} | error: {r['error'][-120:]!r} |")
            continue
        cells = [
            r["responders"],
            r["shifts"],
            r["demands"],
            fmt(r["translate_s"], ".2f"),
            fmt(r["build_s"], ".2f"),
            fmt(r["first_rota_s"], ".2f"),
            "—"
            if r["first_violations"] is None
            else ("yes" if r["first_violations"] == 0 else f"NO ({r['first_violations']})"),
            fmt(r.get(f"first_callback_{min(limits):g}s"), ".2f"),
        ]
        for lim in limits:
            tag = f"{lim:g}s"
            if f"objective_{tag}" not in r:
                cells += ["not run"] * 4
                continue
            v = r[f"violations_{tag}"]
            cells += [
                fmt(r[f"objective_{tag}"]),
                fmt(r[f"bound_{tag}"]),
                "—" if r[f"gap_{tag}"] is None else f"{100 * r[f'gap_{tag}']:.2f} %",
                "—" if v is None else ("yes" if v == 0 else f"NO ({v})"),
            ]
        cells.append(fmt(r["peak_rss_mb"], ".0f"))
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    if repair:
        lines += [
            "",
            "| repair | responders | sick | days | status | first repaired rota (s) | "
            "time (s) | limit (s) | forced | changed | valid |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        if "error" in repair:
            lines.append(f"| error | {repair['error'][-200:]!r} |||||||||")
        else:
            v = repair["repair_violations"]
            lines.append(
                f"| sickness | {repair['responders']} | {repair['sick']} | {repair['sick_days']} | "
                f"{repair['repair_status']} | {fmt(repair['first_repaired_s'], '.2f')} | "
                f"{repair['repair_s']:.2f} | "
                f"{repair['repair_limit']:g} | "
                f"{repair['forced']} | {repair['changed']} | "
                + ("—" if v is None else ("yes" if v == 0 else f"NO ({v})"))
                + " |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,60,150,300")
    parser.add_argument("--limits", default="10,60")
    parser.add_argument(
        "--big-limits", default="10,60", help="limits for sizes >= --big-from (default: same)"
    )
    parser.add_argument("--big-from", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repair-size", type=int, default=60)
    parser.add_argument("--repair-plan-limit", type=float, default=30.0)
    parser.add_argument("--repair-limit", type=float, default=15.0)
    parser.add_argument("--csv", type=Path, default=ROOT / "bench" / "results" / "scaling.csv")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repair-only", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    limits = [float(x) for x in args.limits.split(",") if x]
    big_limits = [float(x) for x in args.big_limits.split(",") if x]
    if args.one is not None:
        lim = big_limits if args.one >= args.big_from else limits
        print(json.dumps(measure_size(args.one, args.seed, lim, args.workers)), flush=True)
        return 0
    if args.repair_only is not None:
        print(
            json.dumps(
                measure_repair(
                    args.repair_only,
                    args.seed,
                    args.repair_plan_limit,
                    args.repair_limit,
                    args.workers,
                )
            ),
            flush=True,
        )
        return 0
    rows = []
    common = [
        "--seed",
        str(args.seed),
        "--workers",
        str(args.workers),
        "--limits",
        args.limits,
        "--big-limits",
        args.big_limits,
        "--big-from",
        str(args.big_from),
    ]
    for n in [int(x) for x in args.sizes.split(",") if x]:
        row = _child(["--one", str(n), *common])
        row.setdefault("responders", n)
        rows.append(row)
        print(json.dumps(row), flush=True)
    repair = None
    if args.repair_size:
        repair = _child(
            [
                "--repair-only",
                str(args.repair_size),
                *common,
                "--repair-plan-limit",
                str(args.repair_plan_limit),
                "--repair-limit",
                str(args.repair_limit),
            ]
        )
        print(json.dumps(repair), flush=True)
    args.csv.parent.mkdir(parents=True, exist_ok=True)
    keys: list[str] = []
    for r in rows:
        keys += [k for k in r if k not in keys]
    with args.csv.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
    if repair:
        with args.csv.with_name(args.csv.stem + "_repair.csv").open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(repair))
            writer.writeheader()
            writer.writerow(repair)
    print()
    print(table(rows, repair, sorted(set(limits) | set(big_limits)), args.workers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
