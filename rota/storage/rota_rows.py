"""Rows of rotas and their assignments, and of calendar-feed tokens."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rota.domain.feed_tokens import FeedScope, FeedToken
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.errors import InputError
from rota.storage.base import DomainRow, UTCDateTime, enum_value, json_value, utc, utc_or_none


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
        self.status = enum_value(RotaStatus, obj.status, "rota.status").value
        self.version = obj.version
        self.created_at = utc(obj.created_at, "rota.created_at")
        self.published_at = utc_or_none(obj.published_at, "rota.published_at")
        self.created_by = obj.created_by
        self.solver_stats = dict(json_value(obj.solver_stats, "rota.solver_stats"))
        self.policy_snapshot = dict(json_value(obj.policy_snapshot, "rota.policy_snapshot"))
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
        self.scope = enum_value(FeedScope, obj.scope, "feed_token.scope").value
        self.subject_id = obj.subject_id
        self.token_hash = obj.token_hash
        self.created_at = utc(obj.created_at, "feed_token.created_at")
        self.revoked_at = utc_or_none(obj.revoked_at, "feed_token.revoked_at")
        self.last_used_at = utc_or_none(obj.last_used_at, "feed_token.last_used_at")

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
