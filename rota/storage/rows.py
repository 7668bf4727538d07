"""Database rows and the ONE mapping between rows and domain objects.

Every domain type of :mod:`rota.domain` and :mod:`skills.model` has a row class here with
``from_domain(obj)`` (a new row), ``apply(obj)`` (copy a domain object onto an existing row) and
``to_domain()``. Nothing else in Tandem converts between rows and domain objects.

Conventions:

- Primary keys are the domain's string ids. Types without an id use their natural key:
  ``Interest`` (person_id, skill_id), ``RoleTarget`` (role, skill_id) and ``ExposureEntry``
  (responder_id, day, category).
- Instants are stored as UTC (:class:`UTCDateTime`) and always come back timezone-aware in UTC,
  on SQLite as on PostgreSQL. A naive datetime is refused.
- Enums are stored as their string (or int) values; tuples keep their order (a ``position`` column
  in child tables, JSON arrays otherwise); frozensets are stored as sorted JSON arrays.
- Dicts (``policy_overrides``, ``solver_stats``, ``policy_snapshot``) are JSON: they must hold only
  JSON values (str, int, float, bool, None, lists, dicts with str keys); tuples come back as lists.
- Person ids of the skills library (``person_id``, ``mentor_id``, ``assessor_id``...) are opaque
  and carry no foreign key; skill ids in skills tables reference ``skills.id``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time
from enum import Enum
from typing import Any, ClassVar, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from rota.domain.absences import Leave, LeaveKind
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.feed_tokens import FeedScope, FeedToken
from rota.domain.patterns import RoleDemand, Severity, ShiftPattern, SkillRequirement
from rota.domain.responders import CategoryClearance, LanguageSkill, Proficiency, Responder
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.domain.team import Team, TeamRole
from rota.errors import InputError
from skills.model import (
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    ChecklistItem,
    Evidence,
    EvidenceKind,
    Goal,
    Interest,
    MentoringRelationship,
    MentoringStatus,
    ProgressionTrack,
    RoleTarget,
    Skill,
    SkillCategory,
    Stage,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

E = TypeVar("E", bound=Enum)


# ---------------------------------------------------------------------------------------------
# Column types and value helpers


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: stored in UTC, returned timezone-aware in UTC on every database.

    PostgreSQL keeps it as ``timestamp with time zone``; SQLite has no time zones, so the UTC wall
    time is stored and UTC is put back on the way out. Naive datetimes are refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = utc(value, "datetime")
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utc(value: datetime, field: str) -> datetime:
    """``value`` converted to UTC; a naive datetime is an :class:`InputError` naming ``field``."""
    if not isinstance(value, datetime):
        raise InputError(field, value, "give a timezone-aware datetime in UTC")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(field, value, "give a timezone-aware datetime, e.g. tzinfo=datetime.UTC")
    return value.astimezone(UTC)


def _utc_or_none(value: datetime | None, field: str) -> datetime | None:
    return None if value is None else utc(value, field)


def _enum(kind: type[E], value: Any, field: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in kind)
        raise InputError(field, value, f"use one of {allowed}") from None


def _json(value: Any, field: str) -> Any:
    """``value`` unchanged if it can be stored as JSON, else an :class:`InputError`."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InputError(
            field,
            value,
            "store only JSON values (str, int, float, bool, None, lists, dicts with str keys; "
            f"NaN and infinity are not JSON, use None or a string): {error}",
        ) from None
    return value


def _str_tuple(values: Iterable[Any] | None) -> tuple[str, ...]:
    return tuple(values or ())


def _int_tuple(values: Iterable[Any] | None) -> tuple[int, ...]:
    return tuple(int(v) for v in values or ())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DomainRow(Base):
    """A row that stands for one domain object (the only row <-> domain mapping)."""

    __abstract__ = True

    #: the domain class this row stores
    domain_type: ClassVar[type]

    @classmethod
    def key_of(cls, obj: Any) -> Any:
        """The primary key (as ``Session.get`` takes it) of the row that stores ``obj``."""
        return obj.id

    @classmethod
    def from_domain(cls, obj: Any) -> DomainRow:
        row = cls()
        row.apply(obj)
        return row

    def update_from(self, obj: Any) -> None:
        """Update this stored row from ``obj`` (``apply``; append-only rows refuse changes)."""
        self.apply(obj)

    def apply(self, obj: Any) -> None:  # pragma: no cover - every row overrides it
        raise NotImplementedError

    def to_domain(self) -> Any:  # pragma: no cover - every row overrides it
        raise NotImplementedError


C = TypeVar("C")
T = TypeVar("T")


def _sync_children(
    rows: list[C], items: Sequence[T], make: Callable[[], C], fill: Callable[[C, T, int], None]
) -> None:
    """Make the ordered child ``rows`` match ``items``, updating rows in place by position."""
    for position, item in enumerate(items):
        if position < len(rows):
            fill(rows[position], item, position)
        else:
            child = make()
            fill(child, item, position)
            rows.append(child)
    del rows[len(items) :]


# ---------------------------------------------------------------------------------------------
# Teams and responders


class TeamRow(DomainRow):
    __tablename__ = "teams"
    domain_type = Team

    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    display_zone: Mapped[str] = mapped_column(String)
    description: Mapped[str] = mapped_column(Text)
    policy_overrides: Mapped[dict[str, Any]] = mapped_column(JSON)

    def apply(self, obj: Team) -> None:
        self.id = obj.id
        self.name = obj.name
        self.display_zone = obj.display_zone
        self.description = obj.description
        self.policy_overrides = dict(_json(obj.policy_overrides, "team.policy_overrides"))

    def to_domain(self) -> Team:
        return Team(
            id=self.id,
            name=self.name,
            display_zone=self.display_zone,
            description=self.description,
            policy_overrides=dict(self.policy_overrides or {}),
        )


class ResponderLanguageRow(Base):
    __tablename__ = "responder_languages"

    responder_id: Mapped[str] = mapped_column(
        String, ForeignKey("responders.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String)
    proficiency: Mapped[str] = mapped_column(String)

    def fill(self, item: LanguageSkill, position: int) -> None:
        self.position = position
        self.language = item.language
        self.proficiency = _enum(Proficiency, item.proficiency, "language.proficiency").value

    def to_domain(self) -> LanguageSkill:
        return LanguageSkill(language=self.language, proficiency=Proficiency(self.proficiency))


class ResponderClearanceRow(Base):
    __tablename__ = "responder_clearances"

    responder_id: Mapped[str] = mapped_column(
        String, ForeignKey("responders.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String)
    trained_on: Mapped[date | None] = mapped_column(Date)
    consented_on: Mapped[date | None] = mapped_column(Date)

    def fill(self, item: CategoryClearance, position: int) -> None:
        self.position = position
        self.category = item.category
        self.trained_on = item.trained_on
        self.consented_on = item.consented_on

    def to_domain(self) -> CategoryClearance:
        return CategoryClearance(
            category=self.category, trained_on=self.trained_on, consented_on=self.consented_on
        )


class ResponderRow(DomainRow):
    __tablename__ = "responders"
    domain_type = Responder

    id: Mapped[str] = mapped_column(String, primary_key=True)
    team_id: Mapped[str] = mapped_column(String, ForeignKey("teams.id"), index=True)
    name: Mapped[str] = mapped_column(String)
    email: Mapped[str] = mapped_column(String)
    timezone: Mapped[str] = mapped_column(String)
    country: Mapped[str] = mapped_column(String)
    subdivision: Mapped[str | None] = mapped_column(String)
    contract_hours_per_week: Mapped[float] = mapped_column(Float)
    working_days: Mapped[list[int]] = mapped_column(JSON)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    night_work_consent: Mapped[bool] = mapped_column(Boolean)
    opted_out_categories: Mapped[list[str]] = mapped_column(JSON)
    team_role: Mapped[str] = mapped_column(String)
    active: Mapped[bool] = mapped_column(Boolean)

    languages: Mapped[list[ResponderLanguageRow]] = relationship(
        order_by=ResponderLanguageRow.position,
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    clearances: Mapped[list[ResponderClearanceRow]] = relationship(
        order_by=ResponderClearanceRow.position,
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    def apply(self, obj: Responder) -> None:
        self.id = obj.id
        self.team_id = obj.team_id
        self.name = obj.name
        self.email = obj.email
        self.timezone = obj.timezone
        self.country = obj.country
        self.subdivision = obj.subdivision
        self.contract_hours_per_week = float(obj.contract_hours_per_week)
        self.working_days = [int(d) for d in obj.working_days]
        self.start_date = obj.start_date
        self.end_date = obj.end_date
        self.night_work_consent = bool(obj.night_work_consent)
        self.opted_out_categories = sorted(obj.opted_out_categories)
        self.team_role = _enum(TeamRole, obj.team_role, "responder.team_role").value
        self.active = bool(obj.active)
        _sync_children(self.languages, obj.languages, ResponderLanguageRow, _fill)
        _sync_children(self.clearances, obj.clearances, ResponderClearanceRow, _fill)

    def to_domain(self) -> Responder:
        return Responder(
            id=self.id,
            team_id=self.team_id,
            name=self.name,
            email=self.email,
            timezone=self.timezone,
            country=self.country,
            subdivision=self.subdivision,
            languages=tuple(row.to_domain() for row in self.languages),
            contract_hours_per_week=self.contract_hours_per_week,
            working_days=_int_tuple(self.working_days),
            start_date=self.start_date,
            end_date=self.end_date,
            night_work_consent=self.night_work_consent,
            opted_out_categories=frozenset(self.opted_out_categories or ()),
            clearances=tuple(row.to_domain() for row in self.clearances),
            team_role=TeamRole(self.team_role),
            active=self.active,
        )


def _fill(row: Any, item: Any, position: int) -> None:
    row.fill(item, position)


# ---------------------------------------------------------------------------------------------
# Shift patterns and role demands


class RoleDemandRow(Base):
    __tablename__ = "role_demands"

    pattern_id: Mapped[str] = mapped_column(
        String, ForeignKey("shift_patterns.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String)
    min_headcount: Mapped[int] = mapped_column(Integer)
    max_headcount: Mapped[int] = mapped_column(Integer)
    #: [{"skill_id": ..., "min_level": ..., "count": ...}, ...]
    required_skills: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    required_languages: Mapped[list[str]] = mapped_column(JSON)
    content_category: Mapped[str | None] = mapped_column(String)
    severity: Mapped[str] = mapped_column(String)
    on_call: Mapped[bool] = mapped_column(Boolean)
    queue_hours: Mapped[float | None] = mapped_column(Float)

    def fill(self, item: RoleDemand, position: int) -> None:
        self.position = position
        self.role = item.role
        self.min_headcount = int(item.min_headcount)
        self.max_headcount = int(item.max_headcount)
        self.required_skills = [
            {"skill_id": r.skill_id, "min_level": int(r.min_level), "count": int(r.count)}
            for r in item.required_skills
        ]
        self.required_languages = list(item.required_languages)
        self.content_category = item.content_category
        self.severity = _enum(Severity, item.severity, "role_demand.severity").value
        self.on_call = bool(item.on_call)
        self.queue_hours = None if item.queue_hours is None else float(item.queue_hours)

    def to_domain(self) -> RoleDemand:
        return RoleDemand(
            role=self.role,
            min_headcount=self.min_headcount,
            max_headcount=self.max_headcount,
            required_skills=tuple(
                SkillRequirement(
                    skill_id=r["skill_id"], min_level=int(r["min_level"]), count=int(r["count"])
                )
                for r in self.required_skills or ()
            ),
            required_languages=_str_tuple(self.required_languages),
            content_category=self.content_category,
            severity=Severity(self.severity),
            on_call=self.on_call,
            queue_hours=self.queue_hours,
        )


class ShiftPatternRow(DomainRow):
    __tablename__ = "shift_patterns"
    domain_type = ShiftPattern

    id: Mapped[str] = mapped_column(String, primary_key=True)
    team_id: Mapped[str] = mapped_column(String, ForeignKey("teams.id"), index=True)
    name: Mapped[str] = mapped_column(String)
    zone: Mapped[str] = mapped_column(String)
    #: local wall-clock start and end in ``zone``
    start: Mapped[time] = mapped_column("start_time", Time)
    end: Mapped[time] = mapped_column("end_time", Time)
    days: Mapped[list[int]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String)
    description: Mapped[str] = mapped_column(Text)

    demands: Mapped[list[RoleDemandRow]] = relationship(
        order_by=RoleDemandRow.position,
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    def apply(self, obj: ShiftPattern) -> None:
        if obj.start.tzinfo is not None or obj.end.tzinfo is not None:
            raise InputError(
                "shift_pattern.start/end",
                (obj.start, obj.end),
                "give local wall-clock times without tzinfo; the zone is the pattern's `zone`",
            )
        self.id = obj.id
        self.team_id = obj.team_id
        self.name = obj.name
        self.zone = obj.zone
        self.start = obj.start
        self.end = obj.end
        self.days = [int(d) for d in obj.days]
        self.kind = obj.kind
        self.description = obj.description
        _sync_children(self.demands, obj.demands, RoleDemandRow, _fill)

    def to_domain(self) -> ShiftPattern:
        return ShiftPattern(
            id=self.id,
            team_id=self.team_id,
            name=self.name,
            zone=self.zone,
            start=self.start,
            end=self.end,
            days=_int_tuple(self.days),
            kind=self.kind,
            demands=tuple(row.to_domain() for row in self.demands),
            description=self.description,
        )


# ---------------------------------------------------------------------------------------------
# Leave, critical incidents, exposure


class LeaveRow(DomainRow):
    __tablename__ = "leave"
    domain_type = Leave

    id: Mapped[str] = mapped_column(String, primary_key=True)
    responder_id: Mapped[str] = mapped_column(
        String, ForeignKey("responders.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[date] = mapped_column("start_date", Date)
    end: Mapped[date] = mapped_column("end_date", Date)
    kind: Mapped[str] = mapped_column(String)
    note: Mapped[str] = mapped_column(Text)

    def apply(self, obj: Leave) -> None:
        self.id = obj.id
        self.responder_id = obj.responder_id
        self.start = obj.start
        self.end = obj.end
        self.kind = _enum(LeaveKind, obj.kind, "leave.kind").value
        self.note = obj.note

    def to_domain(self) -> Leave:
        return Leave(
            id=self.id,
            responder_id=self.responder_id,
            start=self.start,
            end=self.end,
            kind=LeaveKind(self.kind),
            note=self.note,
        )


class CriticalIncidentRow(DomainRow):
    __tablename__ = "critical_incidents"
    domain_type = CriticalIncident

    id: Mapped[str] = mapped_column(String, primary_key=True)
    responder_id: Mapped[str] = mapped_column(
        String, ForeignKey("responders.id", ondelete="CASCADE"), index=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    category: Mapped[str] = mapped_column(String)
    summary: Mapped[str] = mapped_column(Text)
    #: who waived the recovery and when (only the responder's own waiver counts)
    waived_by: Mapped[str | None] = mapped_column(String, nullable=True)
    waived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def apply(self, obj: CriticalIncident) -> None:
        self.id = obj.id
        self.responder_id = obj.responder_id
        self.occurred_at = utc(obj.occurred_at, "critical_incident.occurred_at")
        self.category = obj.category
        self.summary = obj.summary
        self.waived_by = obj.waived_by
        self.waived_at = (
            None if obj.waived_at is None else utc(obj.waived_at, "critical_incident.waived_at")
        )

    def to_domain(self) -> CriticalIncident:
        return CriticalIncident(
            id=self.id,
            responder_id=self.responder_id,
            occurred_at=self.occurred_at,
            category=self.category,
            summary=self.summary,
            waived_by=self.waived_by,
            waived_at=self.waived_at,
        )


class ExposureEntryRow(DomainRow):
    """One exposure-log entry; its key is (responder_id, day, category)."""

    __tablename__ = "exposure_entries"
    domain_type = ExposureEntry

    responder_id: Mapped[str] = mapped_column(
        String, ForeignKey("responders.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category: Mapped[str] = mapped_column(String, primary_key=True)
    severity: Mapped[str] = mapped_column(String)
    hours: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index(None, "day"),)

    @classmethod
    def key_of(cls, obj: ExposureEntry) -> tuple[str, date, str]:
        return (obj.responder_id, obj.day, obj.category)

    def apply(self, obj: ExposureEntry) -> None:
        self.responder_id = obj.responder_id
        self.day = obj.day
        self.category = obj.category
        self.severity = _enum(Severity, obj.severity, "exposure_entry.severity").value
        self.hours = float(obj.hours)

    def to_domain(self) -> ExposureEntry:
        return ExposureEntry(
            responder_id=self.responder_id,
            day=self.day,
            category=self.category,
            severity=Severity(self.severity),
            hours=self.hours,
        )


# ---------------------------------------------------------------------------------------------
# Rotas and assignments


class AssignmentRow(DomainRow):
    """An assignment within one rota version. The key is (rota_id, id): a shift keeps its id from
    version to version, which is what keeps calendar-feed UIDs stable across publications."""

    __tablename__ = "assignments"
    domain_type = Assignment

    rota_id: Mapped[str] = mapped_column(
        String, ForeignKey("rotas.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    id: Mapped[str] = mapped_column(String, primary_key=True)
    #: the assignment's place in ``Rota.assignments``
    seq: Mapped[int] = mapped_column(Integer)
    responder_id: Mapped[str] = mapped_column(String, ForeignKey("responders.id"), index=True)
    pattern_id: Mapped[str] = mapped_column(String, ForeignKey("shift_patterns.id"), index=True)
    role: Mapped[str] = mapped_column(String)
    start: Mapped[datetime] = mapped_column("start_at", UTCDateTime)
    end: Mapped[datetime] = mapped_column("end_at", UTCDateTime)
    shadow: Mapped[bool] = mapped_column(Boolean)
    pinned: Mapped[bool] = mapped_column(Boolean)

    def apply(self, obj: Assignment) -> None:
        self.id = obj.id
        self.rota_id = obj.rota_id
        self.responder_id = obj.responder_id
        self.pattern_id = obj.pattern_id
        self.role = obj.role
        self.start = utc(obj.start, "assignment.start")
        self.end = utc(obj.end, "assignment.end")
        self.shadow = bool(obj.shadow)
        self.pinned = bool(obj.pinned)

    @classmethod
    def key_of(cls, obj: Assignment) -> tuple[str, str]:
        return (obj.rota_id, obj.id)

    def to_domain(self) -> Assignment:
        return Assignment(
            id=self.id,
            rota_id=self.rota_id,
            responder_id=self.responder_id,
            pattern_id=self.pattern_id,
            role=self.role,
            start=self.start,
            end=self.end,
            shadow=self.shadow,
            pinned=self.pinned,
        )


class RotaRow(DomainRow):
    __tablename__ = "rotas"
    domain_type = Rota

    id: Mapped[str] = mapped_column(String, primary_key=True)
    team_id: Mapped[str] = mapped_column(String, ForeignKey("teams.id"))
    start: Mapped[date] = mapped_column("start_date", Date)
    end: Mapped[date] = mapped_column("end_date", Date)
    status: Mapped[str] = mapped_column(String)
    version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String)
    solver_stats: Mapped[dict[str, Any]] = mapped_column(JSON)
    policy_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)

    assignments: Mapped[list[AssignmentRow]] = relationship(
        order_by=AssignmentRow.seq,
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    __table_args__ = (
        # at most one rota per version and team (drafts have no version: NULLs do not clash)
        UniqueConstraint("team_id", "version"),
        Index(None, "team_id", "status"),
    )

    def apply(self, obj: Rota) -> None:
        for a in obj.assignments:
            if a.rota_id != obj.id:
                raise InputError(
                    f"assignment {a.id!r}.rota_id",
                    a.rota_id,
                    f"an assignment of rota {obj.id!r} must have rota_id={obj.id!r}",
                )
        self.id = obj.id
        self.team_id = obj.team_id
        self.start = obj.start
        self.end = obj.end
        self.status = _enum(RotaStatus, obj.status, "rota.status").value
        self.version = obj.version
        self.created_at = utc(obj.created_at, "rota.created_at")
        self.published_at = _utc_or_none(obj.published_at, "rota.published_at")
        self.created_by = obj.created_by
        self.solver_stats = dict(_json(obj.solver_stats, "rota.solver_stats"))
        self.policy_snapshot = dict(_json(obj.policy_snapshot, "rota.policy_snapshot"))
        # match assignments by id, so unchanged ones stay the same rows
        existing = {row.id: row for row in self.assignments}
        rows = []
        for seq, assignment in enumerate(obj.assignments):
            row = existing.pop(assignment.id, None) or AssignmentRow()
            row.apply(assignment)
            row.seq = seq
            rows.append(row)
        self.assignments = rows

    def to_domain(self) -> Rota:
        return Rota(
            id=self.id,
            team_id=self.team_id,
            start=self.start,
            end=self.end,
            status=RotaStatus(self.status),
            version=self.version,
            created_at=self.created_at,
            published_at=self.published_at,
            created_by=self.created_by,
            solver_stats=dict(self.solver_stats or {}),
            policy_snapshot=dict(self.policy_snapshot or {}),
            assignments=tuple(row.to_domain() for row in self.assignments),
        )


# ---------------------------------------------------------------------------------------------
# Skills, assessments, interests, targets


class SkillRow(DomainRow):
    __tablename__ = "skills"
    domain_type = Skill

    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    category: Mapped[str] = mapped_column(String)
    description: Mapped[str] = mapped_column(Text)
    level_descriptors: Mapped[list[str]] = mapped_column(JSON)
    validity_days: Mapped[int | None] = mapped_column(Integer)
    recency_days: Mapped[int | None] = mapped_column(Integer)
    prerequisites: Mapped[list[str]] = mapped_column(JSON)

    def apply(self, obj: Skill) -> None:
        self.id = obj.id
        self.name = obj.name
        self.category = _enum(SkillCategory, obj.category, "skill.category").value
        self.description = obj.description
        self.level_descriptors = list(obj.level_descriptors)
        self.validity_days = obj.validity_days
        self.recency_days = obj.recency_days
        self.prerequisites = list(obj.prerequisites)

    def to_domain(self) -> Skill:
        return Skill(
            id=self.id,
            name=self.name,
            category=SkillCategory(self.category),
            description=self.description,
            level_descriptors=_str_tuple(self.level_descriptors),
            validity_days=self.validity_days,
            recency_days=self.recency_days,
            prerequisites=_str_tuple(self.prerequisites),
        )


class AssessmentRow(DomainRow):
    """An append-only assessment; only the decision (status, decided_by, decided_at) may change."""

    __tablename__ = "assessments"
    domain_type = Assessment

    #: fields that may change on a stored assessment
    DECISION_FIELDS: ClassVar[tuple[str, ...]] = ("status", "decided_by", "decided_at")

    id: Mapped[str] = mapped_column(String, primary_key=True)
    person_id: Mapped[str] = mapped_column(String)
    skill_id: Mapped[str] = mapped_column(String, ForeignKey("skills.id"), index=True)
    level: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String)
    assessor_id: Mapped[str | None] = mapped_column(String)
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String)
    decided_by: Mapped[str | None] = mapped_column(String)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comment: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index(None, "person_id", "skill_id"),)

    def update_from(self, obj: Assessment) -> None:
        stored = self.to_domain()
        for name in (
            "person_id",
            "skill_id",
            "level",
            "source",
            "assessor_id",
            "assessed_at",
            "comment",
            "evidence",
        ):
            old, new = getattr(stored, name), getattr(obj, name)
            if name == "assessed_at":
                new = utc(new, "assessment.assessed_at")
            if old != new:
                raise InputError(
                    f"assessment {obj.id!r}.{name}",
                    new,
                    f"assessments are append-only (stored: {old!r}); record a correction as a "
                    "new assessment with a new id; only status, decided_by and decided_at change",
                )
        self.apply(obj)

    def apply(self, obj: Assessment) -> None:
        self.id = obj.id
        self.person_id = obj.person_id
        self.skill_id = obj.skill_id
        self.level = None if obj.level is None else int(obj.level)
        self.source = _enum(AssessmentSource, obj.source, "assessment.source").value
        self.assessor_id = obj.assessor_id
        self.assessed_at = utc(obj.assessed_at, "assessment.assessed_at")
        self.status = _enum(AssessmentStatus, obj.status, "assessment.status").value
        self.decided_by = obj.decided_by
        self.decided_at = _utc_or_none(obj.decided_at, "assessment.decided_at")
        self.comment = obj.comment
        self.evidence = obj.evidence

    def to_domain(self) -> Assessment:
        return Assessment(
            id=self.id,
            person_id=self.person_id,
            skill_id=self.skill_id,
            level=self.level,
            source=AssessmentSource(self.source),
            assessor_id=self.assessor_id,
            assessed_at=self.assessed_at,
            status=AssessmentStatus(self.status),
            decided_by=self.decided_by,
            decided_at=self.decided_at,
            comment=self.comment,
            evidence=self.evidence,
        )


class InterestRow(DomainRow):
    """How keen a person is on a skill; its key is (person_id, skill_id)."""

    __tablename__ = "interests"
    domain_type = Interest

    person_id: Mapped[str] = mapped_column(String, primary_key=True)
    skill_id: Mapped[str] = mapped_column(String, ForeignKey("skills.id"), primary_key=True)
    interest: Mapped[int] = mapped_column(Integer)

    @classmethod
    def key_of(cls, obj: Interest) -> tuple[str, str]:
        return (obj.person_id, obj.skill_id)

    def apply(self, obj: Interest) -> None:
        self.person_id = obj.person_id
        self.skill_id = obj.skill_id
        self.interest = int(obj.interest)

    def to_domain(self) -> Interest:
        return Interest(person_id=self.person_id, skill_id=self.skill_id, interest=self.interest)


class RoleTargetRow(DomainRow):
    """The level a role should reach in a skill; its key is (role, skill_id)."""

    __tablename__ = "role_targets"
    domain_type = RoleTarget

    role: Mapped[str] = mapped_column(String, primary_key=True)
    skill_id: Mapped[str] = mapped_column(String, ForeignKey("skills.id"), primary_key=True)
    target_level: Mapped[int] = mapped_column(Integer)
    mandatory: Mapped[bool] = mapped_column(Boolean)
    importance: Mapped[int] = mapped_column(Integer)

    @classmethod
    def key_of(cls, obj: RoleTarget) -> tuple[str, str]:
        return (obj.role, obj.skill_id)

    def apply(self, obj: RoleTarget) -> None:
        self.role = obj.role
        self.skill_id = obj.skill_id
        self.target_level = int(obj.target_level)
        self.mandatory = bool(obj.mandatory)
        self.importance = int(obj.importance)

    def to_domain(self) -> RoleTarget:
        return RoleTarget(
            role=self.role,
            skill_id=self.skill_id,
            target_level=self.target_level,
            mandatory=self.mandatory,
            importance=self.importance,
        )


# ---------------------------------------------------------------------------------------------
# Mentoring, goals, progression


class MentoringRelationshipRow(DomainRow):
    __tablename__ = "mentoring_relationships"
    domain_type = MentoringRelationship

    id: Mapped[str] = mapped_column(String, primary_key=True)
    mentor_id: Mapped[str] = mapped_column(String, index=True)
    mentee_id: Mapped[str] = mapped_column(String, index=True)
    skill_ids: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String)
    start: Mapped[date | None] = mapped_column("start_date", Date)
    end: Mapped[date | None] = mapped_column("end_date", Date)
    shadow_shifts_per_week: Mapped[int] = mapped_column(Integer)

    def apply(self, obj: MentoringRelationship) -> None:
        self.id = obj.id
        self.mentor_id = obj.mentor_id
        self.mentee_id = obj.mentee_id
        self.skill_ids = list(obj.skill_ids)
        self.status = _enum(MentoringStatus, obj.status, "mentoring.status").value
        self.start = obj.start
        self.end = obj.end
        self.shadow_shifts_per_week = int(obj.shadow_shifts_per_week)

    def to_domain(self) -> MentoringRelationship:
        return MentoringRelationship(
            id=self.id,
            mentor_id=self.mentor_id,
            mentee_id=self.mentee_id,
            skill_ids=_str_tuple(self.skill_ids),
            status=MentoringStatus(self.status),
            start=self.start,
            end=self.end,
            shadow_shifts_per_week=self.shadow_shifts_per_week,
        )


class GoalRow(DomainRow):
    __tablename__ = "goals"
    domain_type = Goal

    id: Mapped[str] = mapped_column(String, primary_key=True)
    person_id: Mapped[str] = mapped_column(String, index=True)
    skill_id: Mapped[str] = mapped_column(String, ForeignKey("skills.id"))
    target_level: Mapped[int] = mapped_column(Integer)
    target_date: Mapped[date | None] = mapped_column(Date)
    mentor_id: Mapped[str | None] = mapped_column(String)
    #: [{"text": ..., "done": ...}, ...]
    checklist: Mapped[list[dict[str, Any]]] = mapped_column(JSON)

    def apply(self, obj: Goal) -> None:
        self.id = obj.id
        self.person_id = obj.person_id
        self.skill_id = obj.skill_id
        self.target_level = int(obj.target_level)
        self.target_date = obj.target_date
        self.mentor_id = obj.mentor_id
        self.checklist = [{"text": c.text, "done": bool(c.done)} for c in obj.checklist]

    def to_domain(self) -> Goal:
        return Goal(
            id=self.id,
            person_id=self.person_id,
            skill_id=self.skill_id,
            target_level=self.target_level,
            target_date=self.target_date,
            mentor_id=self.mentor_id,
            checklist=tuple(
                ChecklistItem(text=c["text"], done=bool(c["done"])) for c in self.checklist or ()
            ),
        )


class EvidenceRow(Base):
    __tablename__ = "progression_evidence"

    track_id: Mapped[str] = mapped_column(
        String, ForeignKey("progression_tracks.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    on: Mapped[date] = mapped_column("on_day", Date)
    #: the source, e.g. an assignment id for a harvested shift
    ref: Mapped[str] = mapped_column(String, index=True)
    count: Mapped[int] = mapped_column(Integer)
    judged_right: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)

    def fill(self, item: Evidence, position: int) -> None:
        self.position = position
        self.kind = _enum(EvidenceKind, item.kind, "evidence.kind").value
        self.on = item.on
        self.ref = item.ref
        self.count = int(item.count)
        self.judged_right = int(item.judged_right)
        self.note = item.note

    def to_domain(self) -> Evidence:
        return Evidence(
            kind=EvidenceKind(self.kind),
            on=self.on,
            ref=self.ref,
            count=self.count,
            judged_right=self.judged_right,
            note=self.note,
        )


class ProgressionTrackRow(DomainRow):
    __tablename__ = "progression_tracks"
    domain_type = ProgressionTrack

    id: Mapped[str] = mapped_column(String, primary_key=True)
    person_id: Mapped[str] = mapped_column(String, index=True)
    skill_id: Mapped[str] = mapped_column(String, ForeignKey("skills.id"))
    stage: Mapped[str] = mapped_column(String)
    stage_since: Mapped[date | None] = mapped_column(Date)
    mentor_id: Mapped[str | None] = mapped_column(String)

    evidence: Mapped[list[EvidenceRow]] = relationship(
        order_by=EvidenceRow.position,
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    def apply(self, obj: ProgressionTrack) -> None:
        self.id = obj.id
        self.person_id = obj.person_id
        self.skill_id = obj.skill_id
        self.stage = _enum(Stage, obj.stage, "progression_track.stage").value
        self.stage_since = obj.stage_since
        self.mentor_id = obj.mentor_id
        _sync_children(self.evidence, obj.evidence, EvidenceRow, _fill)

    def to_domain(self) -> ProgressionTrack:
        return ProgressionTrack(
            id=self.id,
            person_id=self.person_id,
            skill_id=self.skill_id,
            stage=Stage(self.stage),
            stage_since=self.stage_since,
            mentor_id=self.mentor_id,
            evidence=tuple(row.to_domain() for row in self.evidence),
        )


# ---------------------------------------------------------------------------------------------
# Calendar feed tokens (only the hash of a token is stored)


class FeedTokenRow(DomainRow):
    __tablename__ = "feed_tokens"
    domain_type = FeedToken

    id: Mapped[str] = mapped_column(String, primary_key=True)
    scope: Mapped[str] = mapped_column(String)
    subject_id: Mapped[str] = mapped_column(String)
    token_hash: Mapped[str] = mapped_column(String, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("scope IN ('person', 'team')", name="scope"),
        Index(None, "scope", "subject_id"),
    )

    def apply(self, obj: FeedToken) -> None:
        self.id = obj.id
        self.scope = _enum(FeedScope, obj.scope, "feed_token.scope").value
        self.subject_id = obj.subject_id
        self.token_hash = obj.token_hash
        self.created_at = utc(obj.created_at, "feed_token.created_at")
        self.revoked_at = _utc_or_none(obj.revoked_at, "feed_token.revoked_at")
        self.last_used_at = _utc_or_none(obj.last_used_at, "feed_token.last_used_at")

    def to_domain(self) -> FeedToken:
        return FeedToken(
            id=self.id,
            scope=FeedScope(self.scope),
            subject_id=self.subject_id,
            token_hash=self.token_hash,
            created_at=self.created_at,
            revoked_at=self.revoked_at,
            last_used_at=self.last_used_at,
        )


# ---------------------------------------------------------------------------------------------
# Registry

#: every row class that stores one domain type, by that type
ROWS: dict[type, type[DomainRow]] = {
    row.domain_type: row
    for row in (
        TeamRow,
        ResponderRow,
        ShiftPatternRow,
        LeaveRow,
        CriticalIncidentRow,
        ExposureEntryRow,
        RotaRow,
        AssignmentRow,
        SkillRow,
        AssessmentRow,
        InterestRow,
        RoleTargetRow,
        MentoringRelationshipRow,
        GoalRow,
        ProgressionTrackRow,
        FeedTokenRow,
    )
}


def row_class(domain_type: type) -> type[DomainRow]:
    """The row class storing ``domain_type``; an :class:`InputError` for a type not stored."""
    try:
        return ROWS[domain_type]
    except KeyError:
        known = ", ".join(sorted(t.__name__ for t in ROWS))
        raise InputError("type", domain_type, f"storable types are: {known}") from None
