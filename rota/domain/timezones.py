"""Time-zone and public-holiday facts for responders. Pure functions; the clock is passed in."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import holidays as holidays_lib

from rota.errors import InputError


@cache
def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; an unknown name is an :class:`InputError` with the fix."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        close = sorted(z for z in available_timezones() if name.split("/")[-1].lower() in z.lower())
        hint = f" (did you mean {', '.join(close[:3])}?)" if close else ""
        raise InputError(
            "timezone", name, f"use an IANA zone such as Asia/Tokyo or Australia/Sydney{hint}"
        ) from None


def local_now(zone_name: str, now: datetime) -> datetime:
    """``now`` (an aware instant) as wall-clock time in ``zone_name``."""
    if now.tzinfo is None:
        raise InputError("now", now, "pass an aware datetime in UTC")
    return now.astimezone(zone(zone_name))


def utc_offset_label(zone_name: str, now: datetime) -> str:
    """The zone's offset at ``now`` as text, e.g. ``UTC+05:30``."""
    offset = local_now(zone_name, now).utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def to_utc(local: datetime, zone_name: str) -> datetime:
    """A naive local wall-clock time in ``zone_name`` as an aware UTC instant.

    A time that does not exist (skipped by a DST change) moves forward with the clock; an
    ambiguous time (repeated by a DST change) takes its first occurrence (``fold=0``).
    """
    aware = local.replace(tzinfo=zone(zone_name))
    # Round-trip through UTC normalises a non-existent wall time to a real instant.
    return aware.astimezone(UTC)


@lru_cache(maxsize=256)
def _holiday_calendar(country: str, subdivision: str | None, years: tuple[int, ...]):
    try:
        return holidays_lib.country_holidays(country, subdiv=subdivision, years=years)
    except NotImplementedError:
        raise InputError(
            "country", country, "use an ISO 3166-1 alpha-2 code the holidays package knows, e.g. JP"
        ) from None
    except ValueError as error:
        raise InputError("subdivision", subdivision, str(error)) from None


def public_holidays(
    country: str, subdivision: str | None, start: date, end: date
) -> dict[date, str]:
    """Public holidays of ``country`` (and ``subdivision``) from ``start`` to ``end`` inclusive.

    Pass the subdivision for Australia: without it the package returns national days only.
    """
    years = tuple(range(start.year, end.year + 1))
    calendar = _holiday_calendar(country, subdivision, years)
    return {day: name for day, name in sorted(calendar.items()) if start <= day <= end}
