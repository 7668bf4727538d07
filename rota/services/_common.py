"""What the rota use cases share (private to :mod:`rota.services`): loading a team's patterns,
responders and rotas, and what one assignment means for its responder (local day, night,
weekend, holiday, weighted exposure, on-call hours) — the engine's own reading of it.

Local facts (night, weekend, holiday) are decided in the responder's own IANA zone; instants stay
in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

import scheduling as engine
from rota.domain.patterns import RoleDemand, ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.domain.team import Team
from rota.errors import NotFoundError
from rota.planning.engine_policy import engine_policy
from rota.planning.readings import read_assignment
from rota.policy.countries import country_rule
from rota.services._timeline import published_timeline
from rota.storage import repo


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


def night_window(person: Responder, effective: Mapping) -> tuple[time, time]:
    rule = country_rule(person.country, person.subdivision)
    if rule.night_window is not None:
        return rule.night_window
    return time(int(effective["night_window_start_hour"])), time(
        int(effective["night_window_end_hour"])
    )


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
    pattern: ShiftPattern | None,
    demand: RoleDemand | None,
    effective: Mapping,
) -> Facts:
    """The engine's reading of the assignment (:func:`rota.planning.readings.read_assignment`)."""
    f = read_assignment(
        a, person, pattern, demand, _engine_policy(tuple(sorted(effective.items()))), effective
    )
    hours = f.minutes / 60
    return Facts(
        local_day=f.local_day,
        night=f.night,
        weekend=f.weekend,
        holiday=f.holiday,
        hours=hours,
        exposure_hours=f.exposure_minutes / 60,
        high_severity=f.high_severity,
        on_call_hours=hours if f.on_call else 0.0,
    )


@lru_cache(maxsize=16)
def _engine_policy(effective: tuple) -> engine.Policy:
    return engine_policy(dict(effective))


def rota_of(session, team_id: str, which: str) -> Rota | None:
    """``which``: "draft" (the newest draft), "published" (the current published timeline, as
    one rota; None if nothing is published) or a rota id (a draft or one stored version)."""
    if which == "draft":
        return repo.latest_rota(session, team_id, RotaStatus.DRAFT)
    if which == "published":
        timeline = published_timeline(session, team_id)
        return None if timeline.empty else timeline.as_rota()
    found = repo.get(session, Rota, which)
    if found is None or found.team_id != team_id:
        raise NotFoundError("rota", which, "pick the draft or a published version")
    return found
