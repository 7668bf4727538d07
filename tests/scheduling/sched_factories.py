"""Factories for scheduling tests: small problems with only the rules under test switched on."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduling import (
    Assignment,
    Demand,
    History,
    Policy,
    Problem,
    ShiftInstance,
    SolveResult,
    Worker,
    WorkerLimits,
    solve,
    validate,
)

#: a Monday
START = date(2026, 4, 6)
#: rules that every small test keeps on (structure of a rota)
BASE_RULES = frozenset({"coverage", "pins", "no-overlap", "shifts-per-day"})


def day(n: int) -> date:
    """The n-th horizon day (0 = START)."""
    return START + timedelta(days=n)


def local(d: date, hour: int, minute: int = 0, zone: str = "UTC") -> datetime:
    """A local wall-clock time as a UTC instant."""
    return datetime.combine(d, time(hour, minute), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def make_shift(
    n: int = 0,
    hour: int = 9,
    hours: float = 8,
    kind: str = "day",
    zone: str = "UTC",
    sid: str | None = None,
) -> ShiftInstance:
    """A shift on horizon day ``n`` starting at local ``hour`` in ``zone``."""
    s = local(day(n), hour, zone=zone)
    return ShiftInstance(sid or f"{kind}{n}", kind, s, s + timedelta(hours=hours))


def make_worker(wid: str = "w1", **overrides) -> Worker:
    """A worker; ``limits`` may be given as a dict of WorkerLimits fields."""
    lim = overrides.pop("limits", {})
    if isinstance(lim, dict):
        lim = WorkerLimits(**lim)
    return Worker(id=wid, name=overrides.pop("name", wid.upper()), limits=lim, **overrides)


def make_demand(shift: ShiftInstance, **overrides) -> Demand:
    """A demand of one worker on ``shift`` (id: shift id + role)."""
    role = overrides.get("role", "primary")
    return Demand(
        id=overrides.pop("id", f"{shift.id}:{role}"),
        shift_id=overrides.pop("shift_id", shift.id),
        **overrides,
    )


def policy(*rules: str, **fields) -> Policy:
    """A policy with only the base rules and ``rules`` switched on."""
    return Policy(enabled_rules=BASE_RULES | frozenset(rules), **fields)


def make_problem(
    workers, shifts, demands=None, pol: Policy | None = None, days: int | None = None, **kw
) -> Problem:
    """A problem over the days the shifts cover (from START); one demand per shift by default."""
    shifts = tuple(shifts)
    if demands is None:
        demands = [make_demand(s) for s in shifts]
    if days is None:
        last = max((s.start.date() for s in shifts), default=START)
        days = max(1, (last - START).days + 1)
    return Problem(
        start=START,
        days=days,
        workers=tuple(workers),
        shifts=shifts,
        demands=tuple(demands),
        policy=pol or policy(),
        history=kw.pop("history", History()),
        **kw,
    )


def run(p: Problem, time_limit: float = 5.0) -> SolveResult:
    """Solve a small problem reproducibly (1 worker, seed 0)."""
    return solve(p, time_limit=time_limit, workers=1, seed=0)


def assert_solved_and_valid(p: Problem, time_limit: float = 5.0) -> SolveResult:
    """The problem has a rota and the independent validator accepts it."""
    r = run(p, time_limit)
    assert r.has_rota, (r.status, r.explanation)
    assert validate(p, r.assignments) == []
    return r


def assert_refused(p: Problem, rule_id: str, rota: list[Assignment] | None = None) -> SolveResult:
    """The problem is infeasible, the explanation names ``rule_id``, and (if given) the validator
    flags ``rota`` under ``rule_id``."""
    r = run(p)
    assert r.status == "infeasible", r.status
    assert rule_id in {e.rule_id for e in r.explanation}, r.explanation
    if rota is not None:
        assert rule_id in {v.rule_id for v in validate(p, rota)}
    return r


def put(worker: str, *demands: Demand) -> list[Assignment]:
    """Assignments of ``worker`` to ``demands``."""
    return [Assignment(worker, d.id, d.shift_id, d.role) for d in demands]


def model_forgets(monkeypatch, rule_id: str) -> None:
    """Make the CP-SAT model leave out rule ``rule_id`` while the independent validator keeps
    it: a stand-in for a defect of the model, so the model accepts rotas that break the rule."""
    import scheduling.rules as rules

    monkeypatch.setattr(rules, "RULES", tuple(r for r in rules.RULES if r.id != rule_id))
