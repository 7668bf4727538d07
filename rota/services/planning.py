"""Use cases of planning: plan a rota, publish the draft, repair the published rota after a
sickness, and re-check a stored rota with the independent validator.

Never valid when broken: a rota the engine returns that breaks a hard rule (status ``invalid``)
is never stored; :func:`publish` re-checks the draft against the team's data as it is now and
refuses it with :class:`rota.errors.RotaBreaksRules`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import scheduling as engine
from rota.domain.absences import Leave, LeaveKind
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Rota, RotaStatus
from rota.domain.team import Team
from rota.domain.timezones import zone
from rota.errors import InputError, NotFoundError, RotaBreaksRules
from rota.planning.drafts import Change, diff_rotas, draft_from_assignments, engine_assignments
from rota.planning.explain import PlainExplanation, plain_explanation
from rota.planning.problem import build_problem
from rota.planning.snapshot import PlanIndex, PlanRequest, TeamSnapshot
from rota.planning.violations import Breach, plain_violations
from rota.storage import repo
from skills.model import Assessment, MentoringRelationship, ProgressionTrack, Skill


def load_snapshot(session, team_id: str) -> TeamSnapshot:
    """Everything planning needs about a team, from storage."""
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id)
    responders = tuple(repo.list_all(session, Responder, team_id=team_id))
    ids = {r.id for r in responders}
    return TeamSnapshot(
        team=team,
        responders=responders,
        patterns=tuple(repo.list_all(session, ShiftPattern, team_id=team_id)),
        leave=tuple(e for e in repo.list_all(session, Leave) if e.responder_id in ids),
        incidents=tuple(
            i for i in repo.list_all(session, CriticalIncident) if i.responder_id in ids
        ),
        exposure=tuple(e for e in repo.list_all(session, ExposureEntry) if e.responder_id in ids),
        skills=tuple(repo.list_all(session, Skill)),
        assessments=tuple(a for a in repo.list_all(session, Assessment) if a.person_id in ids),
        tracks=tuple(t for t in repo.list_all(session, ProgressionTrack) if t.person_id in ids),
        mentoring=tuple(
            m for m in repo.list_all(session, MentoringRelationship) if m.mentee_id in ids
        ),
        published=tuple(published_versions(session, team_id)),
    )


def published_versions(session, team_id: str) -> list[Rota]:
    """Every published version of a team's rota, oldest first."""
    rotas = [
        r
        for r in repo.list_all(session, Rota, team_id=team_id)
        if r.status in (RotaStatus.PUBLISHED, RotaStatus.SUPERSEDED)
    ]
    return sorted(rotas, key=lambda r: r.version or 0)


@dataclass(frozen=True)
class PlanOutcome:
    """What planning produced: the stored draft (if a rota keeping every hard rule was found)
    and the engine's report.

    ``violations`` (and ``breaches``, in plain words) are the hard rules the engine's rota breaks
    by the independent validator; such a rota (status ``invalid``) is never stored."""

    team: Team
    request: PlanRequest
    result: engine.SolveResult
    draft: Rota | None
    violations: tuple[engine.Violation, ...]
    names: dict[str, str]
    demand_count: int
    plain: PlainExplanation | None = None
    breaches: tuple[Breach, ...] = ()

    @property
    def impossible(self) -> bool:
        return self.result.status == engine.Status.INFEASIBLE

    @property
    def broken(self) -> bool:
        """The engine returned a rota that breaks a hard rule (nothing was stored)."""
        return self.result.status == engine.Status.INVALID


def plan(
    session,
    team_id: str,
    start: date,
    weeks: int,
    *,
    now: datetime,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    created_by: str = "",
    on_progress=None,
    extra_leave: Sequence[Leave] = (),
) -> PlanOutcome:
    """Plan ``weeks`` weeks from ``start``; store the rota as the team's draft when one is found.

    The independent validator re-checks every rota the engine returns (in ``engine.solve``). A
    rota that breaks a hard rule (status ``invalid``) is never stored: the outcome carries its
    violations in plain words and the team's previous draft, if any, stays as it was. An
    impossible plan stores nothing and carries the explanation.
    """
    if time_limit <= 0:
        raise InputError("time limit", time_limit, "give a positive number of seconds")
    snapshot = load_snapshot(session, team_id)
    if extra_leave:
        snapshot = replace(snapshot, leave=snapshot.leave + tuple(extra_leave))
    previous = repo.latest_rota(session, team_id, RotaStatus.DRAFT) or repo.latest_rota(
        session, team_id, RotaStatus.PUBLISHED
    )
    request = PlanRequest(
        start=start,
        weeks=weeks,
        pinned=tuple(a for a in (previous.assignments if previous else ()) if a.pinned),
    )
    return _solve_and_store(
        session,
        snapshot,
        request,
        now=now,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        on_progress=on_progress,
        created_by=created_by,
        previous=previous,
    )


def _solve_and_store(
    session,
    snapshot: TeamSnapshot,
    request: PlanRequest,
    *,
    now: datetime,
    time_limit: float,
    workers: int,
    seed: int,
    on_progress,
    created_by: str,
    previous: Rota | None,
    extra_stats: dict | None = None,
    stability_weight: int | None = None,
) -> PlanOutcome:
    """Solve the team's problem (the engine re-checks its rota with the independent validator)
    and store it as the only draft (assignment ids carried over from ``previous``). An impossible
    plan, and a rota that breaks a hard rule, store nothing."""
    team = snapshot.team
    problem, index = build_problem(snapshot, request)
    if stability_weight is not None:
        problem = replace(
            problem, policy=replace(problem.policy, stability_weight=stability_weight)
        )
    result = engine.solve(
        problem, time_limit=time_limit, workers=workers, seed=seed, on_progress=on_progress
    )
    names = {r.id: r.name for r in snapshot.responders}
    if not result.has_rota and result.status != engine.Status.INVALID:
        plain = plain_explanation(result, problem, snapshot, index)
        return PlanOutcome(team, request, result, None, (), names, len(problem.demands), plain)
    violations = result.violations
    stats = solver_stats(result, violations, time_limit=time_limit, workers=workers, seed=seed)
    stats.update(extra_stats or {})
    draft = draft_from_assignments(
        team,
        request,
        result.assignments,
        index,
        rota_id=f"{team.id}-draft-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}",
        created_at=now,
        created_by=created_by,
        solver_stats=stats,
        previous=previous,
    )
    if violations:  # the engine's rota breaks a hard rule: named, never stored
        people = {r.id: r for r in snapshot.responders}
        patterns = {p.id: p for p in snapshot.patterns}
        breaches = plain_violations(violations, people, patterns, draft)
        return PlanOutcome(
            team, request, result, None, violations, names, len(problem.demands), None, breaches
        )
    for old in repo.list_all(session, Rota, team_id=team.id, status=RotaStatus.DRAFT):
        repo.delete(session, Rota, old.id)
    repo.save_rota(session, draft)
    return PlanOutcome(team, request, result, draft, violations, names, len(problem.demands))


def solver_stats(
    result: engine.SolveResult, violations, *, time_limit: float, workers: int, seed: int
) -> dict:
    """What to keep with a draft about how it was made (JSON-friendly)."""
    return {
        "status": str(result.status),
        "objective": result.objective,
        "best_bound": result.best_bound,
        "penalties_by_rule": dict(result.penalties_by_rule),
        "unfilled": len(result.unfilled),
        "validator_violations": len(violations),
        "time_limit_s": time_limit,
        "workers": workers,
        "seed": seed,
        "build_s": round(result.timings.build, 3),
        "solve_s": round(result.timings.solve, 3),
        "engine": "OR-Tools CP-SAT",
    }


def publish(session, team_id: str, *, now: datetime, by: str = "") -> Rota:
    """Publish the team's latest draft as the next immutable version; the draft is consumed.

    First the draft is re-checked by the independent validator against the team's data as it is
    now (leave, levels, exposure, incidents and published history recorded since planning): if
    it breaks any hard rule, nothing is published and :class:`~rota.errors.RotaBreaksRules`
    names each broken rule in plain words (person, shift in local and UTC time, the rule)."""
    draft = repo.latest_rota(session, team_id, RotaStatus.DRAFT)
    if draft is None:
        raise NotFoundError("draft rota for team", team_id, "run `tandem plan` first")
    problem, index = rota_problem(session, draft)
    violations = validate_assignments(problem, engine_assignments(draft, index))
    if violations:
        people = {r.id: r for r in repo.list_all(session, Responder, team_id=team_id)}
        patterns = {p.id: p for p in repo.list_all(session, ShiftPattern, team_id=team_id)}
        raise RotaBreaksRules(
            f"not published: draft {draft.id} ({draft.start} – {draft.end})",
            plain_violations(violations, people, patterns, draft),
            "change the draft on the Rota page or re-plan with `tandem plan`, then publish again",
        )
    version = repo.next_version(session, team_id)
    published = replace(
        draft,
        id=f"{team_id}-v{version}",
        status=RotaStatus.PUBLISHED,
        version=version,
        published_at=now,
        created_by=by or draft.created_by,
        assignments=tuple(replace(a, rota_id=f"{team_id}-v{version}") for a in draft.assignments),
    )
    repo.delete(session, Rota, draft.id)
    repo.save_rota(session, published)
    return published


#: In repair mode every published assignment the new rota drops costs this much: more than any
#: single soft gain a reshuffle could buy (moving a 7-hour on-call block into someone's local
#: daytime saves at most 840), so a repair changes what the sickness forces and little else.
#: Source: team policy (a published rota changes as little as possible).
REPAIR_STABILITY_WEIGHT = 2000


#: The one default time limit of :func:`repair`, in seconds. The app (its time-limit field starts
#: here), the benchmark (``bench/scaling.py --repair-limit``) and any other caller may pass their
#: own ``time_limit``.
REPAIR_TIME_LIMIT = 30.0


@dataclass(frozen=True)
class RepairOutcome:
    """The re-plan after a sickness (as a :class:`PlanOutcome`) and what it changed against the
    published version, matched by assignment id."""

    outcome: PlanOutcome
    #: the published version that was repaired
    published: Rota
    #: the sick leave recorded for the repair
    sick_leave: Leave | None
    freeze: datetime
    #: the new draft against ``published``, assignment by assignment (``()`` when no draft)
    changes: tuple[Change, ...] = ()
    #: assignments the absent responder held after the freeze, on their sick days
    forced: int = 0

    @property
    def changed(self) -> int:
        """How many assignments were added, removed, moved or given to someone else."""
        return sum(1 for c in self.changes if c.kind != "unchanged")


def repair(
    session,
    team_id: str,
    responder_id: str,
    first_day: date,
    last_day: date,
    *,
    now: datetime,
    time_limit: float = REPAIR_TIME_LIMIT,
    workers: int = 2,
    seed: int = 0,
    created_by: str = "",
    on_progress: Callable[[float, float, float], None] | None = None,
) -> RepairOutcome:
    """Re-plan the latest published rota after ``responder_id`` falls sick from ``first_day`` to
    ``last_day`` (their local days), recording the sick leave.

    Everything that starts before the sickness (or before ``now``, whichever is later) and from
    the second day after it stays as it is; in between, the engine keeps as many published
    assignments as it can (rule "stability", weighted ``REPAIR_STABILITY_WEIGHT``) and the result
    is stored as the draft. The outcome lists the changes against the published version by
    assignment id and how many of the responder's assignments the sickness forced off them."""
    if time_limit <= 0:
        raise InputError("time limit", time_limit, "give a positive number of seconds")
    if last_day < first_day:
        raise InputError(
            "last sick day", last_day.isoformat(), f"give a day on or after {first_day}"
        )
    baseline = repo.latest_rota(session, team_id, RotaStatus.PUBLISHED)
    if baseline is None:
        raise NotFoundError(
            "published rota for team", team_id, "publish a rota before repairing it"
        )
    person = repo.get(session, Responder, responder_id)
    if person is None or person.team_id != team_id:
        raise NotFoundError("responder in team", responder_id)
    if last_day < baseline.start or first_day > baseline.end:
        raise InputError(
            "sick days",
            f"{first_day} – {last_day}",
            f"pick days inside the published rota ({baseline.start} – {baseline.end})",
        )
    sick_start = datetime.combine(first_day, datetime.min.time(), zone(person.timezone))
    freeze = max(now, sick_start.astimezone(UTC))
    sick = Leave(
        id=f"sick-{responder_id}-{first_day}",
        responder_id=responder_id,
        start=first_day,
        end=last_day,
        kind=LeaveKind.SICK,
        note="recorded by repair",
    )
    recorded = repo.get(session, Leave, sick.id)
    if recorded is None or recorded.end != last_day:
        repo.save(session, sick)
    snapshot = load_snapshot(session, team_id)
    snapshot = replace(
        snapshot, published=tuple(r for r in snapshot.published if r.id != baseline.id)
    )
    weeks = ((baseline.end - baseline.start).days + 1 + 6) // 7
    # Re-plan only around the sickness: the published rota stays as it is from the day after the
    # last sick day (a day's margin lets rest rules settle) and, by the freeze, before it.
    thaw = datetime.combine(
        last_day + timedelta(days=2), datetime.min.time(), zone(person.timezone)
    )
    request = PlanRequest(
        start=baseline.start,
        weeks=weeks,
        baseline=baseline,
        freeze=freeze,
        pinned=tuple(a for a in baseline.assignments if a.start >= thaw.astimezone(UTC)),
        thaw=thaw.astimezone(UTC),
    )
    outcome = _solve_and_store(
        session,
        snapshot,
        request,
        now=now,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        on_progress=on_progress,
        created_by=created_by,
        previous=baseline,
        stability_weight=REPAIR_STABILITY_WEIGHT,
        extra_stats={
            "repair": {
                "responder": responder_id,
                "sick_from": first_day.isoformat(),
                "sick_to": last_day.isoformat(),
                "freeze": freeze.isoformat(),
                "from_version": baseline.version,
            }
        },
    )
    leave = repo.get(session, Leave, sick.id)
    draft = outcome.draft
    if draft is None:
        return RepairOutcome(outcome, baseline, leave, freeze)
    patterns = {p.id: p for p in repo.list_all(session, ShiftPattern, team_id=team_id)}
    changes = tuple(diff_rotas(draft, baseline, patterns))
    forced = sum(
        1
        for a in baseline.assignments
        if a.responder_id == responder_id
        and a.end > freeze
        and a.start.astimezone(zone(person.timezone)).date() <= last_day
        and a.end.astimezone(zone(person.timezone)).date() >= first_day
    )
    return RepairOutcome(outcome, baseline, leave, freeze, changes, forced)


def rota_problem(session, rota: Rota) -> tuple[engine.Problem, PlanIndex]:
    """The planning problem of ``rota``'s window, rebuilt from the team's data as it is now
    (its own published version, if any, is not its history)."""
    snapshot = load_snapshot(session, rota.team_id)
    snapshot = replace(snapshot, published=tuple(r for r in snapshot.published if r.id != rota.id))
    weeks = ((rota.end - rota.start).days + 1 + 6) // 7
    return build_problem(snapshot, PlanRequest(rota.start, weeks))


def validate_assignments(
    problem: engine.Problem, assignments: Sequence[engine.Assignment]
) -> list[engine.Violation]:
    """The validator's verdict on a stored rota's assignments. Those of people who are no longer
    among the problem's workers (offboarded, or outside their dates) are reported as unknown
    references, and the others are still checked in full (the validator alone stops at the
    first kind)."""
    ids = {w.id for w in problem.workers}
    gone = [a for a in assignments if a.worker_id not in ids]
    kept = [a for a in assignments if a.worker_id in ids]
    return (engine.validate(problem, gone) if gone else []) + engine.validate(problem, kept)


def validate_rota(session, rota: Rota) -> list[engine.Violation]:
    """Re-check a stored rota against today's facts (leave, levels, policy) with the validator."""
    problem, index = rota_problem(session, rota)
    return validate_assignments(problem, engine_assignments(rota, index))
