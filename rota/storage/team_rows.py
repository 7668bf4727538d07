"""Rows of the team: the team, responders (languages, clearances), shift patterns (role
demands), leave, critical incidents and the exposure log."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rota.domain.absences import Leave, LeaveKind
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.patterns import RoleDemand, Severity, ShiftPattern, SkillRequirement
from rota.domain.responders import CategoryClearance, LanguageSkill, Proficiency, Responder
from rota.domain.team import Team, TeamRole
from rota.errors import InputError
from rota.storage.base import (
    Base,
    DomainRow,
    UTCDateTime,
    enum_value,
    fill_child,
    int_tuple,
    json_value,
    str_tuple,
    sync_children,
    utc,
)


class TeamRow(DomainRow):
    __tablename__ = "teams"
    domain_type = Team

    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    display_zone: Mapped[str] = mapped_column(String)
    description: Mapped[str] = mapped_column(Text)
    policy_overrides: Mapped[dict[str, Any]] = mapped_column(JSON)
    auto_approve_swaps: Mapped[bool] = mapped_column(Boolean, server_default=false())

    def apply(self, obj: Team) -> None:
        self.id = obj.id
        self.name = obj.name
        self.display_zone = obj.display_zone
        self.description = obj.description
        self.policy_overrides = dict(json_value(obj.policy_overrides, "team.policy_overrides"))
        self.auto_approve_swaps = bool(obj.auto_approve_swaps)

    def to_domain(self) -> Team:
        return Team(
            id=self.id,
            name=self.name,
            display_zone=self.display_zone,
            description=self.description,
            policy_overrides=dict(self.policy_overrides or {}),
            auto_approve_swaps=bool(self.auto_approve_swaps),
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
        self.proficiency = enum_value(Proficiency, item.proficiency, "language.proficiency").value

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
    reminder_minutes: Mapped[int | None] = mapped_column(Integer)

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
        self.team_role = enum_value(TeamRole, obj.team_role, "responder.team_role").value
        self.active = bool(obj.active)
        self.reminder_minutes = obj.reminder_minutes
        sync_children(self.languages, obj.languages, ResponderLanguageRow, fill_child)
        sync_children(self.clearances, obj.clearances, ResponderClearanceRow, fill_child)

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
            working_days=int_tuple(self.working_days),
            start_date=self.start_date,
            end_date=self.end_date,
            night_work_consent=self.night_work_consent,
            opted_out_categories=frozenset(self.opted_out_categories or ()),
            clearances=tuple(row.to_domain() for row in self.clearances),
            team_role=TeamRole(self.team_role),
            active=self.active,
            reminder_minutes=self.reminder_minutes,
        )


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
        self.severity = enum_value(Severity, item.severity, "role_demand.severity").value
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
            required_languages=str_tuple(self.required_languages),
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
        sync_children(self.demands, obj.demands, RoleDemandRow, fill_child)

    def to_domain(self) -> ShiftPattern:
        return ShiftPattern(
            id=self.id,
            team_id=self.team_id,
            name=self.name,
            zone=self.zone,
            start=self.start,
            end=self.end,
            days=int_tuple(self.days),
            kind=self.kind,
            demands=tuple(row.to_domain() for row in self.demands),
            description=self.description,
        )


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
        self.kind = enum_value(LeaveKind, obj.kind, "leave.kind").value
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
        self.severity = enum_value(Severity, obj.severity, "exposure_entry.severity").value
        self.hours = float(obj.hours)

    def to_domain(self) -> ExposureEntry:
        return ExposureEntry(
            responder_id=self.responder_id,
            day=self.day,
            category=self.category,
            severity=Severity(self.severity),
            hours=self.hours,
        )
