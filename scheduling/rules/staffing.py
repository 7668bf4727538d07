"""Rules that staff each slot: coverage, pins, one shift at a time, availability, skills and
languages."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..model import ModelBuilder
from .text import iso_day, utc_text


# coverage, assignment structure, eligibility
def coverage(b: ModelBuilder) -> None:
    """Each demand is filled with between its minimum and maximum headcount (shadows never count).

    Source: team policy (the demand). Kind: hard or soft per demand; soft costs under_weight per
    missing worker and over_weight per worker above max_headcount (default: min_headcount).
    """
    p = b.problem
    for d in p.demands:
        s = b.facts.shifts[d.shift_id]
        n = sum(b.x[w.id, d.id] for w in p.workers)
        if d.hard:
            lits = b.guard(
                "coverage",
                (d.id,),
                (),
                s.start,
                f"demand {d.id} ({d.role} on shift {s.id} at {utc_text(s.start)}) needs "
                f"{d.min_headcount}"
                + (f"..{d.cap}" if d.cap != d.min_headcount else "")
                + " worker(s)",
                f"lower demands[{d.id}].min_headcount, make it soft, or add workers",
                demand_id=d.id,
            )
            if d.min_headcount:
                b.add(b.m.add(n >= d.min_headcount), lits)
            b.add(b.m.add(n <= d.cap), lits)
            b.shortfall[d.id] = 0
        else:
            if d.min_headcount:
                under = b.m.new_int_var(0, d.min_headcount, f"under[{d.id}]")
                # exact shortfall: skills and languages of a soft demand relax only by it
                b.m.add_max_equality(under, [0, d.min_headcount - n])
                # the same, as a linear inequality the LP relaxation can use (redundant)
                b.m.add(under + n >= d.min_headcount)
                b.soft("coverage", None, d.under_weight, under, s.start, f"{d.id} under")
                b.shortfall[d.id] = under
            else:
                b.shortfall[d.id] = 0
            if d.over_weight:
                over = b.m.new_int_var(0, len(p.workers), f"over[{d.id}]")
                # exact surplus, so any reported rota costs what it is (not only an optimal one)
                b.m.add_max_equality(over, [0, n - d.cap])
                b.m.add(over >= n - d.cap)  # the same, linear, for the LP relaxation
                b.soft("coverage", None, d.over_weight, over, s.start, f"{d.id} over")


def pins(b: ModelBuilder) -> None:
    """Pinned assignments are kept (and pinned-out ones are not made).

    Source: team policy (a lead's decision). Kind: hard.
    """
    fixed = []  # unguarded: every pin in one constraint (a repair pins tens of thousands)
    for pin in b.problem.pins:
        d = b.facts.demands[pin.demand_id]
        v = b.sh.get((pin.worker_id, d.id)) if pin.shadow else b.x[pin.worker_id, d.id]
        if not b.guarded and v is not None:
            fixed.append(v if pin.assigned else v.Not())
            continue
        lits = b.guard(
            "pins",
            (pin.worker_id, d.id, pin.shadow),
            (pin.worker_id,),
            b.facts.shifts[d.shift_id].start,
            f"{pin.worker_id} is pinned {'on' if pin.assigned else 'off'} {d.id}"
            + (" as shadow" if pin.shadow else ""),
            "remove or change the pin",
        )
        if v is None:
            if pin.assigned:  # cannot shadow here: the pin can never hold
                b.add(b.m.add_bool_or([]), lits)
            continue
        b.add(b.m.add(v == (1 if pin.assigned else 0)), lits)
    if fixed:
        b.m.add_bool_and(fixed)


def no_overlap(b: ModelBuilder) -> None:
    """A worker works at most one shift at a time (also against shifts worked before the horizon).

    Source: physical constraint. Kind: hard.
    """
    p = b.problem
    ss = sorted(p.shifts, key=lambda s: s.start)
    cliques: list[tuple[str, frozenset]] = []  # maximal sets of shifts running at one instant
    seen: set[frozenset] = set()
    for s in ss:
        active = frozenset(o.id for o in ss if o.start <= s.start < o.end)
        if len(active) >= 2 and active not in seen:
            seen.add(active)
            cliques.append((s.id, active))
    for w in p.workers:
        wf = b.facts.workers[w.id]
        for sid, active in cliques:
            s = b.facts.shifts[sid]
            lits = b.guard(
                "no-overlap",
                (w.id, s.id),
                (w.id,),
                s.start,
                f"{w.id} cannot work overlapping shifts {sorted(active)}",
                "change the shift times or demands",
            )
            b.add(b.m.add(sum(b.y[w.id, o] for o in active) <= 1), lits)
        for past in wf.past:
            for s in p.shifts:
                if s.start < past.end and past.start < s.end:
                    lits = b.guard(
                        "no-overlap",
                        (w.id, s.id, "past"),
                        (w.id,),
                        s.start,
                        f"{w.id} already worked {utc_text(past.start)}-{utc_text(past.end)}, "
                        f"overlapping shift {s.id}",
                        "check the history",
                    )
                    b.add(b.m.add(b.y[w.id, s.id] == 0), lits)


def shifts_per_day(b: ModelBuilder) -> None:
    """A worker starts at most the policy's shifts per local day (one by default), history too.

    Source: team policy (one shift a day; Curtois & Qu hard constraint 1). Kind: hard.
    """
    cap = b.policy.max_shifts_per_local_day
    for (wid, day), sids in b.by_worker_day.items():
        done = b.hist(wid, day).shifts  # started before the plan's first shift, same local day
        if len(sids) + done > cap:
            lits = b.guard(
                "shifts-per-day",
                (wid, day),
                (wid,),
                day,
                f"{wid} may start at most {cap} shift(s) on {iso_day(day)}",
                "raise policy.max_shifts_per_local_day",
            )
            b.add(b.m.add(sum(b.y[wid, s] for s in sids) + done <= max(cap, done)), lits)


def _local_days_touched(start: datetime, end: datetime, zone) -> list:
    """The local dates (in ``zone``) that any minute of [start, end) falls on."""
    first = start.astimezone(zone).date()
    last = (max(end, start + timedelta(minutes=1)) - timedelta(minutes=1)).astimezone(zone).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def availability(b: ModelBuilder) -> None:
    """A worker is given no shift overlapping an unavailable local day, nor before their start
    or after their end (a night running into a leave day counts).

    Source: contract and leave records. Kind: hard.
    """
    for w in b.problem.workers:
        lim = w.limits
        touched = {s.id: _local_days_touched(s.start, s.end, w.tz) for s in b.problem.shifts}
        for d in b.problem.demands:
            why = day = None
            for day in touched[d.shift_id]:
                if day in w.unavailable:
                    why = f"{w.id} is unavailable on {iso_day(day)}"
                elif lim.start_date and day < lim.start_date:
                    why = f"{w.id} starts on {iso_day(lim.start_date)}"
                elif lim.end_date and day > lim.end_date:
                    why = f"{w.id} leaves after {iso_day(lim.end_date)}"
                if why:
                    break
            if why:
                lits = b.guard(
                    "availability",
                    (w.id, day),
                    (w.id,),
                    day,
                    why,
                    "ask the worker to change their leave, or add other workers",
                )
                for v in b.placed(w.id, d):
                    b.add(b.m.add(v == 0), lits)


def holiday_agreement(b: ModelBuilder) -> None:
    """A worker without agreement to holiday work is not rostered on their local public holidays.

    Source: Fair Work Act 2009 (Australia) s.114. Kind: hard.
    """
    for w in b.problem.workers:
        if w.limits.holiday_work_agreed:
            continue
        wf = b.facts.workers[w.id]
        for d in b.problem.demands:
            f = wf.shifts[d.shift_id]
            if f.holiday:
                b.forbid(
                    "holiday-agreement",
                    w.id,
                    d,
                    f.local_day,
                    f"{w.id} has not agreed to work the holiday {iso_day(f.local_day)}",
                    "ask the worker to agree (limits.holiday_work_agreed)",
                    key=(w.id, f.local_day),
                )


def skills(b: ModelBuilder) -> None:
    """Enough of the workers filling a demand hold each required skill at the required level.

    Source: team policy (the demand). Kind: hard (for a soft demand, relaxed by its shortfall).
    """
    for d in b.problem.demands:
        s = b.facts.shifts[d.shift_id]
        for r in d.required_skills:
            q = [
                b.x[w.id, d.id]
                for w in b.problem.workers
                if w.level(r.skill, b.facts.workers[w.id].shifts[s.id].local_day) >= r.min_level
            ]
            lits = b.guard(
                "skills",
                (d.id, r.skill),
                (),
                s.start,
                f"demand {d.id} at {utc_text(s.start)} needs {r.count} worker(s) with "
                f"{r.skill} >= {r.min_level}",
                "lower the requirement or train/add qualified workers",
                demand_id=d.id,
            )
            b.add(b.m.add(sum(q) >= r.count - b.shortfall.get(d.id, 0)), lits)


def languages(b: ModelBuilder) -> None:
    """Each required language is spoken by at least one worker filling the demand.

    Source: team policy (the demand). Kind: hard (for a soft demand, relaxed when unfilled).
    """
    for d in b.problem.demands:
        if d.min_headcount < 1:
            continue
        s = b.facts.shifts[d.shift_id]
        for lang in sorted(d.required_languages):
            q = [b.x[w.id, d.id] for w in b.problem.workers if lang in w.languages]
            lits = b.guard(
                "languages",
                (d.id, lang),
                (),
                s.start,
                f"demand {d.id} at {utc_text(s.start)} needs a {lang} speaker",
                "drop the language requirement or add a speaker",
                demand_id=d.id,
            )
            b.add(b.m.add(sum(q) >= 1 - b.shortfall.get(d.id, 0)), lits)
