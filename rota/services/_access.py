"""What every use case that changes something shares (private to :mod:`rota.services`): the
permission check against :data:`rota.domain.access.PERMISSIONS` and the audit record, both in
the caller's transaction — a refused change writes nothing, and a change is stored with its
audit event or not at all."""

from __future__ import annotations

import uuid
from datetime import datetime

from rota.domain.access import Action, Actor, allowed, who_may
from rota.domain.audit import AuditEvent, AuditKind
from rota.domain.team import Team
from rota.errors import PermissionDenied
from rota.storage import repo


def require(
    session, actor: Actor, action: Action, team_id: str, subject_id: str | None = None
) -> None:
    """Refuse (``PermissionDenied``, naming the roles that may) unless ``actor`` may do
    ``action`` on the team (for ``subject_id``, a responder id, when it is about one person)."""
    if allowed(actor, action, team_id, subject_id):
        return
    team = repo.get(session, Team, team_id)
    where = f"in {team.name if team else team_id}"
    held = sorted(r.value for r in actor.roles_in(team_id))
    holds = (
        f"{actor.name} holds {' and '.join(held)} there"
        if held
        else f"{actor.name} holds no role there"
    )
    if subject_id is not None and subject_id != actor.person_in(team_id) and held:
        holds += " and this is about someone else"
    raise PermissionDenied(actor.label(), action.value, where, who_may(action), holds)


def audit(
    session,
    actor: Actor,
    kind: AuditKind,
    team_id: str | None,
    what: str,
    *,
    now: datetime,
    why: str = "",
    subject: str = "",
) -> AuditEvent:
    """Append one event to the audit trail (in the caller's transaction)."""
    event = AuditEvent(
        id=f"au-{uuid.uuid4().hex[:16]}",
        at=now,
        kind=kind,
        team_id=team_id,
        actor=actor.label(),
        actor_email=actor.email,
        channel=actor.channel,
        what=what,
        why=why,
        subject=subject,
    )
    repo.save(session, event)
    return event
