"""What the rota use cases share (private to :mod:`rota.services`): loading a team's patterns,
responders and rotas, and what one assignment means for its responder (local day, night,
weekend, holiday, weighted exposure, on-call hours).

Local facts (night, weekend, holiday) are decided in the responder's own IANA zone; instants stay
in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from rota.domain.patterns import RoleDemand, Severity, ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.domain.team import Team
from rota.domain.timezones import public_holidays, zone
from rota.errors import InputError, NotFoundError
from rota.planning.engine_policy import severity_weight
from rota.policy.countries import country_rule
from rota.storage import repo

HIGH_SEVERITIES = (Severity.HIGH, Severity.EXTREME)


def get_team(session, team_id: str) -> Team:
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id)
    return team


def patterns_of(session, team_id: str) -> dict[str, ShiftPattern]:
    return {p.id: p for p in repo.list_all(session, ShiftPattern, team_id=team_id)}


def responders_of(session, team_id: str) -> dict[str, Responder]:
    return {r.id: r for r in repo.list_all(session, Responder, team_id=team_id)}


def demand_for(pattern: ShiftPattern | None, role: str) -> RoleDemand | None:
    if pattern is None:
        return None
    return next((d for d in pattern.demands if d.role == role), None)


@lru_cache(maxsize=512)
def holidays_in(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    try:
        found = public_holidays(country, subdivision, date(year, 1, 1), date(year, 12, 31))
    except InputError:
        return frozenset()
    return frozenset(found)


def is_holiday(person: Responder, day: date) -> bool:
    return day in holidays_in(person.country, person.subdivision, day.year)


def night_window(person: Responder, effective: Mapping) -> tuple[time, time]:
    rule = country_rule(person.country, person.subdivision)
    if rule.night_window is not None:
        return rule.night_window
    return time(int(effective["night_window_start_hour"])), time(
        int(effective["night_window_end_hour"])
    )


def night_minutes(start: datetime, end: datetime, zone_name: str, window: tuple[time, time]) -> int:
    """Minutes of the UTC interval [start, end) inside the local night window of ``zone_name``."""
    tz = zone(zone_name)
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    total = 0.0
    day = first
    while day <= last:
        w0 = datetime.combine(day, window[0], tz).astimezone(UTC)
        end_day = day + timedelta(days=1) if window[1] <= window[0] else day
        w1 = datetime.combine(end_day, window[1], tz).astimezone(UTC)
        overlap = (min(end, w1) - max(start, w0)).total_seconds()
        if overlap > 0:
            total += overlap
        day += timedelta(days=1)
    return round(total / 60)


@dataclass(frozen=True)
class Facts:
    """What one assignment means for its responder (local day, night, exposure, on call)."""

    local_day: date
    night: bool
    weekend: bool
    holiday: bool
    hours: float
    exposure_hours: float  # weighted
    high_severity: bool
    on_call_hours: float


def assignment_facts(
    a: Assignment,
    person: Responder,
    demand: RoleDemand | None,
    effective: Mapping,
) -> Facts:
    tz = zone(person.timezone)
    local_day = a.start.astimezone(tz).date()
    in_window = night_minutes(a.start, a.end, person.timezone, night_window(person, effective))
    hours = a.hours
    weight = severity_weight(demand.severity, effective) if demand else 0.0
    exposed = 0.0
    if demand is not None and demand.content_category and weight > 0:
        exposed = (hours if demand.queue_hours is None else demand.queue_hours) * weight
    return Facts(
        local_day=local_day,
        night=in_window >= float(effective["night_min_hours_in_window"]) * 60,
        weekend=local_day.weekday() >= 5,
        holiday=is_holiday(person, local_day),
        hours=hours,
        exposure_hours=exposed,
        high_severity=bool(demand and demand.severity in HIGH_SEVERITIES),
        on_call_hours=hours if demand is not None and demand.on_call and not a.shadow else 0.0,
    )


def rota_of(session, team_id: str, which: str) -> Rota | None:
    """``which``: "draft", "published" (the latest version) or a rota id."""
    if which == "draft":
        return repo.latest_rota(session, team_id, RotaStatus.DRAFT)
    if which == "published":
        return repo.latest_rota(session, team_id, RotaStatus.PUBLISHED)
    found = repo.get(session, Rota, which)
    if found is None or found.team_id != team_id:
        raise NotFoundError("rota", which, "pick the draft or a published version")
    return found
