"""The CP-SAT model: decision variables, guards (assumption literals) and soft terms.

Rules (in :mod:`scheduling.rules`) add constraints and soft terms through a :class:`ModelBuilder`.
With ``guarded=True`` every hard rule instance is enforced only under its own literal, so an
infeasible plan can be explained with ``sufficient_assumptions_for_infeasibility``; without
guards the same constraints are added unconditionally (faster main solve).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ortools.sat.python import cp_model

from .facts import Facts, exposure_minutes, is_high_severity
from .problem import Demand, Problem


@dataclass(frozen=True)
class Guard:
    """One hard rule instance that can be switched off (for explanations)."""

    rule_id: str
    workers: tuple[str, ...]
    when: datetime | date | None
    message: str
    relaxation: str
    #: the demand the instance is about, if one (a slot to staff, a demand a worker may not fill)
    demand_id: str | None = None


@dataclass(frozen=True)
class SoftTerm:
    """A soft cost: ``weight`` x ``expr`` charged to ``rule_id`` for ``worker_id`` (or None)."""

    rule_id: str
    worker_id: str | None
    weight: int
    expr: Any
    when: date | datetime | None = None
    note: str = ""


class ModelBuilder:
    """Holds the CP-SAT model, its variables, guards and soft terms while rules are added."""

    def __init__(self, problem: Problem, facts: Facts, guarded: bool) -> None:
        self.problem = problem
        self.policy = problem.policy
        self.facts = facts
        self.guarded = guarded
        self.m = cp_model.CpModel()
        self.guards: list[Guard] = []
        self.guard_lits: list[cp_model.IntVar] = []
        self._guard_index: dict[tuple, cp_model.IntVar] = {}
        self.terms: list[SoftTerm] = []
        #: coverage shortfall per demand (0 for hard demands); set by the coverage rule
        self.shortfall: dict[str, Any] = {}
        self._rest_vars: dict[tuple, Any] = {}
        self._timelines: dict[str, Any] = {}
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        self.sh: dict[tuple[str, str], cp_model.IntVar] = {}
        self.y: dict[tuple[str, str], cp_model.IntVar] = {}
        self._not_y: dict[tuple[str, str], Any] = {}
        self._build_variables()

    # ---- variables --------------------------------------------------------------------------
    def _build_variables(self) -> None:
        p = self.problem
        trainees = {pq.trainee_id for pq in p.pairings}
        for w in p.workers:
            for d in p.demands:
                self.x[w.id, d.id] = self.m.new_bool_var(f"x[{w.id},{d.id}]")
                if d.allow_shadows and w.id in trainees and d.max_shadows > 0:
                    self.sh[w.id, d.id] = self.m.new_bool_var(f"sh[{w.id},{d.id}]")
        for d in p.demands:
            shadows = [self.sh[w.id, d.id] for w in p.workers if (w.id, d.id) in self.sh]
            if shadows:
                self.m.add(sum(shadows) <= d.max_shadows)
        self.by_worker_day: dict[tuple[str, date], list[str]] = defaultdict(list)
        for w in p.workers:
            wf = self.facts.workers[w.id]
            for s in p.shifts:
                parts = self.parts(w.id, s.id)
                if len(parts) == 1:
                    # one place on the shift: "works the shift" is that very variable
                    v = parts[0]
                else:
                    v = self.m.new_bool_var(f"y[{w.id},{s.id}]")
                    # structural: a worker holds at most one role (or shadow place) on a shift
                    self.m.add(v == sum(parts)) if parts else self.m.add(v == 0)
                self.y[w.id, s.id] = v
                self.by_worker_day[w.id, wf.shifts[s.id].local_day].append(s.id)
        self._work: dict[tuple[str, date], Any] = {}
        self._night: dict[tuple[str, date], Any] = {}
        self._high: dict[tuple[str, date], Any] = {}
        self._day_sums: dict[tuple, Any] = {}

    def not_y(self, wid: str, sid: str) -> Any:
        """The negation of "works the shift" (cached: rest rules use each one many times)."""
        key = (wid, sid)
        v = self._not_y.get(key)
        if v is None:
            v = self._not_y[key] = self.y[key].Not()
        return v

    def parts(self, wid: str, sid: str) -> list[cp_model.IntVar]:
        """Variables placing worker ``wid`` on shift ``sid`` (roles and shadow places)."""
        out = []
        for d in self.facts.demands_by_shift.get(sid, []):
            out.append(self.x[wid, d.id])
            if (wid, d.id) in self.sh:
                out.append(self.sh[wid, d.id])
        return out

    def placed(self, wid: str, d: Demand) -> list[cp_model.IntVar]:
        """Variables placing ``wid`` on demand ``d`` (as role or as shadow)."""
        out = [self.x[wid, d.id]]
        if (wid, d.id) in self.sh:
            out.append(self.sh[wid, d.id])
        return out

    def _max_of(self, name: str, items: list) -> Any:
        if not items:
            return 0
        if len(items) == 1:
            return items[0]
        v = self.m.new_bool_var(name)
        self.m.add_max_equality(v, items)
        return v

    @property
    def one_shift_a_day(self) -> bool:
        """True if the model itself keeps every worker to at most one shift per local day
        (rule "shifts-per-day" on with a cap of 1, and not behind guards)."""
        return (
            not self.guarded
            and self.policy.max_shifts_per_local_day == 1
            and self.policy.applies("shifts-per-day")
        )

    def _day_or(self, name: str, items: list) -> Any:
        """1 if any of ``items`` (literals of shifts starting on one local day) is 1.

        With at most one shift a day (and one place per shift) the items sum to at most 1, so
        the OR is their sum: a linear equality, which the LP relaxation sees whole, instead of a
        max constraint."""
        if len(items) > 1 and self.one_shift_a_day:
            v = self.m.new_bool_var(name)
            self.m.add(v == sum(items))
            return v
        return self._max_of(name, items)

    def in_horizon(self, wid: str, day: date) -> bool:
        """True if ``day`` is a horizon day (not a lookback day) for the worker."""
        hd = self.facts.workers[wid].horizon_days
        return hd[0] <= day <= hd[-1]

    def hist(self, wid: str, day: date):
        """What history put on local ``day`` (also on a horizon day: a worker's first local day
        may hold work done before the plan's first shift)."""
        return self.facts.workers[wid].hist(day)

    def work(self, wid: str, day: date) -> Any:
        """1 if the worker works a shift starting on local ``day`` (history included)."""
        h = self.hist(wid, day)
        if h.worked or not self.in_horizon(wid, day):
            return int(h.worked)
        key = (wid, day)
        if key not in self._work:
            ys = [self.y[wid, s] for s in self.by_worker_day.get(key, [])]
            self._work[key] = self._day_or(f"work[{wid},{day}]", ys)
        return self._work[key]

    def night(self, wid: str, day: date) -> Any:
        """1 if the worker works a night shift starting on local ``day`` (history included)."""
        wf = self.facts.workers[wid]
        h = wf.hist(day)
        if h.night or not self.in_horizon(wid, day):
            return int(h.night)
        key = (wid, day)
        if key not in self._night:
            ys = [self.y[wid, s] for s in self.by_worker_day.get(key, []) if wf.shifts[s].is_night]
            self._night[key] = self._day_or(f"night[{wid},{day}]", ys)
        return self._night[key]

    def nights(self, wid: str, day: date) -> Any:
        """Night shifts starting on local ``day``, history included (nights count per shift)."""
        wf = self.facts.workers[wid]
        h = wf.hist(day)
        if not self.in_horizon(wid, day):
            return h.nights
        key = ("nights", wid, day)
        if key in self._day_sums:
            return self._day_sums[key]
        sids = [s for s in self.by_worker_day.get((wid, day), []) if wf.shifts[s].is_night]
        return self._day_sum(key, [(self.y[wid, s], 1) for s in sids], h.nights)

    def high(self, wid: str, day: date) -> Any:
        """1 if the worker does high-severity work on a shift starting on local ``day``."""
        wf = self.facts.workers[wid]
        h = wf.hist(day)
        if h.high_severity or not self.in_horizon(wid, day):
            return int(h.high_severity)
        key = (wid, day)
        if key not in self._high:
            vs = []
            for s in self.by_worker_day.get(key, []):
                for d in self.facts.demands_by_shift.get(s, []):
                    if is_high_severity(d, self.policy):
                        vs.extend(self.placed(wid, d))
            self._high[key] = self._day_or(f"high[{wid},{day}]", vs)
        return self._high[key]

    def _day_sum(self, key: tuple, terms: list[tuple[Any, int]], constant: int = 0) -> Any:
        """A cached linear expression constant + sum(coef x var) for one worker and local day."""
        v = self._day_sums.get(key)
        if v is None:
            terms = [(var, c) for var, c in terms if c]
            v = (
                cp_model.LinearExpr.weighted_sum([t[0] for t in terms], [t[1] for t in terms])
                + constant
                if terms
                else constant
            )
            self._day_sums[key] = v
        return v

    def minutes(self, wid: str, day: date) -> Any:
        """Minutes of shifts starting on local ``day`` (history included)."""
        wf = self.facts.workers[wid]
        h = wf.hist(day)
        if not self.in_horizon(wid, day):
            return h.minutes
        key = ("minutes", wid, day)
        if key in self._day_sums:
            return self._day_sums[key]
        sids = self.by_worker_day.get((wid, day), [])
        return self._day_sum(key, [(self.y[wid, s], wf.shifts[s].minutes) for s in sids], h.minutes)

    def exposure(self, wid: str, day: date, high_only: bool = False) -> Any:
        """Weighted exposure minutes on local ``day`` (optionally high-severity work only),
        history included."""
        wf = self.facts.workers[wid]
        h = wf.hist(day)
        past = h.exposure if (not high_only or h.high_severity) else 0
        if not self.in_horizon(wid, day):
            return past
        key = ("exposure", wid, day, high_only)
        if key in self._day_sums:
            return self._day_sums[key]
        terms: list[tuple[Any, int]] = []
        for s in self.by_worker_day.get((wid, day), []):
            for d in self.facts.demands_by_shift.get(s, []):
                if high_only and not is_high_severity(d, self.policy):
                    continue
                e = exposure_minutes(d, wf.shifts[s].minutes)
                if e:
                    terms.extend((v, e) for v in self.placed(wid, d))
        return self._day_sum(key, terms, past)

    def on_call_minutes(self, wid: str, day: date) -> Any:
        """On-call minutes of shifts starting on local ``day`` (history included)."""
        wf = self.facts.workers[wid]
        h = wf.hist(day)
        if not self.in_horizon(wid, day):
            return h.on_call_minutes
        key = ("on_call", wid, day)
        if key in self._day_sums:
            return self._day_sums[key]
        terms: list[tuple[Any, int]] = []
        for s in self.by_worker_day.get((wid, day), []):
            for d in self.facts.demands_by_shift.get(s, []):
                if d.on_call:
                    terms.append((self.x[wid, d.id], wf.shifts[s].minutes))
        return self._day_sum(key, terms, h.on_call_minutes)

    #: what history alone puts on a day, per day accessor (for :meth:`history_part`)
    _HISTORY_ONLY = {
        "work": lambda h: int(h.worked),
        "night": lambda h: int(h.night),
        "nights": lambda h: h.nights,
        "high": lambda h: int(h.high_severity),
        "minutes": lambda h: h.minutes,
        "exposure": lambda h: h.exposure,
        "on_call_minutes": lambda h: h.on_call_minutes,
    }

    def history_part(self, wid: str, win: list[date], fn: Any) -> int:
        """The part of a window sum fixed by history (days before the horizon, and work done
        on a horizon day before the plan's first shift).

        Windowed caps use ``max(cap, history part)``: a plan is never refused for what already
        happened, only for what it adds to a window that history has filled.
        """
        only = self._HISTORY_ONLY[fn.__name__]
        return sum(only(self.hist(wid, d)) for d in win)

    # ---- guards and terms -------------------------------------------------------------------
    def guard(
        self,
        rule_id: str,
        key: tuple,
        workers: tuple[str, ...],
        when: datetime | date | None,
        message: str,
        relaxation: str,
        demand_id: str | None = None,
    ) -> list:
        """Enforcement literals for a hard rule instance ([] when not guarded)."""
        if not self.guarded:
            return []
        full = (rule_id, *key)
        lit = self._guard_index.get(full)
        if lit is None:
            lit = self.m.new_bool_var(f"guard[{rule_id}:{len(self.guards)}]")
            self._guard_index[full] = lit
            self.guards.append(Guard(rule_id, workers, when, message, relaxation, demand_id))
            self.guard_lits.append(lit)
        return [lit]

    def add(self, constraint: Any, lits: list) -> None:
        """Add a built constraint under the enforcement literals ``lits``."""
        if lits:
            constraint.only_enforce_if(lits)

    def forbid(
        self,
        rule_id: str,
        wid: str,
        d: Demand,
        when: datetime | date | None,
        message: str,
        relaxation: str,
        shadows_too: bool = True,
        key: tuple | None = None,
    ) -> None:
        """Hard: worker ``wid`` may not fill demand ``d`` (nor shadow it).

        ``key`` groups instances under one guard (default: one per worker and demand); the
        message of the first instance of a group names the group.
        """
        k = (wid, d.id) if key is None else key
        lits = self.guard(rule_id, k, (wid,), when, message, relaxation, demand_id=d.id)
        vs = self.placed(wid, d) if shadows_too else [self.x[wid, d.id]]
        for v in vs:
            self.add(self.m.add(v == 0), lits)

    def soft(
        self,
        rule_id: str,
        worker_id: str | None,
        weight: int,
        expr: Any,
        when: date | datetime | None = None,
        note: str = "",
    ) -> None:
        """Register a soft term (skipped when the weight is 0)."""
        if weight:
            self.terms.append(SoftTerm(rule_id, worker_id, weight, expr, when, note))

    def excess(self, name: str, expr: Any, limit: int, ub: int) -> Any:
        """A variable >= max(0, expr - limit) (tight under minimisation)."""
        v = self.m.new_int_var(0, max(0, ub), name)
        self.m.add(v >= expr - limit)
        return v

    def objective(self) -> None:
        """Minimise the weighted sum of the soft terms."""
        if self.terms:
            self.m.minimize(sum(t.weight * t.expr for t in self.terms))
