"""Effective level of a person in a skill as of a date, derived from append-only assessments.

Rules (see /work/shared/domain/skills-and-mentoring.md):

* Only **approved, non-self** assessments count. Self-ratings (``source == SELF``) and submitted,
  rejected or withdrawn rows never put anyone on call.
* An approved assessment counts from its **effective day**: the later of the UTC day it was made
  (``assessed_at``) and the UTC day it was approved (``decided_at``, when recorded).
* The effective level is the level of the **latest** counting assessment (by ``assessed_at``, then
  ``decided_at``, then ``id``). A latest assessment with ``level=None`` (not applicable) means no
  level.
* **Expiry**: with ``skill.validity_days`` set, the level lapses from ``assessed day +
  validity_days`` on (that day included): the level becomes None, flag ``EXPIRED``. Within
  ``expiring_within_days`` (default 30) before that day the level still counts, flag ``EXPIRING``.
* **Recency**: with ``skill.recency_days`` set and the person's work dates supplied (days of primary
  or reverse-shadow work in the skill), a level of 2 or more counts one lower for the rota from
  ``reference + recency_days`` on, where ``reference`` is the later of the effective day and the
  last work day on/before the date; flag ``STALE``. Level 1 (shadow only) is never made stale.
  Without work dates (``None``) recency is not applied; an empty sequence means "never worked".
* Flag ``PENDING``: a newer non-self submission is waiting for a decision as of the date (also an
  approval recorded after the date).

Times are UTC; a naive ``datetime`` is read as UTC.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from skills.errors import InvalidValueError, NotAllowedError, UnknownReferenceError
from skills.model import (
    MAX_LEVEL,
    MIN_LEVEL,
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    Skill,
)

#: Default warning horizon for the ``EXPIRING`` flag, in days.
EXPIRING_WITHIN_DAYS = 30
#: Recency only lowers levels at or above this (level 1 people shadow and do no primary work).
MIN_LEVEL_FOR_RECENCY = 2

#: Rota levels keyed by (person_id, skill_id); missing keys read as 0 (no level).
LevelTable = Mapping[tuple[str, str], int]
#: Days of primary or reverse-shadow work keyed by (person_id, skill_id).
WorkTable = Mapping[tuple[str, str], Iterable[date]]


class LevelFlag(StrEnum):
    EXPIRING = "expiring"
    EXPIRED = "expired"
    STALE = "stale"
    PENDING = "pending"


@dataclass(frozen=True)
class EffectiveLevel:
    """The level a person has in a skill on ``as_of``, with the assessment it comes from.

    ``level`` is the level for the rota after expiry and recency (None = no level: never assessed,
    not applicable, or expired). ``assessed_level`` is the level of ``source`` before expiry and
    recency. ``pending`` lists newer submissions awaiting a decision.
    """

    person_id: str
    skill_id: str
    as_of: date
    level: int | None
    assessed_level: int | None
    source: Assessment | None
    flags: frozenset[LevelFlag] = frozenset()
    expires_on: date | None = None
    stale_from: date | None = None
    pending: tuple[Assessment, ...] = ()

    @property
    def rota_level(self) -> int:
        """The level as a number for coverage and solver questions: None reads as 0."""
        return 0 if self.level is None else self.level


def utc_day(instant: datetime) -> date:
    """The UTC calendar day of an instant (a naive datetime is read as UTC)."""
    if instant.tzinfo is None:
        return instant.date()
    return instant.astimezone(UTC).date()


def effective_from(assessment: Assessment) -> date:
    """The first day an approved assessment counts: the later of made and approved (UTC days)."""
    made = utc_day(assessment.assessed_at)
    if assessment.decided_at is None:
        return made
    return max(made, utc_day(assessment.decided_at))


def counts_toward_level(assessment: Assessment) -> bool:
    """True for assessments that can set a level: approved and not a self-rating."""
    return (
        assessment.status == AssessmentStatus.APPROVED
        and assessment.source != AssessmentSource.SELF
    )


def _order_key(assessment: Assessment) -> tuple[datetime, datetime, str]:
    def aware(instant: datetime) -> datetime:
        return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)

    decided = assessment.decided_at or datetime.min.replace(tzinfo=UTC)
    return (aware(assessment.assessed_at), aware(decided), assessment.id)


def _group(assessments: Iterable[Assessment]) -> dict[tuple[str, str], list[Assessment]]:
    groups: dict[tuple[str, str], list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        groups[(assessment.person_id, assessment.skill_id)].append(assessment)
    for rows in groups.values():
        rows.sort(key=_order_key)
    return groups


def _effective(
    person_id: str,
    skill: Skill,
    rows: Sequence[Assessment],
    as_of: date,
    work_dates: Sequence[date] | None,
    expiring_within_days: int,
) -> EffectiveLevel:
    """Effective level from the rows of one person and skill, sorted oldest first."""
    source: Assessment | None = None
    for row in rows:
        if counts_toward_level(row) and effective_from(row) <= as_of:
            source = row  # rows are sorted, so the last match is the latest
    pending = tuple(
        row
        for row in rows
        if row.source != AssessmentSource.SELF
        and utc_day(row.assessed_at) <= as_of
        and (
            row.status == AssessmentStatus.SUBMITTED
            or (row.status == AssessmentStatus.APPROVED and effective_from(row) > as_of)
        )
        and (source is None or _order_key(row) > _order_key(source))
    )
    flags: set[LevelFlag] = {LevelFlag.PENDING} if pending else set()
    if source is None or source.level is None:
        return EffectiveLevel(
            person_id, skill.id, as_of, None, None, source, frozenset(flags), pending=pending
        )

    level: int | None = source.level
    expires_on = None
    if skill.validity_days is not None:
        expires_on = utc_day(source.assessed_at) + timedelta(days=skill.validity_days)
        if as_of >= expires_on:
            level = None
            flags.add(LevelFlag.EXPIRED)
        elif (expires_on - as_of).days <= expiring_within_days:
            flags.add(LevelFlag.EXPIRING)

    stale_from = None
    if (
        level is not None
        and skill.recency_days is not None
        and work_dates is not None
        and level >= MIN_LEVEL_FOR_RECENCY
    ):
        reference = effective_from(source)
        worked = [day for day in work_dates if day <= as_of]
        if worked:
            reference = max(reference, max(worked))
        stale_from = reference + timedelta(days=skill.recency_days)
        if as_of >= stale_from:
            level -= 1
            flags.add(LevelFlag.STALE)

    return EffectiveLevel(
        person_id=person_id,
        skill_id=skill.id,
        as_of=as_of,
        level=level,
        assessed_level=source.level,
        source=source,
        flags=frozenset(flags),
        expires_on=expires_on,
        stale_from=stale_from,
        pending=pending,
    )


def effective_level(
    person_id: str,
    skill: Skill,
    assessments: Iterable[Assessment],
    as_of: date,
    *,
    work_dates: Iterable[date] | None = None,
    expiring_within_days: int = EXPIRING_WITHIN_DAYS,
) -> EffectiveLevel:
    """The effective level of ``person_id`` in ``skill`` on ``as_of`` (rules in the module doc).

    ``assessments`` may hold rows of other people and skills; they are ignored. ``work_dates`` are
    the days of primary or reverse-shadow work in this skill (None: recency not applied).
    """
    rows = sorted(
        (a for a in assessments if a.person_id == person_id and a.skill_id == skill.id),
        key=_order_key,
    )
    work = None if work_dates is None else list(work_dates)
    return _effective(person_id, skill, rows, as_of, work, expiring_within_days)


def effective_levels(
    person_ids: Iterable[str],
    skills: Iterable[Skill],
    assessments: Iterable[Assessment],
    as_of: date,
    *,
    work: WorkTable | None = None,
    expiring_within_days: int = EXPIRING_WITHIN_DAYS,
) -> dict[tuple[str, str], EffectiveLevel]:
    """Effective levels for every person x skill on ``as_of``, keyed by (person_id, skill_id).

    ``work`` maps (person_id, skill_id) to work days; None means recency is not applied, a missing
    key in a given table means the person never worked the skill.
    """
    groups = _group(assessments)
    skill_list = list(skills)
    result: dict[tuple[str, str], EffectiveLevel] = {}
    for person_id in person_ids:
        for skill in skill_list:
            key = (person_id, skill.id)
            work_dates = None if work is None else list(work.get(key, ()))
            result[key] = _effective(
                person_id, skill, groups.get(key, []), as_of, work_dates, expiring_within_days
            )
    return result


def rota_levels(levels: Mapping[tuple[str, str], EffectiveLevel]) -> dict[tuple[str, str], int]:
    """A :data:`LevelTable` (plain ints, 0 = no level) from effective levels."""
    return {key: value.rota_level for key, value in levels.items()}


def levels_as_of(
    person_ids: Iterable[str],
    skills: Iterable[Skill],
    assessments: Iterable[Assessment],
    as_of: date,
    *,
    work: WorkTable | None = None,
) -> dict[tuple[str, str], int]:
    """Shortcut: the :data:`LevelTable` of rota levels on ``as_of``."""
    return rota_levels(effective_levels(person_ids, skills, assessments, as_of, work=work))


def level_steps(
    person_ids: Iterable[str],
    skills: Iterable[Skill],
    assessments: Iterable[Assessment],
    start: date,
    end: date,
    *,
    work: WorkTable | None = None,
) -> dict[tuple[str, str], tuple[tuple[date, int], ...]]:
    """The rota level per person and skill as a step function over ``start..end`` (inclusive).

    Each value is ``((start, level), (day, new level), ...)``: the level holds from that day until
    the next entry; no level reads as 0. This answers the solver's "effective level per person,
    skill and day": the level on day ``d`` is the last entry with ``from_date <= d``.
    """
    if end < start:
        raise InvalidValueError("end", end, f"give an end on or after the start {start}")
    groups = _group(assessments)
    skill_list = list(skills)
    steps: dict[tuple[str, str], tuple[tuple[date, int], ...]] = {}
    for person_id in person_ids:
        for skill in skill_list:
            key = (person_id, skill.id)
            rows = groups.get(key, [])
            work_dates = None if work is None else sorted(set(work.get(key, ())))
            candidates = {start}
            for row in rows:
                made = utc_day(row.assessed_at)
                candidates.add(effective_from(row))
                if skill.validity_days is not None:
                    candidates.add(made + timedelta(days=skill.validity_days))
                if skill.recency_days is not None:
                    candidates.add(effective_from(row) + timedelta(days=skill.recency_days))
            if skill.recency_days is not None and work_dates is not None:
                for day in work_dates:
                    candidates.add(day)
                    candidates.add(day + timedelta(days=skill.recency_days))
            entries: list[tuple[date, int]] = []
            for day in sorted(d for d in candidates if start <= d <= end):
                level = _effective(
                    person_id, skill, rows, day, work_dates, EXPIRING_WITHIN_DAYS
                ).rota_level
                if not entries or entries[-1][1] != level:
                    entries.append((day, level))
            steps[key] = tuple(entries)
    return steps


def level_on(steps: Sequence[tuple[date, int]], day: date) -> int:
    """Read a step function from :func:`level_steps` on one day (0 before its first entry)."""
    level = 0
    for from_day, value in steps:
        if from_day > day:
            break
        level = value
    return level


def validate_assessment(
    assessment: Assessment,
    skills: Mapping[str, Skill] | Collection[str],
    now: datetime,
) -> None:
    """Refuse a new assessment that is malformed; return None when it may be stored.

    Checks: the skill is in the catalogue (``skills``: a mapping id -> Skill or a set of ids); the
    level is a whole number 0-4 or None (not applicable); ``assessed_at`` carries a time zone and is
    not after ``now``; a self-rating is made by the person and any other rating is not; an approved
    row is not approved by the assessed person. Raises :class:`~skills.errors.SkillsError`.
    """
    if not assessment.person_id:
        raise InvalidValueError("person_id", assessment.person_id, "give the person's id")
    if assessment.skill_id not in skills:
        known = ", ".join(sorted(skills)[:10])
        raise UnknownReferenceError(
            "skill_id",
            assessment.skill_id,
            f"use a skill from the catalogue ({known}) or add the skill first",
        )
    level = assessment.level
    if level is not None and (
        isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL
    ):
        raise InvalidValueError(
            "level",
            level,
            f"use a whole number {MIN_LEVEL}-{MAX_LEVEL}, or None for not applicable",
        )
    if assessment.assessed_at.tzinfo is None:
        raise InvalidValueError(
            "assessed_at", assessment.assessed_at, "give a time-zone aware datetime (tzinfo=UTC)"
        )
    if now.tzinfo is None:
        raise InvalidValueError("now", now, "give a time-zone aware datetime (tzinfo=UTC)")
    if assessment.assessed_at > now:
        raise InvalidValueError(
            "assessed_at",
            assessment.assessed_at.isoformat(),
            f"an assessment cannot be in the future (now is {now.isoformat()}); "
            "use the time it was made",
        )
    if assessment.source == AssessmentSource.SELF:
        if assessment.assessor_id not in (None, assessment.person_id):
            raise InvalidValueError(
                "assessor_id",
                assessment.assessor_id,
                "a self-rating is made by the person themselves; use another source "
                "(mentor, manager, peer) for a rating by someone else",
            )
    elif assessment.assessor_id == assessment.person_id:
        raise InvalidValueError(
            "source",
            assessment.source.value,
            "a rating of oneself must use source 'self' (it never counts toward the level)",
        )
    if (
        assessment.status == AssessmentStatus.APPROVED
        and assessment.decided_by == assessment.person_id
    ):
        raise NotAllowedError(
            "decided_by",
            assessment.decided_by,
            "nobody may approve an assessment of themselves",
            "have a mentor or manager approve it",
        )


def decide_assessment(
    assessment: Assessment,
    decider_id: str,
    approve: bool,
    at: datetime,
    *,
    comment: str | None = None,
) -> Assessment:
    """Approve or reject a submitted assessment; return the updated row (the input is unchanged).

    Refused (:class:`~skills.errors.NotAllowedError`) when the row is not submitted, when the
    decider is the assessed person or the assessor, or when ``at`` precedes the assessment.
    ``comment``, when given, replaces the row's comment.
    """
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise NotAllowedError(
            "status",
            assessment.status.value,
            f"assessment {assessment.id} was already decided",
            "submit a new assessment to correct it (assessments are append-only)",
        )
    if decider_id == assessment.person_id:
        raise NotAllowedError(
            "decided_by",
            decider_id,
            "nobody may approve or reject an assessment of themselves",
            "ask a mentor or manager to decide",
        )
    if decider_id == assessment.assessor_id:
        raise NotAllowedError(
            "decided_by",
            decider_id,
            "the assessor cannot approve or reject their own assessment",
            "ask another level-4 person or a manager to decide",
        )
    if at.tzinfo is None:
        raise InvalidValueError("at", at, "give a time-zone aware datetime (tzinfo=UTC)")
    assessed_at = assessment.assessed_at
    if assessed_at.tzinfo is None:
        assessed_at = assessed_at.replace(tzinfo=UTC)
    if at < assessed_at:
        raise InvalidValueError(
            "at",
            at.isoformat(),
            f"a decision cannot precede the assessment ({assessed_at.isoformat()})",
        )
    return replace(
        assessment,
        status=AssessmentStatus.APPROVED if approve else AssessmentStatus.REJECTED,
        decided_by=decider_id,
        decided_at=at,
        comment=assessment.comment if comment is None else comment,
    )


def approve_assessment(assessment: Assessment, decider_id: str, at: datetime) -> Assessment:
    """Approve a submitted assessment (see :func:`decide_assessment`)."""
    return decide_assessment(assessment, decider_id, True, at)


def reject_assessment(assessment: Assessment, decider_id: str, at: datetime) -> Assessment:
    """Reject a submitted assessment (see :func:`decide_assessment`)."""
    return decide_assessment(assessment, decider_id, False, at)
