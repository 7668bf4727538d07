"""The team and its week: a team shares one rota; days are numbered 0 = Monday."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

WEEKDAYS = (0, 1, 2, 3, 4)
ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class TeamRole(StrEnum):
    RESPONDER = "responder"
    LEAD = "lead"
    MANAGER = "manager"


@dataclass(frozen=True)
class Team:
    """A team that shares one rota.

    ``display_zone`` is the zone leads see the rota in by default. ``policy_overrides`` maps policy
    field names (see ``rota.policy.team_policy``) to team-specific values; absent fields use the
    documented defaults. ``auto_approve_swaps``: a swap the colleague accepted and that keeps
    every hard rule is published without waiting for a lead.
    """

    id: str
    name: str
    display_zone: str = "Asia/Singapore"
    description: str = ""
    policy_overrides: dict[str, Any] = field(default_factory=dict)
    auto_approve_swaps: bool = False
