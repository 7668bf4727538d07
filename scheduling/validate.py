"""An independent validator: re-checks every hard rule on any rota in plain Python.

It never touches the CP-SAT model; it shares only the local-fact computations of
:mod:`scheduling.facts` (local day, night, weekend). Each check has the id of the rule it checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from .facts import Facts, ShiftFacts, compute_facts, effective, exposure_minutes, is_high_severity
from .problem import Assignment, Demand, Problem


@dataclass(frozen=True)
class Violation:
    """A hard rule broken by a rota: which rule, for whom, when, by how much, in plain words."""

    rule_id: str
    worker_id: str | None
    when: datetime | date | None
    amount: int
    message: str


@dataclass
class _Day:
    worked: bool = False
    night: bool = False
    minutes: int = 0
    exposure: int = 0
    high: bool = False
    on_call: int = 0
    kinds: set[str] = field(default_factory=set)


@dataclass
class _Ctx:
    p: Problem
    facts: Facts
    assignments: list[Assignment]
    #: per worker: the assignments (roles and shadows)
    by_worker: dict[str, list[Assignment]]
    #: per worker: worked shift facts in the horizon (one per shift)
    worked: dict[str, list[ShiftFacts]]
    #: per worker: local day -> aggregates (history days and horizon days)
    days: dict[str, dict[date, _Day]]


def _context(p: Problem, assignments: Iterable[Assignment]) -> _Ctx:
    facts = compute_facts(p)
    al = list(assignments)
    by_worker: dict[str, list[Assignment]] = defaultdict(list)
    for a in al:
        by_worker[a.worker_id].append(a)
    worked: dict[str, list[ShiftFacts]] = {}
    days: dict[str, dict[date, _Day]] = {}
    for w in p.workers:
        wf = facts.workers[w.id]
        seen = {}
        dd: dict[date, _Day] = defaultdict(_Day)
        for day, h in wf.history.items():
            dd[day] = _Day(
                h.worked,
                h.night,
                h.minutes,
                h.exposure,
                h.high_severity,
                h.on_call_minutes,
                set(h.kinds),
            )
        for a in by_worker[w.id]:
            f = wf.shifts[a.shift_id]
            d = facts.demands[a.demand_id]
            x = dd[f.local_day]
            if a.shift_id not in seen:
                seen[a.shift_id] = f
                x.worked = True
                x.night = x.night or f.is_night
                x.minutes += f.minutes
                x.kinds.add(f.kind)
            x.exposure += exposure_minutes(d, f.minutes)
            x.high = x.high or is_high_severity(d, p.policy)
            if d.on_call and not a.shadow:
                x.on_call += f.minutes
        worked[w.id] = sorted(seen.values(), key=lambda f: f.start)
        days[w.id] = dd
    return _Ctx(p, facts, al, by_worker, worked, days)


def _t(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _windows(ctx: _Ctx, wid: str, length: int) -> list[list[date]]:
    wf = ctx.facts.workers[wid]
    idx = {d: i for i, d in enumerate(wf.all_days)}
    return [
        wf.all_days[idx[d] - length + 1 : idx[d] + 1]
        for d in wf.horizon_days
        if idx[d] - length + 1 >= 0
    ]


def _day(ctx: _Ctx, wid: str, d: date) -> _Day:
    return ctx.days[wid].get(d) or _Day()


Check = Callable[[_Ctx], list[Violation]]


def check_coverage(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "coverage"."""
    out = []
    for d in ctx.p.demands:
        if not d.hard:
            continue
        n = sum(1 for a in ctx.assignments if a.demand_id == d.id and not a.shadow)
        s = ctx.facts.shifts[d.shift_id]
        if n < d.min_headcount:
            out.append(
                Violation(
                    "coverage",
                    None,
                    s.start,
                    d.min_headcount - n,
                    f"{d.id} has {n} of {d.min_headcount} workers",
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
                )
            )
    return out


def check_pins(ctx: _Ctx) -> list[Violation]:
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


def check_no_overlap(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "no-overlap"."""
    out = []
    for w in ctx.p.workers:
        per_shift = defaultdict(int)
        for a in ctx.by_worker[w.id]:
            per_shift[a.shift_id] += 1
        for sid, n in per_shift.items():
            if n > 1:
                out.append(
                    Violation(
                        "no-overlap",
                        w.id,
                        ctx.facts.shifts[sid].start,
                        n - 1,
                        f"{w.id} holds {n} places on shift {sid}",
                    )
                )
        ivs = sorted(
            [(f.start, f.end, f.shift_id) for f in ctx.worked[w.id]]
            + [(f.start, f.end, "(history)") for f in ctx.facts.workers[w.id].past]
        )
        for i, (_s0, e0, a) in enumerate(ivs):
            for s1, _e1, c in ivs[i + 1 :]:
                if s1 < e0:
                    out.append(
                        Violation(
                            "no-overlap", w.id, s1, 1, f"{w.id} works {a} and {c} at the same time"
                        )
                    )
    return out


def check_shifts_per_day(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "shifts-per-day"."""
    out = []
    cap = ctx.p.policy.max_shifts_per_local_day
    for w in ctx.p.workers:
        count = defaultdict(int)
        for f in ctx.worked[w.id]:
            count[f.local_day] += 1
        for day, n in sorted(count.items()):
            if n > cap:
                out.append(
                    Violation(
                        "shifts-per-day", w.id, day, n - cap, f"{w.id} starts {n} shifts on {day}"
                    )
                )
    return out


def _per_assignment(ctx: _Ctx, rule: str, bad: Callable) -> list[Violation]:
    out = []
    for a in ctx.assignments:
        w = ctx.facts.workers[a.worker_id].worker
        f = ctx.facts.workers[w.id].shifts[a.shift_id]
        d = ctx.facts.demands[a.demand_id]
        why = bad(w, f, d, a)
        if why:
            out.append(Violation(rule, w.id, f.start, 1, why))
    return out


def check_availability(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "availability"."""

    def bad(w, f, d, a):
        lim = w.limits
        if f.local_day in w.unavailable:
            return f"{w.id} is unavailable on {f.local_day}"
        if lim.start_date and f.local_day < lim.start_date:
            return f"{w.id} starts on {lim.start_date}"
        if lim.end_date and f.local_day > lim.end_date:
            return f"{w.id} leaves after {lim.end_date}"
        return None

    return _per_assignment(ctx, "availability", bad)


def check_holiday_agreement(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "holiday-agreement"."""
    return _per_assignment(
        ctx,
        "holiday-agreement",
        lambda w, f, d, a: (
            f"{w.id} works holiday {f.local_day} without agreement"
            if f.holiday and not w.limits.holiday_work_agreed
            else None
        ),
    )


def _filled(ctx: _Ctx, d: Demand) -> list[str]:
    return [a.worker_id for a in ctx.assignments if a.demand_id == d.id and not a.shadow]


def check_skills(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "skills"."""
    out = []
    for d in ctx.p.demands:
        ws = _filled(ctx, d)
        short = 0 if d.hard else max(0, d.min_headcount - len(ws))
        for r in d.required_skills:
            q = sum(
                1
                for wid in ws
                if ctx.facts.workers[wid].worker.level(
                    r.skill, ctx.facts.workers[wid].shifts[d.shift_id].local_day
                )
                >= r.min_level
            )
            if q < r.count - short:
                out.append(
                    Violation(
                        "skills",
                        None,
                        ctx.facts.shifts[d.shift_id].start,
                        r.count - short - q,
                        f"{d.id} has {q} of {r.count} workers with {r.skill} >= {r.min_level}",
                    )
                )
    return out


def check_languages(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "languages"."""
    out = []
    for d in ctx.p.demands:
        if d.min_headcount < 1:
            continue
        ws = _filled(ctx, d)
        if not d.hard and len(ws) < d.min_headcount:
            continue
        for lang in sorted(d.required_languages):
            if not any(lang in ctx.facts.workers[wid].worker.languages for wid in ws):
                out.append(
                    Violation(
                        "languages",
                        None,
                        ctx.facts.shifts[d.shift_id].start,
                        1,
                        f"{d.id} has no {lang} speaker",
                    )
                )
    return out


def check_max_shift_length(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "max-shift-length"."""

    def bad(w, f, d, a):
        cap = effective(w, ctx.p.policy, "max_shift_minutes")
        return (
            f"{f.shift_id} lasts {f.minutes} min, above {cap}"
            if cap is not None and f.minutes > cap
            else None
        )

    return _per_assignment(ctx, "max-shift-length", bad)


def check_min_rest(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "min-rest"."""
    out = []
    for w in ctx.p.workers:
        rest = effective(w, ctx.p.policy, "min_rest_minutes")
        if not rest:
            continue
        ivs = sorted(
            [(f.start, f.end) for f in ctx.worked[w.id]]
            + [(f.start, f.end) for f in ctx.facts.workers[w.id].past]
        )
        horizon_starts = {f.start for f in ctx.worked[w.id]}
        for (_s0, e0), (s1, _e1) in zip(ivs, ivs[1:], strict=False):
            gap = int((s1 - e0).total_seconds() // 60)
            if 0 <= gap < rest and s1 in horizon_starts:
                out.append(
                    Violation(
                        "min-rest",
                        w.id,
                        s1,
                        rest - gap,
                        f"{w.id} rests {gap} min before {_t(s1)}, needs {rest}",
                    )
                )
    return out


def check_forbidden_succession(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "forbidden-succession"."""
    out = []
    pairs = ctx.p.forbidden_successions
    for w in ctx.p.workers:
        wf = ctx.facts.workers[w.id]
        for d1 in wf.horizon_days:
            d0 = d1 - timedelta(days=1)
            k0, k1 = _day(ctx, w.id, d0).kinds, _day(ctx, w.id, d1).kinds
            for a, b in sorted(pairs):
                if a in k0 and b in k1:
                    out.append(
                        Violation(
                            "forbidden-succession",
                            w.id,
                            d1,
                            1,
                            f"{w.id} works {b} on {d1} after {a}",
                        )
                    )
    return out


def check_max_shifts_per_kind(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "max-shifts-per-kind"."""
    out = []
    for w in ctx.p.workers:
        for kind, cap in w.limits.max_shifts_per_kind.items():
            n = sum(1 for f in ctx.worked[w.id] if f.kind == kind)
            if n > cap:
                out.append(
                    Violation(
                        "max-shifts-per-kind",
                        w.id,
                        None,
                        n - cap,
                        f"{w.id} works {n} {kind} shifts, at most {cap}",
                    )
                )
    return out


def check_total_minutes(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "total-minutes"."""
    out = []
    for w in ctx.p.workers:
        tot = sum(f.minutes for f in ctx.worked[w.id])
        lim = w.limits
        if lim.max_total_minutes is not None and tot > lim.max_total_minutes:
            out.append(
                Violation(
                    "total-minutes",
                    w.id,
                    None,
                    tot - lim.max_total_minutes,
                    f"{w.id} works {tot} min, at most {lim.max_total_minutes}",
                )
            )
        if lim.min_total_minutes and tot < lim.min_total_minutes:
            out.append(
                Violation(
                    "total-minutes",
                    w.id,
                    None,
                    lim.min_total_minutes - tot,
                    f"{w.id} works {tot} min, at least {lim.min_total_minutes}",
                )
            )
    return out


def _window_cap(
    ctx: _Ctx, rule: str, length: int, cap_of: Callable, value: Callable, what: str
) -> list[Violation]:
    out = []
    for w in ctx.p.workers:
        cap = cap_of(w)
        if cap is None:
            continue
        h0 = ctx.facts.workers[w.id].horizon_days[0]
        for win in _windows(ctx, w.id, length):
            v = sum(value(_day(ctx, w.id, d)) for d in win)
            # what history alone already put in the window is not the rota's fault
            hist = sum(value(_day(ctx, w.id, d)) for d in win if d < h0)
            if v > max(cap, hist):
                out.append(
                    Violation(
                        rule,
                        w.id,
                        win[-1],
                        v - max(cap, hist),
                        f"{w.id}: {v} {what} in {win[0]}..{win[-1]}, at most {cap}",
                    )
                )
    return out


def check_consecutive_days(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "consecutive-days"."""
    pol = ctx.p.policy
    out = []
    for w in ctx.p.workers:
        cap = effective(w, pol, "max_consecutive_working_days")
        if cap is None:
            continue
        for win in _windows(ctx, w.id, cap + 1):
            if all(_day(ctx, w.id, d).worked for d in win):
                out.append(
                    Violation(
                        "consecutive-days",
                        w.id,
                        win[-1],
                        1,
                        f"{w.id} works {cap + 1}+ days in a row to {win[-1]}",
                    )
                )
    return out


def _short_runs(ctx: _Ctx, rule: str, attr: str, off: bool) -> list[Violation]:
    out = []
    for w in ctx.p.workers:
        mn = getattr(w.limits, attr)
        if not mn or mn < 2:
            continue
        days = ctx.facts.workers[w.id].horizon_days
        state = [(_day(ctx, w.id, d).worked) != off for d in days]  # True: in the run state
        i = 0
        while i < len(days):
            if not state[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(days) and state[j + 1]:
                j += 1
            length = j - i + 1
            if i > 0 and j < len(days) - 1 and length < mn:
                out.append(
                    Violation(
                        rule,
                        w.id,
                        days[i],
                        mn - length,
                        f"{w.id} has a run of {length} "
                        f"{'days off' if off else 'working days'} from {days[i]}, "
                        f"at least {mn}",
                    )
                )
            i = j + 1
    return out


def check_min_consecutive_days(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "min-consecutive-days"."""
    return _short_runs(ctx, "min-consecutive-days", "min_consecutive_working_days", off=False)


def check_min_consecutive_days_off(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "min-consecutive-days-off"."""
    return _short_runs(ctx, "min-consecutive-days-off", "min_consecutive_days_off", off=True)


def check_max_weekends(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "max-weekends"."""
    out = []
    for w in ctx.p.workers:
        cap = w.limits.max_weekends
        if cap is None:
            continue
        weeks = {
            d - timedelta(days=d.weekday())
            for d in ctx.facts.workers[w.id].horizon_days
            if d.weekday() in ctx.p.policy.weekend_days and _day(ctx, w.id, d).worked
        }
        if len(weeks) > cap:
            out.append(
                Violation(
                    "max-weekends",
                    w.id,
                    None,
                    len(weeks) - cap,
                    f"{w.id} works {len(weeks)} weekends, at most {cap}",
                )
            )
    return out


def check_average_weekly_hours(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "average-weekly-hours"."""
    n = ctx.p.policy.averaging_days

    def cap(w):
        c = effective(w, ctx.p.policy, "max_avg_weekly_minutes")
        return None if c is None else c * n // 7

    return _window_cap(ctx, "average-weekly-hours", n, cap, lambda x: x.minutes, "minutes")


def check_weekly_hours(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "weekly-hours"."""
    return _window_cap(
        ctx,
        "weekly-hours",
        7,
        lambda w: effective(w, ctx.p.policy, "max_minutes_per_7_days"),
        lambda x: x.minutes,
        "minutes",
    )


def longest_rest(busy: list[tuple[datetime, datetime]], w0: datetime, w1: datetime) -> int:
    """Longest continuous free stretch (minutes) inside [w0, w1) given busy intervals."""
    t = w0
    best = 0.0
    for s, e in sorted(busy):
        if e <= w0 or s >= w1:
            continue
        if s > t:
            best = max(best, (s - t).total_seconds())
        t = max(t, e)
    if w1 > t:
        best = max(best, (w1 - t).total_seconds())
    return int(best // 60)


def check_weekly_rest(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "weekly-rest"."""
    out = []
    mn = ctx.p.policy.min_weekly_rest_minutes
    if not mn:
        return out
    for w in ctx.p.workers:
        wf = ctx.facts.workers[w.id]
        busy = [(f.start, f.end) for f in ctx.worked[w.id]] + [(f.start, f.end) for f in wf.past]
        for day in wf.horizon_days:
            w0 = datetime.combine(day - timedelta(days=6), datetime.min.time(), tzinfo=w.tz)
            w1 = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=w.tz)
            r = longest_rest(busy, w0.astimezone(UTC), w1.astimezone(UTC))
            if r < mn:
                out.append(
                    Violation(
                        "weekly-rest",
                        w.id,
                        day,
                        mn - r,
                        f"{w.id}'s longest rest in the 7 days to {day} is {r} min",
                    )
                )
    return out


def check_night_consent(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "night-consent"."""
    return _per_assignment(
        ctx,
        "night-consent",
        lambda w, f, d, a: (
            f"{w.id} works night {f.shift_id} without consent"
            if f.is_night and not w.limits.night_consent
            else None
        ),
    )


def check_night_shift_length(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "night-shift-length"."""
    cap = ctx.p.policy.max_night_shift_minutes
    return _per_assignment(
        ctx,
        "night-shift-length",
        lambda w, f, d, a: (
            f"night shift {f.shift_id} lasts {f.minutes} min, above {cap}"
            if cap is not None and f.is_night and f.minutes > cap
            else None
        ),
    )


def check_consecutive_nights(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "consecutive-nights"."""
    cap = ctx.p.policy.max_consecutive_nights
    if cap is None:
        return []
    return _window_cap(
        ctx, "consecutive-nights", cap + 1, lambda w: cap, lambda x: int(x.night), "nights in a row"
    )


def check_nights_per_14_days(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "nights-per-14-days"."""
    cap = ctx.p.policy.max_nights_per_14_days
    return _window_cap(
        ctx, "nights-per-14-days", 14, lambda w: cap, lambda x: int(x.night), "nights"
    )


def check_days_off_after_nights(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "days-off-after-nights"."""
    out = []
    mn = ctx.p.policy.min_days_off_after_nights
    if not mn:
        return out
    for w in ctx.p.workers:
        wf = ctx.facts.workers[w.id]
        days = wf.all_days
        h0, h1 = wf.horizon_days[0], wf.horizon_days[-1]
        for i in range(len(days) - 1):
            if _day(ctx, w.id, days[i]).night and not _day(ctx, w.id, days[i + 1]).night:
                for j in range(1, mn + 1):
                    if (
                        i + j < len(days)
                        and h0 <= days[i + j] <= h1
                        and _day(ctx, w.id, days[i + j]).worked
                    ):
                        out.append(
                            Violation(
                                "days-off-after-nights",
                                w.id,
                                days[i + j],
                                1,
                                f"{w.id} works on {days[i + j]}, too soon after "
                                f"nights ending {days[i]}",
                            )
                        )
    return out


def check_category_opt_out(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "category-opt-out"."""
    return _per_assignment(
        ctx,
        "category-opt-out",
        lambda w, f, d, a: (
            f"{w.id} opted out of {d.exposure_category}"
            if d.exposure_category and d.exposure_category in w.limits.opted_out_categories
            else None
        ),
    )


def check_category_clearance(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "category-clearance"."""
    if not ctx.p.policy.require_category_clearance:
        return []
    return _per_assignment(
        ctx,
        "category-clearance",
        lambda w, f, d, a: (
            f"{w.id} is not cleared for {d.exposure_category}"
            if d.exposure_category and d.exposure_category not in w.limits.cleared_categories
            else None
        ),
    )


def check_critical_incident_recovery(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "critical-incident-recovery"."""
    gap = timedelta(minutes=ctx.p.policy.critical_incident_recovery_minutes)
    out = []
    for ci in ctx.p.history.critical_incidents:
        if ci.waived:
            continue
        for a in ctx.by_worker[ci.worker_id]:
            d = ctx.facts.demands[a.demand_id]
            s = ctx.facts.shifts[a.shift_id]
            if is_high_severity(d, ctx.p.policy) and s.end > ci.at and s.start < ci.at + gap:
                out.append(
                    Violation(
                        "critical-incident-recovery",
                        ci.worker_id,
                        s.start,
                        1,
                        f"{ci.worker_id} does high-severity work at {_t(s.start)}, "
                        f"within recovery after {_t(ci.at)}",
                    )
                )
    return out


def check_exposure_per_day(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "exposure-per-day"."""
    out = []
    cap = ctx.p.policy.max_exposure_minutes_per_day
    if cap is None:
        return out
    for w in ctx.p.workers:
        for d in ctx.facts.workers[w.id].horizon_days:
            e = _day(ctx, w.id, d).exposure
            if e > cap:
                out.append(
                    Violation(
                        "exposure-per-day",
                        w.id,
                        d,
                        e - cap,
                        f"{w.id} has {e} weighted exposure minutes on {d}",
                    )
                )
    return out


def check_exposure_7_days(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "exposure-7-days"."""
    cap = ctx.p.policy.max_exposure_minutes_per_7_days
    return _window_cap(
        ctx, "exposure-7-days", 7, lambda w: cap, lambda x: x.exposure, "weighted exposure minutes"
    )


def check_consecutive_exposure_days(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "consecutive-exposure-days"."""
    cap = ctx.p.policy.max_consecutive_exposure_days
    if cap is None:
        return []
    return _window_cap(
        ctx,
        "consecutive-exposure-days",
        cap + 1,
        lambda w: cap,
        lambda x: int(x.high),
        "high-severity days in a row",
    )


def check_on_call_share(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "on-call-share"."""
    pct = ctx.p.policy.max_on_call_percent
    if pct is None or not any(d.on_call for d in ctx.p.demands):
        return []
    n = ctx.p.policy.on_call_window_days
    return _window_cap(
        ctx,
        "on-call-share",
        n,
        lambda w: pct * n * 1440 // 100,
        lambda x: x.on_call,
        "on-call minutes",
    )


def check_on_call_secondary(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "on-call-secondary"."""
    out = []
    pol = ctx.p.policy
    for sid, ds in ctx.facts.demands_by_shift.items():
        prim = {d.id for d in ds if d.on_call and d.role == pol.primary_role}
        sec = {d.id for d in ds if d.role == pol.secondary_role}
        has_p = any(a.demand_id in prim and not a.shadow for a in ctx.assignments)
        has_s = any(a.demand_id in sec and not a.shadow for a in ctx.assignments)
        if has_p and not has_s:
            out.append(
                Violation(
                    "on-call-secondary",
                    None,
                    ctx.facts.shifts[sid].start,
                    1,
                    f"on-call shift {sid} has no secondary",
                )
            )
    return out


def check_trainee_pairing(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "trainee-pairing"."""
    out = []
    p = ctx.p
    for a in ctx.assignments:
        if not a.shadow:
            continue
        d = ctx.facts.demands[a.demand_id]
        s = ctx.facts.shifts[a.shift_id]
        reqs = [pq for pq in p.pairings if pq.trainee_id == a.worker_id]
        ok = False
        if d.allow_shadows and reqs:
            primaries = [
                b
                for b in ctx.assignments
                if b.shift_id == a.shift_id
                and not b.shadow
                and b.role == p.policy.primary_role
                and b.worker_id != a.worker_id
            ]
            for pq in reqs:
                for b in primaries:
                    m = p.worker(b.worker_id)
                    if pq.mentor_ids and m.id not in pq.mentor_ids:
                        continue
                    day = ctx.facts.workers[m.id].shifts[s.id].local_day
                    if pq.skill and m.level(pq.skill, day) < pq.mentor_min_level:
                        continue
                    ok = True
        if not ok:
            out.append(
                Violation(
                    "trainee-pairing",
                    a.worker_id,
                    s.start,
                    1,
                    f"{a.worker_id} shadows {d.id} without an eligible mentor",
                )
            )
    for d in p.demands:
        n = sum(1 for a in ctx.assignments if a.demand_id == d.id and a.shadow)
        if n > (d.max_shadows if d.allow_shadows else 0):
            out.append(
                Violation(
                    "trainee-pairing",
                    None,
                    ctx.facts.shifts[d.shift_id].start,
                    n - d.max_shadows,
                    f"{d.id} has {n} shadows",
                )
            )
    return out


def check_night_page_rest(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "night-page-rest"."""
    from .facts import minutes_in_daily_window

    pol = ctx.p.policy
    out = []
    for pg in ctx.p.history.pages:
        w = ctx.facts.workers[pg.worker_id].worker
        active = minutes_in_daily_window(
            pg.start, pg.end, w.tz, pol.night_page_window_start, pol.night_page_window_end
        )
        if active < pol.night_page_min_minutes:
            continue
        until = pg.end + timedelta(minutes=effective(w, pol, "min_rest_minutes") or 0)
        for f in ctx.worked[w.id]:
            if pg.start <= f.start < until:
                gap = int((f.start - pg.end).total_seconds() // 60)
                out.append(
                    Violation(
                        "night-page-rest",
                        w.id,
                        f.start,
                        int((until - f.start).total_seconds() // 60),
                        f"{w.id} starts {f.shift_id} {gap} min after a night page",
                    )
                )
    return out


#: rule id -> check of that rule's hard part
CHECKS: dict[str, Check] = {
    "coverage": check_coverage,
    "pins": check_pins,
    "no-overlap": check_no_overlap,
    "shifts-per-day": check_shifts_per_day,
    "availability": check_availability,
    "holiday-agreement": check_holiday_agreement,
    "skills": check_skills,
    "languages": check_languages,
    "max-shift-length": check_max_shift_length,
    "min-rest": check_min_rest,
    "forbidden-succession": check_forbidden_succession,
    "max-shifts-per-kind": check_max_shifts_per_kind,
    "total-minutes": check_total_minutes,
    "consecutive-days": check_consecutive_days,
    "min-consecutive-days": check_min_consecutive_days,
    "min-consecutive-days-off": check_min_consecutive_days_off,
    "max-weekends": check_max_weekends,
    "average-weekly-hours": check_average_weekly_hours,
    "weekly-hours": check_weekly_hours,
    "weekly-rest": check_weekly_rest,
    "night-consent": check_night_consent,
    "night-shift-length": check_night_shift_length,
    "consecutive-nights": check_consecutive_nights,
    "nights-per-14-days": check_nights_per_14_days,
    "days-off-after-nights": check_days_off_after_nights,
    "category-opt-out": check_category_opt_out,
    "category-clearance": check_category_clearance,
    "critical-incident-recovery": check_critical_incident_recovery,
    "exposure-per-day": check_exposure_per_day,
    "exposure-7-days": check_exposure_7_days,
    "consecutive-exposure-days": check_consecutive_exposure_days,
    "on-call-share": check_on_call_share,
    "on-call-secondary": check_on_call_secondary,
    "night-page-rest": check_night_page_rest,
    "trainee-pairing": check_trainee_pairing,
}


def validate(problem: Problem, assignments: Iterable[Assignment]) -> list[Violation]:
    """Every hard-rule violation of ``assignments`` under ``problem`` (rules the policy enables).

    Also reports assignments naming unknown workers or demands (rule id "unknown-reference").
    """
    al = list(assignments)
    wids = {w.id for w in problem.workers}
    dmap = {d.id: d for d in problem.demands}
    bad = [
        Violation(
            "unknown-reference",
            a.worker_id,
            None,
            1,
            f"assignment {a} names an unknown worker, demand or shift",
        )
        for a in al
        if a.worker_id not in wids
        or a.demand_id not in dmap
        or dmap[a.demand_id].shift_id != a.shift_id
    ]
    if bad:
        return bad
    ctx = _context(problem, al)
    out: list[Violation] = []
    for rule_id, check in CHECKS.items():
        if problem.policy.applies(rule_id):
            out.extend(check(ctx))
    return out
