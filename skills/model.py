"""The skills matrix and mentoring model: plain frozen dataclasses, no I/O.

People are opaque ids (``person_id``); this library knows nothing of teams, responders or storage.
Levels are on the fixed 0-4 scale (see ``LEVEL_LABELS``); teams may relabel, never re-number.
Assessments are append-only events; a person's level is derived from them (``skills.levels``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum, StrEnum

MIN_LEVEL = 0
MAX_LEVEL = 4


class Level(IntEnum):
    NONE = 0
    LEARNING = 1  # may shadow only; never counts toward coverage
    SUPERVISED = 2  # reverse-shadow primary only with a level >= 3 backup on the shift
    INDEPENDENT = 3  # eligible primary; counts toward coverage
    EXPERT = 4  # primary, backup, mentor; signs off others


LEVEL_LABELS: dict[int, str] = {
    0: "None",
    1: "Learning",
    2: "Supervised",
    3: "Independent",
    4: "Expert, can teach",
}


class SkillCategory(StrEnum):
    HARM_AREA = "harm area"
    MARKET = "market/regulator"
    LANGUAGE = "language"
    TOOLING = "tooling"
    PROCESS = "process"


@dataclass(frozen=True)
class Skill:
    """A skill in the catalogue.

    ``level_descriptors`` has one short text per level 0..4 (may be empty strings).
    ``validity_days``: an approved assessment expires this many days after it was made
    (recertification). ``recency_days``: without primary or reverse-shadow work for this many days
    the level counts one lower for the rota (stale). ``prerequisites`` are skill ids that must be at
    level >= 3 before a progression track in this skill may start.
    """

    id: str
    name: str
    category: SkillCategory
    description: str = ""
    level_descriptors: tuple[str, ...] = ("", "", "", "", "")
    validity_days: int | None = None
    recency_days: int | None = None
    prerequisites: tuple[str, ...] = ()


class AssessmentSource(StrEnum):
    SELF = "self"
    MENTOR = "mentor"
    MANAGER = "manager"
    PEER = "peer"
    CALIBRATION = "calibration"
    TEST = "test"
    IMPORT = "import"
    PROGRESSION = "progression"  # written by a progression stage advance


class AssessmentStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Assessment:
    """One append-only assessment event. ``level`` None means "not applicable / not observable".

    A correction is a new row; rows are never edited in place except for the approval decision
    (status, decided_by, decided_at), which is itself recorded.
    """

    id: str
    person_id: str
    skill_id: str
    level: int | None
    source: AssessmentSource
    assessor_id: str | None
    assessed_at: datetime  # UTC
    status: AssessmentStatus = AssessmentStatus.SUBMITTED
    decided_by: str | None = None
    decided_at: datetime | None = None
    comment: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Interest:
    """How keen a person is on a skill: 0 none, 1 open, 2 keen. Never affects eligibility."""

    person_id: str
    skill_id: str
    interest: int


@dataclass(frozen=True)
class RoleTarget:
    """The level a role should reach in a skill; gaps are target - effective level."""

    role: str
    skill_id: str
    target_level: int
    mandatory: bool = False
    importance: int = 1  # 1 low .. 3 high


class MentoringStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class MentoringRelationship:
    id: str
    mentor_id: str
    mentee_id: str
    skill_ids: tuple[str, ...]
    status: MentoringStatus = MentoringStatus.PROPOSED
    start: date | None = None
    end: date | None = None
    shadow_shifts_per_week: int = 1


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    done: bool = False


@dataclass(frozen=True)
class Goal:
    id: str
    person_id: str
    skill_id: str
    target_level: int
    target_date: date | None = None
    mentor_id: str | None = None
    checklist: tuple[ChecklistItem, ...] = ()


class Stage(StrEnum):
    """Progression stages, in order: prerequisites -> shadow -> reverse shadow -> primary."""

    PREREQUISITES = "prerequisites"
    SHADOW = "shadow"
    REVERSE_SHADOW = "reverse shadow"
    PRIMARY = "primary"


STAGE_ORDER: tuple[Stage, ...] = (
    Stage.PREREQUISITES,
    Stage.SHADOW,
    Stage.REVERSE_SHADOW,
    Stage.PRIMARY,
)

#: The level a stage advance writes as an approved assessment, so matrix and track agree.
STAGE_LEVEL: dict[Stage, int] = {
    Stage.PREREQUISITES: 0,
    Stage.SHADOW: 1,
    Stage.REVERSE_SHADOW: 2,
    Stage.PRIMARY: 3,
}


class EvidenceKind(StrEnum):
    SHADOW_SHIFT = "shadow shift"
    REVERSE_SHADOW_SHIFT = "reverse shadow shift"
    MAJOR_INCIDENT_OBSERVED = "major incident observed"
    ALERTS_HANDLED = "alerts handled"
    NOTE = "note"


@dataclass(frozen=True)
class Evidence:
    """Something that counts toward a progression criterion, e.g. a worked shadow shift.

    ``ref`` identifies the source (an assignment id for harvested shifts) so harvesting is
    idempotent.
    ``count`` and ``judged_right`` carry numbers for alert-handling evidence.
    """

    kind: EvidenceKind
    on: date
    ref: str = ""
    count: int = 1
    judged_right: int = 0
    note: str = ""


@dataclass(frozen=True)
class ProgressionTrack:
    id: str
    person_id: str
    skill_id: str
    stage: Stage = Stage.PREREQUISITES
    stage_since: date | None = None
    mentor_id: str | None = None
    evidence: tuple[Evidence, ...] = ()
