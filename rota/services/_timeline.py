"""The team's published timeline and its problems, as the planning, publishing and
published-change use cases all read them: the team's data loaded for planning, its published
versions and timeline, drafts per window, the problem of a window rebuilt from today's data, and
the validator's verdict on a stored rota or the whole timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

import scheduling as engine
from rota.domain.absences import Leave
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Rota, RotaStatus
from rota.domain.team import Team
from rota.domain.timeline import PublishedTimeline
from rota.domain.timeline import published_timeline as timeline_of
from rota.domain.timezones import zone
from rota.errors import InputError, NotFoundError
from rota.planning.drafts import engine_assignments
from rota.planning.problem import build_problem
from rota.planning.snapshot import PlanIndex, PlanRequest, TeamSnapshot
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


def local_today(team: Team, now: datetime) -> date:
    """Today in the team's zone: the first day a plan may start on."""
    return now.astimezone(zone(team.display_zone)).date()


def check_not_past(team: Team, start: date, now: datetime) -> None:
    """Refuse a window that starts before today in the team's zone: the past is history."""
    today = local_today(team, now)
    if start < today:
        raise InputError(
            "start",
            start.isoformat(),
            f"the past is history, not a plan: start on or after today, {today.isoformat()} "
            f"({team.display_zone})",
        )


def drafts_of(session, team_id: str) -> list[Rota]:
    """The team's drafts, one per window, by start."""
    found = repo.list_all(session, Rota, team_id=team_id, status=RotaStatus.DRAFT)
    return sorted(found, key=lambda r: (r.start, r.created_at))


def published_timeline(session, team_id: str) -> PublishedTimeline:
    """What is published now for the team: for every shift, the latest version covering it."""
    patterns = {p.id: p for p in repo.list_all(session, ShiftPattern, team_id=team_id)}
    return timeline_of(team_id, published_versions(session, team_id), patterns)


def window_rota(
    timeline: PublishedTimeline, team_id: str, start: date, end: date, patterns
) -> Rota:
    """What is published on the local days ``start`` .. ``end``, as one rota of that window."""
    return replace(
        timeline.as_rota(start, end, patterns),
        id=f"{team_id}-published-{start}",
        start=start,
        end=end,
    )


def rota_problem(
    session, rota: Rota, on_top: Sequence[Rota] = ()
) -> tuple[engine.Problem, PlanIndex]:
    """The planning problem of ``rota``'s window, rebuilt from the team's data as it is now: the
    published timeline before the window is history and the published shifts around it are
    fixed context (the window's own published days are what ``rota`` stands for). ``on_top``:
    rotas read as newer versions than every published one (a draft seen in place)."""
    snapshot = load_snapshot(session, rota.team_id)
    if on_top:
        snapshot = replace(snapshot, published=snapshot.published + tuple(on_top))
    days = (rota.end - rota.start).days + 1
    return build_problem(snapshot, PlanRequest(rota.start, (days + 6) // 7, length_days=days))


def as_newest_version(draft: Rota) -> Rota:
    """A draft read as if it were published after every version (to check a change of it in
    the timeline it would make)."""
    return replace(
        draft, status=RotaStatus.PUBLISHED, version=2**31 - 1, published_at=draft.created_at
    )


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


def validate_timeline(session, team_id: str) -> list[engine.Violation]:
    """The validator's verdict on the team's whole published timeline, as one rota from its
    first published day to its last, against today's facts (nothing published: no verdict)."""
    timeline = published_timeline(session, team_id)
    if timeline.empty:
        return []
    assert timeline.first_day is not None and timeline.last_day is not None
    patterns = {p.id: p for p in repo.list_all(session, ShiftPattern, team_id=team_id)}
    whole = window_rota(timeline, team_id, timeline.first_day, timeline.last_day, patterns)
    return validate_rota(session, whole)
