"""What a rota means for each person, read with the engine's own facts.

:func:`worker_loads` sums a rota per worker next to their limits; :func:`assignment_facts` says,
per assignment, what the shift is for that person (local day, minutes, night, weekend, public
holiday, weighted and high-severity exposure, on call). The app's views read both instead of
computing nights, weekends or severity a second time, so what is shown is what is enforced.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from .facts import (
    Facts,
    compute_facts,
    exposure_minutes,
    is_high_severity,
    shift_facts,
    windows,
)
from .policy import Policy
from .problem import Assignment, Demand, Problem, ShiftInstance, Worker


@dataclass(frozen=True)
class WorkerLoad:
    """A worker's load in a rota (horizon only) next to their limits."""

    worker_id: str
    shifts: int
    minutes: int
    nights: int
    weekend_days: int
    holidays: int
    exposure_minutes: int
    high_severity_days: int
    on_call_minutes: int
    shadow_shifts: int
    max_total_minutes: int | None
    min_total_minutes: int | None
    contract_minutes_per_week: int
    #: weekends (Saturday or Sunday worked) and the worker's cap
    weekends: int = 0
    max_weekends: int | None = None
    #: peak weighted exposure on one local day / in rolling 7 local days (history included)
    peak_exposure_day_minutes: int = 0
    peak_exposure_7_days_minutes: int = 0
    max_exposure_minutes_per_day: int | None = None
    max_exposure_minutes_per_7_days: int | None = None
    #: peak nights in rolling 14 local days (history included) and the cap
    peak_nights_14_days: int = 0
    max_nights_per_14_days: int | None = None


@dataclass(frozen=True)
class AssignmentFacts:
    """What one assignment is for its person, by the engine's readings.

    ``night`` is the rule's reading (at least the policy's night minutes in the person's night
    window); ``exposure_minutes`` is weighted by the category's severity weight;
    ``high_severity`` is the policy's threshold on that weight."""

    worker_id: str
    demand_id: str
    shift_id: str
    shadow: bool
    local_day: date
    minutes: int
    night_minutes: int
    night: bool
    weekend: bool
    holiday: bool
    exposure_minutes: int
    high_severity: bool
    on_call: bool


def read_assignment(
    worker: Worker,
    shift: ShiftInstance,
    demand: Demand,
    policy: Policy,
    *,
    shadow: bool = False,
) -> AssignmentFacts:
    """The engine's reading of ``worker`` working ``demand`` on ``shift`` under ``policy``:
    the same local day, night, weekend, holiday and exposure the rules enforce."""
    f = shift_facts(worker, shift, policy)
    return AssignmentFacts(
        worker_id=worker.id,
        demand_id=demand.id,
        shift_id=shift.id,
        shadow=shadow,
        local_day=f.local_day,
        minutes=f.minutes,
        night_minutes=f.night_minutes,
        night=f.is_night,
        weekend=f.weekend,
        holiday=f.holiday,
        exposure_minutes=exposure_minutes(demand, f.minutes),
        high_severity=is_high_severity(demand, policy),
        on_call=demand.on_call and not shadow,
    )


def assignment_facts(
    problem: Problem, assignments: tuple[Assignment, ...] | list[Assignment]
) -> tuple[AssignmentFacts, ...]:
    """Per assignment (in the given order), the engine's reading of it; assignments naming an
    unknown worker, demand or shift are left out."""
    workers = {w.id: w for w in problem.workers}
    demands = {d.id: d for d in problem.demands}
    shifts = {s.id: s for s in problem.shifts}
    out = []
    for a in assignments:
        w, d, s = workers.get(a.worker_id), demands.get(a.demand_id), shifts.get(a.shift_id)
        if w is None or d is None or s is None or d.shift_id != s.id:
            continue
        out.append(read_assignment(w, s, d, problem.policy, shadow=a.shadow))
    return tuple(out)


def worker_loads(
    problem: Problem,
    assignments: tuple[Assignment, ...] | list[Assignment],
    facts: Facts | None = None,
) -> tuple[WorkerLoad, ...]:
    """Per-worker load of a rota: hours, nights, weekends, holidays, exposure, on call."""
    facts = facts or compute_facts(problem)
    pol = problem.policy
    by_w: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_w[a.worker_id].append(a)
    out = []
    for w in problem.workers:
        wf = facts.workers[w.id]
        shifts = {a.shift_id for a in by_w[w.id]}
        fs = [wf.shifts[s] for s in shifts]
        exp = 0
        high_days = set()
        oc = 0
        day_exp: dict = defaultdict(int)
        nights: dict = defaultdict(int)
        for day, h in wf.history.items():
            day_exp[day] += h.exposure
            nights[day] += h.nights
        for f in fs:  # nights are counted per night shift, as the rules count them
            nights[f.local_day] += int(f.is_night)
        for a in by_w[w.id]:
            d = facts.demands[a.demand_id]
            f = wf.shifts[a.shift_id]
            exp += exposure_minutes(d, f.minutes)
            day_exp[f.local_day] += exposure_minutes(d, f.minutes)
            if is_high_severity(d, problem.policy):
                high_days.add(f.local_day)
            if d.on_call and not a.shadow:
                oc += f.minutes
        out.append(
            WorkerLoad(
                worker_id=w.id,
                shifts=len(fs),
                minutes=sum(f.minutes for f in fs),
                nights=sum(f.is_night for f in fs),
                weekend_days=len({f.local_day for f in fs if f.weekend}),
                holidays=sum(f.holiday for f in fs),
                exposure_minutes=exp,
                high_severity_days=len(high_days),
                on_call_minutes=oc,
                shadow_shifts=sum(a.shadow for a in by_w[w.id]),
                max_total_minutes=w.limits.max_total_minutes,
                min_total_minutes=w.limits.min_total_minutes,
                contract_minutes_per_week=w.limits.contract_minutes_per_week,
                weekends=len(
                    {f.local_day - timedelta(days=f.local_day.weekday()) for f in fs if f.weekend}
                ),
                max_weekends=w.limits.max_weekends,
                peak_exposure_day_minutes=max((day_exp[d] for d in wf.horizon_days), default=0),
                peak_exposure_7_days_minutes=_peak(wf.all_days, wf.horizon_days, day_exp, 7),
                max_exposure_minutes_per_day=pol.max_exposure_minutes_per_day,
                max_exposure_minutes_per_7_days=pol.max_exposure_minutes_per_7_days,
                peak_nights_14_days=_peak(wf.all_days, wf.horizon_days, nights, 14),
                max_nights_per_14_days=pol.max_nights_per_14_days,
            )
        )
    return tuple(out)


def _peak(all_days: list, horizon: list, values: dict, length: int) -> int:
    return max(
        (sum(values.get(d, 0) for d in win) for win in windows(all_days, horizon, length)),
        default=0,
    )
