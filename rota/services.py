"""Use cases of the on-call application: one function per use case, each takes a ``Session``.

The CLI, the Streamlit pages and the feed server call these and nothing deeper. A service owns
its unit of work inside the session it is given (the caller's ``database.session()`` block commits
or rolls back). Services return plain domain objects or small frozen view objects, never rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import scheduling as engine
from rota import demo
from rota.domain.absences import Leave, LeaveKind
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Rota, RotaStatus
from rota.domain.team import DAY_NAMES, Team
from rota.domain.timezones import local_now, utc_offset_label, zone
from rota.errors import InputError, NotFoundError
from rota.planning.drafts import draft_from_assignments, engine_assignments
from rota.planning.explain import PlainExplanation, explain_plainly
from rota.planning.problem import build_problem
from rota.planning.snapshot import PlanIndex, PlanRequest, TeamSnapshot
from rota.planning.violations import Breach, RotaBreaksRules, plain_violations
from rota.policy.countries import country_rule
from rota.policy.team_policy import resolve_policy
from rota.storage import repo
from skills.model import (
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    MentoringRelationship,
    ProgressionTrack,
    Skill,
)

# ---------------------------------------------------------------------------------------------
# Teams


def list_teams(session) -> list[Team]:
    """Every team, by name."""
    return sorted(repo.list_all(session, Team), key=lambda t: t.name)


def resolve_team(session, team: str | None) -> Team:
    """The team named or identified by ``team``; it may be omitted when there is only one team."""
    teams = list_teams(session)
    if team is None:
        if len(teams) == 1:
            return teams[0]
        if not teams:
            raise NotFoundError("team", "(none)", "run `tandem demo` or create a team first")
        names = ", ".join(t.id for t in teams)
        raise InputError("--team", None, f"there are several teams; name one of: {names}")
    for candidate in teams:
        if team in (candidate.id, candidate.name):
            return candidate
    known = ", ".join(t.id for t in teams) or "(none)"
    raise NotFoundError("team", team, f"known teams: {known}")


# ---------------------------------------------------------------------------------------------
# Demo team


@dataclass(frozen=True)
class SeedReport:
    team_id: str
    created: bool
    counts: dict[str, int]

    def summary(self) -> str:
        if not self.created:
            return f"demo team {self.team_id!r} is already there; nothing changed"
        parts = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        return f"seeded demo team {self.team_id!r}: {parts}"


def seed_demo(session, today: date) -> SeedReport:
    """Seed the demo APAC team once; a second call changes nothing (idempotent)."""
    data = demo.build_demo(today)
    if repo.get(session, Team, data.team.id) is not None:
        return SeedReport(data.team.id, False, {})
    groups: dict[str, Sequence[object]] = {
        "responders": data.responders,
        "shift patterns": data.shift_patterns,
        "skills": data.skills,
        "assessments": data.assessments,
        "interests": data.interests,
        "role targets": data.role_targets,
        "mentoring pairs": data.mentoring,
        "goals": data.goals,
        "progression tracks": data.tracks,
        "leave": data.leave,
        "critical incidents": data.incidents,
        "exposure entries": data.exposure,
    }
    repo.save(session, data.team)
    for objects in groups.values():
        repo.save_all(session, objects)
    return SeedReport(data.team.id, True, {k: len(v) for k, v in groups.items()})


def seed_impossible_week(session, today: date, *, undo: bool = False) -> tuple[date, date, int]:
    """Send every Japanese speaker of the demo team on leave the same week (or take it back).

    A deliberately impossible case: the Japanese desk in Tokyo business hours cannot be staffed,
    so planning that week shows how Tandem explains an impossible plan. Returns the week and how
    many leave entries were added or removed.
    """
    data = demo.build_demo(today)
    if repo.get(session, Team, data.team.id) is None:
        raise NotFoundError("demo team", data.team.id, "run `tandem demo` first")
    first, last = demo.japanese_blackout_week(today)
    entries = demo.impossible_leave(data, today)
    changed = 0
    for entry in entries:
        exists = repo.get(session, Leave, entry.id) is not None
        if undo and exists:
            repo.delete(session, Leave, entry.id)
            changed += 1
        elif not undo and not exists:
            repo.save(session, entry)
            changed += 1
    return first, last, changed


def database_is_empty(session) -> bool:
    return not repo.list_all(session, Team)


# ---------------------------------------------------------------------------------------------
# Team overview


@dataclass(frozen=True)
class ResponderView:
    """A responder as the team page shows them, with their local time at ``now``."""

    responder: Responder
    local_time: datetime
    utc_offset: str
    on_leave_today: Leave | None
    upcoming_leave: tuple[Leave, ...]

    @property
    def languages_text(self) -> str:
        return ", ".join(f"{ls.language} ({ls.proficiency})" for ls in self.responder.languages)

    @property
    def working_days_text(self) -> str:
        return " ".join(DAY_NAMES[d] for d in sorted(self.responder.working_days))


def team_overview(session, team_id: str, now: datetime) -> list[ResponderView]:
    """Active responders of a team with their local time now and their leave, by zone then name."""
    responders = [r for r in repo.list_all(session, Responder, team_id=team_id) if r.active]
    leave_by_person: dict[str, list[Leave]] = {}
    for entry in repo.list_all(session, Leave):
        leave_by_person.setdefault(entry.responder_id, []).append(entry)
    views = []
    for person in responders:
        local = local_now(person.timezone, now)
        today = local.date()
        mine = sorted(leave_by_person.get(person.id, []), key=lambda e: e.start)
        views.append(
            ResponderView(
                responder=person,
                local_time=local,
                utc_offset=utc_offset_label(person.timezone, now),
                on_leave_today=next((e for e in mine if e.covers(today)), None),
                upcoming_leave=tuple(e for e in mine if e.end >= today),
            )
        )
    return sorted(views, key=lambda v: (v.local_time.utcoffset(), v.responder.name))


@dataclass(frozen=True)
class CoverageDesign:
    team: Team
    patterns: tuple[ShiftPattern, ...]
    skills: dict[str, Skill]


def coverage_design(session, team_id: str) -> CoverageDesign:
    """The team's shift patterns with their role demands, and the skills they refer to."""
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id)
    patterns = sorted(
        repo.list_all(session, ShiftPattern, team_id=team_id), key=lambda p: (p.zone, p.start)
    )
    skills = {s.id: s for s in repo.list_all(session, Skill)}
    return CoverageDesign(team, tuple(patterns), skills)


# ---------------------------------------------------------------------------------------------
# Planning


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


def _plain(result: engine.SolveResult, problem, snapshot, index) -> PlainExplanation | None:
    """The plain-words explanation of an infeasible result (None for any other status)."""
    if result.status != engine.Status.INFEASIBLE:
        return None
    return explain_plainly(
        result.explanation,
        problem,
        snapshot.responders,
        snapshot.patterns,
        snapshot.leave,
        snapshot.skills,
        index.shift_pattern,
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
        plain = _plain(result, problem, snapshot, index)
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
    it breaks any hard rule, nothing is published and :class:`~rota.violations.RotaBreaksRules`
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


@dataclass(frozen=True)
class RepairOutcome:
    """A re-planned rota after a sickness, and what changed against the published version."""

    outcome: PlanOutcome
    baseline: Rota
    freeze: datetime
    changed: tuple[str, ...]  # assignment ids added, removed or given to someone else
    forced: int  # assignments the absent responder held after the freeze

    @property
    def changed_count(self) -> int:
        return len(self.changed)


def repair(
    session,
    team_id: str,
    responder_id: str,
    first_day: date,
    last_day: date,
    *,
    now: datetime,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    created_by: str = "",
    on_progress=None,
) -> RepairOutcome:
    """Re-plan the published rota after ``responder_id`` falls sick from ``first_day`` to
    ``last_day`` (their local days): everything that starts before the sickness (or before
    ``now``, whichever is later) and from the second day after it stays as it is; in between,
    the engine keeps as many published assignments as it can (rule "stability", weighted
    ``REPAIR_STABILITY_WEIGHT``) and the result is stored as the draft."""
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
    draft = outcome.draft
    if draft is None:
        return RepairOutcome(outcome, baseline, freeze, (), 0)
    before = {(a.id, a.responder_id) for a in baseline.assignments}
    after = {(a.id, a.responder_id) for a in draft.assignments}
    changed = tuple(sorted({aid for aid, _ in before ^ after}))
    forced = sum(
        1
        for a in baseline.assignments
        if a.responder_id == responder_id
        and a.end > freeze
        and a.start.astimezone(zone(person.timezone)).date() <= last_day
        and a.end.astimezone(zone(person.timezone)).date() >= first_day
    )
    return RepairOutcome(outcome, baseline, freeze, changed, forced)


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


def export_scenario(session, team_id: str, start: date, weeks: int) -> engine.Problem:
    """The team's planning problem, self-contained, for `tandem scenario export`."""
    snapshot = load_snapshot(session, team_id)
    problem, _index = build_problem(snapshot, PlanRequest(start, weeks))
    return problem


# ---------------------------------------------------------------------------------------------
# What if: the skills matrix checked against a real schedule


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
    plain = _plain(result, problem, snapshot, index)
    feasible = True if result.has_rota else (False if plain is not None else None)
    return WhatIfOutcome(", ".join(words) or "as it is", result.status, feasible, plain)


@dataclass(frozen=True)
class PersonLimits:
    """The limits that differ for one responder from the team policy, and why."""

    responder: Responder
    min_rest_hours: float
    max_shift_hours: float
    night_window: str
    holiday_work: str
    night_work: str
    opted_out: tuple[str, ...]
    source: str
    #: the country's hours caps in words ("" if none), e.g. "52 h in any 7 days"
    country_caps: str = ""


def waive_recovery(session, incident_id: str, *, by: str, now: datetime) -> CriticalIncident:
    """The responder waives the recovery after a critical incident they handled.

    Only the responder may (wellbeing notes: "waivable only by the responder, recorded"): a
    waiver asked for by anyone else is refused and nothing is written. The waiver is stored with
    who and when; the next plan may give them high-severity work again.
    """
    incident = repo.get(session, CriticalIncident, incident_id)
    if incident is None:
        raise NotFoundError("critical incident", incident_id)
    if by != incident.responder_id:
        raise InputError(
            "by",
            by,
            f"only {incident.responder_id}, who handled the incident, may waive its recovery",
        )
    if incident.waived_by_responder:
        return incident
    waived = replace(incident, waived_by=by, waived_at=now.astimezone(UTC))
    repo.save(session, waived)
    return waived


def person_limits(session, team_id: str) -> list[PersonLimits]:
    """Per responder: the team policy with their country's floor applied (the stricter wins),
    their night-work consent and content opt-outs, as the planner will apply them."""
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id)
    policy = resolve_policy(team.policy_overrides)
    rows = []
    for person in sorted(
        repo.list_all(session, Responder, team_id=team_id, active=True), key=lambda r: r.name
    ):
        rule = country_rule(person.country, person.subdivision)
        rest = max(float(policy["min_rest_hours"]), (rule.min_rest_minutes or 0) / 60)
        shift = float(policy["max_shift_hours"])
        if rule.max_shift_minutes:
            shift = min(shift, rule.max_shift_minutes / 60)
        start, end = (
            (rule.night_window[0].hour, rule.night_window[1].hour)
            if rule.night_window
            else (int(policy["night_window_start_hour"]), int(policy["night_window_end_hour"]))
        )
        rows.append(
            PersonLimits(
                responder=person,
                min_rest_hours=rest,
                max_shift_hours=shift,
                night_window=f"{start:02d}:00–{end:02d}:00 local",
                holiday_work="only with their agreement (hard)"
                if rule.holiday_work_needs_agreement
                else "avoided (soft)",
                night_work="consents" if person.night_work_consent else "no night shifts",
                opted_out=tuple(sorted(person.opted_out_categories)),
                source=rule.source or "team policy",
                country_caps=rule.caps_in_words(),
            )
        )
    return rows
