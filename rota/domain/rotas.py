"""Rotas: a team's planned assignments over local dates, as drafts and published versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any


class RotaStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Assignment:
    """One responder in one role on one shift occurrence. ``start``/``end`` are UTC."""

    id: str
    rota_id: str
    responder_id: str
    pattern_id: str
    role: str
    start: datetime
    end: datetime
    shadow: bool = False
    pinned: bool = False

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class Rota:
    """A planned rota for a team over local dates ``start`` .. ``end`` (inclusive).

    Published rotas are immutable versions; a draft can be edited and published as the next version.
    ``solver_stats`` and ``policy_snapshot`` keep the provenance of how it was made.
    """

    id: str
    team_id: str
    start: date
    end: date
    status: RotaStatus = RotaStatus.DRAFT
    version: int | None = None
    created_at: datetime = datetime(2026, 1, 1, tzinfo=UTC)
    published_at: datetime | None = None
    created_by: str = ""
    solver_stats: dict[str, Any] = field(default_factory=dict)
    policy_snapshot: dict[str, Any] = field(default_factory=dict)
    assignments: tuple[Assignment, ...] = ()
