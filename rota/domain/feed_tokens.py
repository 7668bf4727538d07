"""Calendar-feed tokens: capabilities whose hash alone is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class FeedScope(StrEnum):
    PERSON = "person"
    TEAM = "team"


@dataclass(frozen=True)
class FeedToken:
    """A calendar-feed capability. Only the token's hash is ever stored; the token is shown once.

    ``subject_id`` is a responder id (scope PERSON) or a team id (scope TEAM).
    """

    id: str
    scope: FeedScope
    subject_id: str
    token_hash: str
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None
