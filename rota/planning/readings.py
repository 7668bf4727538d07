"""What a stored assignment is for its responder, read by the engine as its rules read it.

The Rota, Wellbeing and Me views show these readings (through :mod:`rota.services`), never a
copy of them (``tests/test_one_meaning.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

import scheduling as engine
from rota.domain.patterns import RoleDemand, ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment
from rota.domain.timezones import public_holidays, zone
from rota.errors import InputError
from rota.planning.problem import engine_demand
from rota.policy.countries import country_rule


@lru_cache(maxsize=256)
def _holidays_of_year(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """A country's public holidays of one year (none for a country the library does not know:
    planning refuses such a responder, a view still shows their shifts)."""
    try:
        return frozenset(
            public_holidays(country, subdivision, date(year, 1, 1), date(year, 12, 31))
        )
    except InputError:
        return frozenset()


def read_assignment(
    a: Assignment,
    person: Responder,
    pattern: ShiftPattern | None,
    rd: RoleDemand | None,
    policy: engine.Policy,
    effective: Mapping[str, Any],
) -> engine.AssignmentFacts:
    """What a stored assignment is for its responder, read by the engine exactly as its rules
    read it (local day in the person's zone, the country's night window, the team's weekend
    days, public holidays of the person's country, the severity weights and threshold): the
    views show these readings, never a copy of them."""
    local_day = a.start.astimezone(zone(person.timezone)).date()
    rule = country_rule(person.country, person.subdivision)
    worker = engine.Worker(
        id=person.id,
        name=person.name,
        zone=person.timezone,
        holidays=_holidays_of_year(person.country, person.subdivision, local_day.year),
        limits=engine.WorkerLimits(night_window=rule.night_window),
    )
    shift = engine.ShiftInstance(a.id, pattern.kind if pattern else "", a.start, a.end)
    demand = (
        engine_demand(f"{a.id}#{a.role}", shift.id, rd, effective)
        if rd is not None
        else engine.Demand(id=f"{a.id}#{a.role}", shift_id=shift.id, role=a.role)
    )
    return engine.read_assignment(worker, shift, demand, policy, shadow=a.shadow)
