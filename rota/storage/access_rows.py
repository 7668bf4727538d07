"""Rows of access: role grants and the append-only audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rota.domain.access import Role, RoleGrant
from rota.domain.audit import AuditEvent, AuditKind
from rota.errors import InputError
from rota.storage.base import DomainRow, UTCDateTime, enum_value, utc


class RoleGrantRow(DomainRow):
    __tablename__ = "role_grants"
    domain_type = RoleGrant

    id: Mapped[str] = mapped_column(String, primary_key=True)
    team_id: Mapped[str] = mapped_column(String)  # a team id or "*" (every team); no foreign key
    email: Mapped[str] = mapped_column(String, index=True)
    role: Mapped[str] = mapped_column(String)
    granted_by: Mapped[str] = mapped_column(String)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("team_id", "email", "role"),
        CheckConstraint("role IN ('admin', 'lead', 'manager', 'responder')", name="role"),
    )

    def apply(self, obj: RoleGrant) -> None:
        self.id = obj.id
        self.team_id = obj.team_id
        self.email = obj.email.strip().lower()
        self.role = enum_value(Role, obj.role, "role grant.role").value
        self.granted_by = obj.granted_by
        self.granted_at = utc(obj.granted_at, "role grant.granted_at")

    def to_domain(self) -> RoleGrant:
        return RoleGrant(
            id=self.id,
            team_id=self.team_id,
            email=self.email,
            role=Role(self.role),
            granted_by=self.granted_by,
            granted_at=self.granted_at,
        )


class AuditEventRow(DomainRow):
    """One change in the audit trail; never updated or deleted (the migration adds database
    triggers that refuse both, so not even SQL outside Tandem rewrites history)."""

    __tablename__ = "audit_events"
    domain_type = AuditEvent

    id: Mapped[str] = mapped_column(String, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String)
    team_id: Mapped[str | None] = mapped_column(String)  # no foreign key: history outlives teams
    actor: Mapped[str] = mapped_column(String)
    actor_email: Mapped[str | None] = mapped_column(String)
    channel: Mapped[str] = mapped_column(String)
    what: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String)

    __table_args__ = (Index(None, "team_id", "at"), Index(None, "actor_email", "at"))

    def update_from(self, obj: AuditEvent) -> None:
        raise InputError(
            f"audit event {obj.id!r}",
            obj.what,
            "the audit trail is append-only; record what changed as a new event",
        )

    def apply(self, obj: AuditEvent) -> None:
        self.id = obj.id
        self.at = utc(obj.at, "audit event.at")
        self.kind = enum_value(AuditKind, obj.kind, "audit event.kind").value
        self.team_id = obj.team_id
        self.actor = obj.actor
        self.actor_email = obj.actor_email
        self.channel = obj.channel
        self.what = obj.what
        self.why = obj.why
        self.subject = obj.subject

    def to_domain(self) -> AuditEvent:
        return AuditEvent(
            id=self.id,
            at=self.at,
            kind=AuditKind(self.kind),
            team_id=self.team_id,
            actor=self.actor,
            actor_email=self.actor_email,
            channel=self.channel,
            what=self.what,
            why=self.why or "",
            subject=self.subject or "",
        )
