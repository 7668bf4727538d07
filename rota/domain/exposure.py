"""What a responder has been through: critical incidents handled and the exposure log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rota.domain.patterns import Severity


@dataclass(frozen=True)
class CriticalIncident:
    """A logged case with imminent risk to life or a child at ongoing risk, handled by a responder.

    It triggers a recovery period without high-severity work (the rest of that shift and 24 h
    after it ends) unless the responder waives it. The waiver records who made it and when; only
    the responder's own waiver counts (:attr:`waived_by_responder`).
    """

    id: str
    responder_id: str
    occurred_at: datetime  # UTC
    category: str
    summary: str = ""
    waived_by: str | None = None
    waived_at: datetime | None = None  # UTC

    @property
    def waived_by_responder(self) -> bool:
        """True if the responder themselves waived the recovery."""
        return self.waived_by is not None and self.waived_by == self.responder_id


@dataclass(frozen=True)
class ExposureEntry:
    """Hours actually worked on a content category on one local day (the exposure log)."""

    responder_id: str
    day: date
    category: str
    severity: Severity
    hours: float
