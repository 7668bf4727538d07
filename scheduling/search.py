"""The search: how :func:`scheduling.solve` spends its time limit on a built model.

Every phase gets an absolute deadline from one :class:`Deadline`, and every deadline is clamped
to the time left, so no phase can run past the solve's limit. The phases, in order:

1. **A first rota.** With the objective switched off, any rota that keeps every hard rule
   (at most half the time left). When no hard rule links two workers (e.g. Curtois & Qu) the
   whole objective is searched at once instead; if it has found nothing after 40 % of the time,
   each worker's own schedule is found in a small model per worker and the search goes on
   from that rota.
2. **Tight soft terms.** The first rota's placements fixed and the rest solved, so its cost is
   exact; it becomes a hint for every variable of the full model.
3. **One dominant rule.** If one soft rule makes up at least half the first rota's cost, that
   rule alone is minimised for half the time left before the whole objective (not when
   re-planning from a hint, nor when only the first rota is asked for).
4. **The whole objective** from the best rota so far, until the time left minus a reserve.
5. **Exact pricing** of the rota found (:func:`tighten`) within the reserve.

Nothing here depends on a benchmark's name or size; the shares are of the time left.
"""

from __future__ import annotations

import threading
import time as _time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import CpSolverStatus

from .facts import compute_facts
from .model import ModelBuilder, SoftTerm
from .problem import Problem
from .rules import build_model

ProgressFn = Callable[[float, float, float], None]

#: a rule costing at least this share of the first rota's objective is minimised on its own
#: first, for DOMINANT_SHARE of the time left, before the whole objective
DOMINANT_RULE_SHARE = 0.5
DOMINANT_SHARE = 0.5
#: below this many seconds left the dominant-rule phase is skipped
DOMINANT_MIN_SECONDS = 6.0
#: the share of the time left the first-rota phase may use
FIRST_ROTA_SHARE = 0.5
#: when no hard rule links workers: the share of the time the whole objective gets to find a
#: first rota before each worker's own schedule is found instead
RESCUE_SHARE = 0.4
#: seconds kept after the search for exact pricing and the independent validator
RESERVE_SHARE = 0.1
RESERVE_MAX_SECONDS = 2.0
#: the smallest time limit CP-SAT is given (it needs a positive one)
_MIN_SECONDS = 0.01

#: one presolve round and no symmetry detection, for the phases whose search is easy (any rota;
#: the soft terms of a fixed rota): on large plans presolve took most of their time (APAC 60,
#: any rota: 4.3 s -> 2.1 s)
FAST_PRESOLVE: Mapping[str, object] = {"max_presolve_iterations": 1, "symmetry_level": 0}


@dataclass(frozen=True)
class Deadline:
    """The instant (``time.perf_counter`` seconds) by which the solve must be done."""

    start: float
    limit: float

    @property
    def at(self) -> float:
        return self.start + self.limit

    def left(self) -> float:
        """Seconds until the deadline (never negative)."""
        return max(0.0, self.at - _time.perf_counter())

    def share(self, fraction: float, *, keep: float = 0.0) -> float:
        """An absolute deadline ``fraction`` of the time left from now, ``keep`` seconds before
        the end kept back; never past the deadline."""
        now = _time.perf_counter()
        usable = max(0.0, self.at - keep - now)
        return min(self.at, now + fraction * usable)

    def elapsed(self) -> float:
        return _time.perf_counter() - self.start


def reserve(time_limit: float) -> float:
    """Seconds kept at the end of a solve to price its rota exactly and validate it."""
    return min(RESERVE_MAX_SECONDS, RESERVE_SHARE * time_limit)


def seconds_until(deadline: float) -> float:
    """CP-SAT's time limit for a phase ending at ``deadline``."""
    return max(_MIN_SECONDS, deadline - _time.perf_counter())


class Progress(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution as (objective, bound, seconds since the solve began)."""

    def __init__(self, fn: ProgressFn | None, start: float) -> None:
        super().__init__()
        self._fn = fn
        self._start = start  # elapsed times include building and earlier phases
        self.found = False

    def on_solution_callback(self) -> None:
        self.found = True
        if self._fn is not None:
            self._fn(
                float(self.objective_value),
                float(self.best_objective_bound),
                _time.perf_counter() - self._start,
            )


def make_solver(
    limit: float, workers: int, seed: int, parameters: Mapping[str, object] | None
) -> cp_model.CpSolver:
    """A CP-SAT solver with a time limit, workers, a seed and parameters by name."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(_MIN_SECONDS, limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    for name, value in (parameters or {}).items():
        if isinstance(value, list | tuple):  # repeated field (empty on a new solver)
            getattr(solver.parameters, name).extend(value)
        else:
            setattr(solver.parameters, name, value)
    return solver


@dataclass(frozen=True)
class Outcome:
    """What the search found: the solver holding the rota (if any), CP-SAT's status code and
    the proven bound (None if none was proven)."""

    solver: cp_model.CpSolver | None
    code: Any
    bound: float | None


def search(
    b: ModelBuilder,
    deadline: Deadline,
    *,
    workers: int,
    seed: int,
    on_progress: ProgressFn | None = None,
    hinted: bool = False,
    parameters: Mapping[str, object] | None = None,
    feasibility_first: bool = True,
) -> Outcome:
    """Run the phases on the built model ``b`` within ``deadline`` (see the module docstring).

    ``hinted`` says the model carries a hint from the rota being re-planned (the dominant-rule
    phase is then skipped: that rota is the one to stay near).
    """
    first_only = bool((parameters or {}).get("stop_after_first_solution"))
    keep = reserve(deadline.limit) if b.terms else 0.0
    seeded = None  # a rota found before the optimisation (kept if the latter finds none)

    def report(solver: cp_model.CpSolver) -> None:
        if on_progress is not None:
            on_progress(float(solver.objective_value), 0.0, deadline.elapsed())

    independent = feasibility_first and bool(b.terms) and workers_independent(b.problem)
    if feasibility_first and b.terms and not independent:
        found = first_rota(
            b, deadline.share(FIRST_ROTA_SHARE, keep=keep), deadline, workers, seed, parameters
        )
        if found == cp_model.INFEASIBLE:
            return Outcome(None, cp_model.INFEASIBLE, None)
        if isinstance(found, cp_model.CpSolver):
            seeded = found
            report(seeded)
            left = deadline.left() - keep
            if not (first_only or hinted) and left >= DOMINANT_MIN_SECONDS:
                warm = dominant_rule(
                    b, seeded, deadline.share(DOMINANT_SHARE, keep=keep), deadline, workers, seed
                )
                if warm is not None:
                    seeded = warm
                    report(seeded)
    if seeded is not None and first_only:  # asked for the first rota: that is the seeded one
        return Outcome(seeded, cp_model.FEASIBLE, 0.0)
    # from a seeded rota the search starts at a complete hint: a full presolve of the big model
    # (APAC 60: 7 s) buys less than the time it takes
    main = {**(FAST_PRESOLVE if seeded else {}), **(parameters or {})}
    solver = make_solver(seconds_until(deadline.share(1.0, keep=keep)), workers, seed, main)
    progress = Progress(on_progress, deadline.start)
    if independent:  # stop at RESCUE_SHARE of the time if nothing is found by then
        code = _solve_or_stop(solver, b, progress, RESCUE_SHARE * deadline.left())
        if code == cp_model.UNKNOWN:
            found = per_worker_rota(b, deadline.share(0.5, keep=keep), deadline, workers, seed)
            if found == cp_model.INFEASIBLE:
                return Outcome(None, cp_model.INFEASIBLE, None)
            if isinstance(found, cp_model.CpSolver):
                seeded = found
                report(seeded)
                if first_only:
                    return Outcome(seeded, cp_model.FEASIBLE, 0.0)
                limit = seconds_until(deadline.share(1.0, keep=keep))
                solver = make_solver(limit, workers, seed, parameters)
                code = solver.solve(b.m, Progress(on_progress, deadline.start))
    else:
        code = solver.solve(b.m, progress)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Outcome(solver, code, solver.best_objective_bound)
    if code != cp_model.INFEASIBLE and seeded is not None:
        return Outcome(seeded, cp_model.FEASIBLE, 0.0)  # no bound proven: 0 (terms are >= 0)
    return Outcome(solver, code, None)


def _solve_or_stop(
    solver: cp_model.CpSolver, b: ModelBuilder, progress: Progress, after: float
) -> Any:
    """Solve, but stop the search after ``after`` seconds if it has found no rota by then."""
    timer = threading.Timer(after, lambda: None if progress.found else solver.stop_search())
    timer.start()
    try:
        return solver.solve(b.m, progress)
    finally:
        timer.cancel()


def tighten(
    b: ModelBuilder, solver: cp_model.CpSolver, deadline: Deadline, workers: int, seed: int
) -> cp_model.CpSolver:
    """The same rota with every soft term at its true amount.

    A soft term's variable is only bounded below (an excess, a missed rest, a fairness spread),
    so it is exact at the optimum but may sit above its true value in a rota found at the time
    limit: the reported penalties would then overstate the cost. Fixing the placements and
    minimising the rest makes each exact (the independent scorer agrees). Returns the original
    solver if there is no time left or no improvement.
    """
    fixed = {v.index: solver.boolean_value(v) for v in (*b.x.values(), *b.sh.values())}
    tight = fix_and_complete(b, lambda v: fixed[v.index], deadline.share(1.0), workers, seed)
    if tight is None or tight.objective_value > solver.objective_value:
        return solver
    return tight


def workers_independent(problem: Problem) -> bool:
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


def one_worker(problem: Problem, wid: str) -> Problem:
    """``problem`` with only worker ``wid`` and what concerns them."""

    def mine(items: tuple) -> tuple:
        return tuple(i for i in items if getattr(i, "worker_id", wid) == wid)

    h = problem.history
    return replace(
        problem,
        workers=tuple(w for w in problem.workers if w.id == wid),
        pins=mine(problem.pins),
        preferences=mine(problem.preferences),
        previous=mine(problem.previous),
        history=replace(
            h,
            shifts=mine(h.shifts),
            daily_exposure=mine(h.daily_exposure),
            critical_incidents=mine(h.critical_incidents),
            pages=mine(h.pages),
        ),
    )


def per_worker_rota(
    b: ModelBuilder, until: float, deadline: Deadline, workers: int, seed: int
) -> cp_model.CpSolver | CpSolverStatus | None:
    """When no hard rule links workers, find each worker's own feasible schedule by ``until``
    (small models, objective off), then complete and hint the full model with them. Returns
    INFEASIBLE if one worker alone cannot be scheduled, the solver holding the rota, or None."""
    on: set[tuple[str, ...]] = set()
    ids = [w.id for w in b.problem.workers]
    for i, wid in enumerate(ids):
        left = until - _time.perf_counter()
        if left <= 0.05:
            return None
        q = one_worker(b.problem, wid)
        bw = ModelBuilder(q, compute_facts(q), guarded=False)
        build_model(bw)
        bw.m.clear_objective()
        share = min(left, left / (len(ids) - i) * 2)
        solver = make_solver(share, 1, seed, None)
        solver.parameters.stop_after_first_solution = True
        code = solver.solve(bw.m)
        if code == cp_model.INFEASIBLE:
            return code
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        on.update(k for k, v in bw.x.items() if solver.boolean_value(v))
        on.update((k[0], k[1], "sh") for k, v in bw.sh.items() if solver.boolean_value(v))
    keys: dict[int, tuple[str, ...]] = {v.index: k for k, v in b.x.items()}
    keys.update({v.index: (*k, "sh") for k, v in b.sh.items()})
    # completing the rota may take past ``until``: it is half the work, so the time left counts
    return fix_and_complete(b, lambda v: keys[v.index] in on, deadline.share(0.5), workers, seed)


def fix_and_complete(
    b: ModelBuilder, on: Callable[[Any], bool], until: float, workers: int, seed: int
) -> cp_model.CpSolver | None:
    """Fix every placement variable ``v`` to ``on(v)``, solve the rest of the full model by
    ``until`` (the soft terms' variables, now tight) and hint the full model with the result.
    Returns the solver holding that rota (its variables have the full model's indices), or
    None."""
    sub = b.m.clone()
    sub.add_bool_and(
        [v if on(v) else v.Not() for v in b.x.values()]
        + [v if on(v) else v.Not() for v in b.sh.values()]
    )
    solver = make_solver(seconds_until(until), workers, seed, FAST_PRESOLVE)
    code = solver.solve(sub)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    hint_every_variable(b, list(solver.response_proto.solution))
    return solver


def hint_every_variable(b: ModelBuilder, values: list[int]) -> None:
    """Replace the full model's hint by a value for every variable (a whole rota)."""
    b.m.clear_hints()
    hint = b.m.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def amount(t: SoftTerm, solver: cp_model.CpSolver) -> int:
    """What soft term ``t`` amounts to in the rota held by ``solver`` (before its weight)."""
    return t.expr if isinstance(t.expr, int) else int(solver.value(t.expr))


def term_costs(b: ModelBuilder, solver: cp_model.CpSolver) -> dict[str, int]:
    """Cost per rule of the rota held by ``solver`` (variables of the full model)."""
    out: dict[str, int] = defaultdict(int)
    for t in b.terms:
        out[t.rule_id] += amount(t, solver) * t.weight
    return out


def dominant_rule(
    b: ModelBuilder,
    seeded: cp_model.CpSolver,
    until: float,
    deadline: Deadline,
    workers: int,
    seed: int,
) -> cp_model.CpSolver | None:
    """If one rule makes up most of the seeded rota's cost (e.g. on-call hours outside local
    daytime on a follow-the-sun rota), minimise that rule alone until ``until``, starting from
    the seeded rota, then make the other soft terms tight (within half the time then left) and
    hint the full model with the result. Every hard rule stays in force. Returns the solver
    holding the better rota, or None (the seeded rota and its hint are then kept)."""
    costs = term_costs(b, seeded)
    total = sum(costs.values())
    rule, top = max(costs.items(), key=lambda kv: kv[1], default=(None, 0))
    if rule is None or total <= 0 or top < DOMINANT_RULE_SHARE * total or top == total:
        return None
    sub = b.m.clone()  # carries the seeded rota as its hint
    sub.minimize(sum(t.weight * t.expr for t in b.terms if t.rule_id == rule))
    solver = make_solver(seconds_until(until), workers, seed, None)
    code = solver.solve(sub)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.objective_value >= top:
        return None
    values = list(solver.response_proto.solution)
    old_hint = list(seeded.response_proto.solution)
    warm = fix_and_complete(b, lambda v: bool(values[v.index]), deadline.share(0.5), workers, seed)
    if warm is None or warm.objective_value >= seeded.objective_value:
        hint_every_variable(b, old_hint)  # put the seeded rota back as the hint
        return None
    return warm


def first_rota(
    b: ModelBuilder,
    until: float,
    deadline: Deadline,
    workers: int,
    seed: int,
    parameters: Mapping[str, object] | None,
) -> cp_model.CpSolver | CpSolverStatus | None:
    """Find any rota with the objective off by ``until``, make its soft terms tight (within
    half the time then left) and hint every variable of the full model with it. Returns
    INFEASIBLE if the plan is proven impossible, the solver holding the rota, or None."""
    feas = b.m.clone()
    feas.clear_objective()
    solver = make_solver(
        seconds_until(until), workers, seed, {**FAST_PRESOLVE, **(parameters or {})}
    )
    solver.parameters.stop_after_first_solution = True
    code = solver.solve(feas)
    if code == cp_model.INFEASIBLE:
        return code
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = list(solver.response_proto.solution)
        return fix_and_complete(
            b, lambda v: bool(values[v.index]), deadline.share(0.5), workers, seed
        )
    return None
