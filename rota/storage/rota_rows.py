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
from rota.domain.rotas import Assignment, Rota, RotaKind, RotaStatus
from rota.domain.swaps import SwapRequest, SwapState
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
    kind: Mapped[str] = mapped_column(String, server_default="plan")
    #: the shift keys a version covers (overrides, swaps, undo); NULL: its whole window
    covers: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(String, server_default="")
    edits: Mapped[int] = mapped_column(Integer, server_default="0")

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
        self.kind = enum_value(RotaKind, obj.kind, "rota.kind").value
        self.covers = None if obj.covers is None else [str(k) for k in obj.covers]
        self.note = obj.note
        self.edits = int(obj.edits)
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
            kind=RotaKind(self.kind or RotaKind.PLAN.value),
            covers=None if self.covers is None else tuple(self.covers),
            note=self.note or "",
            edits=self.edits or 0,
        )


class SwapRequestRow(DomainRow):
    __tablename__ = "swap_requests"
    domain_type = SwapRequest

    id: Mapped[str] = mapped_column(String, primary_key=True)
    team_id: Mapped[str] = mapped_column(String, ForeignKey("teams.id"), index=True)
    assignment_id: Mapped[str] = mapped_column(String)
    requester_id: Mapped[str] = mapped_column(String, ForeignKey("responders.id"))
    colleague_id: Mapped[str] = mapped_column(String, ForeignKey("responders.id"))
    their_assignment_id: Mapped[str | None] = mapped_column(String)
    reason: Mapped[str] = mapped_column(String)
    state: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String)
    outcome_note: Mapped[str] = mapped_column(String)
    version_id: Mapped[str | None] = mapped_column(String)

    __table_args__ = (
        CheckConstraint(
            "state IN ('requested', 'accepted', 'approved', 'declined', 'cancelled')",
            name="state",
        ),
        Index(None, "team_id", "state"),
    )

    def apply(self, obj: SwapRequest) -> None:
        self.id = obj.id
        self.team_id = obj.team_id
        self.assignment_id = obj.assignment_id
        self.requester_id = obj.requester_id
        self.colleague_id = obj.colleague_id
        self.their_assignment_id = obj.their_assignment_id
        self.reason = obj.reason
        self.state = enum_value(SwapState, obj.state, "swap.state").value
        self.created_at = utc(obj.created_at, "swap.created_at")
        self.accepted_at = utc_or_none(obj.accepted_at, "swap.accepted_at")
        self.decided_at = utc_or_none(obj.decided_at, "swap.decided_at")
        self.decided_by = obj.decided_by
        self.outcome_note = obj.outcome_note
        self.version_id = obj.version_id

    def to_domain(self) -> SwapRequest:
        return SwapRequest(
            id=self.id,
            team_id=self.team_id,
            assignment_id=self.assignment_id,
            requester_id=self.requester_id,
            colleague_id=self.colleague_id,
            their_assignment_id=self.their_assignment_id,
            reason=self.reason or "",
            state=SwapState(self.state),
            created_at=self.created_at,
            accepted_at=self.accepted_at,
            decided_at=self.decided_at,
            decided_by=self.decided_by,
            outcome_note=self.outcome_note or "",
            version_id=self.version_id,
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
