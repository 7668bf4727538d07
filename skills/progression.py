"""Progression tracks: prerequisites -> shadow -> reverse shadow -> primary, per person and skill.

Criteria to leave each stage (numbers in :class:`ProgressionCriteria`; defaults from practice):

* prerequisites -> shadow: every prerequisite skill of the track's skill at level >= 3;
* shadow -> reverse shadow: observed >= 2 major incidents, and >= 3 shadow shifts (or, with
  ``shadow_days`` set, at least one shadow shift and >= 7 days in the shadow stage);
* reverse shadow -> primary: >= 10 alerts handled and more than 80 % of them judged right;
* every advance: sign-off by a level-4 person in the skill who is not the trainee.

Evidence counts when its day is on or before ``as_of``. Advancing writes an approved assessment
with source PROGRESSION at the new stage's level (shadow 1, reverse shadow 2, primary 3), signed by
the signer and effective from ``as_of``, so the matrix and the track never disagree.

Worked shadow and reverse-shadow shifts become evidence by :func:`harvest_evidence`, idempotently by
their ``ref``. :func:`trainees_for_solver` tells the solver who shadows in which skill with whom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from skills.errors import CriteriaNotMetError, InvalidValueError, NotAllowedError
from skills.levels import LevelTable
from skills.mentoring import DEFAULT_POLICY, MentoringPolicy, check_mentor, is_active
from skills.model import (
    STAGE_LEVEL,
    STAGE_ORDER,
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    Evidence,
    EvidenceKind,
    MentoringRelationship,
    ProgressionTrack,
    Skill,
    Stage,
)


@dataclass(frozen=True)
class ProgressionCriteria:
    """Numbers for the stage criteria (see module doc). ``shadow_days`` None disables the
    "one week in the shadow stage" alternative."""

    prerequisite_level: int = 3
    major_incidents_observed: int = 2
    shadow_shifts: int = 3
    shadow_days: int | None = 7
    reverse_shadow_alerts: int = 10
    judged_right_share: float = 0.8  # strictly more than this share must be judged right
    signoff_level: int = 4


DEFAULT_CRITERIA = ProgressionCriteria()


def next_stage(stage: Stage) -> Stage | None:
    """The stage after ``stage``, or None after primary."""
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


@dataclass(frozen=True)
class CriterionStatus:
    """One criterion for leaving the current stage, with the numbers behind it.

    ``id`` is stable (e.g. "shadow-shifts", "prerequisite:moderation-tools", "sign-off").
    """

    id: str
    description: str
    met: bool
    actual: float | int | None
    required: float | int | None
    detail: str


def _sum(track: ProgressionTrack, kind: EvidenceKind, as_of: date) -> tuple[int, int]:
    rows = [e for e in track.evidence if e.kind == kind and e.on <= as_of]
    return sum(e.count for e in rows), sum(e.judged_right for e in rows)


def criteria_status(
    track: ProgressionTrack,
    skill: Skill,
    levels: LevelTable,
    as_of: date,
    *,
    signer_id: str | None = None,
    criteria: ProgressionCriteria = DEFAULT_CRITERIA,
) -> tuple[CriterionStatus, ...]:
    """Each criterion for leaving the track's current stage, met or unmet, with numbers.

    ``levels`` is a level table as of ``as_of`` (prerequisites and the signer's level). Without a
    ``signer_id`` the sign-off criterion is listed as unmet. A track at primary has no criteria.
    """
    if skill.id != track.skill_id:
        raise InvalidValueError("skill", skill.id, f"pass the track's skill {track.skill_id!r}")
    stage = track.stage
    if next_stage(stage) is None:
        return ()
    out: list[CriterionStatus] = []
    if stage == Stage.PREREQUISITES:
        for prerequisite in skill.prerequisites:
            level = levels.get((track.person_id, prerequisite), 0)
            out.append(
                CriterionStatus(
                    id=f"prerequisite:{prerequisite}",
                    description=f"{prerequisite} at level >= {criteria.prerequisite_level}",
                    met=level >= criteria.prerequisite_level,
                    actual=level,
                    required=criteria.prerequisite_level,
                    detail=f"level {level} in {prerequisite} on {as_of.isoformat()}",
                )
            )
    elif stage == Stage.SHADOW:
        observed, _ = _sum(track, EvidenceKind.MAJOR_INCIDENT_OBSERVED, as_of)
        out.append(
            CriterionStatus(
                id="major-incidents-observed",
                description=f"observed >= {criteria.major_incidents_observed} major incidents",
                met=observed >= criteria.major_incidents_observed,
                actual=observed,
                required=criteria.major_incidents_observed,
                detail=f"{observed} of {criteria.major_incidents_observed} observed",
            )
        )
        shifts, _ = _sum(track, EvidenceKind.SHADOW_SHIFT, as_of)
        days = None if track.stage_since is None else (as_of - track.stage_since).days
        by_days = (
            criteria.shadow_days is not None
            and days is not None
            and days >= criteria.shadow_days
            and shifts >= 1
        )
        alternative = (
            f" or >= 1 shadow shift and {criteria.shadow_days} days in the stage"
            if criteria.shadow_days is not None
            else ""
        )
        out.append(
            CriterionStatus(
                id="shadow-shifts",
                description=f">= {criteria.shadow_shifts} shadow shifts{alternative}",
                met=shifts >= criteria.shadow_shifts or by_days,
                actual=shifts,
                required=criteria.shadow_shifts,
                detail=f"{shifts} shadow shifts"
                + ("" if days is None else f", {days} days in the shadow stage"),
            )
        )
    elif stage == Stage.REVERSE_SHADOW:
        alerts, right = _sum(track, EvidenceKind.ALERTS_HANDLED, as_of)
        out.append(
            CriterionStatus(
                id="alerts-handled",
                description=f">= {criteria.reverse_shadow_alerts} alerts handled in reverse shadow",
                met=alerts >= criteria.reverse_shadow_alerts,
                actual=alerts,
                required=criteria.reverse_shadow_alerts,
                detail=f"{alerts} of {criteria.reverse_shadow_alerts} alerts handled",
            )
        )
        share = right / alerts if alerts else 0.0
        out.append(
            CriterionStatus(
                id="judged-right",
                description=f"more than {criteria.judged_right_share:.0%} of alerts judged right",
                met=alerts > 0 and share > criteria.judged_right_share,
                actual=round(share, 4),
                required=criteria.judged_right_share,
                detail=f"{right} of {alerts} judged right ({share:.0%})",
            )
        )
    if signer_id is None:
        out.append(
            CriterionStatus(
                id="sign-off",
                description=f"sign-off by a level-{criteria.signoff_level} person in {skill.id}",
                met=False,
                actual=None,
                required=criteria.signoff_level,
                detail="awaiting sign-off",
            )
        )
    else:
        level = levels.get((signer_id, skill.id), 0)
        is_trainee = signer_id == track.person_id
        out.append(
            CriterionStatus(
                id="sign-off",
                description=f"sign-off by a level-{criteria.signoff_level} person in {skill.id}",
                met=level >= criteria.signoff_level and not is_trainee,
                actual=level,
                required=criteria.signoff_level,
                detail=(
                    f"{signer_id} is the trainee"
                    if is_trainee
                    else f"{signer_id} is at level {level} in {skill.id} on {as_of.isoformat()}"
                ),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class AdvanceResult:
    """The track in its new stage and the approved assessment the advance writes."""

    track: ProgressionTrack
    assessment: Assessment
    criteria: tuple[CriterionStatus, ...]


def advance(
    track: ProgressionTrack,
    signer_id: str,
    as_of: date,
    *,
    skill: Skill,
    levels: LevelTable,
    criteria: ProgressionCriteria = DEFAULT_CRITERIA,
    assessment_id: str | None = None,
    at: datetime | None = None,
) -> AdvanceResult:
    """Move the track to its next stage, signed off by ``signer_id`` on ``as_of``.

    Refused with :class:`~skills.errors.NotAllowedError` when the track is at primary, when the
    signer is the trainee or below level 4 in the skill, and with
    :class:`~skills.errors.CriteriaNotMetError` (listing each unmet criterion) otherwise unmet.
    The returned assessment (id ``assessment_id`` or ``"<track id>:<stage>"``, made at ``at`` or
    midnight UTC of ``as_of``) is approved, source PROGRESSION, level 1/2/3 for
    shadow/reverse shadow/primary; store it together with the new track.
    """
    new_stage = next_stage(track.stage)
    if new_stage is None:
        raise NotAllowedError(
            "stage",
            track.stage.value,
            f"track {track.id} is already at the last stage",
            "nothing to advance; record further growth as an assessment",
        )
    statuses = criteria_status(track, skill, levels, as_of, signer_id=signer_id, criteria=criteria)
    if signer_id == track.person_id:
        raise NotAllowedError(
            "signer_id",
            signer_id,
            "trainees cannot sign off their own progression",
            f"ask a level-{criteria.signoff_level} person in {skill.id}",
        )
    signer_level = levels.get((signer_id, skill.id), 0)
    if signer_level < criteria.signoff_level:
        raise NotAllowedError(
            "signer_id",
            signer_id,
            f"sign-off needs level {criteria.signoff_level} in {skill.id}, "
            f"the signer is at level {signer_level} on {as_of.isoformat()}",
            f"ask a level-{criteria.signoff_level} person in {skill.id} to sign off",
        )
    unmet = [f"{s.description} ({s.detail})" for s in statuses if not s.met]
    if unmet:
        raise CriteriaNotMetError(track.id, unmet)
    made_at = at if at is not None else datetime.combine(as_of, time(0), UTC)
    if made_at.tzinfo is None:
        raise InvalidValueError("at", made_at, "give a time-zone aware datetime (tzinfo=UTC)")
    assessment = Assessment(
        id=assessment_id or f"{track.id}:{new_stage.name.lower()}",
        person_id=track.person_id,
        skill_id=track.skill_id,
        level=STAGE_LEVEL[new_stage],
        source=AssessmentSource.PROGRESSION,
        assessor_id=signer_id,
        assessed_at=made_at,
        status=AssessmentStatus.APPROVED,
        decided_by=signer_id,
        decided_at=made_at,
        comment=f"progression: {track.stage.value} -> {new_stage.value}",
        evidence="; ".join(f"{s.id}: {s.detail}" for s in statuses),
    )
    new_track = replace(track, stage=new_stage, stage_since=as_of)
    return AdvanceResult(track=new_track, assessment=assessment, criteria=statuses)


class ShiftKind(StrEnum):
    SHADOW = "shadow"
    REVERSE_SHADOW = "reverse-shadow"


EVIDENCE_FOR_SHIFT: dict[ShiftKind, EvidenceKind] = {
    ShiftKind.SHADOW: EvidenceKind.SHADOW_SHIFT,
    ShiftKind.REVERSE_SHADOW: EvidenceKind.REVERSE_SHADOW_SHIFT,
}


@dataclass(frozen=True)
class WorkedShift:
    """A shift a trainee worked as shadow or reverse shadow (from the published rota).

    ``ref`` identifies it (an assignment id). ``on`` is its day; ``ends_at`` (UTC), when given, is
    when it ended; otherwise it is taken to end at the end of the UTC day ``on``. ``person_id``
    None means "the track's person" (the caller already filtered).
    """

    ref: str
    on: date
    kind: ShiftKind
    skill_id: str
    person_id: str | None = None
    ends_at: datetime | None = None


def _cutoff(as_of: date | datetime) -> datetime:
    if isinstance(as_of, datetime):
        return as_of if as_of.tzinfo is not None else as_of.replace(tzinfo=UTC)
    return datetime.combine(as_of, time(0), UTC)


def harvest_evidence(
    track: ProgressionTrack,
    worked_shifts: Iterable[WorkedShift],
    as_of: date | datetime,
) -> ProgressionTrack:
    """The track with worked shadow / reverse-shadow shifts added as evidence, idempotently.

    A shift is harvested when it is for the track's person and skill, it ended before ``as_of`` (a
    date means midnight UTC starting that day), and no evidence with its ``ref`` exists yet.
    Returns the same track object when nothing new was harvested.
    """
    cutoff = _cutoff(as_of)
    seen = {e.ref for e in track.evidence if e.ref}
    new: list[Evidence] = []
    for shift in sorted(worked_shifts, key=lambda s: (s.on, s.ref)):
        if not shift.ref:
            raise InvalidValueError("ref", shift.ref, "give each worked shift its assignment id")
        if shift.ref in seen or shift.skill_id != track.skill_id:
            continue
        if shift.person_id is not None and shift.person_id != track.person_id:
            continue
        ended = shift.ends_at or datetime.combine(shift.on + timedelta(days=1), time(0), UTC)
        if ended.tzinfo is None:
            ended = ended.replace(tzinfo=UTC)
        if ended > cutoff:
            continue
        seen.add(shift.ref)
        new.append(
            Evidence(
                kind=EVIDENCE_FOR_SHIFT[ShiftKind(shift.kind)],
                on=shift.on,
                ref=shift.ref,
                note=f"harvested from worked {ShiftKind(shift.kind).value} shift",
            )
        )
    if not new:
        return track
    return replace(track, evidence=track.evidence + tuple(new))


def add_evidence(track: ProgressionTrack, evidence: Evidence) -> ProgressionTrack:
    """The track with one piece of evidence added (major incident observed, alerts handled, note).

    Evidence with a ``ref`` already on the track is not added twice.
    """
    if evidence.count < 0 or evidence.judged_right < 0 or evidence.judged_right > evidence.count:
        raise InvalidValueError(
            "judged_right",
            (evidence.count, evidence.judged_right),
            "use 0 <= judged_right <= count",
        )
    if evidence.ref and any(e.ref == evidence.ref for e in track.evidence):
        return track
    return replace(track, evidence=track.evidence + (evidence,))


@dataclass(frozen=True)
class TraineePlan:
    """What the solver needs for one trainee in one skill.

    ``stage`` is shadow or reverse shadow. ``eligible_mentor_ids``: people who may be the trainee's
    partner on a shift (mentor level and load cap on ``as_of``), the assigned mentor first.
    ``partner_min_level``: the partner's minimum level (the mentor level for shadows; 3 for a
    reverse shadow's backup). ``shadow_shifts_per_week``: wanted shifts per week.
    """

    person_id: str
    skill_id: str
    track_id: str
    stage: Stage
    level: int
    assigned_mentor_id: str | None
    eligible_mentor_ids: tuple[str, ...]
    partner_min_level: int
    shadow_shifts_per_week: int


REVERSE_SHADOW_BACKUP_LEVEL = 3


def trainees_for_solver(
    tracks: Iterable[ProgressionTrack],
    relationships: Iterable[MentoringRelationship],
    levels: LevelTable,
    as_of: date,
    *,
    policy: MentoringPolicy = DEFAULT_POLICY,
    default_shadow_shifts_per_week: int = 1,
) -> tuple[TraineePlan, ...]:
    """Trainees in the shadow or reverse-shadow stage on ``as_of``, with their eligible mentors.

    ``levels`` is a level table as of ``as_of``; the people considered as mentors are those in it.
    The assigned mentor is an active relationship's mentor covering the skill (else the track's
    ``mentor_id``); shifts per week come from that relationship (else the default).
    """
    rels = list(relationships)
    people = sorted({person for person, _ in levels})
    plans = []
    for track in sorted(tracks, key=lambda t: (t.person_id, t.skill_id, t.id)):
        if track.stage not in (Stage.SHADOW, Stage.REVERSE_SHADOW):
            continue
        active = [
            r
            for r in rels
            if r.mentee_id == track.person_id
            and track.skill_id in r.skill_ids
            and is_active(r, as_of)
        ]
        assigned = active[0].mentor_id if active else track.mentor_id
        per_week = (
            max(r.shadow_shifts_per_week for r in active)
            if active
            else default_shadow_shifts_per_week
        )
        eligible = [
            p
            for p in people
            if p != track.person_id
            and check_mentor(
                p, (track.skill_id,), levels, rels, as_of, policy=policy, mentee_id=track.person_id
            ).eligible
        ]
        if assigned in eligible:
            eligible.remove(assigned)
            eligible.insert(0, assigned)
        plans.append(
            TraineePlan(
                person_id=track.person_id,
                skill_id=track.skill_id,
                track_id=track.id,
                stage=track.stage,
                level=levels.get((track.person_id, track.skill_id), 0),
                assigned_mentor_id=assigned,
                eligible_mentor_ids=tuple(eligible),
                partner_min_level=(
                    policy.mentor_min_level
                    if track.stage == Stage.SHADOW
                    else REVERSE_SHADOW_BACKUP_LEVEL
                ),
                shadow_shifts_per_week=per_week,
            )
        )
    return tuple(plans)
