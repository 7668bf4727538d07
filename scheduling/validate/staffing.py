"""Checks that each slot is staffed right: coverage, pins, overlap, availability, skills and
languages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ..problem import Assignment, Demand, Worker
from .readings import Context, ShiftReading, Violation, dates_touched, local_day, over


# structure
def check_coverage(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "coverage"."""
    out = []
    for d in ctx.p.demands:
        if not d.hard:
            continue
        n = sum(1 for a in ctx.assignments if a.demand_id == d.id and not a.shadow)
        s = ctx.shifts[d.shift_id]
        if n < d.min_headcount:
            out.append(
                Violation(
                    "coverage",
                    None,
                    s.start,
                    d.min_headcount - n,
                    f"{d.id} has {n} of {d.min_headcount} workers",
                    demand_id=d.id,
                    shift_id=d.shift_id,
                    value=n,
                    limit=d.min_headcount,
                    unit="people",
                )
            )
        if n > d.cap:
            out.append(
                Violation(
                    "coverage",
                    None,
                    s.start,
                    n - d.cap,
                    f"{d.id} has {n} workers, at most {d.cap} allowed",
                    demand_id=d.id,
                    shift_id=d.shift_id,
                    value=n,
                    limit=d.cap,
                    unit="people",
                )
            )
    return out


def check_pins(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "pins"."""
    out = []
    have = {(a.worker_id, a.demand_id, a.shadow) for a in ctx.assignments}
    for pin in ctx.p.pins:
        if ((pin.worker_id, pin.demand_id, pin.shadow) in have) != pin.assigned:
            out.append(
                Violation(
                    "pins",
                    pin.worker_id,
                    None,
                    1,
                    f"pin of {pin.worker_id} {'on' if pin.assigned else 'off'} "
                    f"{pin.demand_id} not kept",
                )
            )
    return out


def check_no_overlap(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "no-overlap"."""
    out = []
    for w in ctx.p.workers:
        per_shift: dict[str, int] = defaultdict(int)
        for a in ctx.by_worker[w.id]:
            per_shift[a.shift_id] += 1
        for sid, n in per_shift.items():
            if n > 1:
                out.append(
                    Violation(
                        "no-overlap",
                        w.id,
                        ctx.shifts[sid].start,
                        n - 1,
                        f"{w.id} holds {n} places on shift {sid}",
                    )
                )
        me = ctx.people[w.id]
        ivs = sorted(
            [(f.start, f.end, f.id, True) for f in me.planned]
            + [(f.start, f.end, "(history)", False) for f in me.past]
        )
        for i, (_s0, e0, first, planned_a) in enumerate(ivs):
            for s1, _e1, second, planned_c in ivs[i + 1 :]:
                if s1 < e0 and (planned_a or planned_c):
                    out.append(
                        Violation(
                            "no-overlap",
                            w.id,
                            s1,
                            1,
                            f"{w.id} works {first} and {second} at the same time",
                        )
                    )
    return out


def check_shifts_per_day(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "shifts-per-day" (history shifts included)."""
    out = []
    cap = ctx.p.policy.max_shifts_per_local_day
    for w in ctx.p.workers:
        me = ctx.people[w.id]
        for day in sorted(me.plan):
            n, h = me.total(day).shifts, me.history(day).shifts
            if over(n, h, cap):
                out.append(
                    Violation(
                        "shifts-per-day",
                        w.id,
                        day,
                        over(n, h, cap),
                        f"{w.id} starts {n} shifts on {day}, at most {cap}",
                        value=n,
                        limit=cap,
                        unit="shifts",
                    )
                )
    return out


def _per_assignment(ctx: Context, rule: str, bad: Callable) -> list[Violation]:
    """A violation for each assignment where ``bad(worker, shift, demand, assignment)`` says why."""
    out = []
    for a in ctx.assignments:
        me = ctx.people[a.worker_id]
        f = me.by_id[a.shift_id]
        why = bad(me.worker, f, ctx.demands[a.demand_id], a)
        if why:
            out.append(
                Violation(
                    rule, a.worker_id, f.start, 1, why, demand_id=a.demand_id, shift_id=a.shift_id
                )
            )
    return out


# eligibility
def check_availability(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "availability" (every local date a shift
    touches, [start, end), must be available)."""

    def bad(w: Worker, f: ShiftReading, d: Demand, a: Assignment) -> str | None:
        lim = w.limits
        for day in dates_touched(w.tz, f.start, f.end):
            if day in w.unavailable:
                return f"{w.id} is unavailable on {day}, which {f.id} reaches"
            if lim.start_date and day < lim.start_date:
                return f"{w.id} starts on {lim.start_date}; {f.id} falls on {day}"
            if lim.end_date and day > lim.end_date:
                return f"{w.id} leaves after {lim.end_date}; {f.id} reaches {day}"
        return None

    return _per_assignment(ctx, "availability", bad)


def check_holiday_agreement(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "holiday-agreement"."""
    return _per_assignment(
        ctx,
        "holiday-agreement",
        lambda w, f, d, a: (
            f"{w.id} works holiday {f.day} without agreement"
            if f.day in w.holidays and not w.limits.holiday_work_agreed
            else None
        ),
    )


def _filled(ctx: Context, d: Demand) -> list[str]:
    return [a.worker_id for a in ctx.assignments if a.demand_id == d.id and not a.shadow]


def check_skills(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "skills"."""
    out = []
    for d in ctx.p.demands:
        ws = _filled(ctx, d)
        short = 0 if d.hard else max(0, d.min_headcount - len(ws))
        s = ctx.shifts[d.shift_id]
        for r in d.required_skills:
            q = 0
            for wid in ws:
                w = ctx.people[wid].worker
                if w.level(r.skill, local_day(w.tz, s.start)) >= r.min_level:
                    q += 1
            if q < r.count - short:
                out.append(
                    Violation(
                        "skills",
                        None,
                        s.start,
                        r.count - short - q,
                        f"{d.id} has {q} of {r.count} workers with {r.skill} >= {r.min_level}",
                    )
                )
    return out


def check_languages(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "languages"."""
    out = []
    for d in ctx.p.demands:
        if d.min_headcount < 1:
            continue
        ws = _filled(ctx, d)
        if not d.hard and len(ws) < d.min_headcount:
            continue
        for lang in sorted(d.required_languages):
            if not any(lang in ctx.people[wid].worker.languages for wid in ws):
                out.append(
                    Violation(
                        "languages",
                        None,
                        ctx.shifts[d.shift_id].start,
                        1,
                        f"{d.id} has no {lang} speaker",
                    )
                )
    return out
