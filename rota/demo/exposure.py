"""The demo's exposure log: a plausible last two weeks, made by a deterministic round robin.

Pure and deterministic (no clock, no randomness): the same roster, leave, incidents and ``today``
give the same log. The rules it keeps (one queue a day, at most 4 weighted hours a day and
``max_weighted_hours_7_days`` in any 7 days, at most ``max_days_in_a_row`` high-severity days in
a row, none on the local day after an unwaived critical incident, only cleared categories, nobody
on leave) come from ``data/team.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from rota.domain.absences import Leave
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.patterns import Severity
from rota.domain.responders import Responder
from rota.domain.team import WEEKDAYS, TeamRole


@dataclass(frozen=True)
class Desk:
    """A regulatory desk in the log: who may sit it on a weekday, and how many hours."""

    skill: str
    category: str
    hours: float
    countries: tuple[str, ...]


@dataclass(frozen=True)
class LogRules:
    """How the demo's exposure log is made (``[exposure_log]`` and ``[content]`` in team.toml)."""

    days: int
    incident_hours: float
    max_weighted_hours_7_days: float
    max_days_in_a_row: int
    severity_weight: Mapping[Severity, float]
    queue_hours: Mapping[Severity, float]
    category_severity: Mapping[str, Severity]
    category_skill: Mapping[str, str]
    high_severity: tuple[str, ...]
    desks: tuple[Desk, ...]


def _local_day(instant, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


def exposure_log(
    today: date,
    responders: Sequence[Responder],
    levels: Mapping[str, Mapping[str, int]],
    leave: Sequence[Leave],
    incidents: Sequence[CriticalIncident],
    rules: LogRules,
) -> tuple[ExposureEntry, ...]:
    """The log for ``today - days`` .. ``today - 1``. ``responders`` in roster order (the round
    robin starts from it); ``levels``: each person's levels from the roster."""
    by_id = {r.id: r for r in responders}
    place = {r.id: n for n, r in enumerate(responders)}
    days = [today - timedelta(days=rules.days - i) for i in range(rules.days)]
    entries: dict[tuple[str, date, str], float] = {}
    busy: set[tuple[str, date]] = set()
    blocked: set[tuple[str, date]] = set()
    weight = {c: rules.severity_weight[s] for c, s in rules.category_severity.items()}

    def on_leave(person: str, day: date) -> bool:
        return any(e.responder_id == person and e.covers(day) for e in leave)

    for incident in incidents:
        person = by_id[incident.responder_id]
        day = _local_day(incident.occurred_at, person.timezone)
        entries[(person.id, day, incident.category)] = rules.incident_hours
        busy.add((person.id, day))
        if not incident.waived_by_responder:
            blocked.add((person.id, day + timedelta(days=1)))

    def high_hours(person: str, first: date, last: date) -> float:
        return sum(
            hours
            for (who, day, category), hours in entries.items()
            if who == person and first <= day <= last and category in rules.high_severity
        )

    def weighted_hours(person: str, first: date, last: date) -> float:
        return sum(
            hours * weight[category]
            for (who, day, category), hours in entries.items()
            if who == person and first <= day <= last
        )

    def run_length(person: str, day: date) -> int:
        length = 0
        while True:
            earlier = day - timedelta(days=length + 1)
            if not high_hours(person, earlier, earlier):
                break
            length += 1
        return length

    def available(person: Responder, day: date) -> bool:
        return (
            person.employed_on(day)
            and day.weekday() in person.working_days
            and (person.id, day) not in busy
            and (person.id, day) not in blocked
            and not on_leave(person.id, day)
        )

    for index, day in enumerate(days):
        if day.weekday() in WEEKDAYS:
            for desk in rules.desks:
                pool = [
                    r
                    for r in responders
                    if r.country in desk.countries
                    and levels[r.id].get(desk.skill, 0) >= 3
                    and r.cleared_for(desk.category, day)
                    and available(r, day)
                ]
                if pool:
                    chosen = pool[index % len(pool)]
                    entries[(chosen.id, day, desk.category)] = desk.hours
                    busy.add((chosen.id, day))
        for category in rules.high_severity:
            skill = rules.category_skill[category]
            full = rules.queue_hours[rules.category_severity[category]]
            hours = full if (index + len(category)) % 3 else full - 0.5
            pool = [
                r
                for r in responders
                if levels[r.id].get(skill, 0) >= 3
                and r.team_role == TeamRole.RESPONDER
                and r.cleared_for(category, day)
                and available(r, day)
                and weighted_hours(r.id, day - timedelta(days=6), day) + hours * weight[category]
                <= rules.max_weighted_hours_7_days
                and run_length(r.id, day) < rules.max_days_in_a_row
            ]
            if not pool:
                continue
            chosen = min(
                pool,
                key=lambda r: (
                    weighted_hours(r.id, day - timedelta(days=6), day),
                    (place[r.id] - 7 * index) % len(responders),
                ),
            )
            entries[(chosen.id, day, category)] = hours
            busy.add((chosen.id, day))
    return tuple(
        ExposureEntry(person, day, category, rules.category_severity[category], hours)
        for (person, day, category), hours in sorted(entries.items())
    )
