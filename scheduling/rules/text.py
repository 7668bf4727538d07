"""Small formatting helpers the rule modules share (dates and UTC instants in messages)."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_day(day) -> str:
    """A date as YYYY-MM-DD in a rule's message."""
    return day.isoformat()


def utc_text(dt: datetime) -> str:
    """An instant in UTC, to the minute, in a rule's message."""
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
