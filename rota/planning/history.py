"""History: what was published and worked before the horizon, so rolling windows reach back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

import scheduling as engine
from rota.domain.exposure import ExposureEntry
from rota.domain.patterns import Severity
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment
from rota.domain.timezones import zone
from rota.planning.engine_policy import severity_weight
from rota.planning.snapshot import TeamSnapshot

#: Rolling windows reach this many days back into history (on-call share is the longest: 28 days).
HISTORY_DAYS = 28


def engine_history(
    snapshot: TeamSnapshot,
    responders: Sequence[Responder],
    worked: Iterable[Assignment],
    first: date,
    start: date,
    effective: Mapping[str, Any],
) -> engine.History:
    """The engine's history: ``worked`` (the timeline's assignments before the window's first
    shift) from local day ``first`` on, the exposure log of the days before ``start``, and every
    critical incident."""
    known = {r.id for r in responders}
    patterns = {p.id: p for p in snapshot.patterns}
    window_start = datetime.combine(first, time(0), UTC)
    logged_days = {(e.responder_id, e.day) for e in snapshot.exposure}
    past: list[engine.PastShift] = []
    for a in worked:
        if a.responder_id not in known or a.shadow or a.start < window_start:
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
