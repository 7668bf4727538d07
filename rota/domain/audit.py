"""The audit trail: every change says who made it, when, what and why. Append-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AuditKind(StrEnum):
    PLAN = "plan"
    PUBLISH = "publish"
    DRAFT_EDIT = "draft edit"
    OVERRIDE = "override"
    SWAP = "swap"
    UNDO = "undo"
    ASSESSMENT = "assessment"
    APPROVAL = "approval"
    MENTORING = "mentoring"
    TEAM = "team"
    POLICY = "policy"
    PERSON = "person"
    FEED_LINK = "feed link"
    ROLES = "roles"
    IMPORT = "import"
    DEMO = "demo"


@dataclass(frozen=True)
class AuditEvent:
    """One change. ``actor`` is the person's name and e-mail (or "local administrator"),
    ``actor_email`` their e-mail for filtering, ``channel`` "app" or "cli"; ``subject`` the id
    of what changed (a rota, a shift, a person, a link)."""

    id: str
    at: datetime
    kind: AuditKind
    team_id: str | None
    actor: str
    actor_email: str | None
    channel: str
    what: str
    why: str = ""
    subject: str = ""
