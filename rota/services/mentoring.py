"""Use cases of mentoring and progression: the pairs board, suggested pairs, progression tracks
(stage, criteria, shadow shifts done and planned, harvested evidence), advancing a track, and
each person's level over time.

* **Working hours** for mentoring overlap are 09:00-17:00 local on each person's working days.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.team import Team
from rota.domain.timeline import with_drafts
from rota.errors import InputError, NotFoundError
from rota.services._skills_data import (
    AssessmentView,
    Person,
    SkillsData,
    assessment_view,
    levels_on,
    load_skills_data,
    midnight,
    require_skill,
    resolve_person,
)
from rota.services._timeline import drafts_of, published_timeline
from rota.storage import repo
from skills.levels import level_steps, rota_levels
from skills.mentoring import (
    DEFAULT_POLICY,
    PairSuggestion,
    WorkingHours,
    is_active,
    mentor_load,
    suggest_pairs,
)
from skills.model import (
    Assessment,
    EvidenceKind,
    Interest,
    MentoringRelationship,
    MentoringStatus,
    ProgressionTrack,
    Stage,
)
from skills.progression import (
    CriterionStatus,
    ShiftKind,
    WorkedShift,
    advance,
    criteria_status,
    harvest_evidence,
)

#: Usual working hours assumed for mentoring overlap (local time on a person's working days).
WORKDAY_START, WORKDAY_END = time(9), time(17)


@dataclass(frozen=True)
class PairView:
    relationship: MentoringRelationship
    mentor: Person
    mentee: Person
    skill_names: tuple[str, ...]
    active: bool
    mentor_load: int
    max_mentees: int


@dataclass(frozen=True)
class SuggestionView:
    suggestion: PairSuggestion
    mentor: Person
    mentee: Person
    skill_name: str
    explanation: str


def _team_relationships(session, data: SkillsData) -> list[MentoringRelationship]:
    ids = {r.id for r in data.responders}
    return [
        m
        for m in repo.list_all(session, MentoringRelationship)
        if m.mentee_id in ids or m.mentor_id in ids
    ]


def mentoring_board(session, team_id: str, as_of: date) -> tuple[PairView, ...]:
    """Every mentoring pair of the team (open ones first) with the mentor's load on ``as_of``."""
    data = load_skills_data(session, team_id)
    rels = _team_relationships(session, data)
    order = {
        MentoringStatus.ACTIVE: 0,
        MentoringStatus.PROPOSED: 1,
        MentoringStatus.PAUSED: 2,
        MentoringStatus.ENDED: 3,
    }
    views = [
        PairView(
            relationship=m,
            mentor=data.person(m.mentor_id),
            mentee=data.person(m.mentee_id),
            skill_names=tuple(data.skill_name(s) for s in m.skill_ids),
            active=is_active(m, as_of),
            mentor_load=mentor_load(m.mentor_id, rels, as_of),
            max_mentees=DEFAULT_POLICY.max_active_mentees,
        )
        for m in rels
    ]
    views.sort(key=lambda v: (order[MentoringStatus(v.relationship.status)], v.mentee.name))
    return tuple(views)


def _named(text: str, names: Mapping[str, str]) -> str:
    for key in sorted(names, key=len, reverse=True):
        text = text.replace(key, names[key])
    return text


def mentoring_suggestions(
    session, team_id: str, as_of: date, *, limit: int | None = None
) -> tuple[SuggestionView, ...]:
    """Suggested mentor-mentee pairs on ``as_of``, ranked (interest, shared hours, mentor load),
    each with its explanation in names."""
    data = load_skills_data(session, team_id)
    people = data.people_on(as_of)
    ids = [r.id for r in people]
    levels = rota_levels(levels_on(data, as_of))
    hours = {
        r.id: WorkingHours(r.timezone, WORKDAY_START, WORKDAY_END, tuple(r.working_days))
        for r in people
    }
    interests = [i for i in repo.list_all(session, Interest) if i.person_id in set(ids)]
    suggestions = suggest_pairs(
        ids,
        [s.id for s in data.skills],
        levels,
        _team_relationships(session, data),
        as_of,
        interests=interests,
        working_hours=hours,
    )
    if limit is not None:
        suggestions = suggestions[:limit]
    names = {r.id: r.name for r in data.responders} | {s.id: s.name for s in data.skills}
    return tuple(
        SuggestionView(
            suggestion=s,
            mentor=data.person(s.mentor_id),
            mentee=data.person(s.mentee_id),
            skill_name=data.skill_name(s.skill_id),
            explanation=_named(s.explanation, names),
        )
        for s in suggestions
    )


@dataclass(frozen=True)
class HarvestReport:
    tracks_updated: int
    evidence_added: int


def _roles_demanding(patterns: Iterable[ShiftPattern]) -> dict[tuple[str, str], set[str]]:
    """(pattern id, role) -> skill ids the role demands."""
    return {
        (p.id, d.role): {q.skill_id for q in d.required_skills} for p in patterns for d in p.demands
    }


def harvest_worked_shifts(session, team_id: str, as_of: date | datetime) -> HarvestReport:
    """Turn worked shadow shifts into evidence on the trainees' progression tracks (idempotent).

    A shadow assignment of a published rota (for each day, the latest version covering it) that
    ended before ``as_of`` (a date: midnight UTC starting that day) becomes shadow-shift evidence
    on the trainee's track in a skill the assignment's role demands.
    """
    data = load_skills_data(session, team_id)
    ids = {r.id for r in data.responders}
    tracks = [t for t in repo.list_all(session, ProgressionTrack) if t.person_id in ids]
    if not tracks:
        return HarvestReport(0, 0)
    cutoff = as_of if isinstance(as_of, datetime) else midnight(as_of)
    patterns = repo.list_all(session, ShiftPattern, team_id=team_id)
    worked = [a for a in published_timeline(session, team_id).assignments if a.start < cutoff]
    demands = _roles_demanding(patterns)
    shifts = [
        WorkedShift(
            ref=a.id,
            on=a.start.date(),
            kind=ShiftKind.SHADOW,
            skill_id=skill_id,
            person_id=a.responder_id,
            ends_at=a.end,
        )
        for a in worked
        if a.shadow
        for skill_id in sorted(demands.get((a.pattern_id, a.role), ()))
    ]
    updated = added = 0
    for track in tracks:
        harvested = harvest_evidence(track, shifts, cutoff)
        if harvested is not track:
            repo.save(session, harvested)
            updated += 1
            added += len(harvested.evidence) - len(track.evidence)
    return HarvestReport(updated, added)


@dataclass(frozen=True)
class PlannedShift:
    assignment_id: str
    rota_id: str
    pattern_name: str
    role: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class TrackView:
    track: ProgressionTrack
    person: Person
    skill_name: str
    mentor: Person | None
    level: int
    criteria: tuple[CriterionStatus, ...]
    evidence_count: int
    shadow_shifts_done: int
    planned: tuple[PlannedShift, ...]

    @property
    def met(self) -> tuple[CriterionStatus, ...]:
        return tuple(c for c in self.criteria if c.met)

    @property
    def unmet(self) -> tuple[CriterionStatus, ...]:
        return tuple(c for c in self.criteria if not c.met)


@dataclass(frozen=True)
class ProgressView:
    team: Team
    as_of: date
    harvest: HarvestReport
    tracks: tuple[TrackView, ...] = field(default_factory=tuple)


def progression_progress(session, team_id: str, now: datetime) -> ProgressView:
    """Harvest worked shadow shifts, then each track of the team: stage, criteria to leave it (met
    or unmet, with numbers; sign-off judged for the track's mentor), evidence, shadow shifts done
    and planned (shadow assignments after ``now`` of the published timeline with the drafts on
    top of their windows)."""
    harvest = harvest_worked_shifts(session, team_id, now)
    data = load_skills_data(session, team_id)
    as_of = now.date()
    ids = {r.id for r in data.responders}
    levels = rota_levels(levels_on(data, as_of))
    patterns = repo.list_all(session, ShiftPattern, team_id=team_id)
    pattern_names = {p.id: p.name for p in patterns}
    demands = _roles_demanding(patterns)
    planned = with_drafts(
        published_timeline(session, team_id),
        drafts_of(session, team_id),
        {p.id: p for p in patterns},
    )
    future = [a for a, _ in planned if a.shadow and a.start > now]
    names = {r.id: r.name for r in data.responders} | {s.id: s.name for s in data.skills}
    views = []
    tracks = [t for t in repo.list_all(session, ProgressionTrack) if t.person_id in ids]
    for track in sorted(tracks, key=lambda t: (data.person(t.person_id).name, t.skill_id)):
        skill = data.skill_by_id.get(track.skill_id)
        if skill is None:
            continue
        criteria = tuple(
            replace(c, description=_named(c.description, names), detail=_named(c.detail, names))
            for c in criteria_status(track, skill, levels, as_of, signer_id=track.mentor_id)
        )
        planned = tuple(
            PlannedShift(
                a.id,
                a.rota_id,
                pattern_names.get(a.pattern_id, a.pattern_id),
                a.role,
                a.start,
                a.end,
            )
            for a in sorted(future, key=lambda a: a.start)
            if a.responder_id == track.person_id
            and track.skill_id in demands.get((a.pattern_id, a.role), ())
        )
        views.append(
            TrackView(
                track=track,
                person=data.person(track.person_id),
                skill_name=skill.name,
                mentor=None if track.mentor_id is None else data.person(track.mentor_id),
                level=levels.get((track.person_id, track.skill_id), 0),
                criteria=criteria,
                evidence_count=len(track.evidence),
                shadow_shifts_done=sum(
                    e.count
                    for e in track.evidence
                    if e.kind in (EvidenceKind.SHADOW_SHIFT, EvidenceKind.REVERSE_SHADOW_SHIFT)
                ),
                planned=planned,
            )
        )
    return ProgressView(data.team, as_of, harvest, tuple(views))


@dataclass(frozen=True)
class AdvanceView:
    track: ProgressionTrack
    assessment: AssessmentView
    from_stage: Stage
    criteria: tuple[CriterionStatus, ...]


def advance_track(session, track_id: str, signer_email: str, now: datetime) -> AdvanceView:
    """Move a track to its next stage, signed off by ``signer_email``; stores the new track and the
    approved assessment at the new stage's level, so matrix and track agree."""
    track = repo.get(session, ProgressionTrack, track_id)
    if track is None:
        raise NotFoundError("progression track", track_id, "see `tandem mentoring progress`")
    trainee = repo.get(session, Responder, track.person_id)
    if trainee is None:
        raise NotFoundError("person", track.person_id, "the trainee is not stored")
    data = load_skills_data(session, trainee.team_id)
    signer = resolve_person(data, signer_email, "signer")
    skill = require_skill(data, track.skill_id)
    levels = rota_levels(levels_on(data, now.date()))
    result = advance(track, signer.id, now.date(), skill=skill, levels=levels, at=now)
    assessment = result.assessment
    if repo.get(session, Assessment, assessment.id) is not None:
        assessment = replace(assessment, id=f"{assessment.id}:{uuid.uuid4().hex[:6]}")
    repo.save(session, assessment)
    repo.save(session, result.track)
    return AdvanceView(
        result.track, assessment_view(data, assessment), track.stage, result.criteria
    )


@dataclass(frozen=True)
class LevelPoint:
    person: Person
    skill_id: str
    skill_name: str
    day: date
    level: int


def level_history(
    session,
    team_id: str,
    start: date,
    end: date,
    *,
    person_ids: Sequence[str] | None = None,
    skill_ids: Sequence[str] | None = None,
) -> tuple[LevelPoint, ...]:
    """The rota level per person and skill over ``start..end`` as points of a step function (one
    per change, plus the last day so a line reaches the end); people and skills without any level
    in the period are left out."""
    data = load_skills_data(session, team_id)
    if end < start:
        raise InputError("start", start, f"give a start on or before the end {end}")
    people = [
        r.id
        for r in data.responders
        if r.active and (person_ids is None or r.id in set(person_ids))
    ]
    skills = [s for s in data.skills if skill_ids is None or s.id in set(skill_ids)]
    steps = level_steps(people, skills, data.assessments, start, end)
    points = []
    for (pid, sid), entries in steps.items():
        if all(level == 0 for _, level in entries):
            continue
        for day, level in entries:
            points.append(LevelPoint(data.person(pid), sid, data.skill_name(sid), day, level))
        if entries and entries[-1][0] < end:
            points.append(
                LevelPoint(data.person(pid), sid, data.skill_name(sid), end, entries[-1][1])
            )
    return tuple(points)
