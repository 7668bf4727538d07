"""The soft cost of a rota, recomputed in plain Python: a second opinion on the model's objective.

:func:`score` says what each soft rule charges a given rota, per rule id, the way
:attr:`SolveResult.penalties_by_rule <scheduling.SolveResult.penalties_by_rule>` reports it. It
shares no code with the model (:mod:`scheduling.facts`, :mod:`scheduling.model`,
:mod:`scheduling.rules`, :mod:`scheduling.solver`): local days, night minutes, exposure and the
rolling windows are worked out here again, from the readings every rule shares (issue 11):

- the local day of a shift is the local date of its start in the worker's zone; every per-day
  figure sums the history and the planned shifts of that day, on every day;
- a worker's horizon days run from the earliest local day of any horizon shift (or
  ``problem.start``) to the latest (or ``problem.end``); rolling windows end on each horizon day
  and reach back ``max(averaging_days, on_call_window_days, 28)`` days into history;
- a windowed target is exceeded only by what the window holds above ``max(target, the part
  history alone put there)``;
- nights-per-14-days counts night shifts; the soft consecutive-nights target and
  days-off-after-nights count local days holding a night shift.

As in the model, a figure the plan cannot change is not charged for consecutive-exposure-days,
exposure-free-after-run, new-joiner-ramp and fairness (e.g. a window of high-severity days that
history alone filled), while consecutive-days and consecutive-nights charge every window. The
score says nothing about hard rules: use :func:`scheduling.validate` for those.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .errors import Issue, ProblemError
from .policy import Policy
from .problem import (
    Assignment,
    Demand,
    PastShift,
    Problem,
    ShiftInstance,
    Worker,
    effective_limit,
)

#: the full-time week fairness puts every load on (minutes)
_FULL_TIME_WEEK = 2400


# ---------------------------------------------------------------------------------------------
# local time
# ---------------------------------------------------------------------------------------------
def _utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC)


def _length(start: datetime, end: datetime) -> int:
    """Whole minutes from ``start`` to ``end``, measured in UTC."""
    return int((_utc(end) - _utc(start)).total_seconds() // 60)


def _local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``at`` on local ``day`` (first reading if ambiguous)."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _minutes_in_window(start: datetime, end: datetime, tz: ZoneInfo, w0: time, w1: time) -> int:
    """Real minutes of [start, end) that fall inside the local daily window [w0, w1).

    ``w0 > w1`` wraps over midnight; ``w0 == w1`` is the whole day.
    """
    start, end = _utc(start), _utc(end)
    if w0 == w1:
        return _length(start, end)
    seconds = 0.0
    d = start.astimezone(tz).date() - timedelta(days=1)  # a wrapping window opens the day before
    last = end.astimezone(tz).date()
    while d <= last:
        opens = _local_instant(d, w0, tz)
        closes = _local_instant(d + timedelta(days=1) if w0 > w1 else d, w1, tz)
        lo, hi = max(start, opens), min(end, closes)
        if hi > lo:
            seconds += (hi - lo).total_seconds()
        d += timedelta(days=1)
    return int(seconds // 60)


def _weighted_exposure(item: Demand | PastShift, shift_minutes: int) -> int:
    """Severity-weighted exposure minutes of working ``item`` (0 without a category)."""
    if not item.exposure_category:
        return 0
    raw = item.exposure_minutes if item.exposure_minutes is not None else shift_minutes
    return int(round(raw * item.severity_weight))


def _high_severity(item: Demand | PastShift, policy: Policy) -> bool:
    return (
        bool(item.exposure_category)
        and item.severity_weight > 0
        and item.severity_weight >= policy.high_severity_threshold
    )


@dataclass(frozen=True)
class _Seen:
    """A shift (planned or past) as one worker sees it."""

    start: datetime
    end: datetime
    minutes: int
    day: date
    local_start: datetime
    night: bool
    weekend: bool
    holiday: bool


def _see(worker: Worker, start: datetime, end: datetime, policy: Policy) -> _Seen:
    tz = ZoneInfo(worker.zone)
    ls = start.astimezone(tz)
    if worker.limits.night_window is not None:
        ns, ne = worker.limits.night_window
    else:
        ns, ne = policy.night_window_start, policy.night_window_end
    return _Seen(
        start=_utc(start),
        end=_utc(end),
        minutes=_length(start, end),
        day=ls.date(),
        local_start=ls,
        night=_minutes_in_window(start, end, tz, ns, ne) >= policy.night_min_minutes,
        weekend=ls.date().weekday() in policy.weekend_days,
        holiday=ls.date() in worker.holidays,
    )


# ---------------------------------------------------------------------------------------------
# one worker's days
# ---------------------------------------------------------------------------------------------
@dataclass
class _Day:
    """What one local day of one worker holds (history and planned kept apart)."""

    hist_worked: bool = False
    hist_night: bool = False
    hist_nights: int = 0
    hist_exposure: int = 0
    hist_high: bool = False
    worked: bool = False
    night: bool = False
    nights: int = 0
    exposure: int = 0
    high: bool = False
    high_exposure: int = 0
    #: the day holds a horizon shift with a high-severity demand (worked or not)
    high_possible: bool = False
    #: ... with a high-severity demand of non-zero weighted exposure
    high_exposure_possible: bool = False

    # history and plan together (the shared reading: every day sums both)
    def any_work(self) -> bool:
        return self.hist_worked or self.worked

    def any_night(self) -> bool:
        return self.hist_night or self.night

    def night_shifts(self) -> int:
        return self.hist_nights + self.nights

    def total_exposure(self) -> int:
        return self.hist_exposure + self.exposure

    def any_high(self) -> bool:
        return self.hist_high or self.high

    def total_high_exposure(self) -> int:
        return (self.hist_exposure if self.hist_high else 0) + self.high_exposure

    def high_open(self) -> bool:
        """The plan can decide whether the day holds high-severity work."""
        return self.high_possible and not self.hist_high


@dataclass
class _Person:
    """One worker's view of the problem and of the rota."""

    worker: Worker
    first: date
    last: date
    lookback: int
    #: every horizon shift as this worker sees it
    seen: dict[str, _Seen]
    #: shifts worked (in a role or as a shadow)
    worked: list[str]
    past: list[tuple[PastShift, _Seen]]
    days: dict[date, _Day] = field(default_factory=dict)

    def day(self, d: date) -> _Day:
        return self.days.get(d) or _Day()

    def in_horizon(self, d: date) -> bool:
        return self.first <= d <= self.last

    def horizon(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def windows(self, length: int) -> list[list[date]]:
        """``length`` consecutive days ending on each horizon day (within the lookback)."""
        earliest = self.first - timedelta(days=self.lookback)
        out = []
        for end in self.horizon():
            begin = end - timedelta(days=length - 1)
            if begin >= earliest:
                out.append([begin + timedelta(days=i) for i in range(length)])
        return out

    def known_days(self) -> list[date]:
        """Lookback days, then horizon days."""
        earliest = self.first - timedelta(days=self.lookback)
        return [earliest + timedelta(days=i) for i in range((self.last - earliest).days + 1)]


class _Rota:
    """A problem, a rota, and every worker's local view of both."""

    def __init__(self, problem: Problem, assignments: list[Assignment]) -> None:
        self.problem = problem
        self.policy = pol = problem.policy
        self.shifts: dict[str, ShiftInstance] = {s.id: s for s in problem.shifts}
        self.demands: dict[str, Demand] = {d.id: d for d in problem.demands}
        self.on_shift: dict[str, list[Demand]] = defaultdict(list)
        for d in problem.demands:
            self.on_shift[d.shift_id].append(d)
        wids = {w.id for w in problem.workers}
        bad = [
            Issue(f"assignments[{i}]", a, "use ids of the problem's workers and demands")
            for i, a in enumerate(assignments)
            if a.worker_id not in wids or a.demand_id not in self.demands
        ]
        if bad:
            raise ProblemError(bad)
        placed = {(a.worker_id, a.demand_id, a.shadow) for a in assignments}
        worked_by: dict[str, set[str]] = defaultdict(set)
        for wid, did, _ in placed:
            worked_by[wid].add(self.demands[did].shift_id)
        #: (worker, demand) -> places held there (role and shadow)
        self.places: dict[tuple[str, str], int] = defaultdict(int)
        self.roles: dict[str, int] = defaultdict(int)  # demand -> workers in the role
        self.shadows: dict[str, int] = defaultdict(int)  # worker -> shadow places
        for wid, did, shadow in placed:
            self.places[wid, did] += 1
            if shadow:
                self.shadows[wid] += 1
            else:
                self.roles[did] += 1
        self.placed = placed
        lookback = max(pol.averaging_days, pol.on_call_window_days, 28)
        cache: dict[tuple, dict[str, _Seen]] = {}
        self.people: dict[str, _Person] = {}
        for w in problem.workers:
            key = (w.zone, w.limits.night_window, w.holidays)
            if key not in cache:
                cache[key] = {s.id: _see(w, s.start, s.end, pol) for s in problem.shifts}
            seen = cache[key]
            first = min([problem.start, *(f.day for f in seen.values())])
            last = max([problem.end, *(f.day for f in seen.values())])
            worked = sorted(worked_by.get(w.id, ()))
            past = [
                (ps, _see(w, ps.start, ps.end, pol))
                for ps in problem.history.shifts
                if ps.worker_id == w.id
            ]
            person = _Person(w, first, last, lookback, seen, worked, past)
            self._fill_days(person)
            self.people[w.id] = person

    def _fill_days(self, p: _Person) -> None:
        pol = self.policy
        wid = p.worker.id
        days: dict[date, _Day] = defaultdict(_Day)
        for ps, f in p.past:
            h = days[f.day]
            h.hist_worked = True
            h.hist_night = h.hist_night or f.night
            h.hist_nights += int(f.night)
            h.hist_exposure += _weighted_exposure(ps, f.minutes)
            h.hist_high = h.hist_high or _high_severity(ps, pol)
        for de in self.problem.history.daily_exposure:
            if de.worker_id == wid:
                h = days[de.day]
                h.hist_exposure += de.weighted_minutes
                h.hist_high = h.hist_high or (de.high_severity and de.weighted_minutes > 0)
        for sid, f in p.seen.items():
            for d in self.on_shift.get(sid, []):
                if _high_severity(d, pol):
                    days[f.day].high_possible = True
                    if _weighted_exposure(d, f.minutes):
                        days[f.day].high_exposure_possible = True
        for sid in p.worked:
            f = p.seen[sid]
            h = days[f.day]
            h.worked = True
            h.night = h.night or f.night
            h.nights += int(f.night)
            for d in self.on_shift.get(sid, []):
                n = self.places.get((wid, d.id), 0)
                if not n:
                    continue
                e = _weighted_exposure(d, f.minutes) * n
                h.exposure += e
                if _high_severity(d, pol):
                    h.high = True
                    h.high_exposure += e
        p.days = dict(days)


# ---------------------------------------------------------------------------------------------
# the soft rules, one function each, returning the rule's total cost
# ---------------------------------------------------------------------------------------------
def _coverage(r: _Rota) -> int:
    """Soft demands: under_weight per missing worker, over_weight per worker above the cap."""
    cost = 0
    for d in r.problem.demands:
        if d.hard:
            continue
        n = r.roles.get(d.id, 0)
        if d.min_headcount:
            cost += d.under_weight * max(0, d.min_headcount - n)
        cost += d.over_weight * max(0, n - d.cap)
    return cost


def _consecutive_days(r: _Rota) -> int:
    """Per window of target + 1 local days all worked (history included)."""
    pol = r.policy
    tgt = pol.target_consecutive_working_days
    if tgt is None:
        return 0
    cost = 0
    for p in r.people.values():
        cap = effective_limit(p.worker, pol, "max_consecutive_working_days")
        if cap is not None and tgt >= cap:
            continue
        for win in p.windows(tgt + 1):
            cost += max(0, sum(p.day(d).any_work() for d in win) - tgt)
    return cost * pol.consecutive_days_weight


def _weekly_rest(r: _Rota) -> int:
    """Per rolling 7 local days without a continuous rest of the target length."""
    pol = r.policy
    tg, mn = pol.target_weekly_rest_minutes, pol.min_weekly_rest_minutes
    if not tg or (mn and tg <= mn):
        return 0
    dur = timedelta(minutes=tg)
    misses = 0
    for p in r.people.values():
        tz = ZoneInfo(p.worker.zone)
        busy = [(p.seen[s].start, p.seen[s].end) for s in p.worked]
        busy += [(f.start, f.end) for _, f in p.past]
        for day in p.horizon():
            win0 = _local_instant(day - timedelta(days=6), time(0), tz)
            win1 = _local_instant(day + timedelta(days=1), time(0), tz)
            near = [(a, z) for a, z in busy if a < win1 + dur and z > win0]
            # a longest rest starts at the window start or where a worked shift ends
            starts = [win0] + [z for _, z in near if win0 <= z <= win1 - dur]
            rested = any(all(not (a < t + dur and z > t) for a, z in near) for t in starts)
            misses += not rested
    return misses * pol.weekly_rest_weight


def _night_shift_length(r: _Rota) -> int:
    """Per minute a worked night shift lasts beyond the target."""
    pol = r.policy
    tgt = pol.target_night_shift_minutes
    if tgt is None:
        return 0
    over = 0
    for p in r.people.values():
        for sid in p.worked:
            f = p.seen[sid]
            if f.night and f.minutes > tgt:
                over += f.minutes - tgt
    return over * pol.night_shift_length_weight


def _consecutive_nights(r: _Rota) -> int:
    """Per window of target + 1 local days each holding a night shift."""
    pol = r.policy
    cap, tgt = pol.max_consecutive_nights, pol.target_consecutive_nights
    if tgt is None or (cap is not None and tgt >= cap):
        return 0
    n = 0
    for p in r.people.values():
        for win in p.windows(tgt + 1):
            n += max(0, sum(p.day(d).any_night() for d in win) - tgt)
    return n * pol.consecutive_nights_weight


def _nights_per_14_days(r: _Rota) -> int:
    """Per night shift above max(target, history's part) in a rolling 14 local days."""
    pol = r.policy
    cap, tgt = pol.max_nights_per_14_days, pol.target_nights_per_14_days
    if tgt is None or (cap is not None and tgt >= cap):
        return 0
    n = 0
    for p in r.people.values():
        for win in p.windows(14):
            total = sum(p.day(d).night_shifts() for d in win)
            hist = sum(p.day(d).hist_nights for d in win)
            n += max(0, total - max(tgt, hist))
    return n * pol.nights_per_14_days_weight


def _days_off_after_nights(r: _Rota) -> int:
    """Per day worked too soon after the last night of a run (beyond the hard minimum)."""
    pol = r.policy
    mn, tgt = pol.min_days_off_after_nights, pol.target_days_off_after_nights
    if not tgt:
        return 0
    reach = max(mn or 0, tgt)
    n = 0
    for p in r.people.values():
        for d in p.known_days():
            if not p.day(d).any_night() or p.day(d + timedelta(days=1)).any_night():
                continue
            if d + timedelta(days=1) > p.last:  # the run's end is not known yet
                continue
            for j in range((mn or 0) + 1, reach + 1):
                dj = d + timedelta(days=j)
                if p.in_horizon(dj) and p.day(dj).any_work():
                    n += 1
    return n * pol.days_off_after_nights_weight


def _exposure_7_days(r: _Rota) -> int:
    """Per weighted minute above max(target, history's part) in a rolling 7 local days."""
    pol = r.policy
    tgt = pol.target_exposure_minutes_per_7_days
    if tgt is None:
        return 0
    over = 0
    for p in r.people.values():
        for win in p.windows(7):
            total = sum(p.day(d).total_exposure() for d in win)
            hist = sum(p.day(d).hist_exposure for d in win)
            over += max(0, total - max(tgt, hist))
    return over * pol.exposure_7_days_weight


def _consecutive_exposure_days(r: _Rota) -> int:
    """Per window of target + 1 local days each with high-severity work."""
    pol = r.policy
    cap, tgt = pol.max_consecutive_exposure_days, pol.target_consecutive_exposure_days
    if tgt is None or (cap is not None and tgt >= cap):
        return 0
    n = 0
    for p in r.people.values():
        for win in p.windows(tgt + 1):
            # a window whose high-severity days the plan cannot change is not charged
            if not any(p.in_horizon(d) and p.day(d).high_open() for d in win):
                continue
            n += max(0, sum(p.day(d).any_high() for d in win) - tgt)
    return n * pol.consecutive_exposure_weight


def _exposure_free_after_run(r: _Rota) -> int:
    """Per local day with high-severity work within k days after a high-severity run ended."""
    pol = r.policy
    k = pol.exposure_free_days_after_run
    if not k or k < 2:
        return 0
    n = 0
    for p in r.people.values():

        def open_(d: date, p: _Person = p) -> bool:
            return p.in_horizon(d) and p.day(d).high_open()

        for d in p.known_days():
            d1 = d + timedelta(days=1)
            if d1 >= p.last or not p.day(d).any_high() or p.day(d1).any_high():
                continue
            for j in range(2, k + 1):
                dj = d + timedelta(days=j)
                if not p.in_horizon(dj) or not (open_(d) or open_(d1) or open_(dj)):
                    continue
                n += p.day(dj).any_high()
    return n * pol.exposure_free_after_run_weight


def _exposure_night_hours(r: _Rota) -> int:
    """Per minute of a high-severity place inside the local 00:00-06:00 window."""
    pol = r.policy
    mins = 0
    for (wid, did), count in r.places.items():
        d = r.demands[did]
        if not _high_severity(d, pol):
            continue
        s = r.shifts[d.shift_id]
        tz = ZoneInfo(r.people[wid].worker.zone)
        w0, w1 = pol.exposure_avoid_start, pol.exposure_avoid_end
        mins += count * _minutes_in_window(s.start, s.end, tz, w0, w1)
    return mins * pol.exposure_night_weight


def _new_joiner_ramp(r: _Rota) -> int:
    """Per high-severity weighted minute above the daily ramp in a worker's first days."""
    pol = r.policy
    over = 0
    for p in r.people.values():
        st = p.worker.limits.start_date
        if st is None:
            continue
        for d in p.horizon():
            if not st <= d < st + timedelta(days=pol.new_joiner_days):
                continue
            h = p.day(d)
            if not h.high_exposure_possible:
                continue
            over += max(0, h.total_high_exposure() - pol.new_joiner_max_exposure_minutes_per_day)
    return over * pol.new_joiner_ramp_weight


def _on_call_local_hours(r: _Rota) -> int:
    """Per on-call minute (in the role, not shadowing) outside the worker's local daytime."""
    pol = r.policy
    mins = 0
    for wid, did, shadow in r.placed:
        d = r.demands[did]
        if shadow or not d.on_call:
            continue
        s = r.shifts[d.shift_id]
        tz = ZoneInfo(r.people[wid].worker.zone)
        inside = _minutes_in_window(
            s.start, s.end, tz, pol.on_call_local_start, pol.on_call_local_end
        )
        mins += _length(s.start, s.end) - inside
    return mins * pol.on_call_local_hours_weight


def _trainee_pairing(r: _Rota) -> int:
    """The request's weight per wanted shadow shift not given."""
    return sum(
        pq.weight * max(0, pq.wanted_shifts - r.shadows.get(pq.trainee_id, 0))
        for pq in r.problem.pairings
    )


def _shift_requests(r: _Rota) -> int:
    """The request's weight for each request to work or not work a shift (or a day) not met."""
    cost = 0
    for pr in r.problem.preferences:
        p = r.people[pr.worker_id]
        if pr.shift_id is not None:
            works = pr.shift_id in p.worked
        elif pr.day is not None:
            works = p.day(pr.day).any_work()
        else:  # a request names a shift or a day
            continue
        cost += pr.weight * (works != pr.want)
    return cost


def _early_start(r: _Rota) -> int:
    """Per worked shift (not a night shift) starting before the early-start time, local."""
    pol = r.policy
    n = 0
    for p in r.people.values():
        for sid in p.worked:
            f = p.seen[sid]
            n += f.local_start.time() < pol.early_start_before and not f.night
    return n * pol.early_start_weight


def _forward_rotation(r: _Rota) -> int:
    """Per pair of consecutive horizon days whose worked kinds go backwards in the order."""
    pol = r.policy
    order = {k: i for i, k in enumerate(pol.kind_order)}
    if not order:
        return 0
    n = 0
    for p in r.people.values():
        by_day: dict[date, list[str]] = defaultdict(list)
        for sid in p.worked:
            by_day[p.seen[sid].day].append(r.shifts[sid].kind)
        for d0 in p.horizon()[:-1]:
            for k0 in by_day.get(d0, []):
                for k1 in by_day.get(d0 + timedelta(days=1), []):
                    if k0 in order and k1 in order and order[k1] < order[k0]:
                        n += 1
    return n * pol.forward_rotation_weight


def _holiday_work(r: _Rota) -> int:
    """Per worked shift starting on the worker's local public holiday."""
    n = sum(p.seen[sid].holiday for p in r.people.values() for sid in p.worked)
    return n * r.policy.holiday_weight


def _stability(r: _Rota) -> int:
    """Per assignment of the previous rota (worker, demand, role or shadow) not kept."""
    kept = sum((a.worker_id, a.demand_id, a.shadow) in r.placed for a in r.problem.previous)
    return (len(r.problem.previous) - kept) * r.policy.stability_weight


def _fairness_factor(contract: int, scale: int) -> int:
    return max(1, round(scale * _FULL_TIME_WEEK / contract))


def _fairness(r: _Rota) -> int:
    """Per metric: weight x (highest - lowest) contract-scaled load, history included."""
    pol = r.policy
    people = [p for p in r.people.values() if p.worker.limits.contract_minutes_per_week > 0]
    if len(people) < 2:
        return 0

    def hours(minutes: int) -> int:
        return (minutes + 30) // 60

    def high_hours(d: Demand) -> int:  # rounded weighted hours of one high-severity place
        s = r.shifts[d.shift_id]
        return hours(_weighted_exposure(d, _length(s.start, s.end)))

    high = [d for d in r.problem.demands if _high_severity(d, pol)]

    per_shift = {
        "hours": lambda f: hours(f.minutes),
        "nights": lambda f: int(f.night),
        "weekends": lambda f: int(f.weekend),
        "holidays": lambda f: int(f.holiday),
    }
    metrics = [
        ("hours", pol.fairness_hours_weight),
        ("nights", pol.fairness_nights_weight),
        ("weekends", pol.fairness_weekends_weight),
        ("holidays", pol.fairness_holidays_weight),
        ("exposure", pol.fairness_exposure_weight),
    ]
    cost = 0
    for metric, weight in metrics:
        if not weight:
            continue
        # a metric no horizon shift can change is not charged (its spread is history's)
        if metric == "exposure":
            movable = any(high_hours(d) for d in high)
        else:
            movable = any(per_shift[metric](f) for p in people for f in p.seen.values())
        if not movable:
            continue
        loads = []
        for p in people:
            if metric == "exposure":
                wid = p.worker.id
                load = sum(high_hours(d) * r.places.get((wid, d.id), 0) for d in high)
                load += sum(hours(h.hist_exposure) for h in p.days.values() if h.hist_high)
            else:
                load = sum(per_shift[metric](p.seen[sid]) for sid in p.worked)
                load += sum(per_shift[metric](f) for _, f in p.past)
            loads.append(
                load
                * _fairness_factor(p.worker.limits.contract_minutes_per_week, pol.fairness_scale)
            )
        cost += weight * (max(loads) - min(loads))
    return cost


#: soft rule id -> its scorer, in registry order
_SOFT = (
    ("coverage", _coverage),
    ("consecutive-days", _consecutive_days),
    ("weekly-rest", _weekly_rest),
    ("night-shift-length", _night_shift_length),
    ("consecutive-nights", _consecutive_nights),
    ("nights-per-14-days", _nights_per_14_days),
    ("days-off-after-nights", _days_off_after_nights),
    ("exposure-7-days", _exposure_7_days),
    ("consecutive-exposure-days", _consecutive_exposure_days),
    ("exposure-free-after-run", _exposure_free_after_run),
    ("exposure-night-hours", _exposure_night_hours),
    ("new-joiner-ramp", _new_joiner_ramp),
    ("on-call-local-hours", _on_call_local_hours),
    ("trainee-pairing", _trainee_pairing),
    ("shift-requests", _shift_requests),
    ("early-start", _early_start),
    ("forward-rotation", _forward_rotation),
    ("holiday-work", _holiday_work),
    ("stability", _stability),
    ("fairness", _fairness),
)

#: the ids of the rules :func:`score` prices
SOFT_RULE_IDS: tuple[str, ...] = tuple(rule_id for rule_id, _ in _SOFT)


def score(
    problem: Problem, assignments: tuple[Assignment, ...] | list[Assignment]
) -> dict[str, int]:
    """The total soft cost (weight x amount, summed) of ``assignments``, per soft rule id.

    Rules switched off by the policy, and rules that cost nothing, are left out (as in
    ``SolveResult.penalties_by_rule``). Hard rules are not checked: a rota that breaks one is
    scored all the same. Raises :class:`~scheduling.errors.ProblemError` if an assignment names
    a worker or demand the problem does not have.
    """
    r = _Rota(problem, list(assignments))
    out: dict[str, int] = {}
    for rule_id, fn in _SOFT:
        if problem.policy.applies(rule_id):
            cost = fn(r)
            if cost:
                out[rule_id] = cost
    return out
