"""Roles: which target roles a responder holds, and who may decide an assessment.

Team policy, documented here because the stored data does not say it:

* **Roles for role targets**: every responder holds their team role (``responder``, ``lead``,
  ``manager``); responders and leads hold ``on-call responder``; leads and managers hold
  ``incident lead``; a responder whose country runs a regulatory desk holds that desk's role
  (``regulatory desk (Australia)`` for AU, ``regulatory desk (Japan)`` for JP). See
  :data:`ROLES_BY_TEAM_ROLE` and :data:`DESK_ROLES_BY_COUNTRY`.
* **Deciding an assessment** needs a manager or lead of the team
  (:data:`DECIDING_TEAM_ROLES`), or someone at level :data:`DECIDER_LEVEL` in the skill on the
  day; nobody decides an assessment of themselves or one they made.
"""

from __future__ import annotations

from rota.domain.responders import Responder
from rota.domain.team import TeamRole

#: Target roles each team role holds (besides the team role's own name).
ROLES_BY_TEAM_ROLE: dict[TeamRole, tuple[str, ...]] = {
    TeamRole.RESPONDER: ("on-call responder",),
    TeamRole.LEAD: ("on-call responder", "incident lead"),
    TeamRole.MANAGER: ("incident lead",),
}
#: Regulatory desks staffed from a country: the desk role its responders hold.
DESK_ROLES_BY_COUNTRY: dict[str, str] = {
    "AU": "regulatory desk (Australia)",
    "JP": "regulatory desk (Japan)",
}
#: Team roles that may decide any assessment regardless of their own level.
DECIDING_TEAM_ROLES = frozenset({TeamRole.MANAGER, TeamRole.LEAD})
#: Level needed to decide an assessment in a skill (without a deciding team role).
DECIDER_LEVEL = 4


def target_roles(responder: Responder) -> tuple[str, ...]:
    """The roles a responder holds for role targets (see the module docstring)."""
    role = TeamRole(responder.team_role)
    roles = [role.value, *ROLES_BY_TEAM_ROLE.get(role, ())]
    desk = DESK_ROLES_BY_COUNTRY.get(responder.country.upper())
    if desk:
        roles.append(desk)
    return tuple(dict.fromkeys(roles))
