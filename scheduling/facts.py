"""Local facts: what a UTC shift means for one worker in their own IANA zone.

The local day of a shift is the local date of its start. Night, weekend, holiday and early-start
are decided in the worker's zone with :mod:`zoneinfo`; durations are measured in UTC, so a night
across a DST change has its real length. History is folded into per-local-day aggregates so
rolling windows can reach back across the horizon boundary; a horizon day may hold history too (a
worker's first local day can be the day before the plan's first day in their zone), and the model
adds it to the planned work of that day. Used by the model; the validator has its own code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .policy import Policy
from .problem import Demand, PastShift, Problem, ShiftInstance, Worker, effective_limit


def minutes_in_daily_window(
    start: datetime, end: datetime, zone: ZoneInfo, window_start: time, window_end: time
) -> int:
    """Real minutes of [start, end) inside the local daily window [window_start, window_end).

    A window with ``window_start >= window_end`` wraps over midnight (e.g. 22:00-06:00).
    """
    if window_start == window_end:
        return int((end - start).total_seconds() // 60)
    total = 0.0
    s_local = start.astimezone(zone).date()
    e_local = end.astimezone(zone).date()
    d = s_local - timedelta(days=1)
    while d <= e_local:
        w0 = datetime.combine(d, window_start, tzinfo=zone).astimezone(UTC)
        end_day = d + timedelta(days=1) if window_start > window_end else d
        w1 = datetime.combine(end_day, window_end, tzinfo=zone).astimezone(UTC)
        lo, hi = max(start, w0), min(end, w1)
        if hi > lo:
            total += (hi - lo).total_seconds()
        d += timedelta(days=1)
    return int(total // 60)


def night_window(worker: Worker, policy: Policy) -> tuple[time, time]:
    """The worker's local night window (their override, else the policy's)."""
    if worker.limits.night_window is not None:
        return worker.limits.night_window
    return (policy.night_window_start, policy.night_window_end)


@dataclass(frozen=True)
class ShiftFacts:
    """What one shift instance means for one worker."""

    shift_id: str
    kind: str
    start: datetime
    end: datetime
    local_day: date
    local_start: datetime
    minutes: int
    night_minutes: int
    is_night: bool
    weekend: bool
    holiday: bool
    early_start: bool
    outside_on_call_minutes: int


def shift_facts(
    worker: Worker,
    shift: ShiftInstance | PastShift,
    policy: Policy,
    shift_id: str = "",
    kind: str | None = None,
) -> ShiftFacts:
    """Local facts of ``shift`` for ``worker``."""
    tz = worker.tz
    ls = shift.start.astimezone(tz)
    ns, ne = night_window(worker, policy)
    night = minutes_in_daily_window(shift.start, shift.end, tz, ns, ne)
    minutes = int((shift.end - shift.start).total_seconds() // 60)
    inside_oc = minutes_in_daily_window(
        shift.start, shift.end, tz, policy.on_call_local_start, policy.on_call_local_end
    )
    day = ls.date()
    return ShiftFacts(
        shift_id=shift_id or getattr(shift, "id", ""),
        kind=kind if kind is not None else shift.kind,
        start=shift.start.astimezone(UTC),
        end=shift.end.astimezone(UTC),
        local_day=day,
        local_start=ls,
        minutes=minutes,
        night_minutes=night,
        is_night=night >= policy.night_min_minutes,
        weekend=day.weekday() in policy.weekend_days,
        holiday=day in worker.holidays,
        early_start=ls.time() < policy.early_start_before,
        outside_on_call_minutes=minutes - inside_oc,
    )


def exposure_minutes(d: Demand | PastShift, minutes: int) -> int:
    """Weighted exposure minutes of working ``d`` (``exposure_minutes`` x severity weight)."""
    raw = d.exposure_minutes if d.exposure_minutes is not None else minutes
    if not d.exposure_category:
        return 0
    return int(round(raw * d.severity_weight))


def is_high_severity(d: Demand | PastShift, policy: Policy) -> bool:
    """True if ``d`` is high-severity work under the policy threshold."""
    return (
        bool(d.exposure_category)
        and d.severity_weight >= policy.high_severity_threshold
        and d.severity_weight > 0
    )


@dataclass
class DayHistory:
    """Aggregates of one past local day of one worker."""

    worked: bool = False
    night: bool = False
    #: night shifts started on the day (nights are counted per night shift)
    nights: int = 0
    #: shifts started on the day
    shifts: int = 0
    minutes: int = 0
    exposure: int = 0
    high_severity: bool = False
    on_call_minutes: int = 0
    kinds: set[str] = field(default_factory=set)


@dataclass
class WorkerFacts:
    """All local facts for one worker."""

    worker: Worker
    #: local days the horizon covers for this worker (may start/end a day off the nominal range)
    horizon_days: list[date]
    #: horizon days plus the lookback for rolling windows
    all_days: list[date]
    shifts: dict[str, ShiftFacts]
    history: dict[date, DayHistory]
    past: list[ShiftFacts]

    def hist(self, day: date) -> DayHistory:
        """History aggregates of a day (empty if none)."""
        return self.history.get(day) or DayHistory()


@dataclass
class Facts:
    """Local facts for a whole problem."""

    problem: Problem
    workers: dict[str, WorkerFacts]
    shifts: dict[str, ShiftInstance]
    demands: dict[str, Demand]
    demands_by_shift: dict[str, list[Demand]]
    lookback_days: int


def lookback_days(policy: Policy) -> int:
    """How many local days before the horizon rolling windows reach."""
    return max(policy.averaging_days, policy.on_call_window_days, 28)


def compute_facts(problem: Problem) -> Facts:
    """Local facts of every (worker, shift) pair and per-day history aggregates."""
    policy = problem.policy
    shifts = {s.id: s for s in problem.shifts}
    demands = {d.id: d for d in problem.demands}
    by_shift: dict[str, list[Demand]] = defaultdict(list)
    for d in problem.demands:
        by_shift[d.shift_id].append(d)
    lb = lookback_days(policy)
    past_by_worker: dict[str, list[PastShift]] = defaultdict(list)
    for ps in problem.history.shifts:
        past_by_worker[ps.worker_id].append(ps)
    workers: dict[str, WorkerFacts] = {}
    # the facts of a shift depend on the worker only through their zone, night window and
    # holidays: compute them once per (zone, night window) and set the holiday per worker
    by_zone: dict[tuple, dict[str, ShiftFacts]] = {}
    for w in problem.workers:
        key = (w.zone, night_window(w, policy))
        if key not in by_zone:
            by_zone[key] = {s.id: shift_facts(w, s, policy) for s in problem.shifts}
        sf = {
            sid: (
                f
                if (f.local_day in w.holidays) == f.holiday
                else replace(f, holiday=f.local_day in w.holidays)
            )
            for sid, f in by_zone[key].items()
        }
        first, last = problem.start, problem.end
        for f in sf.values():
            first = min(first, f.local_day)
            last = max(last, f.local_day)
        horizon = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        all_days = [first - timedelta(days=i) for i in range(lb, 0, -1)] + horizon
        hist: dict[date, DayHistory] = {}
        past: list[ShiftFacts] = []
        for ps in sorted(past_by_worker.get(w.id, []), key=lambda s: s.start):
            f = shift_facts(w, ps, policy, shift_id="(history)", kind=ps.kind)
            past.append(f)
            h = hist.setdefault(f.local_day, DayHistory())
            h.worked = True
            h.night = h.night or f.is_night
            h.nights += int(f.is_night)
            h.shifts += 1
            h.minutes += f.minutes
            h.exposure += exposure_minutes(ps, f.minutes)
            h.high_severity = h.high_severity or is_high_severity(ps, policy)
            h.on_call_minutes += f.minutes if ps.on_call else 0
            h.kinds.add(ps.kind)
        for de in problem.history.daily_exposure:
            if de.worker_id == w.id:
                h = hist.setdefault(de.day, DayHistory())
                h.exposure += de.weighted_minutes
                h.high_severity = h.high_severity or (de.high_severity and de.weighted_minutes > 0)
        workers[w.id] = WorkerFacts(w, horizon, all_days, sf, hist, past)
    return Facts(problem, workers, shifts, demands, dict(by_shift), lb)


def windows(days: list[date], horizon: list[date], length: int) -> list[list[date]]:
    """Rolling windows of ``length`` consecutive days ending on each horizon day (clipped to
    the days known, i.e. reaching back into the lookback but never past the horizon end)."""
    index = {d: i for i, d in enumerate(days)}
    out = []
    for d in horizon:
        i = index[d]
        if i - length + 1 < 0:
            continue
        out.append(days[i - length + 1 : i + 1])
    return out


def effective(worker: Worker, policy: Policy, name: str) -> int | None:
    """The limit that applies to the worker (see :func:`scheduling.problem.effective_limit`)."""
    return effective_limit(worker, policy, name)
