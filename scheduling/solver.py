"""``solve()``: build the CP-SAT model from the rule registry, solve it, and report.

``solve`` never raises for an infeasible plan and never prints. An infeasible plan is explained
by a second solve of the same model with every hard rule instance behind an assumption literal
(single worker, presolve off, as ``sufficient_assumptions_for_infeasibility`` requires), followed
by a deletion pass that shrinks the conflict to a short list while time remains.
"""

from __future__ import annotations

import time as _time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from ortools.sat.python import cp_model

from .facts import Facts, compute_facts, exposure_minutes, is_high_severity, windows
from .model import ModelBuilder
from .problem import Assignment, Pin, Problem
from .rules import build_model

ProgressFn = Callable[[float, float, float], None]


class Status(StrEnum):
    """Outcome of a solve."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
    MODEL_INVALID = "model_invalid"


@dataclass(frozen=True)
class Explanation:
    """One hard rule instance taking part in a conflict, in plain words, with a way out."""

    rule_id: str
    workers: tuple[str, ...]
    when: datetime | date | None
    message: str
    relaxation: str
    #: how many rule instances of this rule and these workers take part (grouped into one line)
    count: int = 1


@dataclass(frozen=True)
class Penalty:
    """What one soft term cost: ``cost = weight x amount``."""

    rule_id: str
    worker_id: str | None
    weight: int
    amount: int
    cost: int
    when: datetime | date | None = None
    note: str = ""


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
class Unfilled:
    """A demand with fewer (``missing``) or more (``extra``) workers than asked."""

    demand_id: str
    shift_id: str
    role: str
    missing: int
    extra: int


@dataclass(frozen=True)
class Timings:
    """Wall-clock seconds spent building, solving and explaining."""

    build: float = 0.0
    solve: float = 0.0
    explain: float = 0.0
    total: float = 0.0


@dataclass(frozen=True)
class SolveResult:
    """Everything a solve found. ``assignments`` is empty unless a rota was found."""

    status: Status
    assignments: tuple[Assignment, ...] = ()
    objective: float | None = None
    best_bound: float | None = None
    penalties: tuple[Penalty, ...] = ()
    penalties_by_rule: Mapping[str, int] = field(default_factory=dict)
    penalties_by_worker: Mapping[str, int] = field(default_factory=dict)
    loads: tuple[WorkerLoad, ...] = ()
    unfilled: tuple[Unfilled, ...] = ()
    explanation: tuple[Explanation, ...] = ()
    timings: Timings = field(default_factory=Timings)
    message: str = ""

    @property
    def has_rota(self) -> bool:
        """True if a rota (optimal or merely feasible) was found."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, fn: ProgressFn) -> None:
        super().__init__()
        self._fn = fn

    def on_solution_callback(self) -> None:
        self._fn(
            float(self.objective_value), float(self.best_objective_bound), float(self.wall_time)
        )


_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
}


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
            nights[day] += int(h.night)
        for f in fs:
            nights[f.local_day] = 1 if f.is_night else nights[f.local_day]
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


def solve(
    problem: Problem,
    *,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    on_progress: ProgressFn | None = None,
    explain: bool = True,
    hint: tuple[Assignment, ...] | list[Assignment] = (),
) -> SolveResult:
    """Solve ``problem`` within ``time_limit`` seconds (building included).

    ``workers`` is the number of CP-SAT search workers; with ``workers=1`` and a fixed ``seed``
    a run that finishes within its limit is reproducible. ``on_progress(objective, bound,
    elapsed_seconds)`` is called on each improving solution. ``hint`` (e.g. the last published
    rota) seeds the search: listed assignments are hinted on, all others off; unknown ids are
    ignored. ``explain=False`` skips the explanation of an infeasible plan. Returns the best
    rota found so far; never raises for an infeasible plan.
    """
    t0 = _time.perf_counter()
    facts = compute_facts(problem)
    b = ModelBuilder(problem, facts, guarded=False)
    build_model(b)
    t_build = _time.perf_counter() - t0
    invalid = b.m.validate()
    if invalid:
        total = _time.perf_counter() - t0
        return SolveResult(
            Status.MODEL_INVALID, message=invalid, timings=Timings(t_build, 0.0, 0.0, total)
        )
    if hint:
        on = {(a.worker_id, a.demand_id, a.shadow) for a in hint}
        for (wid, did), v in b.x.items():
            b.m.add_hint(v, (wid, did, False) in on)
        for (wid, did), v in b.sh.items():
            b.m.add_hint(v, (wid, did, True) in on)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit - t_build)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    t1 = _time.perf_counter()
    if on_progress is not None:
        code = solver.solve(b.m, _Progress(on_progress))
    else:
        code = solver.solve(b.m)
    t_solve = _time.perf_counter() - t1
    status = _STATUS.get(code, Status.UNKNOWN)
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        res = _read_solution(problem, facts, b, solver, status)
        total = _time.perf_counter() - t0
        return SolveResult(**{**res, "timings": Timings(t_build, t_solve, 0.0, total)})
    explanation: tuple[Explanation, ...] = ()
    t_explain = 0.0
    if status == Status.INFEASIBLE and explain:
        t2 = _time.perf_counter()
        remaining = time_limit - (t2 - t0)
        explanation = explain_infeasibility(problem, budget=max(remaining, 1.0), facts=facts)
        t_explain = _time.perf_counter() - t2
    total = _time.perf_counter() - t0
    return SolveResult(
        status,
        explanation=explanation,
        timings=Timings(t_build, t_solve, t_explain, total),
        message=solver.solution_info() if status != Status.INFEASIBLE else "",
    )


def evaluate(
    problem: Problem,
    assignments: tuple[Assignment, ...] | list[Assignment],
    *,
    time_limit: float = 10.0,
) -> SolveResult:
    """Score a given rota (e.g. after a lead's edit) with the model: its penalties and loads if it
    keeps every hard rule, else ``infeasible`` with an explanation naming the broken rules (the
    rota itself appears as "pins"). Use :func:`~scheduling.validate` for an independent check.
    """
    import dataclasses

    have = {(a.worker_id, a.demand_id, a.shadow) for a in assignments}
    pins = []
    for d in problem.demands:
        for w in problem.workers:
            pins.append(Pin(w.id, d.id, (w.id, d.id, False) in have))
            if (w.id, d.id, True) in have:
                pins.append(Pin(w.id, d.id, True, shadow=True))
    pinned = dataclasses.replace(problem, pins=tuple(pins))
    return solve(pinned, time_limit=time_limit, workers=1, seed=0)


def _read_solution(
    problem: Problem, facts: Facts, b: ModelBuilder, solver: cp_model.CpSolver, status: Status
) -> dict:
    assignments = []
    for d in problem.demands:
        for w in problem.workers:
            if solver.boolean_value(b.x[w.id, d.id]):
                assignments.append(Assignment(w.id, d.id, d.shift_id, d.role, False))
            if (w.id, d.id) in b.sh and solver.boolean_value(b.sh[w.id, d.id]):
                assignments.append(Assignment(w.id, d.id, d.shift_id, d.role, True))
    penalties = []
    by_rule: dict[str, int] = defaultdict(int)
    by_worker: dict[str, int] = defaultdict(int)
    for t in b.terms:
        amount = t.expr if isinstance(t.expr, int) else int(solver.value(t.expr))
        if amount:
            cost = amount * t.weight
            penalties.append(
                Penalty(t.rule_id, t.worker_id, t.weight, amount, cost, t.when, t.note)
            )
            by_rule[t.rule_id] += cost
            if t.worker_id is not None:
                by_worker[t.worker_id] += cost
    unfilled = []
    for d in problem.demands:
        n = sum(1 for a in assignments if a.demand_id == d.id and not a.shadow)
        missing = max(0, d.min_headcount - n)
        extra = max(0, n - d.cap)
        if missing or extra:
            unfilled.append(Unfilled(d.id, d.shift_id, d.role, missing, extra))
    has_obj = bool(b.terms)
    return dict(
        status=status,
        assignments=tuple(assignments),
        objective=float(solver.objective_value) if has_obj else 0.0,
        best_bound=float(solver.best_objective_bound) if has_obj else 0.0,
        penalties=tuple(penalties),
        penalties_by_rule=dict(by_rule),
        penalties_by_worker=dict(by_worker),
        loads=worker_loads(problem, assignments, facts),
        unfilled=tuple(unfilled),
    )


def _core(b: ModelBuilder, assumed: list[int], budget: float) -> list[int] | None:
    """Indices (into b.guards) of a sufficient infeasible subset of ``assumed``, or None if the
    assumed guards are satisfiable or the budget ran out."""
    b.m.clear_assumptions()
    b.m.add_assumptions([b.guard_lits[i] for i in assumed])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False
    solver.parameters.max_time_in_seconds = max(0.05, budget)
    code = solver.solve(b.m)
    if code != cp_model.INFEASIBLE:
        return None
    index = {b.guard_lits[i].index: i for i in assumed}
    core = [index[v] for v in solver.sufficient_assumptions_for_infeasibility() if v in index]
    return core or list(assumed)


def explain_infeasibility(
    problem: Problem, *, budget: float = 5.0, facts: Facts | None = None
) -> tuple[Explanation, ...]:
    """A short list of conflicting hard rule instances that make ``problem`` infeasible."""
    t0 = _time.perf_counter()
    facts = facts or compute_facts(problem)
    b = ModelBuilder(problem, facts, guarded=True)
    build_model(b)
    b.m.clear_objective()
    every = list(range(len(b.guards)))
    core = _core(b, every, budget - (_time.perf_counter() - t0))
    if core is None:
        return (
            Explanation(
                "unexplained",
                (),
                None,
                "the plan is infeasible but no conflict could be isolated in time",
                "allow more time, or relax coverage and per-worker limits",
            ),
        )
    # deletion pass: drop every guard whose removal keeps the rest infeasible
    i = 0
    core = sorted(set(core))
    while i < len(core) and len(core) > 1:
        left = budget - (_time.perf_counter() - t0)
        if left <= 0.05:
            break
        trial = core[:i] + core[i + 1 :]
        smaller = _core(b, trial, min(left, max(0.2, left / max(1, len(core) - i))))
        if smaller is not None:
            core = sorted(set(smaller))
            i = min(i, len(core))
        else:
            i += 1
    return _group([b.guards[k] for k in core])


def _sort_key(when: datetime | date | None) -> datetime:
    if when is None:
        return datetime.min.replace(tzinfo=UTC)
    if isinstance(when, datetime):
        return when
    return datetime.combine(when, datetime.min.time(), tzinfo=UTC)


def _fmt(when: datetime | date | None) -> str:
    if isinstance(when, datetime):
        return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return when.isoformat() if when is not None else ""


def _group(guards: list) -> tuple[Explanation, ...]:
    """One line per (rule, workers): the first instance, with a count of the similar ones."""
    groups: dict[tuple, list] = {}
    for g in sorted(guards, key=lambda g: _sort_key(g.when)):
        groups.setdefault((g.rule_id, g.workers), []).append(g)
    out = []
    for (rule_id, workers), gs in groups.items():
        first, last = gs[0], gs[-1]
        msg = first.message
        if len(gs) > 1:
            msg += f" (and {len(gs) - 1} more like it" + (
                f", the last at {_fmt(last.when)})" if last.when is not None else ")"
            )
        out.append(Explanation(rule_id, workers, first.when, msg, first.relaxation, len(gs)))
    return tuple(out)
