"""Rows of the skills library's data: skills, assessments, interests, role targets, mentoring
relationships, goals and progression tracks (with their evidence)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rota.errors import InputError
from rota.storage.base import (
    Base,
    DomainRow,
    UTCDateTime,
    enum_value,
    fill_child,
    str_tuple,
    sync_children,
    utc,
    utc_or_none,
)
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
        self.category = enum_value(SkillCategory, obj.category, "skill.category").value
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
            level_descriptors=str_tuple(self.level_descriptors),
            validity_days=self.validity_days,
            recency_days=self.recency_days,
            prerequisites=str_tuple(self.prerequisites),
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
        self.source = enum_value(AssessmentSource, obj.source, "assessment.source").value
        self.assessor_id = obj.assessor_id
        self.assessed_at = utc(obj.assessed_at, "assessment.assessed_at")
        self.status = enum_value(AssessmentStatus, obj.status, "assessment.status").value
        self.decided_by = obj.decided_by
        self.decided_at = utc_or_none(obj.decided_at, "assessment.decided_at")
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
        self.status = enum_value(MentoringStatus, obj.status, "mentoring.status").value
        self.start = obj.start
        self.end = obj.end
        self.shadow_shifts_per_week = int(obj.shadow_shifts_per_week)

    def to_domain(self) -> MentoringRelationship:
        return MentoringRelationship(
            id=self.id,
            mentor_id=self.mentor_id,
            mentee_id=self.mentee_id,
            skill_ids=str_tuple(self.skill_ids),
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
        self.kind = enum_value(EvidenceKind, item.kind, "evidence.kind").value
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
        self.stage = enum_value(Stage, obj.stage, "progression_track.stage").value
        self.stage_since = obj.stage_since
        self.mentor_id = obj.mentor_id
        sync_children(self.evidence, obj.evidence, EvidenceRow, fill_child)

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
