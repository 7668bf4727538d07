"""Swap requests: a responder asks a colleague to take a published shift of theirs, or to trade.

The steps (each one re-checked against every hard rule before it is taken):

1. ``requested``: the responder asks; only colleagues for whom the change keeps every hard rule
   are offered.
2. ``accepted``: the colleague agrees (or ``declined``: they say no; the request ends).
3. ``approved``: a lead approves and the change is published as a new version of just those
   shifts (or the team auto-approves rule-clean swaps); ``declined`` by a lead ends it.

``cancelled``: the requester withdrew it, or the shift changed under it (another version took it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class SwapState(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    APPROVED = "approved"
    DECLINED = "declined"
    CANCELLED = "cancelled"


#: states in which a request still waits for someone
OPEN_STATES = frozenset({SwapState.REQUESTED, SwapState.ACCEPTED})


@dataclass(frozen=True)
class SwapRequest:
    """``requester_id`` gives ``assignment_id`` (their published shift) to ``colleague_id``; when
    ``their_assignment_id`` is set, the colleague's shift comes back in exchange (a trade)."""

    id: str
    team_id: str
    assignment_id: str
    requester_id: str
    colleague_id: str
    created_at: datetime
    their_assignment_id: str | None = None
    reason: str = ""
    state: SwapState = SwapState.REQUESTED
    accepted_at: datetime | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    #: why a lead or the colleague declined, or why it was cancelled
    outcome_note: str = ""
    #: the published version that carried it out
    version_id: str | None = None

    @property
    def trade(self) -> bool:
        return self.their_assignment_id is not None

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES
