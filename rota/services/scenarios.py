"""Use cases around planning problems as such: a team's problem exported as a scenario file,
scenario files solved and checked (``tandem solve``, ``tandem check``), one Curtois & Qu
benchmark instance solved (``tandem bench curtois``), and "what if" (is the team still staffable
without these people, or with these levels).

The CLI prints what these return; it never reaches the engine itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import scheduling as engine
from rota.errors import InputError, NotFoundError
from rota.planning.explain import PlainExplanation, plain_explanation
from rota.planning.problem import build_problem
from rota.planning.snapshot import PlanRequest
from rota.planning.violations import scenario_violation_lines
from rota.services.planning import load_snapshot
from scheduling import formats
from scheduling.curtois import read_curtois
from skills.model import Assessment, AssessmentSource, AssessmentStatus


def export_scenario(session, team_id: str, start: date, weeks: int) -> engine.Problem:
    """The team's planning problem, self-contained, for `tandem scenario export`."""
    snapshot = load_snapshot(session, team_id)
    problem, _index = build_problem(snapshot, PlanRequest(start, weeks))
    return problem


@dataclass(frozen=True)
class WhatIfOutcome:
    """Whether a rota still exists after a change to the team, and if not, why."""

    change: str
    status: engine.Status
    feasible: bool | None  # None: the solver could not decide within the time limit
    plain: PlainExplanation | None


def what_if(
    session,
    team_id: str,
    start: date,
    weeks: int,
    *,
    now: datetime,
    remove: Sequence[str] = (),
    raise_levels: Sequence[tuple[str, str, int]] = (),
    time_limit: float = 20.0,
    workers: int = 2,
) -> WhatIfOutcome:
    """Can the team still be staffed over ``weeks`` from ``start`` if these people are away
    (``remove``: responder ids) or these people reach these levels (``raise_levels``: (responder
    id, skill id, level))? A feasibility check with the solver: only hard rules count."""
    snapshot = load_snapshot(session, team_id)
    known = {r.id: r for r in snapshot.responders}
    by_email = {r.email.lower(): r.id for r in snapshot.responders}
    skills = {s.id for s in snapshot.skills}

    def person_id(key: str) -> str:
        found = key if key in known else by_email.get(key.lower())
        if found is None:
            raise NotFoundError("responder", key, "give a responder id or e-mail of this team")
        return found

    remove = [person_id(p) for p in remove]
    raise_levels = [(person_id(p), s, lv) for p, s, lv in raise_levels]
    for _p, skill, level in raise_levels:
        if skill not in skills:
            raise InputError("skill", skill, f"use one of: {', '.join(sorted(skills))}")
        if not 0 <= level <= 4:
            raise InputError("level", level, "use a level from 0 to 4")
    assumed = tuple(
        Assessment(
            id=f"what-if-{person}-{skill}",
            person_id=person,
            skill_id=skill,
            level=level,
            source=AssessmentSource.CALIBRATION,
            assessor_id=None,
            assessed_at=now,
            status=AssessmentStatus.APPROVED,
            decided_by="what-if",
            decided_at=datetime.combine(start, datetime.min.time(), UTC),
        )
        for person, skill, level in raise_levels
    )
    snapshot = replace(
        snapshot,
        responders=tuple(r for r in snapshot.responders if r.id not in set(remove)),
        assessments=snapshot.assessments + assumed,
    )
    problem, index = build_problem(snapshot, PlanRequest(start, weeks))
    feasibility = replace(
        problem,
        policy=replace(
            problem.policy,
            disabled_rules=problem.policy.disabled_rules
            | {r.id for r in engine.RULES if not r.hard},
        ),
    )
    result = engine.solve(feasibility, time_limit=time_limit, workers=workers)
    words = [f"without {known[p].name}" for p in remove] + [
        f"with {known[p].name} at level {lv} in {s}" for p, s, lv in raise_levels
    ]
    plain = plain_explanation(result, problem, snapshot, index)
    feasible = True if result.has_rota else (False if plain is not None else None)
    return WhatIfOutcome(", ".join(words) or "as it is", result.status, feasible, plain)


def scenario_json(problem: engine.Problem) -> str:
    """The problem as a self-contained JSON scenario (see docs/formats.md)."""
    return formats.problem_to_json(problem)


def _read(path: str | Path, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(what, str(path), f"give a readable file ({error.strerror})") from None


@dataclass(frozen=True)
class ScenarioOutcome:
    """A scenario file solved: the problem and the engine's result (re-checked by the validator)."""

    problem: engine.Problem
    result: engine.SolveResult

    @property
    def impossible(self) -> bool:
        return self.result.status == engine.Status.INFEASIBLE

    @property
    def broken(self) -> bool:
        """The engine's rota breaks a hard rule by the independent validator (status invalid)."""
        return self.result.status == engine.Status.INVALID

    @property
    def names(self) -> dict[str, str]:
        return {w.id: w.name or w.id for w in self.problem.workers}

    @property
    def violation_lines(self) -> list[str]:
        """The validator's violations of the result's rota, in plain words."""
        return scenario_violation_lines(
            self.result.violations, self.problem, self.result.assignments
        )


def solve_scenario(
    scenario: str | Path,
    out: str | Path,
    *,
    time_limit: float,
    workers: int,
    seed: int,
) -> ScenarioOutcome:
    """Solve a JSON scenario file and write the rota file ``out``. The rota file always records
    the outcome: its status says whether it holds a usable rota."""
    problem = formats.problem_from_json(_read(scenario, "scenario"))
    result = engine.solve(problem, time_limit=time_limit, workers=workers, seed=seed)
    Path(out).write_text(formats.rota_to_json(result), encoding="utf-8")
    return ScenarioOutcome(problem, result)


@dataclass(frozen=True)
class CheckOutcome:
    """A rota file checked against a scenario file by the independent validator."""

    problem: engine.Problem
    assignments: tuple[engine.Assignment, ...]
    violations: tuple[engine.Violation, ...]

    @property
    def per_rule(self) -> dict[str, int]:
        return dict(Counter(v.rule_id for v in self.violations))

    @property
    def violation_lines(self) -> list[str]:
        return scenario_violation_lines(self.violations, self.problem, self.assignments)


def check_scenario(scenario: str | Path, rota: str | Path) -> CheckOutcome:
    """Check the rota file ``rota`` against the scenario file ``scenario``."""
    problem = formats.problem_from_json(_read(scenario, "scenario"))
    assignments = tuple(formats.rota_from_json(_read(rota, "rota")))
    return CheckOutcome(problem, assignments, tuple(engine.validate(problem, assignments)))


@dataclass(frozen=True)
class CurtoisOutcome:
    """One Curtois & Qu instance solved by Tandem's engine."""

    problem: engine.Problem
    result: engine.SolveResult
    #: the validator's violations of the roster (empty when there is no roster)
    violations: tuple[engine.Violation, ...] = ()

    @property
    def broken(self) -> bool:
        return self.result.status == engine.Status.INVALID

    @property
    def lines(self) -> list[str]:
        """One ``EmployeeID,Day,ShiftID`` line per assignment, day index from 0, sorted."""
        rows = []
        for a in self.result.assignments:
            day, kind = a.shift_id.split(":", 1)
            rows.append((a.worker_id, int(day), kind))
        order = {w.id: i for i, w in enumerate(self.problem.workers)}
        return [f"{w},{d},{k}" for w, d, k in sorted(rows, key=lambda r: (order[r[0]], r[1], r[2]))]


def solve_curtois(
    instance: str | Path, *, time_limit: float, workers: int, seed: int
) -> CurtoisOutcome:
    """Solve one Curtois & Qu nurse-rostering instance (``InstanceN.txt``) with the engine."""
    problem = read_curtois(Path(instance))
    result = engine.solve(problem, time_limit=time_limit, workers=workers, seed=seed, explain=False)
    if result.status == engine.Status.INVALID or not result.has_rota:
        return CurtoisOutcome(problem, result)
    return CurtoisOutcome(problem, result, tuple(engine.validate(problem, result.assignments)))
