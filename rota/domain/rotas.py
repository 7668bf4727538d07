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


#: statuses of published versions (``superseded`` is read off the timeline, no longer stored)
PUBLISHED_STATUSES = frozenset({RotaStatus.PUBLISHED, RotaStatus.SUPERSEDED})


class RotaKind(StrEnum):
    """How a rota version came about. A plan or repair covers its whole window of local days;
    an override, a swap or an undo covers only the shifts it names (``Rota.covers``)."""

    PLAN = "plan"
    REPAIR = "repair"
    OVERRIDE = "override"
    SWAP = "swap"
    UNDO = "undo"


def shift_key(pattern_id: str, start: datetime) -> str:
    """The one name of a shift occurrence on the timeline: its pattern and its UTC start."""
    return f"{pattern_id}@{start.astimezone(UTC):%Y-%m-%dT%H:%MZ}"


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

    @property
    def shift(self) -> str:
        """The shift occurrence this assignment is a place in (:func:`shift_key`)."""
        return shift_key(self.pattern_id, self.start)


@dataclass(frozen=True)
class Rota:
    """A planned rota for a team over local dates ``start`` .. ``end`` (inclusive).

    Published rotas are immutable versions; a draft can be edited and published as the next version.
    ``solver_stats`` and ``policy_snapshot`` keep the provenance of how it was made.

    A published version sets the team's timeline for what it covers (``rota.domain.timeline``):
    every shift whose pattern's local day lies in ``start`` .. ``end`` or, when ``covers`` is
    given (overrides, swaps, undo), exactly the shifts named there (:func:`shift_key`).
    ``note`` is the reason a lead or responder gave; ``edits`` counts the hand edits of a draft
    (planning over an edited draft asks first).
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
    kind: RotaKind = RotaKind.PLAN
    covers: tuple[str, ...] | None = None
    note: str = ""
    edits: int = 0
