"""History: what was published and worked before the horizon, so rolling windows reach back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import scheduling as engine
from rota.domain.exposure import ExposureEntry
from rota.domain.patterns import Severity
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota
from rota.domain.timezones import zone
from rota.planning.engine_policy import severity_weight
from rota.planning.snapshot import TeamSnapshot

#: Rolling windows reach this many days back into history (on-call share is the longest: 28 days).
HISTORY_DAYS = 28


def engine_history(
    snapshot: TeamSnapshot,
    responders: Sequence[Responder],
    first: date,
    start: date,
    effective: Mapping[str, Any],
) -> engine.History:
    known = {r.id for r in responders}
    patterns = {p.id: p for p in snapshot.patterns}
    horizon_start = datetime.combine(start, time(0), UTC) - timedelta(days=1)
    window_start = datetime.combine(first, time(0), UTC)
    logged_days = {(e.responder_id, e.day) for e in snapshot.exposure}
    past: list[engine.PastShift] = []
    for a in worked_before(snapshot.published, window_start, horizon_start + timedelta(days=1)):
        if a.responder_id not in known or a.shadow:
            continue
        pattern = patterns.get(a.pattern_id)
        demand = next((d for d in pattern.demands if d.role == a.role), None) if pattern else None
        person = next(r for r in responders if r.id == a.responder_id)
        local_day = a.start.astimezone(zone(person.timezone)).date()
        use_plan = demand is not None and (a.responder_id, local_day) not in logged_days
        past.append(
            engine.PastShift(
                worker_id=a.responder_id,
                start=a.start,
                end=a.end,
                kind=pattern.kind if pattern else "",
                exposure_category=demand.content_category if use_plan else None,
                severity_weight=severity_weight(demand.severity, effective) if use_plan else 0.0,
                exposure_minutes=(
                    round(demand.queue_hours * 60)
                    if use_plan and demand.queue_hours is not None
                    else None
                ),
                on_call=bool(demand and demand.on_call),
            )
        )
    exposure: dict[tuple[str, date], list[ExposureEntry]] = defaultdict(list)
    for e in snapshot.exposure:
        if e.responder_id in known and first <= e.day < start:
            exposure[(e.responder_id, e.day)].append(e)
    daily = tuple(
        engine.DailyExposure(
            worker_id=person,
            day=day,
            weighted_minutes=round(
                sum(e.hours * 60 * severity_weight(e.severity, effective) for e in entries)
            ),
            high_severity=any(e.severity in (Severity.HIGH, Severity.EXTREME) for e in entries),
        )
        for (person, day), entries in sorted(exposure.items())
    )
    incidents = tuple(
        engine.CriticalIncident(
            i.responder_id, i.occurred_at, waived_by=i.waived_by, waived_at=i.waived_at
        )
        for i in snapshot.incidents
        if i.responder_id in known
    )
    return engine.History(shifts=tuple(past), daily_exposure=daily, critical_incidents=incidents)


def worked_before(published: Iterable[Rota], since: datetime, until: datetime) -> list[Assignment]:
    """Assignments starting in [since, until): each day from the latest version covering it."""
    chosen: dict[date, Rota] = {}
    for rota in sorted(published, key=lambda r: r.version or 0):
        day = rota.start
        while day <= rota.end:
            chosen[day] = rota
            day += timedelta(days=1)
    seen: set[str] = set()
    result = []
    for rota in {id(r): r for r in chosen.values()}.values():
        covered = {d for d, r in chosen.items() if r is rota}
        for a in rota.assignments:
            if a.id in seen or not (since <= a.start < until):
                continue
            if a.start.date() in covered or (a.start.date() - timedelta(days=1)) in covered:
                seen.add(a.id)
                result.append(a)
    return sorted(result, key=lambda a: (a.start, a.responder_id))
