"""Shift patterns as concrete intervals: occurrences in UTC and a 24-hour strip in any zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from rota.domain.patterns import ShiftPattern
from rota.domain.timezones import to_utc, zone


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a pattern: its local start day (in the pattern's zone) and UTC instants."""

    pattern_id: str
    local_day: date
    start: datetime
    end: datetime

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


def occurrences(pattern: ShiftPattern, first: date, last: date) -> list[Occurrence]:
    """Occurrences of ``pattern`` starting on local days ``first`` .. ``last`` inclusive.

    Wall-clock times are in the pattern's zone, so a Sydney 21:00-07:00 shift stays 21:00-07:00 in
    Sydney across DST and its length in UTC changes (15 h on the night clocks go back).
    """
    result = []
    day = first
    while day <= last:
        if day.weekday() in pattern.days:
            start = to_utc(datetime.combine(day, pattern.start), pattern.zone)
            end_day = day + timedelta(days=1) if pattern.crosses_midnight else day
            end = to_utc(datetime.combine(end_day, pattern.end), pattern.zone)
            result.append(Occurrence(pattern.id, day, start, end))
        day += timedelta(days=1)
    return result


@dataclass(frozen=True)
class StripSegment:
    """A piece of a pattern on a 24-hour strip: weekday and hours (0-24) in the viewing zone."""

    pattern_id: str
    pattern_name: str
    weekday: int
    start_hour: float
    end_hour: float


def strip_in_zone(pattern: ShiftPattern, view_zone: str, week_of: date) -> list[StripSegment]:
    """The pattern's occurrences in the week starting on the Monday of ``week_of``, as seen from
    ``view_zone``, split at local midnight so each piece fits on a 24-hour strip."""
    monday = week_of - timedelta(days=week_of.weekday())
    tz = zone(view_zone)
    segments = []
    for occ in occurrences(pattern, monday, monday + timedelta(days=6)):
        start = occ.start.astimezone(tz)
        end = occ.end.astimezone(tz)
        while start < end:
            midnight = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), tz)
            piece_end = min(end, midnight)
            hours_from = start.hour + start.minute / 60
            span = (piece_end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600
            segments.append(
                StripSegment(
                    pattern.id,
                    pattern.name,
                    start.weekday(),
                    hours_from,
                    min(24.0, hours_from + span),
                )
            )
            start = piece_end
    return segments
