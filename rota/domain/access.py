"""Who may do what: roles per team, the person acting, and the one permission table.

Everyone on a team (an active responder there) holds the **responder** role in it; their team role
(``lead`` or ``manager``) gives that role too; further roles (``admin``, ``lead``, ``manager``)
are granted per team or for every team (:class:`RoleGrant`). Mentors are responders with mentees:
mentoring needs no role of its own.

:data:`PERMISSIONS` is the one table the services enforce (``rota.services._access``), the app
reads to hide what a person cannot do, and ``docs/policy.md`` lists. Each row names the roles that
may do an action for anyone on the team, and the roles that may do it only for themselves (a
responder's own swap, own calendar link, own load and exposure).

The **local administrator** is whoever holds the database (the CLI without ``--as``, the app's
local demo mode with nobody picked): every role on every team, recorded as such in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

#: ``RoleGrant.team_id`` of a grant that holds on every team
EVERY_TEAM = "*"


class Role(StrEnum):
    ADMIN = "admin"
    LEAD = "lead"
    MANAGER = "manager"
    RESPONDER = "responder"


class Action(StrEnum):
    """Everything the permission table decides; the value is how a refusal names it."""

    PLAN = "plan a rota or edit a draft"
    PUBLISH = "publish a rota"
    OVERRIDE = "change or undo a published shift"
    DECIDE_SWAP = "approve or decline a swap"
    REQUEST_SWAP = "ask for a swap of a shift"
    ANSWER_SWAP = "accept or decline a swap you were asked for"
    CANCEL_SWAP = "cancel a swap request"
    SWAP_SETTINGS = "change how swaps are approved"
    RECORD_ASSESSMENT = "record a skill assessment"
    DECIDE_ASSESSMENT = "approve or reject a skill assessment"
    IMPORT_SKILLS = "import the skills matrix"
    SIGN_OFF_MENTORING = "sign off a mentoring stage"
    SEE_WELLBEING = "see load and exposure"
    WAIVE_RECOVERY = "waive a recovery day"
    TEAM_SETUP = "set up the team and its people"
    TEAM_LINKS = "issue or revoke team calendar links"
    PERSONAL_LINK = "issue, rotate or revoke a personal calendar link"
    GRANT_ROLES = "grant or revoke roles"
    SEE_AUDIT = "read the audit trail"
    LOAD_DEMO = "load the demo team"


@dataclass(frozen=True)
class Permission:
    """One row of the permission table: ``anyone`` may do the action for anyone on the team,
    ``own`` only for themselves."""

    action: Action
    anyone: frozenset[Role]
    own: frozenset[Role] = frozenset()


def _row(action: Action, anyone: set[Role], own: set[Role] = frozenset()) -> Permission:
    return Permission(action, frozenset(anyone), frozenset(own))


A, L, M, R = Role.ADMIN, Role.LEAD, Role.MANAGER, Role.RESPONDER

#: The permission table, in one place.
PERMISSIONS: Mapping[Action, Permission] = {
    p.action: p
    for p in (
        _row(Action.PLAN, {L}),
        _row(Action.PUBLISH, {L}),
        _row(Action.OVERRIDE, {L}),
        _row(Action.DECIDE_SWAP, {L}),
        _row(Action.REQUEST_SWAP, {L}, {R}),
        _row(Action.ANSWER_SWAP, set(), {R}),
        _row(Action.CANCEL_SWAP, {L}, {R}),
        _row(Action.SWAP_SETTINGS, {L, A}),
        _row(Action.RECORD_ASSESSMENT, {M}, {R}),
        _row(Action.DECIDE_ASSESSMENT, {M}),
        _row(Action.IMPORT_SKILLS, {M, A}),
        # the sign-off rule itself (level 4 in the skill, not the trainee) is the skills library's
        _row(Action.SIGN_OFF_MENTORING, {M, R}),
        _row(Action.SEE_WELLBEING, {L, M}, {R}),
        # wellbeing notes: waivable only by the responder, recorded
        _row(Action.WAIVE_RECOVERY, set(), {R}),
        _row(Action.TEAM_SETUP, {L, A}),
        _row(Action.TEAM_LINKS, {L, A}),
        _row(Action.PERSONAL_LINK, {L, A}, {R}),
        _row(Action.GRANT_ROLES, {A}),
        _row(Action.SEE_AUDIT, {L, M, A}),
        _row(Action.LOAD_DEMO, {A}),
    )
}


@dataclass(frozen=True)
class RoleGrant:
    """A role granted to the person with ``email`` on one team (or on every team: ``"*"``)."""

    id: str
    team_id: str
    email: str
    role: Role
    granted_by: str
    granted_at: datetime


@dataclass(frozen=True)
class Actor:
    """The person acting, as the edges established it (sign-in, ``--as``, local mode).

    ``roles`` maps a team id (or ``"*"``) to the roles held there; ``people`` maps a team id to
    the person's responder id on that team. ``channel`` says through what they act ("app", "cli").
    """

    name: str
    email: str | None
    channel: str
    roles: Mapping[str, frozenset[Role]] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)
    local_admin: bool = False

    @classmethod
    def local_administrator(cls, channel: str) -> Actor:
        """Whoever holds the database: every role on every team."""
        return cls("local administrator", None, channel, {EVERY_TEAM: frozenset(Role)}, {}, True)

    def roles_in(self, team_id: str) -> frozenset[Role]:
        return self.roles.get(team_id, frozenset()) | self.roles.get(EVERY_TEAM, frozenset())

    def person_in(self, team_id: str) -> str | None:
        """Their responder id on the team, or None."""
        return self.people.get(team_id)

    def label(self) -> str:
        """How the audit trail and "published by" name them: name and e-mail."""
        return self.name if self.email is None else f"{self.name} <{self.email}>"

    def ref(self, team_id: str) -> str:
        """What a stored record keeps as "by": their responder id on the team, else the label."""
        return self.person_in(team_id) or self.label()


def allowed(actor: Actor, action: Action, team_id: str, subject_id: str | None = None) -> bool:
    """May ``actor`` do ``action`` on the team, for ``subject_id`` (a responder id, when the
    action is about one person)? The table's ``own`` roles count only when the subject is them."""
    permission = PERMISSIONS[action]
    held = actor.roles_in(team_id)
    if held & permission.anyone:
        return True
    mine = subject_id is not None and subject_id == actor.person_in(team_id)
    return mine and bool(held & permission.own)


def who_may(action: Action) -> str:
    """The roles that may do it, in words: "a lead", "a lead or an admin", "a responder (their
    own) or a lead"."""
    permission = PERMISSIONS[action]
    order = list(Role)
    parts = [_a(r) for r in sorted(permission.anyone, key=order.index)]
    parts += [f"{_a(r)} (for themselves)" for r in sorted(permission.own, key=order.index)]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def _a(role: Role) -> str:
    return ("an " if role.value[0] in "aeiou" else "a ") + role.value
