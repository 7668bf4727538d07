"""Absences: leave, in the responder's local days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class LeaveKind(StrEnum):
    ANNUAL = "annual"
    SICK = "sick"
    PARENTAL = "parental"
    TRAINING = "training"
    OTHER = "other"


@dataclass(frozen=True)
class Leave:
    """Leave from ``start`` to ``end`` inclusive, in the responder's local days."""

    id: str
    responder_id: str
    start: date
    end: date
    kind: LeaveKind = LeaveKind.ANNUAL
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end
