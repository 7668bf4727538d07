"""An independent validator: re-checks every hard rule on any rota in plain Python.

It shares no code with the model. Local days, nights, exposure weights, the folding of history into
local days and the rolling windows are computed here a second time, deliberately plainly, from the
problem's data (:mod:`scheduling.problem`) and the :class:`~scheduling.policy.Policy`; only
:func:`scheduling.problem.effective_limit` (which limit applies to a person) is shared. Each check
has the id of the rule it checks.

Readings (issue 11, "Readings that every rule shares"):

- The local day of a shift is the local date of its start in the worker's zone. Every per-day,
  rolling-window and run-of-days total adds history (``History.shifts``, ``daily_exposure``) and
  planned shifts of the same local day, the worker's first horizon day included.
- A rota is blamed only for what it adds: a cap is broken when the total exceeds the cap and
  what history alone put there (``max(cap, history part)``); a day-based condition is broken
  when it holds with the rota and does not hold on history alone.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .policy import Policy
from .problem import Assignment, Demand, PastShift, Problem, ShiftInstance, Worker, effective_limit

_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Violation:
    """A hard rule broken by a rota: which rule, for whom, when, by how much, in plain words."""

    rule_id: str
    worker_id: str | None
    when: datetime | date | None
    amount: int
    message: str


# ---------------------------------------------------------------------------------------------
# local facts, written again on purpose (the model has its own in scheduling.facts)
# ---------------------------------------------------------------------------------------------
def _minutes(start: datetime, end: datetime) -> int:
    """Real minutes from ``start`` to ``end`` (measured in UTC)."""
    return int((end - start).total_seconds() // 60)


def _local_day(zone: ZoneInfo, at: datetime) -> date:
    """The local date of the instant ``at`` in ``zone``."""
    return at.astimezone(zone).date()


def _minutes_inside(
    start: datetime, end: datetime, zone: ZoneInfo, opens: time, closes: time
) -> int:
    """Real minutes of [start, end) whose local wall-clock time lies in [opens, closes).

    Walks the interval minute by minute in real (UTC) time and reads each minute's local time, so
    a DST change inside the interval is handled by the zone itself. ``opens >= closes`` wraps over
    midnight (22:00-06:00); ``opens == closes`` is the whole day.
    """
    first = start.astimezone(zone)
    # no offset change inside (the same offset at both ends of less than a week): the wall clock
    # moves with real time, so the local time of each minute is a plain sum
    steady = (
        end - start < timedelta(days=7) and first.utcoffset() == end.astimezone(zone).utcoffset()
    )
    wall = first.replace(tzinfo=None)
    count = 0
    for k in range(_minutes(start, end)):
        t = (wall + k * _MINUTE).time() if steady else (start + k * _MINUTE).astimezone(zone).time()
        inside = (t >= opens or t < closes) if opens >= closes else (opens <= t < closes)
        count += inside
    return count


def _night_window(worker: Worker, policy: Policy) -> tuple[time, time]:
    if worker.limits.night_window is not None:
        return worker.limits.night_window
    return policy.night_window_start, policy.night_window_end


def _weighted(category: str | None, weight: float, raw: int | None, shift_minutes: int) -> int:
    """Weighted exposure minutes: round(raw minutes x severity weight); 0 without a category."""
    if not category:
        return 0
    return int(round((shift_minutes if raw is None else raw) * weight))


def _is_high(category: str | None, weight: float, policy: Policy) -> bool:
    """High-severity work: a category, and a weight above 0 and at least the policy threshold."""
    return bool(category) and weight > 0 and weight >= policy.high_severity_threshold


def _demand_exposure(d: Demand | PastShift, shift_minutes: int) -> int:
    return _weighted(d.exposure_category, d.severity_weight, d.exposure_minutes, shift_minutes)


def _demand_high(d: Demand | PastShift, policy: Policy) -> bool:
    return _is_high(d.exposure_category, d.severity_weight, policy)


def _dates_touched(zone: ZoneInfo, start: datetime, end: datetime) -> list[date]:
    """Local dates holding any minute of [start, end)."""
    first = _local_day(zone, start)
    last = max(first, _local_day(zone, end - _MINUTE))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass(frozen=True)
class _Shift:
    """One shift (planned or from history) as one worker lives it."""

    id: str
    kind: str
    start: datetime
    end: datetime
    day: date
    minutes: int
    night: bool


@dataclass
class _Day:
    """Totals of one local day of one worker."""

    worked: bool = False
    shifts: int = 0
    nights: int = 0
    minutes: int = 0
    exposure: int = 0
    high: bool = False
    on_call: int = 0
    kinds: set[str] = field(default_factory=set)

    def plus(self, other: _Day) -> _Day:
        return _Day(
            self.worked or other.worked,
            self.shifts + other.shifts,
            self.nights + other.nights,
            self.minutes + other.minutes,
            self.exposure + other.exposure,
            self.high or other.high,
            self.on_call + other.on_call,
            self.kinds | other.kinds,
        )


_EMPTY = _Day()


@dataclass
class _Person:
    """One worker's local view of the rota and of their history."""

    worker: Worker
    #: local days the horizon covers for this worker
    horizon: list[date]
    #: the lookback days before the horizon, then the horizon days
    days: list[date]
    #: planned shifts worked (one entry per shift), by start
    planned: list[_Shift]
    #: history shifts, by start
    past: list[_Shift]
    hist: dict[date, _Day]
    plan: dict[date, _Day]
    #: planned shifts by id
    by_id: dict[str, _Shift] = field(default_factory=dict)
    #: memo of :meth:`total`
    totals: dict[date, _Day] = field(default_factory=dict)

    def total(self, d: date) -> _Day:
        """History and planned work of local day ``d``."""
        if d not in self.totals:
            self.totals[d] = self.hist.get(d, _EMPTY).plus(self.plan.get(d, _EMPTY))
        return self.totals[d]

    def history(self, d: date) -> _Day:
        """History alone on local day ``d``."""
        return self.hist.get(d, _EMPTY)

    def windows(self, length: int) -> list[list[date]]:
        """Runs of ``length`` consecutive days ending on each horizon day (inside ``days``)."""
        out = []
        for i, d in enumerate(self.days):
            if d >= self.horizon[0] and i + 1 >= length:
                out.append(self.days[i + 1 - length : i + 1])
        return out


@dataclass
class _Ctx:
    p: Problem
    assignments: list[Assignment]
    by_worker: dict[str, list[Assignment]]
    shifts: dict[str, ShiftInstance]
    demands: dict[str, Demand]
    people: dict[str, _Person]


def _context(p: Problem, assignments: Iterable[Assignment]) -> _Ctx:
    pol = p.policy
    al = list(assignments)
    shifts = {s.id: s for s in p.shifts}
    demands = {d.id: d for d in p.demands}
    by_worker: dict[str, list[Assignment]] = defaultdict(list)
    for a in al:
        by_worker[a.worker_id].append(a)
    lookback = max(pol.averaging_days, pol.on_call_window_days, 28)
    nights: dict[tuple, int] = {}  # (zone, window, start, end) -> night minutes
    spans: dict[str, tuple[date, date]] = {}  # zone -> first and last local day of any shift

    def live(w: Worker, sid: str, kind: str, start: datetime, end: datetime) -> _Shift:
        ns, ne = _night_window(w, pol)
        key = (w.zone, ns, ne, start, end)
        if key not in nights:
            nights[key] = _minutes_inside(start, end, w.tz, ns, ne)
        return _Shift(
            sid,
            kind,
            start,
            end,
            _local_day(w.tz, start),
            _minutes(start, end),
            nights[key] >= pol.night_min_minutes,
        )

    people: dict[str, _Person] = {}
    for w in p.workers:
        if w.zone not in spans:
            local_days = [_local_day(w.tz, s.start) for s in p.shifts]
            spans[w.zone] = (min([p.start, *local_days]), max([p.end, *local_days]))
        first, last = spans[w.zone]
        horizon = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        days = [first - timedelta(days=i) for i in range(lookback, 0, -1)] + horizon

        hist: dict[date, _Day] = defaultdict(_Day)
        past = []
        for ps in p.history.shifts:
            if ps.worker_id != w.id:
                continue
            f = live(w, "(history)", ps.kind, ps.start, ps.end)
            past.append(f)
            x = hist[f.day]
            x.worked = True
            x.shifts += 1
            x.nights += int(f.night)
            x.minutes += f.minutes
            x.exposure += _demand_exposure(ps, f.minutes)
            x.high = x.high or _demand_high(ps, pol)
            x.on_call += f.minutes if ps.on_call else 0
            x.kinds.add(ps.kind)
        for de in p.history.daily_exposure:
            if de.worker_id == w.id:
                x = hist[de.day]
                x.exposure += de.weighted_minutes
                x.high = x.high or (de.high_severity and de.weighted_minutes > 0)

        plan: dict[date, _Day] = defaultdict(_Day)
        planned: dict[str, _Shift] = {}
        for a in by_worker[w.id]:
            s = shifts[a.shift_id]
            d = demands[a.demand_id]
            if a.shift_id not in planned:
                f = planned[a.shift_id] = live(w, s.id, s.kind, s.start, s.end)
                x = plan[f.day]
                x.worked = True
                x.shifts += 1
                x.nights += int(f.night)
                x.minutes += f.minutes
                x.kinds.add(f.kind)
            f = planned[a.shift_id]
            x = plan[f.day]
            # exposure and high severity come with every place (role or shadow) on the demand
            x.exposure += _demand_exposure(d, f.minutes)
            x.high = x.high or _demand_high(d, pol)
            if d.on_call and not a.shadow:
                x.on_call += f.minutes
        people[w.id] = _Person(
            w,
            horizon,
            days,
            sorted(planned.values(), key=lambda f: f.start),
            sorted(past, key=lambda f: f.start),
            dict(hist),
            dict(plan),
            planned,
        )
    return _Ctx(p, al, by_worker, shifts, demands, people)


def _t(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _over(total: int, history: int, cap: int) -> int:
    """How far ``total`` exceeds ``max(cap, history)`` (0 if not): the rota's part of a breach."""
    return max(0, total - max(cap, history))


Check = Callable[[_Ctx], list[Violation]]


# ---------------------------------------------------------------------------------------------
# structure
# ---------------------------------------------------------------------------------------------
def check_coverage(ctx: _Ctx) -> list[Violation]:
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
        for i, (_s0, e0, a, planned_a) in enumerate(ivs):
            for s1, _e1, c, planned_c in ivs[i + 1 :]:
                if s1 < e0 and (planned_a or planned_c):
                    out.append(
                        Violation(
                            "no-overlap", w.id, s1, 1, f"{w.id} works {a} and {c} at the same time"
                        )
                    )
    return out


def check_shifts_per_day(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "shifts-per-day" (history shifts included)."""
    out = []
    cap = ctx.p.policy.max_shifts_per_local_day
    for w in ctx.p.workers:
        me = ctx.people[w.id]
        for day in sorted(me.plan):
            n, h = me.total(day).shifts, me.history(day).shifts
            if _over(n, h, cap):
                out.append(
                    Violation(
                        "shifts-per-day",
                        w.id,
                        day,
                        _over(n, h, cap),
                        f"{w.id} starts {n} shifts on {day}, at most {cap}",
                    )
                )
    return out


def _per_assignment(ctx: _Ctx, rule: str, bad: Callable) -> list[Violation]:
    """A violation for each assignment where ``bad(worker, shift, demand, assignment)`` says why."""
    out = []
    for a in ctx.assignments:
        me = ctx.people[a.worker_id]
        f = me.by_id[a.shift_id]
        why = bad(me.worker, f, ctx.demands[a.demand_id], a)
        if why:
            out.append(Violation(rule, a.worker_id, f.start, 1, why))
    return out


# ---------------------------------------------------------------------------------------------
# eligibility
# ---------------------------------------------------------------------------------------------
def check_availability(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "availability" (every local date a shift
    touches, [start, end), must be available)."""

    def bad(w: Worker, f: _Shift, d: Demand, a: Assignment) -> str | None:
        lim = w.limits
        for day in _dates_touched(w.tz, f.start, f.end):
            if day in w.unavailable:
                return f"{w.id} is unavailable on {day}, which {f.id} reaches"
            if lim.start_date and day < lim.start_date:
                return f"{w.id} starts on {lim.start_date}; {f.id} falls on {day}"
            if lim.end_date and day > lim.end_date:
                return f"{w.id} leaves after {lim.end_date}; {f.id} reaches {day}"
        return None

    return _per_assignment(ctx, "availability", bad)


def check_holiday_agreement(ctx: _Ctx) -> list[Violation]:
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


def _filled(ctx: _Ctx, d: Demand) -> list[str]:
    return [a.worker_id for a in ctx.assignments if a.demand_id == d.id and not a.shadow]


def check_skills(ctx: _Ctx) -> list[Violation]:
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
                if w.level(r.skill, _local_day(w.tz, s.start)) >= r.min_level:
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


# ---------------------------------------------------------------------------------------------
# working time
# ---------------------------------------------------------------------------------------------
def check_max_shift_length(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "max-shift-length"."""

    def bad(w: Worker, f: _Shift, d: Demand, a: Assignment) -> str | None:
        cap = effective_limit(w, ctx.p.policy, "max_shift_minutes")
        return (
            f"{f.id} lasts {f.minutes} min, above {cap}"
            if cap is not None and f.minutes > cap
            else None
        )

    return _per_assignment(ctx, "max-shift-length", bad)


def check_min_rest(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "min-rest"."""
    out = []
    for w in ctx.p.workers:
        rest = effective_limit(w, ctx.p.policy, "min_rest_minutes")
        if not rest:
            continue
        me = ctx.people[w.id]
        ivs = sorted([(f.start, f.end) for f in me.planned] + [(f.start, f.end) for f in me.past])
        horizon_starts = {f.start for f in me.planned}
        for (_s0, e0), (s1, _e1) in zip(ivs, ivs[1:], strict=False):
            gap = _minutes(e0, s1)
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
        me = ctx.people[w.id]
        for d1 in me.horizon:
            d0 = d1 - timedelta(days=1)
            k0, k1 = me.total(d0).kinds, me.total(d1).kinds
            h0, h1 = me.history(d0).kinds, me.history(d1).kinds
            for a, b in sorted(pairs):
                if a in k0 and b in k1 and not (a in h0 and b in h1):
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
            n = sum(1 for f in ctx.people[w.id].planned if f.kind == kind)
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
        tot = sum(f.minutes for f in ctx.people[w.id].planned)
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
    ctx: _Ctx,
    rule: str,
    length: int,
    cap_of: Callable[[Worker], int | None],
    value: Callable[[_Day], int],
    what: str,
) -> list[Violation]:
    """Windows of ``length`` local days ending on each horizon day: total <= max(cap, history)."""
    out = []
    for w in ctx.p.workers:
        cap = cap_of(w)
        if cap is None:
            continue
        me = ctx.people[w.id]
        for win in me.windows(length):
            v = sum(value(me.total(d)) for d in win)
            # what history alone already put in the window is not the rota's fault
            h = sum(value(me.history(d)) for d in win)
            if _over(v, h, cap):
                out.append(
                    Violation(
                        rule,
                        w.id,
                        win[-1],
                        _over(v, h, cap),
                        f"{w.id}: {v} {what} in {win[0]}..{win[-1]}, at most {cap}",
                    )
                )
    return out


def check_consecutive_days(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "consecutive-days"."""
    pol = ctx.p.policy
    out = []
    for w in ctx.p.workers:
        cap = effective_limit(w, pol, "max_consecutive_working_days")
        if cap is None:
            continue
        me = ctx.people[w.id]
        for win in me.windows(cap + 1):
            n = sum(me.total(d).worked for d in win)
            h = sum(me.history(d).worked for d in win)
            if _over(n, h, cap):
                out.append(
                    Violation(
                        "consecutive-days",
                        w.id,
                        win[-1],
                        1,
                        f"{w.id} works {cap + 1}+ days in a row to {win[-1]}, at most {cap}",
                    )
                )
    return out


def _short_runs(ctx: _Ctx, rule: str, attr: str, off: bool) -> list[Violation]:
    out = []
    for w in ctx.p.workers:
        mn = getattr(w.limits, attr)
        if not mn or mn < 2:
            continue
        me = ctx.people[w.id]
        days = me.horizon
        state = [me.total(d).worked != off for d in days]  # True: in the run state
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
        me = ctx.people[w.id]
        weeks = {
            d - timedelta(days=d.weekday())
            for d in me.horizon
            if d.weekday() in ctx.p.policy.weekend_days and me.total(d).worked
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

    def cap(w: Worker) -> int | None:
        c = effective_limit(w, ctx.p.policy, "max_avg_weekly_minutes")
        return None if c is None else c * n // 7

    return _window_cap(ctx, "average-weekly-hours", n, cap, lambda x: x.minutes, "minutes")


def check_weekly_hours(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "weekly-hours"."""
    return _window_cap(
        ctx,
        "weekly-hours",
        7,
        lambda w: effective_limit(w, ctx.p.policy, "max_minutes_per_7_days"),
        lambda x: x.minutes,
        "minutes",
    )


def check_minutes_per_day(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "minutes-per-day" (country cap on the minutes
    of shifts starting on one local day, history included)."""
    out = []
    for w in ctx.p.workers:
        cap = effective_limit(w, ctx.p.policy, "max_minutes_per_local_day")
        if cap is None:
            continue
        me = ctx.people[w.id]
        for day in me.horizon:
            m, h = me.total(day).minutes, me.history(day).minutes
            if _over(m, h, cap):
                out.append(
                    Violation(
                        "minutes-per-day",
                        w.id,
                        day,
                        _over(m, h, cap),
                        f"{w.id} works {m} min in shifts starting on {day}, at most {cap}",
                    )
                )
    return out


def check_minutes_per_month(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "minutes-per-month" (country cap on the minutes
    of shifts starting in one local calendar month, history included)."""
    out = []
    for w in ctx.p.workers:
        mc = w.limits.monthly_cap
        if mc is None:
            continue
        me = ctx.people[w.id]
        for year, month in sorted({(d.year, d.month) for d in me.horizon}):
            n = calendar.monthrange(year, month)[1]
            cap = mc.minutes(n)
            month_days = [date(year, month, i) for i in range(1, n + 1)]
            m = sum(me.total(d).minutes for d in month_days)
            h = sum(me.history(d).minutes for d in month_days)
            if _over(m, h, cap):
                out.append(
                    Violation(
                        "minutes-per-month",
                        w.id,
                        month_days[0],
                        _over(m, h, cap),
                        f"{w.id} works {m} min in shifts starting in {year}-{month:02d}, "
                        f"at most {cap}",
                    )
                )
    return out


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
        me = ctx.people[w.id]
        past = [(f.start, f.end) for f in me.past]
        busy = [(f.start, f.end) for f in me.planned] + past
        for day in me.horizon:
            w0 = datetime.combine(day - timedelta(days=6), time(0), tzinfo=w.tz).astimezone(UTC)
            w1 = datetime.combine(day + timedelta(days=1), time(0), tzinfo=w.tz).astimezone(UTC)
            r = longest_rest(busy, w0, w1)
            if r < mn <= longest_rest(past, w0, w1):
                out.append(
                    Violation(
                        "weekly-rest",
                        w.id,
                        day,
                        mn - r,
                        f"{w.id}'s longest rest in the 7 days to {day} is {r} min, needs {mn}",
                    )
                )
    return out


# ---------------------------------------------------------------------------------------------
# nights
# ---------------------------------------------------------------------------------------------
def check_night_consent(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "night-consent"."""
    return _per_assignment(
        ctx,
        "night-consent",
        lambda w, f, d, a: (
            f"{w.id} works night {f.id} without consent"
            if f.night and not w.limits.night_consent
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
            f"night shift {f.id} lasts {f.minutes} min, above {cap}"
            if cap is not None and f.night and f.minutes > cap
            else None
        ),
    )


def check_consecutive_nights(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "consecutive-nights": in any run of consecutive
    local days each holding a night shift, at most ``max_consecutive_nights`` night shifts."""
    cap = ctx.p.policy.max_consecutive_nights
    out: list[Violation] = []
    if cap is None:
        return out
    for w in ctx.p.workers:
        me = ctx.people[w.id]
        night_days = sorted(d for d in set(me.hist) | set(me.plan) if me.total(d).nights)
        runs: list[list[date]] = []
        for d in night_days:
            if runs and runs[-1][-1] == d - timedelta(days=1):
                runs[-1].append(d)
            else:
                runs.append([d])
        for run in runs:
            n = sum(me.total(d).nights for d in run)
            h = sum(me.history(d).nights for d in run)
            if _over(n, h, cap):
                out.append(
                    Violation(
                        "consecutive-nights",
                        w.id,
                        run[-1],
                        _over(n, h, cap),
                        f"{w.id} works {n} night shifts in a row {run[0]}..{run[-1]}, "
                        f"at most {cap}",
                    )
                )
    return out


def check_nights_per_14_days(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "nights-per-14-days" (night shifts counted)."""
    cap = ctx.p.policy.max_nights_per_14_days
    return _window_cap(
        ctx, "nights-per-14-days", 14, lambda w: cap, lambda x: x.nights, "night shifts"
    )


def _no_rest_after_nights(day: Callable[[date], _Day], d: date, d1: date, dj: date) -> bool:
    """Nights end on ``d`` (a night day followed by a day without nights) and ``dj`` is worked."""
    return bool(day(d).nights and not day(d1).nights and day(dj).worked)


def check_days_off_after_nights(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "days-off-after-nights"."""
    out = []
    mn = ctx.p.policy.min_days_off_after_nights
    if not mn:
        return out
    for w in ctx.p.workers:
        me = ctx.people[w.id]
        days = me.days
        h0, h1 = me.horizon[0], me.horizon[-1]
        for i in range(len(days) - 1):
            for j in range(1, mn + 1):
                if i + j >= len(days) or not h0 <= days[i + j] <= h1:
                    continue
                d, d1, dj = days[i], days[i + 1], days[i + j]
                if _no_rest_after_nights(me.total, d, d1, dj) and not _no_rest_after_nights(
                    me.history, d, d1, dj
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


# ---------------------------------------------------------------------------------------------
# exposure
# ---------------------------------------------------------------------------------------------
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
    """Independent check of the hard part of rule "critical-incident-recovery": no high-severity
    work from the incident until the end of the shift it happened in plus the recovery time."""
    pol = ctx.p.policy
    gap = timedelta(minutes=pol.critical_incident_recovery_minutes)
    out = []
    for ci in ctx.p.history.critical_incidents:
        # only the responder can waive their own recovery
        if ci.waived and ci.waived_by == ci.worker_id:
            continue
        me = ctx.people[ci.worker_id]
        during = [f for f in me.past if f.start <= ci.at < f.end] or [
            f for f in me.planned if f.start <= ci.at < f.end
        ]
        until = (during[0].end if during else ci.at) + gap
        for a in ctx.by_worker[ci.worker_id]:
            d = ctx.demands[a.demand_id]
            s = ctx.shifts[a.shift_id]
            if _demand_high(d, pol) and s.end > ci.at and s.start < until:
                out.append(
                    Violation(
                        "critical-incident-recovery",
                        ci.worker_id,
                        s.start,
                        1,
                        f"{ci.worker_id} does high-severity work at {_t(s.start)}, "
                        f"within recovery after {_t(ci.at)} (until {_t(until)})",
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
        me = ctx.people[w.id]
        for d in me.horizon:
            e, h = me.total(d).exposure, me.history(d).exposure
            if _over(e, h, cap):
                out.append(
                    Violation(
                        "exposure-per-day",
                        w.id,
                        d,
                        _over(e, h, cap),
                        f"{w.id} has {e} weighted exposure minutes on {d}, at most {cap}",
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


# ---------------------------------------------------------------------------------------------
# on-call, pairing
# ---------------------------------------------------------------------------------------------
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
    by_shift: dict[str, list[Demand]] = defaultdict(list)
    for d in ctx.p.demands:
        by_shift[d.shift_id].append(d)
    for sid, ds in by_shift.items():
        prim = {d.id for d in ds if d.on_call and d.role == pol.primary_role}
        sec = {d.id for d in ds if d.role == pol.secondary_role}
        has_p = any(a.demand_id in prim and not a.shadow for a in ctx.assignments)
        has_s = any(a.demand_id in sec and not a.shadow for a in ctx.assignments)
        if has_p and not has_s:
            out.append(
                Violation(
                    "on-call-secondary",
                    None,
                    ctx.shifts[sid].start,
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
        d = ctx.demands[a.demand_id]
        s = ctx.shifts[a.shift_id]
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
                    m = ctx.people[b.worker_id].worker
                    if pq.mentor_ids and m.id not in pq.mentor_ids:
                        continue
                    if pq.skill and m.level(pq.skill, _local_day(m.tz, s.start)) < (
                        pq.mentor_min_level
                    ):
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
                    ctx.shifts[d.shift_id].start,
                    n - d.max_shadows,
                    f"{d.id} has {n} shadows",
                )
            )
    return out


def check_night_page_rest(ctx: _Ctx) -> list[Violation]:
    """Independent check of the hard part of rule "night-page-rest"."""
    pol = ctx.p.policy
    out = []
    for pg in ctx.p.history.pages:
        me = ctx.people[pg.worker_id]
        w = me.worker
        active = _minutes_inside(
            pg.start, pg.end, w.tz, pol.night_page_window_start, pol.night_page_window_end
        )
        if active < pol.night_page_min_minutes:
            continue
        until = pg.end + timedelta(minutes=effective_limit(w, pol, "min_rest_minutes") or 0)
        for f in me.planned:
            if pg.start <= f.start < until:
                out.append(
                    Violation(
                        "night-page-rest",
                        w.id,
                        f.start,
                        _minutes(f.start, until),
                        f"{w.id} starts {f.id} {_minutes(pg.end, f.start)} min after a night page",
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
    "minutes-per-day": check_minutes_per_day,
    "minutes-per-month": check_minutes_per_month,
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
