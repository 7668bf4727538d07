"""Mentoring: who may mentor, load caps, suggested pairs, and goals with checklists.

* A mentor must be at ``MentoringPolicy.mentor_min_level`` (default 4; teams may allow 3) in every
  skill in scope **on the date asked** (pass a level table as of that date).
* A mentor has at most ``max_active_mentees`` (default 2) distinct active mentees. A relationship is
  active on a date when its status is ACTIVE and the date lies within ``start..end`` (open ends).
* Suggested pairs: mentor at ``mentor_min_level`` or above with spare capacity, mentee at
  ``mentee_max_level`` (default 2) or below in the same skill, no open relationship between them in
  that skill and the mentee not already mentored in it. Ranked, in this order:
  1. the mentee's interest in the skill (2 keen, 1 open, 0 none / unknown), higher first;
  2. shared working hours per week (rounded to 0.1 h), more first;
  3. the mentor's current number of active mentees, fewer first;
  then skill id, mentee id and mentor id for a stable order. Each suggestion explains its rank.
* Working hours come from the caller, either as a :class:`WorkingHours` (IANA zone, local start and
  end, working weekdays) or as UTC intervals; overlap is computed over the week (Monday to Sunday)
  containing ``as_of``, so DST in either zone is taken into account.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from skills.errors import InvalidValueError, NotAllowedError
from skills.levels import LevelTable
from skills.model import (
    LEVEL_LABELS,
    MAX_LEVEL,
    MIN_LEVEL,
    ChecklistItem,
    Goal,
    Interest,
    MentoringRelationship,
    MentoringStatus,
    Skill,
)

INTEREST_LABELS: dict[int, str] = {0: "not interested", 1: "open", 2: "keen"}
OPEN_STATUSES = frozenset(
    {MentoringStatus.PROPOSED, MentoringStatus.ACTIVE, MentoringStatus.PAUSED}
)


@dataclass(frozen=True)
class MentoringPolicy:
    """Team parameters for mentoring.

    ``mentor_min_level``: level needed to mentor, 4 by default; a team may allow 3.
    ``max_active_mentees``: distinct active mentees per mentor, 2 by default.
    ``mentee_max_level``: highest level at which someone is suggested as a mentee, 2 by default.
    """

    mentor_min_level: int = 4
    max_active_mentees: int = 2
    mentee_max_level: int = 2

    def __post_init__(self) -> None:
        if self.mentor_min_level not in (3, 4):
            raise InvalidValueError(
                "mentor_min_level", self.mentor_min_level, "use 4 (default) or 3"
            )
        if self.max_active_mentees < 1:
            raise InvalidValueError(
                "max_active_mentees", self.max_active_mentees, "allow at least 1 mentee"
            )
        if not MIN_LEVEL <= self.mentee_max_level < self.mentor_min_level:
            raise InvalidValueError(
                "mentee_max_level",
                self.mentee_max_level,
                f"use a level from {MIN_LEVEL} to below the mentor level {self.mentor_min_level}",
            )


DEFAULT_POLICY = MentoringPolicy()


def is_active(relationship: MentoringRelationship, on: date) -> bool:
    """True when the relationship is ACTIVE and ``on`` lies within its start..end (open ends)."""
    return (
        relationship.status == MentoringStatus.ACTIVE
        and (relationship.start is None or relationship.start <= on)
        and (relationship.end is None or on <= relationship.end)
    )


def active_mentees(
    mentor_id: str, relationships: Iterable[MentoringRelationship], on: date
) -> tuple[str, ...]:
    """Distinct mentee ids in active relationships of ``mentor_id`` on ``on``, sorted."""
    return tuple(
        sorted(
            {r.mentee_id for r in relationships if r.mentor_id == mentor_id and is_active(r, on)}
        )
    )


def mentor_load(mentor_id: str, relationships: Iterable[MentoringRelationship], on: date) -> int:
    """Number of distinct active mentees of ``mentor_id`` on ``on``."""
    return len(active_mentees(mentor_id, relationships, on))


@dataclass(frozen=True)
class MentorCheck:
    """Whether a person may mentor in a scope on a date; ``reasons`` say why not (empty if fine)."""

    mentor_id: str
    skill_ids: tuple[str, ...]
    eligible: bool
    load: int
    reasons: tuple[str, ...]


def check_mentor(
    mentor_id: str,
    skill_ids: Iterable[str],
    levels: LevelTable,
    relationships: Iterable[MentoringRelationship],
    on: date,
    *,
    policy: MentoringPolicy = DEFAULT_POLICY,
    mentee_id: str | None = None,
) -> MentorCheck:
    """May ``mentor_id`` mentor in ``skill_ids`` on ``on``? Level in every skill and load cap.

    ``levels`` is a level table as of ``on``. When ``mentee_id`` is given, an existing active
    relationship with that mentee does not count against the cap (it is the one being checked).
    """
    scope = tuple(skill_ids)
    rels = list(relationships)
    reasons = []
    for skill_id in scope:
        level = levels.get((mentor_id, skill_id), 0)
        if level < policy.mentor_min_level:
            reasons.append(
                f"level {level} in {skill_id} on {on.isoformat()}, "
                f"mentoring needs {policy.mentor_min_level}"
            )
    mentees = set(active_mentees(mentor_id, rels, on))
    load = len(mentees)
    if len(mentees - {mentee_id}) >= policy.max_active_mentees:
        reasons.append(
            f"already mentors {load} people on {on.isoformat()} "
            f"(at most {policy.max_active_mentees})"
        )
    return MentorCheck(mentor_id, scope, not reasons, load, tuple(reasons))


def validate_relationship(
    relationship: MentoringRelationship,
    levels: LevelTable,
    relationships: Iterable[MentoringRelationship],
    on: date,
    *,
    policy: MentoringPolicy = DEFAULT_POLICY,
) -> None:
    """Refuse a relationship to be created or activated on ``on`` if it breaks the rules.

    Checks: mentor and mentee differ; at least one skill in scope; start not after end; for an
    ACTIVE relationship, the mentor's level in every skill and the load cap (other relationships
    only; the one with the same id is ignored). Raises :class:`~skills.errors.SkillsError`.
    """
    if relationship.mentor_id == relationship.mentee_id:
        raise InvalidValueError(
            "mentor_id", relationship.mentor_id, "a person cannot mentor themselves"
        )
    if not relationship.skill_ids:
        raise InvalidValueError("skill_ids", relationship.skill_ids, "name at least one skill")
    if relationship.start and relationship.end and relationship.end < relationship.start:
        raise InvalidValueError(
            "end", relationship.end, f"end on or after the start {relationship.start}"
        )
    if relationship.shadow_shifts_per_week < 0:
        raise InvalidValueError(
            "shadow_shifts_per_week", relationship.shadow_shifts_per_week, "use 0 or more"
        )
    if relationship.status != MentoringStatus.ACTIVE:
        return
    others = [r for r in relationships if r.id != relationship.id]
    check = check_mentor(
        relationship.mentor_id,
        relationship.skill_ids,
        levels,
        others,
        on,
        policy=policy,
        mentee_id=relationship.mentee_id,
    )
    if not check.eligible:
        raise NotAllowedError(
            "mentor_id",
            relationship.mentor_id,
            "; ".join(check.reasons),
            "choose another mentor (see suggest_pairs) or end one of their relationships",
        )


@dataclass(frozen=True)
class WorkingHours:
    """Usual working hours in a zone: local ``start``..``end`` on ``days`` (0 = Monday).

    An ``end`` at or before ``start`` means the hours run past midnight into the next day.
    """

    zone: str
    start: time
    end: time
    days: tuple[int, ...] = (0, 1, 2, 3, 4)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise InvalidValueError(
                "zone", self.zone, "use an IANA zone such as 'Asia/Tokyo'"
            ) from error
        if any(d not in range(7) for d in self.days):
            raise InvalidValueError("days", self.days, "use weekday numbers 0 (Monday) to 6")

    def utc_intervals(self, week_start: date) -> tuple[tuple[datetime, datetime], ...]:
        """The working intervals, in UTC, of the 7 local days starting ``week_start``."""
        zone = ZoneInfo(self.zone)
        out = []
        for offset in range(7):
            day = week_start + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            begin = datetime.combine(day, self.start, zone)
            end_day = day if self.end > self.start else day + timedelta(days=1)
            finish = datetime.combine(end_day, self.end, zone)
            out.append((begin.astimezone(UTC), finish.astimezone(UTC)))
        return tuple(out)


Hours = WorkingHours | Sequence[tuple[datetime, datetime]]


def _intervals(hours: Hours, week_start: date) -> list[tuple[datetime, datetime]]:
    if isinstance(hours, WorkingHours):
        raw = list(hours.utc_intervals(week_start))
    else:
        raw = []
        for begin, finish in hours:
            if begin.tzinfo is None or finish.tzinfo is None:
                raise InvalidValueError(
                    "working_hours", (begin, finish), "give UTC intervals with tzinfo=UTC"
                )
            raw.append((begin, finish))
    raw.sort()
    merged: list[tuple[datetime, datetime]] = []
    for begin, finish in raw:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return merged


def overlap_hours(a: Hours, b: Hours, week_start: date) -> float:
    """Hours both people work, over the 7 days from ``week_start`` for :class:`WorkingHours`
    (UTC interval lists are taken as given)."""
    total = 0.0
    for a_begin, a_end in _intervals(a, week_start):
        for b_begin, b_end in _intervals(b, week_start):
            shared = (min(a_end, b_end) - max(a_begin, b_begin)).total_seconds()
            if shared > 0:
                total += shared
    return total / 3600


@dataclass(frozen=True)
class PairSuggestion:
    """A suggested mentor for a mentee in a skill, with the numbers it was ranked by."""

    rank: int
    mentor_id: str
    mentee_id: str
    skill_id: str
    mentor_level: int
    mentee_level: int
    interest: int
    overlap_hours: float
    mentor_load: int
    explanation: str


def suggest_pairs(
    person_ids: Iterable[str],
    skill_ids: Iterable[str],
    levels: LevelTable,
    relationships: Iterable[MentoringRelationship],
    as_of: date,
    *,
    interests: Iterable[Interest] = (),
    working_hours: Mapping[str, Hours] | None = None,
    policy: MentoringPolicy = DEFAULT_POLICY,
) -> tuple[PairSuggestion, ...]:
    """Suggested mentor-mentee pairs per skill, ranked as documented in the module docstring.

    ``levels`` is a level table as of ``as_of``; people without working hours get 0 h overlap.
    """
    people = sorted(set(person_ids))
    skills = sorted(set(skill_ids))
    rels = list(relationships)
    hours = working_hours or {}
    week_start = as_of - timedelta(days=as_of.weekday())
    interest_of = {(i.person_id, i.skill_id): i.interest for i in interests}
    loads = {p: mentor_load(p, rels, as_of) for p in people}
    open_pairs = {
        (r.mentor_id, r.mentee_id, s)
        for r in rels
        if r.status in OPEN_STATUSES
        for s in r.skill_ids
    }
    mentored = {(r.mentee_id, s) for r in rels if is_active(r, as_of) for s in r.skill_ids}
    overlap_cache: dict[tuple[str, str], float] = {}

    candidates = []
    for skill_id in skills:
        mentors = [
            p
            for p in people
            if levels.get((p, skill_id), 0) >= policy.mentor_min_level
            and loads[p] < policy.max_active_mentees
        ]
        mentees = [
            p
            for p in people
            if levels.get((p, skill_id), 0) <= policy.mentee_max_level
            and (p, skill_id) not in mentored
        ]
        for mentee in mentees:
            for mentor in mentors:
                if mentor == mentee or (mentor, mentee, skill_id) in open_pairs:
                    continue
                pair = (mentor, mentee)
                if pair not in overlap_cache:
                    if mentor in hours and mentee in hours:
                        overlap_cache[pair] = round(
                            overlap_hours(hours[mentor], hours[mentee], week_start), 1
                        )
                    else:
                        overlap_cache[pair] = 0.0
                candidates.append(
                    (
                        mentor,
                        mentee,
                        skill_id,
                        interest_of.get((mentee, skill_id), 0),
                        overlap_cache[pair],
                    )
                )
    candidates.sort(key=lambda c: (-c[3], -c[4], loads[c[0]], c[2], c[1], c[0]))

    suggestions = []
    for rank, (mentor, mentee, skill_id, interest, overlap) in enumerate(candidates, start=1):
        known_hours = mentor in hours and mentee in hours
        overlap_text = (
            f"{overlap:.1f} h/week of shared working hours (week of {week_start.isoformat()})"
            if known_hours
            else "working hours unknown, counted as 0 h/week shared"
        )
        mentee_level = levels.get((mentee, skill_id), 0)
        explanation = (
            f"rank {rank}: 1) {mentee} is {INTEREST_LABELS.get(interest, str(interest))} "
            f"(interest {interest}) about {skill_id}; 2) {overlap_text}; "
            f"3) mentor {mentor} has {loads[mentor]} of {policy.max_active_mentees} "
            "active mentees. "
            f"Mentor level {levels.get((mentor, skill_id), 0)}, mentee level {mentee_level} "
            f"({LEVEL_LABELS[mentee_level]})."
        )
        suggestions.append(
            PairSuggestion(
                rank=rank,
                mentor_id=mentor,
                mentee_id=mentee,
                skill_id=skill_id,
                mentor_level=levels.get((mentor, skill_id), 0),
                mentee_level=mentee_level,
                interest=interest,
                overlap_hours=overlap,
                mentor_load=loads[mentor],
                explanation=explanation,
            )
        )
    return tuple(suggestions)


def goal_checklist(skill: Skill, from_level: int, target_level: int) -> tuple[ChecklistItem, ...]:
    """Checklist items from the skill's level descriptors above ``from_level`` up to the target.

    Levels without a descriptor get a generic item, so each level on the way has one item.
    """
    if not MIN_LEVEL <= target_level <= MAX_LEVEL:
        raise InvalidValueError("target_level", target_level, f"use {MIN_LEVEL}-{MAX_LEVEL}")
    items = []
    for level in range(max(from_level, MIN_LEVEL) + 1, target_level + 1):
        descriptor = skill.level_descriptors[level] if level < len(skill.level_descriptors) else ""
        text = descriptor or f"demonstrate {LEVEL_LABELS[level].lower()} work in {skill.name}"
        items.append(ChecklistItem(f"Level {level} ({LEVEL_LABELS[level]}): {text}"))
    return tuple(items)


def make_goal(
    goal_id: str,
    person_id: str,
    skill: Skill,
    target_level: int,
    current_level: int,
    *,
    target_date: date | None = None,
    mentor_id: str | None = None,
) -> Goal:
    """A goal whose checklist comes from the skill's level descriptors (see goal_checklist)."""
    if target_level <= current_level:
        raise InvalidValueError(
            "target_level",
            target_level,
            f"a goal must be above the current level {current_level}",
        )
    return Goal(
        id=goal_id,
        person_id=person_id,
        skill_id=skill.id,
        target_level=target_level,
        target_date=target_date,
        mentor_id=mentor_id,
        checklist=goal_checklist(skill, current_level, target_level),
    )


def set_checklist_item(goal: Goal, index: int, done: bool = True) -> Goal:
    """The goal with checklist item ``index`` marked done (or not done)."""
    if not 0 <= index < len(goal.checklist):
        raise InvalidValueError(
            "index", index, f"use 0-{len(goal.checklist) - 1} for goal {goal.id}"
        )
    items = list(goal.checklist)
    items[index] = replace(items[index], done=done)
    return replace(goal, checklist=tuple(items))


def goal_progress(goal: Goal) -> float:
    """Percent of checklist items done (0.0-100.0); a goal without items is at 0.0."""
    if not goal.checklist:
        return 0.0
    return 100.0 * sum(1 for item in goal.checklist if item.done) / len(goal.checklist)


@dataclass(frozen=True)
class GoalStatus:
    goal: Goal
    progress_percent: float
    level: int
    reached: bool
    overdue: bool
    days_left: int | None


def goal_status(goal: Goal, levels: LevelTable, as_of: date) -> GoalStatus:
    """Progress, current level (from a level table as of ``as_of``), reached and overdue flags."""
    level = levels.get((goal.person_id, goal.skill_id), 0)
    reached = level >= goal.target_level
    days_left = None if goal.target_date is None else (goal.target_date - as_of).days
    return GoalStatus(
        goal=goal,
        progress_percent=goal_progress(goal),
        level=level,
        reached=reached,
        overdue=not reached and days_left is not None and days_left < 0,
        days_left=days_left,
    )
