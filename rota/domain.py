"""The on-call application's domain: plain frozen dataclasses, no I/O, no SQLAlchemy.

Instants are ``datetime`` objects in UTC (``tzinfo=UTC``). Local facts (a responder's local day,
night, weekend, public holiday) are derived from the responder's IANA zone at the edges that need
them; nothing here stores local wall-clock instants.

Skills, assessments and mentoring live in :mod:`skills.model`; this module holds what the rota
itself is made of: teams, responders, shift patterns with role demands, leave, critical incidents,
the exposure log, and rotas with their assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

WEEKDAYS = (0, 1, 2, 3, 4)
ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Severity(StrEnum):
    """How harmful the material on a queue is; drives the exposure budget."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    #: violent or sadistic child abuse material and live self-harm: weighted 1.5 in the budget
    EXTREME = "extreme"


class Proficiency(StrEnum):
    """How well a responder speaks a language (CEFR-like, simplified for rota decisions)."""

    NATIVE = "native"
    FLUENT = "fluent"
    WORKING = "working"
    BASIC = "basic"


#: Proficiencies good enough to cover a language window on a live incident.
COVERING_PROFICIENCIES = frozenset({Proficiency.NATIVE, Proficiency.FLUENT})


class TeamRole(StrEnum):
    RESPONDER = "responder"
    LEAD = "lead"
    MANAGER = "manager"


class LeaveKind(StrEnum):
    ANNUAL = "annual"
    SICK = "sick"
    PARENTAL = "parental"
    TRAINING = "training"
    OTHER = "other"


class RotaStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Team:
    """A team that shares one rota.

    ``display_zone`` is the zone leads see the rota in by default. ``policy_overrides`` maps policy
    field names (see ``rota.policy``) to team-specific values; absent fields use the documented
    defaults.
    """

    id: str
    name: str
    display_zone: str = "Asia/Singapore"
    description: str = ""
    policy_overrides: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LanguageSkill:
    language: str  # ISO 639-1 code, e.g. "ja"
    proficiency: Proficiency = Proficiency.FLUENT

    @property
    def covers(self) -> bool:
        """True when this proficiency is good enough to staff a language window."""
        return self.proficiency in COVERING_PROFICIENCIES


@dataclass(frozen=True)
class CategoryClearance:
    """Training and informed consent for one content category; both are needed to be assigned."""

    category: str
    trained_on: date | None = None
    consented_on: date | None = None

    def cleared_on(self, day: date) -> bool:
        return (
            self.trained_on is not None
            and self.consented_on is not None
            and self.trained_on <= day
            and self.consented_on <= day
        )


@dataclass(frozen=True)
class Responder:
    """A person on the team. Country and subdivision select public holidays (``holidays`` codes)."""

    id: str
    team_id: str
    name: str
    email: str
    timezone: str  # IANA zone, e.g. "Asia/Tokyo"
    country: str  # ISO 3166-1 alpha-2, e.g. "JP"
    subdivision: str | None = None  # e.g. "NSW" for Australia, "KA" for India
    languages: tuple[LanguageSkill, ...] = ()
    contract_hours_per_week: float = 40.0
    working_days: tuple[int, ...] = WEEKDAYS  # 0 = Monday
    start_date: date = date(2020, 1, 1)
    end_date: date | None = None
    night_work_consent: bool = False
    opted_out_categories: frozenset[str] = frozenset()
    clearances: tuple[CategoryClearance, ...] = ()
    team_role: TeamRole = TeamRole.RESPONDER
    active: bool = True

    def speaks(self, language: str) -> bool:
        return any(ls.language == language and ls.covers for ls in self.languages)

    def cleared_for(self, category: str, day: date) -> bool:
        if category in self.opted_out_categories:
            return False
        return any(c.category == category and c.cleared_on(day) for c in self.clearances)

    def employed_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


@dataclass(frozen=True)
class SkillRequirement:
    """At least ``count`` people on the shift with ``skill_id`` at ``min_level`` or above."""

    skill_id: str
    min_level: int = 3
    count: int = 1


@dataclass(frozen=True)
class RoleDemand:
    """A role to staff on every occurrence of a shift pattern."""

    role: str  # "primary", "secondary", "high-severity review", "regulatory desk", ...
    min_headcount: int = 1
    max_headcount: int = 1
    required_skills: tuple[SkillRequirement, ...] = ()
    required_languages: tuple[str, ...] = ()
    content_category: str | None = None
    severity: Severity = Severity.NONE
    on_call: bool = False
    #: hours of the shift actually spent on the queue (None = the whole shift)
    queue_hours: float | None = None


@dataclass(frozen=True)
class ShiftPattern:
    """A recurring shift defined in a named zone, e.g. Tokyo business hours 09:00-18:00 Asia/Tokyo.

    ``end`` at or before ``start`` means the shift ends the next local day. ``days`` are the local
    weekdays (0 = Monday) on which the shift starts.
    """

    id: str
    team_id: str
    name: str
    zone: str
    start: time
    end: time
    days: tuple[int, ...] = ALL_DAYS
    kind: str = "day"  # a short label used for successions and fairness: early/day/late/night/...
    demands: tuple[RoleDemand, ...] = ()
    description: str = ""

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True)
class Leave:
    """Leave from ``start`` to ``end`` inclusive, in the responder's local days."""

    id: str
    responder_id: str
    start: date
    end: date
    kind: LeaveKind = LeaveKind.ANNUAL
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class CriticalIncident:
    """A logged case with imminent risk to life or a child at ongoing risk, handled by a responder.

    It triggers a recovery period without high-severity work (the rest of that shift and 24 h
    after it ends) unless the responder waives it. The waiver records who made it and when; only
    the responder's own waiver counts (:attr:`waived_by_responder`).
    """

    id: str
    responder_id: str
    occurred_at: datetime  # UTC
    category: str
    summary: str = ""
    waived_by: str | None = None
    waived_at: datetime | None = None  # UTC

    @property
    def waived_by_responder(self) -> bool:
        """True if the responder themselves waived the recovery."""
        return self.waived_by is not None and self.waived_by == self.responder_id


@dataclass(frozen=True)
class ExposureEntry:
    """Hours actually worked on a content category on one local day (the exposure log)."""

    responder_id: str
    day: date
    category: str
    severity: Severity
    hours: float


@dataclass(frozen=True)
class Assignment:
    """One responder in one role on one shift occurrence. ``start``/``end`` are UTC."""

    id: str
    rota_id: str
    responder_id: str
    pattern_id: str
    role: str
    start: datetime
    end: datetime
    shadow: bool = False
    pinned: bool = False

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class Rota:
    """A planned rota for a team over local dates ``start`` .. ``end`` (inclusive).

    Published rotas are immutable versions; a draft can be edited and published as the next version.
    ``solver_stats`` and ``policy_snapshot`` keep the provenance of how it was made.
    """

    id: str
    team_id: str
    start: date
    end: date
    status: RotaStatus = RotaStatus.DRAFT
    version: int | None = None
    created_at: datetime = datetime(2026, 1, 1, tzinfo=UTC)
    published_at: datetime | None = None
    created_by: str = ""
    solver_stats: dict[str, Any] = field(default_factory=dict)
    policy_snapshot: dict[str, Any] = field(default_factory=dict)
    assignments: tuple[Assignment, ...] = ()


class FeedScope(StrEnum):
    PERSON = "person"
    TEAM = "team"


@dataclass(frozen=True)
class FeedToken:
    """A calendar-feed capability. Only the token's hash is ever stored; the token is shown once.

    ``subject_id`` is a responder id (scope PERSON) or a team id (scope TEAM).
    """

    id: str
    scope: FeedScope
    subject_id: str
    token_hash: str
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None
