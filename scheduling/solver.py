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
from typing import Any

from ortools.sat.python import cp_model

from .diagnose import root_causes
from .facts import Facts, compute_facts, exposure_minutes, is_high_severity, windows
from .model import ModelBuilder, SoftTerm
from .problem import Assignment, Pin, Problem
from .rules import build_model
from .validate import Violation, validate

ProgressFn = Callable[[float, float, float], None]

#: horizons longer than this (in days) whose workers are independent are seeded worker by worker
#: before the optimisation; shorter ones only when the optimisation finds nothing in 40 % of the
#: time
LONG_HORIZON_DAYS = 84

#: a rule costing at least this share of the seeded rota's objective is minimised on its own
#: first (for DOMINANT_SHARE of the time left) before the whole objective
DOMINANT_RULE_SHARE = 0.5
DOMINANT_SHARE = 0.5
#: below this many seconds left the dominant-rule phase is skipped
DOMINANT_MIN_SECONDS = 6.0

#: one presolve round and no symmetry detection, for the phases whose search is easy (any rota;
#: the soft terms of a fixed rota): on large plans presolve took most of their time (APAC 60,
#: any rota: 4.3 s -> 2.1 s)
_FAST_PRESOLVE: Mapping[str, object] = {"max_presolve_iterations": 1, "symmetry_level": 0}


class Status(StrEnum):
    """Outcome of a solve."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
    MODEL_INVALID = "model_invalid"
    #: the engine's rota breaks a hard rule by the independent validator: never to be used
    INVALID = "invalid"


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
    """Everything a solve found. ``assignments`` is empty unless a rota was found.

    Status ``invalid``: the model accepted a rota that the independent validator rejects (a
    defect of the engine); ``assignments`` holds it for inspection and ``violations`` says which
    hard rules it breaks, but it is no rota (``has_rota`` is False).
    """

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
    #: hard rules the returned assignments break by :func:`~scheduling.validate` (status invalid)
    violations: tuple[Violation, ...] = ()

    @property
    def has_rota(self) -> bool:
        """True if a rota (optimal or merely feasible) was found that keeps every hard rule."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, fn: ProgressFn | None, t0: float) -> None:
        super().__init__()
        self._fn = fn
        self._t0 = t0  # when solve() started: elapsed times include building and earlier phases
        self.found = False

    def on_solution_callback(self) -> None:
        self.found = True
        if self._fn is not None:
            self._fn(
                float(self.objective_value),
                float(self.best_objective_bound),
                _time.perf_counter() - self._t0,
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
    parameters: Mapping[str, object] | None = None,
    feasibility_first: bool = True,
) -> SolveResult:
    """Solve ``problem`` within ``time_limit`` seconds (building included).

    ``workers`` is the number of CP-SAT search workers; with ``workers=1`` and a fixed ``seed``
    a run that finishes within its limit is reproducible. ``on_progress(objective, bound,
    elapsed_seconds)`` is called on each improving solution. ``hint`` (e.g. the last published
    rota) seeds the search: listed assignments are hinted on, all others off; unknown ids are
    ignored; without one, ``problem.previous`` is the hint. ``explain=False`` skips the
    explanation of an infeasible plan. ``parameters`` overrides CP-SAT parameters by name (e.g.
    ``{"stop_after_first_solution": True}``).
    ``feasibility_first`` first looks for any rota with the objective switched off (at most half
    the time left; much faster on large plans), makes its soft terms tight and seeds the
    optimisation with it (the ``hint`` guides that search). When no hard rule links workers
    (e.g. Curtois & Qu) the rota is found worker by worker instead: first on horizons longer than
    ``LONG_HORIZON_DAYS``, else only if the optimisation finds nothing in 40 % of the time. A
    seeded rota is returned (bound 0) if the optimisation finds nothing better in time. If one
    rule makes up at least ``DOMINANT_RULE_SHARE`` of the seeded rota's cost (on APAC rotas:
    on-call hours outside local daytime), that rule alone is minimised first for
    ``DOMINANT_SHARE`` of the time left, every hard rule in force, and the full objective
    continues from the result if it is better (not when re-planning from a hint, nor with
    ``stop_after_first_solution``). Returns
    the best rota found so far; never raises for an infeasible plan.
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
    hint = hint or problem.previous  # re-planning: start from the rota being re-planned
    if hint:
        on = {(a.worker_id, a.demand_id, a.shadow) for a in hint}
        for (wid, did), v in b.x.items():
            b.m.add_hint(v, (wid, did, False) in on)
        for (wid, did), v in b.sh.items():
            b.m.add_hint(v, (wid, did, True) in on)
    t1 = _time.perf_counter()
    first_only = bool((parameters or {}).get("stop_after_first_solution"))
    code = None
    seeded = None  # a rota found before the optimisation (kept if the latter finds none)
    independent = feasibility_first and bool(b.terms) and _workers_independent(problem)
    # rescue: a first share of the time for the optimisation alone, then per-worker seeding
    rescue = independent and problem.days <= LONG_HORIZON_DAYS
    if feasibility_first and b.terms and not rescue:
        left = time_limit - (t1 - t0)
        if independent:
            found = _per_worker_phase(b, t1 + left * 0.8, workers, seed)
        else:  # guided by the hint, if any
            found = _feasibility_phase(b, left, workers, seed, parameters)
        if isinstance(found, cp_model.CpSolver):
            seeded = found
            if on_progress is not None:
                on_progress(float(seeded.objective_value), 0.0, _time.perf_counter() - t0)
            left = time_limit - (_time.perf_counter() - t0)
            # not when re-planning from a hint: there the hinted rota is the one to stay near
            if not (independent or first_only or hint) and left >= DOMINANT_MIN_SECONDS:
                warm = _dominant_phase(b, seeded, left * DOMINANT_SHARE, workers, seed)
                if warm is not None:
                    seeded = warm
                    if on_progress is not None:
                        on_progress(float(seeded.objective_value), 0.0, _time.perf_counter() - t0)
        elif found is not None:
            code = found
    bound = None
    if seeded is not None and first_only:  # asked for the first rota: that is the seeded one
        solver, code, bound = seeded, cp_model.FEASIBLE, 0.0
    elif code != cp_model.INFEASIBLE:
        # a slice of the time is kept to price the rota found exactly (see _tighten)
        left = time_limit - (_time.perf_counter() - t0) - (_reserve(time_limit) if b.terms else 0)
        # from a seeded rota the search starts at a complete hint: a full presolve of the big
        # model (APAC 60: 7 s) buys less than the time it takes
        main = {**(_FAST_PRESOLVE if seeded else {}), **(parameters or {})}
        solver = _solver(max(0.01, left), workers, seed, main)
        progress = _Progress(on_progress, t0)
        timer = None
        if rescue:  # stop the search at 40 % of the time if it has found nothing by then
            import threading

            timer = threading.Timer(
                0.4 * left, lambda: None if progress.found else solver.stop_search()
            )
            timer.start()
        code = solver.solve(b.m, progress)
        if timer is not None:
            timer.cancel()
        if rescue and code == cp_model.UNKNOWN:
            left = time_limit - (_time.perf_counter() - t0)
            found = _per_worker_phase(b, _time.perf_counter() + left / 2, workers, seed)
            if isinstance(found, cp_model.CpSolver):
                seeded = found
                if on_progress is not None:
                    on_progress(float(seeded.objective_value), 0.0, _time.perf_counter() - t0)
                left = time_limit - (_time.perf_counter() - t0)
                solver = _solver(max(0.01, left), workers, seed, parameters)
                code = solver.solve(b.m, _Progress(on_progress, t0))
            elif found is not None:
                code = found
        found_now = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        bound = solver.best_objective_bound if found_now else None
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE) and seeded:
            # no bound proven: 0 (every soft term is non-negative)
            solver, code, bound = seeded, cp_model.FEASIBLE, 0.0
    t_solve = _time.perf_counter() - t1
    status = _STATUS.get(code, Status.UNKNOWN)
    if status == Status.FEASIBLE and b.terms:
        solver = _tighten(b, solver, t0 + time_limit, workers, seed)
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        res = _read_solution(problem, facts, b, solver, status)
        if bound is not None and b.terms:
            res["best_bound"] = float(bound)
            if res["objective"] is not None and res["objective"] <= bound + 1e-9:
                res["status"] = Status.OPTIMAL
        violations = tuple(validate(problem, res["assignments"]))
        if violations:  # never optimal or feasible when the independent validator disagrees
            res["status"] = Status.INVALID
            res["message"] = (
                f"the engine's rota breaks {len(violations)} hard rule instance"
                f"{'' if len(violations) == 1 else 's'}; do not use it"
            )
        total = _time.perf_counter() - t0
        return SolveResult(
            **{**res, "violations": violations, "timings": Timings(t_build, t_solve, 0.0, total)}
        )
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


def _reserve(time_limit: float) -> float:
    """Seconds kept at the end of a solve to price its rota exactly."""
    return min(2.0, 0.1 * time_limit)


def _tighten(
    b: ModelBuilder, solver: cp_model.CpSolver, deadline: float, workers: int, seed: int
) -> cp_model.CpSolver:
    """The same rota with every soft term at its true amount.

    A soft term's variable is only bounded below (an excess, a missed rest, a fairness spread),
    so it is exact at the optimum but may sit above its true value in a rota found at the time
    limit: the reported penalties would then overstate the cost. Fixing the placements and
    minimising the rest makes each exact (the independent scorer agrees). Returns the original
    solver if there is no time left or no improvement.
    """
    fixed = {v.index: solver.boolean_value(v) for v in (*b.x.values(), *b.sh.values())}
    tight = _seed(
        b, lambda v: fixed[v.index], max(deadline, _time.perf_counter() + 0.5), workers, seed
    )
    if tight is None or tight.objective_value > solver.objective_value:
        return solver
    return tight


def _solver(
    limit: float, workers: int, seed: int, parameters: Mapping[str, object] | None
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    for name, value in (parameters or {}).items():
        if isinstance(value, list | tuple):  # repeated field (empty on a new solver)
            getattr(solver.parameters, name).extend(value)
        else:
            setattr(solver.parameters, name, value)
    return solver


def _workers_independent(problem: Problem) -> bool:
    """True if no hard rule links two workers: every demand is soft without skill or language
    requirements, and there is no pairing and no on-call demand (e.g. Curtois & Qu)."""
    return (
        len(problem.workers) > 1
        and not problem.pairings
        and all(
            not d.hard and not d.required_skills and not d.required_languages and not d.on_call
            for d in problem.demands
        )
    )


def _one_worker(problem: Problem, wid: str) -> Problem:
    import dataclasses

    def mine(items: tuple) -> tuple:
        return tuple(i for i in items if getattr(i, "worker_id", wid) == wid)

    h = problem.history
    return dataclasses.replace(
        problem,
        workers=tuple(w for w in problem.workers if w.id == wid),
        pins=mine(problem.pins),
        preferences=mine(problem.preferences),
        previous=mine(problem.previous),
        history=dataclasses.replace(
            h,
            shifts=mine(h.shifts),
            daily_exposure=mine(h.daily_exposure),
            critical_incidents=mine(h.critical_incidents),
            pages=mine(h.pages),
        ),
    )


def _per_worker_phase(
    b: ModelBuilder, deadline: float, workers: int, seed: int
) -> int | cp_model.CpSolver | None:
    """When no hard rule links workers, find each worker's own feasible schedule (small models,
    objective off), then complete and hint the full model with them. Returns INFEASIBLE if one
    worker alone cannot be scheduled, the solver holding the seeded rota, or None."""
    on: set[tuple[str, str]] = set()
    ids = [w.id for w in b.problem.workers]
    for i, wid in enumerate(ids):
        left = deadline - _time.perf_counter()
        if left <= 0.05:
            return None
        q = _one_worker(b.problem, wid)
        bw = ModelBuilder(q, compute_facts(q), guarded=False)
        build_model(bw)
        bw.m.clear_objective()
        solver = _solver(max(0.05, left / (len(ids) - i) * 2), 1, seed, None)
        solver.parameters.stop_after_first_solution = True
        code = solver.solve(bw.m)
        if code == cp_model.INFEASIBLE:
            return code
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        on.update(k for k, v in bw.x.items() if solver.boolean_value(v))
        on.update((k[0], k[1], "sh") for k, v in bw.sh.items() if solver.boolean_value(v))
    keys = {v.index: k for k, v in b.x.items()}
    keys.update({v.index: (*k, "sh") for k, v in b.sh.items()})
    return _seed(b, lambda v: keys[v.index] in on, deadline + 2.0, workers, seed)


def _seed(
    b: ModelBuilder, on: Callable[[Any], bool], deadline: float, workers: int, seed: int
) -> cp_model.CpSolver | None:
    """Fix every placement variable ``v`` to ``on(v)``, solve the rest of the full model (the
    soft terms' variables, now tight) and hint the full model with the result. Returns the solver
    holding that rota (its variables have the full model's indices), or None."""
    sub = b.m.clone()
    sub.add_bool_and(
        [v if on(v) else v.Not() for v in b.x.values()]
        + [v if on(v) else v.Not() for v in b.sh.values()]
    )
    solver = _solver(max(0.05, deadline - _time.perf_counter()), workers, seed, _FAST_PRESOLVE)
    code = solver.solve(sub)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    _hint_every_variable(b, list(solver.response_proto.solution))
    return solver


def _hint_every_variable(b: ModelBuilder, values: list[int]) -> None:
    """Replace the full model's hint by a value for every variable (a whole rota)."""
    b.m.clear_hints()
    hint = b.m.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def _amount(t: SoftTerm, solver: cp_model.CpSolver) -> int:
    """What soft term ``t`` amounts to in the rota held by ``solver`` (before its weight)."""
    return t.expr if isinstance(t.expr, int) else int(solver.value(t.expr))


def _term_costs(b: ModelBuilder, solver: cp_model.CpSolver) -> dict[str, int]:
    """Cost per rule of the rota held by ``solver`` (variables of the full model)."""
    out: dict[str, int] = defaultdict(int)
    for t in b.terms:
        out[t.rule_id] += _amount(t, solver) * t.weight
    return out


def _dominant_phase(
    b: ModelBuilder, seeded: cp_model.CpSolver, budget: float, workers: int, seed: int
) -> cp_model.CpSolver | None:
    """If one rule makes up most of the seeded rota's cost (e.g. on-call hours outside local
    daytime on a follow-the-sun rota), minimise that rule alone for ``budget`` seconds, starting
    from the seeded rota, then make the other soft terms tight and hint the full model with the
    result. Every hard rule stays in force. Returns the solver holding the better rota, or None
    (the seeded rota and its hint are then kept)."""
    costs = _term_costs(b, seeded)
    total = sum(costs.values())
    rule, top = max(costs.items(), key=lambda kv: kv[1], default=(None, 0))
    if rule is None or total <= 0 or top < DOMINANT_RULE_SHARE * total or top == total:
        return None
    t0 = _time.perf_counter()
    sub = b.m.clone()  # carries the seeded rota as its hint
    sub.minimize(sum(t.weight * t.expr for t in b.terms if t.rule_id == rule))
    solver = _solver(budget, workers, seed, None)
    code = solver.solve(sub)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.objective_value >= top:
        return None
    values = list(solver.response_proto.solution)
    old_hint = list(seeded.response_proto.solution)
    warm = _seed(b, lambda v: bool(values[v.index]), t0 + budget + 5.0, workers, seed)
    if warm is None or warm.objective_value >= seeded.objective_value:
        _hint_every_variable(b, old_hint)  # put the seeded rota back as the hint
        return None
    return warm


def _feasibility_phase(
    b: ModelBuilder,
    left: float,
    workers: int,
    seed: int,
    parameters: Mapping[str, object] | None,
) -> int | cp_model.CpSolver | None:
    """Find any rota with the objective off (within half of ``left`` seconds), make its soft
    terms tight and hint every variable of the full model with it. Returns INFEASIBLE if the plan
    is proven impossible, the solver holding the seeded rota, or None."""
    t0 = _time.perf_counter()
    feas = b.m.clone()
    feas.clear_objective()
    solver = _solver(left / 2, workers, seed, {**_FAST_PRESOLVE, **(parameters or {})})
    solver.parameters.stop_after_first_solution = True
    code = solver.solve(feas)
    if code == cp_model.INFEASIBLE:
        return code
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = list(solver.response_proto.solution)
        deadline = t0 + max(left * 0.6, _time.perf_counter() - t0 + 1.0)
        return _seed(b, lambda v: bool(values[v.index]), deadline, workers, seed)
    return None


def evaluate(
    problem: Problem,
    assignments: tuple[Assignment, ...] | list[Assignment],
    *,
    time_limit: float = 10.0,
) -> SolveResult:
    """Score a given rota (e.g. after a lead's edit) with the model: its penalties and loads if it
    keeps every hard rule, else ``infeasible`` with an explanation naming the broken rules (the
    rota itself appears as "pins"); ``invalid`` with ``violations`` if the model accepts it but
    the independent validator (:func:`~scheduling.validate`) does not.
    """
    import dataclasses

    have = {(a.worker_id, a.demand_id, a.shadow) for a in assignments}
    trainees = {pq.trainee_id for pq in problem.pairings}
    pins = []
    for d in problem.demands:
        for w in problem.workers:
            pins.append(Pin(w.id, d.id, (w.id, d.id, False) in have))
            # every shadow place is fixed too: listed ones taken, the others left empty
            place = d.allow_shadows and d.max_shadows > 0 and w.id in trainees
            if place or (w.id, d.id, True) in have:
                pins.append(Pin(w.id, d.id, (w.id, d.id, True) in have, shadow=True))
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
        amount = _amount(t, solver)
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
    """Why ``problem`` is infeasible, root cause first, within ``budget`` seconds.

    First the counts a lead can act on (:func:`scheduling.diagnose.root_causes`: a requirement
    too few people hold across the horizon, then every unfillable slot of one kind as one line),
    then a short list of conflicting hard rule instances from the CP-SAT core, grouped per rule
    and people and ranked staffing first, then leave, then personal limits, then team policy.
    """
    t0 = _time.perf_counter()
    facts = facts or compute_facts(problem)
    root = root_causes(problem, facts)
    core_lines = _core_explanation(problem, facts, budget - (_time.perf_counter() - t0))
    if root and core_lines and core_lines[0].rule_id == "unexplained":
        return root
    return root + core_lines


#: how a lead acts on a conflict, most direct first: staff the slot, move leave, change a
#: person's limits, change the team policy
_ACTION_RANK = {
    "coverage": 0,
    "skills": 0,
    "languages": 0,
    "pins": 1,
    "availability": 1,
    "holiday-agreement": 1,
    "category-clearance": 2,
    "category-opt-out": 2,
    "night-consent": 2,
    "total-minutes": 2,
    "max-shifts-per-kind": 2,
    "critical-incident-recovery": 2,
}


def _core_explanation(problem: Problem, facts: Facts, budget: float) -> tuple[Explanation, ...]:
    """The CP-SAT conflict core, minimised by deletion while time lasts, grouped and ranked."""
    t0 = _time.perf_counter()
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
    grouped = _group([b.guards[k] for k in core])
    return tuple(sorted(grouped, key=lambda e: (_ACTION_RANK.get(e.rule_id, 3), -e.count)))


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
