"""Who is acting, the roles they hold, and the audit trail.

The edges establish the person: the app from sign-in (``st.user``'s e-mail) or its local demo
mode, the CLI from ``--as EMAIL`` / ``TANDEM_ACTOR`` or as the local administrator.
:func:`actor_for_email` turns an e-mail into an :class:`~rota.domain.access.Actor` with their
roles per team: the responder role on every team they are an active responder of, their team
role (lead, manager) there, and the roles granted to their e-mail (:func:`grant_role`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from rota.domain.access import (
    EVERY_TEAM,
    PERMISSIONS,
    Action,
    Actor,
    Role,
    RoleGrant,
    allowed,
    who_may,
)
from rota.domain.audit import AuditEvent, AuditKind
from rota.domain.responders import Responder
from rota.domain.team import Team, TeamRole
from rota.errors import InputError, NotFoundError, UnknownPerson
from rota.services._access import audit, require
from rota.storage import repo

#: the team role that gives an access role
_ROLE_OF_TEAM_ROLE = {TeamRole.LEAD: Role.LEAD, TeamRole.MANAGER: Role.MANAGER}


def _member_roles(person: Responder) -> set[Role]:
    """The roles being on the team gives: responder, and their team role (lead, manager)."""
    extra = _ROLE_OF_TEAM_ROLE.get(TeamRole(person.team_role))
    return {Role.RESPONDER} | ({extra} if extra else set())


def _normal(email: str) -> str:
    return (email or "").strip().casefold()


def actor_for_email(session, email: str, *, channel: str, name: str | None = None) -> Actor:
    """The person with this e-mail as an actor, or ``UnknownPerson`` ("ask your lead to add
    you") when they are neither an active responder nor granted a role anywhere."""
    wanted = _normal(email)
    if not wanted or "@" not in wanted:
        raise InputError("e-mail", email, "give the person's e-mail address, e.g. name@example.org")
    people = [
        r for r in repo.list_all(session, Responder) if r.active and _normal(r.email) == wanted
    ]
    grants = repo.list_all(session, RoleGrant, email=wanted)
    if not people and not grants:
        raise UnknownPerson(
            email.strip(),
            "nobody with this e-mail is on a Tandem team; ask your lead to add you "
            "(or an admin to grant you a role)",
        )
    roles: dict[str, set[Role]] = {}
    for person in people:
        roles.setdefault(person.team_id, set()).update(_member_roles(person))
    for grant in grants:
        roles.setdefault(grant.team_id, set()).add(Role(grant.role))
    shown = people[0].name if people else (name or email.strip())
    return Actor(
        name=shown,
        email=people[0].email if people else email.strip(),
        channel=channel,
        roles={team: frozenset(held) for team, held in roles.items()},
        people={p.team_id: p.id for p in people},
    )


def actor_for_responder(session, responder_id: str, *, channel: str) -> Actor:
    """The actor of a responder (the app's local demo mode: "view as")."""
    person = repo.get(session, Responder, responder_id)
    if person is None:
        raise NotFoundError("responder", responder_id)
    return actor_for_email(session, person.email, channel=channel)


def can(actor: Actor, action: Action, team_id: str, subject_id: str | None = None) -> bool:
    """What the app asks before showing a control (the services enforce it again)."""
    return allowed(actor, action, team_id, subject_id)


# ---------------------------------------------------------------------------------------------
# Roles


@dataclass(frozen=True)
class RoleLine:
    """One person's roles on a team, and where each comes from."""

    name: str
    email: str
    roles: tuple[Role, ...]
    granted: tuple[RoleGrant, ...]  # the grants among them (revocable)


def team_roles(session, team_id: str) -> list[RoleLine]:
    """Everyone holding a role on the team (members and grants; grants for every team too)."""
    people = [r for r in repo.list_all(session, Responder, team_id=team_id) if r.active]
    grants = [g for g in repo.list_all(session, RoleGrant) if g.team_id in (team_id, EVERY_TEAM)]
    by_email: dict[str, tuple[str, str, set[Role], list[RoleGrant]]] = {}
    for person in people:
        line = by_email.setdefault(_normal(person.email), (person.name, person.email, set(), []))
        line[2].update(_member_roles(person))
    for grant in grants:
        line = by_email.setdefault(grant.email, (grant.email, grant.email, set(), []))
        line[2].add(Role(grant.role))
        line[3].append(grant)
    order = list(Role)
    return sorted(
        (
            RoleLine(name, email, tuple(sorted(held, key=order.index)), tuple(granted))
            for name, email, held, granted in by_email.values()
        ),
        key=lambda line: (min(order.index(r) for r in line.roles), line.name),
    )


def grant_role(
    session, team_id: str, email: str, role: Role | str, *, actor: Actor, now: datetime
) -> RoleGrant:
    """Grant ``role`` to the person with ``email`` on the team (``"*"``: every team). An admin
    does this; granting a role already held changes nothing."""
    role = _role(role)
    wanted = _normal(email)
    if "@" not in wanted:
        raise InputError("e-mail", email, "give the person's e-mail address")
    if team_id != EVERY_TEAM and repo.get(session, Team, team_id) is None:
        raise NotFoundError("team", team_id, "`tandem team` lists the teams")
    require(session, actor, Action.GRANT_ROLES, team_id)
    for grant in repo.list_all(session, RoleGrant, email=wanted):
        if grant.team_id == team_id and grant.role == role:
            return grant
    grant = RoleGrant(
        id=f"rg-{uuid.uuid4().hex[:12]}",
        team_id=team_id,
        email=wanted,
        role=role,
        granted_by=actor.label(),
        granted_at=now,
    )
    repo.save(session, grant)
    where = "every team" if team_id == EVERY_TEAM else team_id
    audit(
        session,
        actor,
        AuditKind.ROLES,
        None if team_id == EVERY_TEAM else team_id,
        f"granted {role.value} on {where} to {wanted}",
        now=now,
        subject=grant.id,
    )
    return grant


def revoke_role(
    session, team_id: str, email: str, role: Role | str, *, actor: Actor, now: datetime
) -> bool:
    """Revoke a granted role (a role that comes from being on the team changes with the person's
    details instead). Returns False when no such grant existed."""
    role = _role(role)
    wanted = _normal(email)
    require(session, actor, Action.GRANT_ROLES, team_id)
    for grant in repo.list_all(session, RoleGrant, email=wanted):
        if grant.team_id == team_id and grant.role == role:
            repo.delete(session, RoleGrant, grant.id)
            audit(
                session,
                actor,
                AuditKind.ROLES,
                None if team_id == EVERY_TEAM else team_id,
                f"revoked {role.value} on "
                f"{'every team' if team_id == EVERY_TEAM else team_id} from {wanted}",
                now=now,
                subject=grant.id,
            )
            return True
    return False


def _role(value: Role | str) -> Role:
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        raise InputError("role", value, "use one of: " + ", ".join(r.value for r in Role)) from None


def permission_table() -> list[tuple[str, str]]:
    """The permission table in words (action, who may), for the app and the docs."""
    return [(action.value, who_may(action)) for action in PERMISSIONS]


# ---------------------------------------------------------------------------------------------
# The audit trail


def audit_trail(
    session,
    *,
    viewer: Actor,
    team_id: str | None = None,
    person: str | None = None,
    kinds: Iterable[AuditKind | str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = 500,
) -> list[AuditEvent]:
    """The audit trail, newest first, filtered by team, by the person who acted (e-mail) and by
    kind. Leads, managers and admins read their team's; events of every team (no ``team_id``)
    need a role on every team (the local administrator, an organisation admin)."""
    kinds = [_kind(k) for k in kinds]
    if team_id is not None:
        require(session, viewer, Action.SEE_AUDIT, team_id)
        return repo.audit_events(
            session,
            team_id=team_id,
            actor_email=person,
            kinds=kinds,
            since=since,
            until=until,
            limit=limit,
        )
    if allowed(viewer, Action.SEE_AUDIT, EVERY_TEAM):
        return repo.audit_events(
            session, actor_email=person, kinds=kinds, since=since, until=until, limit=limit
        )
    teams = [t.id for t in repo.list_all(session, Team) if allowed(viewer, Action.SEE_AUDIT, t.id)]
    if not teams:
        require(session, viewer, Action.SEE_AUDIT, EVERY_TEAM)
    events = [
        e
        for t in teams
        for e in repo.audit_events(
            session, team_id=t, actor_email=person, kinds=kinds, since=since, until=until
        )
    ]
    events.sort(key=lambda e: (e.at, e.id), reverse=True)
    return events[:limit] if limit is not None else events


def _kind(value: AuditKind | str) -> AuditKind:
    try:
        return AuditKind(str(value).strip().lower())
    except ValueError:
        raise InputError(
            "kind", value, "use one of: " + ", ".join(k.value for k in AuditKind)
        ) from None


__all__ = [
    "RoleLine",
    "actor_for_email",
    "actor_for_responder",
    "audit_trail",
    "can",
    "grant_role",
    "permission_table",
    "revoke_role",
    "team_roles",
]
