"""What planning is given and how the engine's ids map back: the team, the request, the index."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rota.domain.absences import Leave
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota
from rota.domain.team import Team
from skills.model import Assessment, MentoringRelationship, ProgressionTrack, Skill


@dataclass(frozen=True)
class TeamSnapshot:
    """Everything planning needs about a team, as loaded from storage."""

    team: Team
    responders: tuple[Responder, ...]
    patterns: tuple[ShiftPattern, ...]
    leave: tuple[Leave, ...] = ()
    incidents: tuple[CriticalIncident, ...] = ()
    exposure: tuple[ExposureEntry, ...] = ()
    skills: tuple[Skill, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    tracks: tuple[ProgressionTrack, ...] = ()
    mentoring: tuple[MentoringRelationship, ...] = ()
    #: published versions (any order); the latest version covering a day is the truth for that day
    published: tuple[Rota, ...] = ()


@dataclass(frozen=True)
class PlanRequest:
    start: date
    weeks: int
    #: keep these assignments (e.g. pinned in a draft or before a repair freeze)
    pinned: tuple[Assignment, ...] = ()
    #: repair mode: the rota to stay close to; its assignments before ``freeze`` are kept as they
    #: are, and each one after it that the new rota drops costs the engine's stability weight
    baseline: Rota | None = None
    freeze: datetime | None = None
    #: repair mode: only shifts starting in [freeze, thaw) are re-planned; outside it the rota
    #: is exactly ``pinned`` plus the baseline before ``freeze`` (nothing dropped, nothing added,
    #: shadow places included)
    thaw: datetime | None = None
    #: a window of this many local days instead of ``weeks`` whole weeks (a repair, an override)
    length_days: int | None = None

    @property
    def days(self) -> int:
        return self.length_days if self.length_days is not None else self.weeks * 7

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)


@dataclass(frozen=True)
class PlanIndex:
    """How the engine's ids map back to the team's patterns and local days."""

    shift_pattern: Mapping[str, str] = field(default_factory=dict)
    shift_times: Mapping[str, tuple[datetime, datetime]] = field(default_factory=dict)
    demand_key: Mapping[str, tuple[str, str]] = field(
        default_factory=dict
    )  # demand -> (shift, role)
    #: the published shifts around the window that the plan must fit (fixed, never re-planned):
    #: those of earlier local days that start after the window's first shift, and those of the
    #: days after the window within the rules' reach
    context_shifts: frozenset[str] = frozenset()
    #: the published assignments of ``context_shifts``, in the engine's terms
    context: tuple = ()


def shift_id(pattern_id: str, local_day: date) -> str:
    return f"{pattern_id}@{local_day.isoformat()}"


def demand_id(shift: str, role: str) -> str:
    return f"{shift}#{role}"


def slot_of(demand: str) -> tuple[str, date, str]:
    """The pattern, local day and role of an engine demand id made by :func:`demand_id` from
    :func:`shift_id` (the inverse of the two)."""
    shift, _, role = demand.rpartition("#")
    pattern, _, day = shift.rpartition("@")
    return pattern, date.fromisoformat(day), role
