"""``solve()``: build the CP-SAT model from the rule registry, solve it, and report.

``solve`` never raises for an infeasible plan and never prints. An infeasible plan is explained
by a second solve of the same model with every hard rule instance behind an assumption literal
(single worker, presolve off, as ``sufficient_assumptions_for_infeasibility`` requires), followed
by a deletion pass that shrinks the conflict to a short list while time remains.
"""

from __future__ import annotations

import time as _time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from ortools.sat.python import cp_model

from .diagnose import root_causes
from .facts import Facts, compute_facts
from .loads import WorkerLoad, worker_loads
from .model import ModelBuilder
from .problem import Assignment, Pin, Problem
from .rules import build_model
from .search import Deadline, ProgressFn, amount, search, tighten
from .validate import Violation, validate


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
    #: the demand (slot) the first instance is about, if one: readers name it from data
    demand_id: str | None = None


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


_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
}


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
    ``feasibility_first`` runs the phases of :mod:`scheduling.search` (a first rota, exact soft
    terms, a dominant rule, then the whole objective); without it the whole objective alone.
    Building, search, exact pricing, validation and an explanation together take at most
    ``time_limit`` plus about a second. Returns the best rota found so far; never raises for an
    infeasible plan.
    """
    deadline = Deadline(_time.perf_counter(), time_limit)
    t0 = deadline.start
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
    found = search(
        b,
        deadline,
        workers=workers,
        seed=seed,
        on_progress=on_progress,
        hinted=bool(hint),
        parameters=parameters,
        feasibility_first=feasibility_first,
    )
    solver, bound = found.solver, found.bound
    t_solve = _time.perf_counter() - t1
    status = _STATUS.get(found.code, Status.UNKNOWN)
    if status == Status.FEASIBLE and b.terms and solver is not None:
        solver = tighten(b, solver, deadline, workers, seed)
    if status in (Status.OPTIMAL, Status.FEASIBLE) and solver is not None:
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
        # the explanation has the time left, and at least a moment to say something
        budget = max(deadline.left(), EXPLAIN_MIN_SECONDS)
        explanation = explain_infeasibility(problem, budget=budget, facts=facts)
        t_explain = _time.perf_counter() - t2
    total = _time.perf_counter() - t0
    message = ""
    if status != Status.INFEASIBLE:
        message = solver.solution_info() if solver is not None else "no rota found in time"
    return SolveResult(
        status,
        explanation=explanation,
        timings=Timings(t_build, t_solve, t_explain, total),
        message=message,
    )


#: seconds an explanation may take when a plan is proven impossible at its time limit
EXPLAIN_MIN_SECONDS = 0.5


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
        n = amount(t, solver)
        if n:
            cost = n * t.weight
            penalties.append(Penalty(t.rule_id, t.worker_id, t.weight, n, cost, t.when, t.note))
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
        out.append(
            Explanation(
                rule_id, workers, first.when, msg, first.relaxation, len(gs), first.demand_id
            )
        )
    return tuple(out)
