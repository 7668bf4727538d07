"""Shift patterns: recurring shifts defined in a zone, with the roles to staff on each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from rota.domain.team import ALL_DAYS


class Severity(StrEnum):
    """How harmful the material on a queue is; drives the exposure budget."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    #: violent or sadistic child abuse material and live self-harm: weighted 1.5 in the budget
    EXTREME = "extreme"


@dataclass(frozen=True)
class SkillRequirement:
    """At least ``count`` people on the shift with ``skill_id`` at ``min_level`` or above."""

    skill_id: str
    min_level: int = 3
    count: int = 1


@dataclass(frozen=True)
class RoleDemand:
    """A role to staff on every occurrence of a shift pattern."""

    role: str  # "primary", "secondary", "high-severity review", "regulatory desk", ...
    min_headcount: int = 1
    max_headcount: int = 1
    required_skills: tuple[SkillRequirement, ...] = ()
    required_languages: tuple[str, ...] = ()
    content_category: str | None = None
    severity: Severity = Severity.NONE
    on_call: bool = False
    #: hours of the shift actually spent on the queue (None = the whole shift)
    queue_hours: float | None = None


@dataclass(frozen=True)
class ShiftPattern:
    """A recurring shift defined in a named zone, e.g. Tokyo business hours 09:00-18:00 Asia/Tokyo.

    ``end`` at or before ``start`` means the shift ends the next local day. ``days`` are the local
    weekdays (0 = Monday) on which the shift starts.
    """

    id: str
    team_id: str
    name: str
    zone: str
    start: time
    end: time
    days: tuple[int, ...] = ALL_DAYS
    kind: str = "day"  # a short label used for successions and fairness: early/day/late/night/...
    demands: tuple[RoleDemand, ...] = ()
    description: str = ""

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start
