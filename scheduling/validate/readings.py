"""The validator's own readings of a rota, written again on purpose (the model has its own in
:mod:`scheduling.facts`): local days, night minutes, exposure weights, history folded into local
days, and the :class:`Violation` every check returns."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..policy import Policy
from ..problem import Assignment, Demand, PastShift, Problem, ShiftInstance, Worker

MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Violation:
    """A hard rule broken by a rota: which rule, for whom, when, by how much, in plain words.

    The subjects are data, so a reader can be told in their own words without parsing
    ``message``: the demand and shift concerned (if one), the value found and the limit it
    breaks (in the rule's unit: minutes, days, shifts, people), and the first day of the window
    or run (``when`` is its last day or the instant concerned)."""

    rule_id: str
    worker_id: str | None
    when: datetime | date | None
    amount: int
    message: str
    demand_id: str | None = None
    shift_id: str | None = None
    value: int | None = None
    limit: int | None = None
    first_day: date | None = None
    #: what ``value`` and ``limit`` count: "minutes", "days", "nights", "shifts", "people",
    #: "weekends" or "shadows"
    unit: str = ""


# local facts, written again on purpose (the model has its own in scheduling.facts)
def minutes_between(start: datetime, end: datetime) -> int:
    """Real minutes from ``start`` to ``end`` (measured in UTC)."""
    return int((end - start).total_seconds() // 60)


def local_day(zone: ZoneInfo, at: datetime) -> date:
    """The local date of the instant ``at`` in ``zone``."""
    return at.astimezone(zone).date()


def minutes_inside(
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
    for k in range(minutes_between(start, end)):
        t = (wall + k * MINUTE).time() if steady else (start + k * MINUTE).astimezone(zone).time()
        inside = (t >= opens or t < closes) if opens >= closes else (opens <= t < closes)
        count += inside
    return count


def night_window(worker: Worker, policy: Policy) -> tuple[time, time]:
    if worker.limits.night_window is not None:
        return worker.limits.night_window
    return policy.night_window_start, policy.night_window_end


def weighted(category: str | None, weight: float, raw: int | None, shift_minutes: int) -> int:
    """Weighted exposure minutes: round(raw minutes x severity weight); 0 without a category."""
    if not category:
        return 0
    return int(round((shift_minutes if raw is None else raw) * weight))


def is_high(category: str | None, weight: float, policy: Policy) -> bool:
    """High-severity work: a category, and a weight above 0 and at least the policy threshold."""
    return bool(category) and weight > 0 and weight >= policy.high_severity_threshold


def demand_exposure(d: Demand | PastShift, shift_minutes: int) -> int:
    return weighted(d.exposure_category, d.severity_weight, d.exposure_minutes, shift_minutes)


def demand_high(d: Demand | PastShift, policy: Policy) -> bool:
    return is_high(d.exposure_category, d.severity_weight, policy)


def dates_touched(zone: ZoneInfo, start: datetime, end: datetime) -> list[date]:
    """Local dates holding any minute of [start, end)."""
    first = local_day(zone, start)
    last = max(first, local_day(zone, end - MINUTE))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass(frozen=True)
class ShiftReading:
    """One shift (planned or from history) as one worker lives it."""

    id: str
    kind: str
    start: datetime
    end: datetime
    day: date
    minutes: int
    night: bool


@dataclass
class DayReading:
    """Totals of one local day of one worker."""

    worked: bool = False
    shifts: int = 0
    nights: int = 0
    minutes: int = 0
    exposure: int = 0
    high: bool = False
    on_call: int = 0
    kinds: set[str] = field(default_factory=set)

    def plus(self, other: DayReading) -> DayReading:
        return DayReading(
            self.worked or other.worked,
            self.shifts + other.shifts,
            self.nights + other.nights,
            self.minutes + other.minutes,
            self.exposure + other.exposure,
            self.high or other.high,
            self.on_call + other.on_call,
            self.kinds | other.kinds,
        )


EMPTY_DAY = DayReading()


@dataclass
class PersonReading:
    """One worker's local view of the rota and of their history."""

    worker: Worker
    #: local days the horizon covers for this worker
    horizon: list[date]
    #: the lookback days before the horizon, then the horizon days
    days: list[date]
    #: planned shifts worked (one entry per shift), by start
    planned: list[ShiftReading]
    #: history shifts, by start
    past: list[ShiftReading]
    hist: dict[date, DayReading]
    plan: dict[date, DayReading]
    #: planned shifts by id
    by_id: dict[str, ShiftReading] = field(default_factory=dict)
    #: memo of :meth:`total`
    totals: dict[date, DayReading] = field(default_factory=dict)

    def total(self, d: date) -> DayReading:
        """History and planned work of local day ``d``."""
        if d not in self.totals:
            self.totals[d] = self.hist.get(d, EMPTY_DAY).plus(self.plan.get(d, EMPTY_DAY))
        return self.totals[d]

    def history(self, d: date) -> DayReading:
        """History alone on local day ``d``."""
        return self.hist.get(d, EMPTY_DAY)

    def windows(self, length: int) -> list[list[date]]:
        """Runs of ``length`` consecutive days ending on each horizon day (inside ``days``)."""
        out = []
        for i, d in enumerate(self.days):
            if d >= self.horizon[0] and i + 1 >= length:
                out.append(self.days[i + 1 - length : i + 1])
        return out


@dataclass
class Context:
    p: Problem
    assignments: list[Assignment]
    by_worker: dict[str, list[Assignment]]
    shifts: dict[str, ShiftInstance]
    demands: dict[str, Demand]
    people: dict[str, PersonReading]


def read_rota(p: Problem, assignments: Iterable[Assignment]) -> Context:
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

    def live(w: Worker, sid: str, kind: str, start: datetime, end: datetime) -> ShiftReading:
        ns, ne = night_window(w, pol)
        key = (w.zone, ns, ne, start, end)
        if key not in nights:
            nights[key] = minutes_inside(start, end, w.tz, ns, ne)
        return ShiftReading(
            sid,
            kind,
            start,
            end,
            local_day(w.tz, start),
            minutes_between(start, end),
            nights[key] >= pol.night_min_minutes,
        )

    people: dict[str, PersonReading] = {}
    for w in p.workers:
        if w.zone not in spans:
            local_days = [local_day(w.tz, s.start) for s in p.shifts]
            spans[w.zone] = (min([p.start, *local_days]), max([p.end, *local_days]))
        first, last = spans[w.zone]
        horizon = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        days = [first - timedelta(days=i) for i in range(lookback, 0, -1)] + horizon

        hist: dict[date, DayReading] = defaultdict(DayReading)
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
            x.exposure += demand_exposure(ps, f.minutes)
            x.high = x.high or demand_high(ps, pol)
            x.on_call += f.minutes if ps.on_call else 0
            x.kinds.add(ps.kind)
        for de in p.history.daily_exposure:
            if de.worker_id == w.id:
                x = hist[de.day]
                x.exposure += de.weighted_minutes
                x.high = x.high or (de.high_severity and de.weighted_minutes > 0)

        plan: dict[date, DayReading] = defaultdict(DayReading)
        planned: dict[str, ShiftReading] = {}
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
            x.exposure += demand_exposure(d, f.minutes)
            x.high = x.high or demand_high(d, pol)
            if d.on_call and not a.shadow:
                x.on_call += f.minutes
        people[w.id] = PersonReading(
            w,
            horizon,
            days,
            sorted(planned.values(), key=lambda f: f.start),
            sorted(past, key=lambda f: f.start),
            dict(hist),
            dict(plan),
            planned,
        )
    return Context(p, al, by_worker, shifts, demands, people)


def utc_text(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def over(total: int, history: int, cap: int) -> int:
    """How far ``total`` exceeds ``max(cap, history)`` (0 if not): the rota's part of a breach."""
    return max(0, total - max(cap, history))


Check = Callable[[Context], list[Violation]]


def window_cap(
    ctx: Context,
    rule: str,
    length: int,
    cap_of: Callable[[Worker], int | None],
    value: Callable[[DayReading], int],
    what: str,
    unit: str = "minutes",
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
            if over(v, h, cap):
                out.append(
                    Violation(
                        rule,
                        w.id,
                        win[-1],
                        over(v, h, cap),
                        f"{w.id}: {v} {what} in {win[0]}..{win[-1]}, at most {cap}",
                        value=v,
                        limit=cap,
                        first_day=win[0],
                        unit=unit,
                    )
                )
    return out
