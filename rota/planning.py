"""From a team to the engine's problem, and from the engine's answer back to a draft rota.

Pure translation: everything comes in as domain objects (loaded by ``rota.services``), nothing is
read or written here. The team's policy (``rota.policy``, hours and shares as people think of them)
becomes the engine's :class:`scheduling.Policy` (minutes and percentages); country floors become
per-person limits; shift patterns defined in a zone become concrete UTC shift instances; skill
levels come from the skills library as of each day; trainees become pairing requests; the published
rotas before the horizon become history, so rolling windows reach back across the boundary.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import scheduling as engine
from rota.countries import country_rule
from rota.coverage import occurrences
from rota.domain import (
    Assignment,
    CriticalIncident,
    ExposureEntry,
    Leave,
    Responder,
    RoleDemand,
    Rota,
    RotaStatus,
    Severity,
    ShiftPattern,
    Team,
)
from rota.errors import InputError
from rota.policy import resolve_policy
from rota.timezones import public_holidays, zone
from skills.levels import level_steps
from skills.mentoring import MentoringPolicy
from skills.model import Assessment, MentoringRelationship, ProgressionTrack, Skill, Stage
from skills.progression import trainees_for_solver

#: Rolling windows reach this many days back into history (on-call share is the longest: 28 days).
HISTORY_DAYS = 28
_NAMESPACE = uuid.UUID("6f1e3d2c-3b7a-4d0e-9a51-7d1c2b0f4a10")


@dataclass(frozen=True)
class TeamSnapshot:
    """Everything planning needs about a team, as loaded from storage."""

    team: Team
    responders: tuple[Responder, ...]
    patterns: tuple[ShiftPattern, ...]
    leave: tuple[Leave, ...] = ()
    incidents: tuple[CriticalIncident, ...] = ()
    exposure: tuple[ExposureEntry, ...] = ()
    skills: tuple[Skill, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    tracks: tuple[ProgressionTrack, ...] = ()
    mentoring: tuple[MentoringRelationship, ...] = ()
    #: published versions (any order); the latest version covering a day is the truth for that day
    published: tuple[Rota, ...] = ()


@dataclass(frozen=True)
class PlanRequest:
    start: date
    weeks: int
    #: keep these assignments (e.g. pinned in a draft or before a repair freeze)
    pinned: tuple[Assignment, ...] = ()
    #: repair mode: the rota to stay close to; its assignments before ``freeze`` are kept as they
    #: are, and each one after it that the new rota drops costs the engine's stability weight
    baseline: Rota | None = None
    freeze: datetime | None = None
    #: repair mode: only shifts starting in [freeze, thaw) are re-planned; outside it the rota
    #: is exactly ``pinned`` plus the baseline before ``freeze`` (nothing dropped, nothing added,
    #: shadow places included)
    thaw: datetime | None = None

    @property
    def days(self) -> int:
        return self.weeks * 7

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)


@dataclass(frozen=True)
class PlanIndex:
    """How the engine's ids map back to the team's patterns and local days."""

    shift_pattern: Mapping[str, str] = field(default_factory=dict)
    shift_times: Mapping[str, tuple[datetime, datetime]] = field(default_factory=dict)
    demand_key: Mapping[str, tuple[str, str]] = field(
        default_factory=dict
    )  # demand -> (shift, role)


def shift_id(pattern_id: str, local_day: date) -> str:
    return f"{pattern_id}@{local_day.isoformat()}"


def demand_id(shift: str, role: str) -> str:
    return f"{shift}#{role}"


def slot_of(demand: str) -> tuple[str, date, str]:
    """The pattern, local day and role of an engine demand id made by :func:`demand_id` from
    :func:`shift_id` (the inverse of the two)."""
    shift, _, role = demand.rpartition("#")
    pattern, _, day = shift.rpartition("@")
    return pattern, date.fromisoformat(day), role


def check_patterns(patterns: Iterable[ShiftPattern]) -> None:
    """Refuse patterns the planner cannot translate, naming the field and the value."""
    for p in patterns:
        zone(p.zone)
        roles = [d.role for d in p.demands]
        duplicates = sorted({r for r in roles if roles.count(r) > 1})
        if duplicates:
            raise InputError(
                f"shift pattern {p.id}: role",
                duplicates[0],
                "give each role of a pattern its own name",
            )
        for d in p.demands:
            if d.min_headcount < 0 or d.max_headcount < d.min_headcount:
                raise InputError(
                    f"shift pattern {p.id}, role {d.role}: headcount",
                    (d.min_headcount, d.max_headcount),
                    "use 0 <= minimum <= maximum",
                )


# ---------------------------------------------------------------------------------------------
# Policy


def _minutes(hours: Any) -> int:
    return round(float(hours) * 60)


def _hour(hour: Any) -> time:
    return time(int(hour))


def _percent(share: Any) -> int:
    return round(float(share) * 100)


#: every team policy field the engine's policy holds: rota field -> (engine field, conversion
#: from the team's unit to the engine's). Each field of ``rota.policy.POLICY_FIELDS`` is here or
#: in :data:`POLICY_FIELDS_ELSEWHERE` (a test checks both ways).
ENGINE_POLICY_FIELDS: Mapping[str, tuple[str, Any]] = {
    "min_rest_hours": ("min_rest_minutes", _minutes),
    "max_shift_hours": ("max_shift_minutes", _minutes),
    "max_average_weekly_hours": ("max_avg_weekly_minutes", _minutes),
    "consecutive_working_days_ceiling": ("max_consecutive_working_days", int),
    "consecutive_working_days_target": ("target_consecutive_working_days", int),
    "weekly_rest_hours_minimum": ("min_weekly_rest_minutes", _minutes),
    "weekly_rest_hours_target": ("target_weekly_rest_minutes", _minutes),
    "night_window_start_hour": ("night_window_start", _hour),
    "night_window_end_hour": ("night_window_end", _hour),
    "night_min_hours_in_window": ("night_min_minutes", _minutes),
    "max_night_shift_hours": ("max_night_shift_minutes", _minutes),
    "consecutive_nights_ceiling": ("max_consecutive_nights", int),
    "consecutive_nights_target": ("target_consecutive_nights", int),
    "nights_per_14_days_ceiling": ("max_nights_per_14_days", int),
    "nights_per_14_days_target": ("target_nights_per_14_days", int),
    "days_off_after_night_run_minimum": ("min_days_off_after_nights", int),
    "days_off_after_night_run_target": ("target_days_off_after_nights", int),
    "max_high_severity_hours_per_day": ("max_exposure_minutes_per_day", _minutes),
    "high_severity_hours_per_7_days_ceiling": ("max_exposure_minutes_per_7_days", _minutes),
    "high_severity_hours_per_7_days_target": ("target_exposure_minutes_per_7_days", _minutes),
    "high_severity_consecutive_days_ceiling": ("max_consecutive_exposure_days", int),
    "high_severity_consecutive_days_target": ("target_consecutive_exposure_days", int),
    "exposure_free_days_after_run": ("exposure_free_days_after_run", int),
    "critical_incident_recovery_hours": ("critical_incident_recovery_minutes", _minutes),
    "new_joiner_ramp_days": ("new_joiner_days", int),
    "new_joiner_high_severity_hours_per_day": (
        "new_joiner_max_exposure_minutes_per_day",
        _minutes,
    ),
    "max_on_call_share_28_days": ("max_on_call_percent", _percent),
}

#: team policy fields the engine reads elsewhere than its policy, and where
POLICY_FIELDS_ELSEWHERE: Mapping[str, str] = {
    "extreme_severity_weight": "engine.Demand.severity_weight (severity_weight)",
    "medium_severity_weight": "engine.Demand.severity_weight (severity_weight)",
    "contract_hours_are_a_ceiling": "engine.WorkerLimits.max_total_minutes (planning._worker)",
}


def engine_policy(effective: Mapping[str, Any]) -> engine.Policy:
    """The team's effective policy (``rota.policy`` units) as the engine's policy (minutes),
    field by field through :data:`ENGINE_POLICY_FIELDS`."""
    return engine.Policy(
        **{
            target: convert(effective[name])
            for name, (target, convert) in ENGINE_POLICY_FIELDS.items()
        },
        kind_order=("early", "day", "late", "night"),
    )


def severity_weight(severity: Severity, effective: Mapping[str, Any]) -> float:
    """Budget weight of a queue: most violent 1.5, other high 1.0, medium 0.5, low and none 0."""
    return {
        Severity.EXTREME: float(effective["extreme_severity_weight"]),
        Severity.HIGH: 1.0,
        Severity.MEDIUM: float(effective["medium_severity_weight"]),
        Severity.LOW: 0.0,
        Severity.NONE: 0.0,
    }[Severity(severity)]


# ---------------------------------------------------------------------------------------------
# Problem


def engine_demand(
    demand: str, shift: str, rd: RoleDemand, effective: Mapping[str, Any]
) -> engine.Demand:
    """A pattern's role demand on one shift, in the engine's terms (the one translation)."""
    return engine.Demand(
        id=demand,
        shift_id=shift,
        role=rd.role,
        min_headcount=rd.min_headcount,
        max_headcount=rd.max_headcount,
        required_skills=tuple(
            engine.SkillRequirement(q.skill_id, q.min_level, q.count) for q in rd.required_skills
        ),
        required_languages=frozenset(rd.required_languages),
        exposure_category=rd.content_category,
        severity_weight=severity_weight(rd.severity, effective),
        exposure_minutes=None if rd.queue_hours is None else round(rd.queue_hours * 60),
        on_call=rd.on_call,
        allow_shadows=bool(rd.required_skills),
    )


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


def build_problem(snapshot: TeamSnapshot, request: PlanRequest) -> tuple[engine.Problem, PlanIndex]:
    """The engine's problem for ``snapshot``'s team over the request's horizon."""
    if request.weeks < 1:
        raise InputError("weeks", request.weeks, "plan at least 1 week")
    check_patterns(snapshot.patterns)
    effective = resolve_policy(snapshot.team.policy_overrides)
    start, end = request.start, request.end
    policy = engine_policy(effective)
    # history reaches back as far as the engine's rolling windows, and to the first of the month
    # the plan starts in (monthly country caps count the whole calendar month)
    reach = max(HISTORY_DAYS, policy.averaging_days, policy.on_call_window_days)
    margin_start = min(start - timedelta(days=reach), (start - timedelta(days=1)).replace(day=1))
    margin_end = end + timedelta(days=1)
    responders = [
        r
        for r in snapshot.responders
        if r.active and r.start_date <= end and (r.end_date is None or r.end_date >= start)
    ]
    ids = [r.id for r in responders]
    # levels from the day before the start: a worker's first local day can be that day in their
    # zone (Kolkata 23:30 for a block cut in Auckland time)
    first_local_day = start - timedelta(days=1)
    steps = level_steps(ids, snapshot.skills, snapshot.assessments, first_local_day, end)
    categories = sorted(
        {d.content_category for p in snapshot.patterns for d in p.demands if d.content_category}
        | {c.category for r in responders for c in r.clearances}
    )
    workers = tuple(
        _worker(r, steps, categories, start, end, margin_end, snapshot.leave, effective)
        for r in responders
    )

    shifts: list[engine.ShiftInstance] = []
    demands: list[engine.Demand] = []
    shift_pattern: dict[str, str] = {}
    shift_times: dict[str, tuple[datetime, datetime]] = {}
    demand_key: dict[str, tuple[str, str]] = {}
    for pattern in sorted(snapshot.patterns, key=lambda p: p.id):
        for occ in occurrences(pattern, start, end):
            sid = shift_id(pattern.id, occ.local_day)
            shifts.append(engine.ShiftInstance(sid, pattern.kind, occ.start, occ.end, pattern.name))
            shift_pattern[sid] = pattern.id
            shift_times[sid] = (occ.start, occ.end)
            for rd in pattern.demands:
                did = demand_id(sid, rd.role)
                demand_key[did] = (sid, rd.role)
                demands.append(engine_demand(did, sid, rd, effective))

    history = _history(snapshot, responders, margin_start, start, effective)
    pins = _pins(request, demand_key, shift_pattern, snapshot.patterns)
    if request.freeze is not None and request.thaw is not None:
        pins += _closed_outside(pins, demands, shift_times, ids, request.freeze, request.thaw)
    pairings = _pairings(snapshot, ids, start, request.weeks)
    previous: tuple[engine.Assignment, ...] = ()
    if request.baseline is not None:
        index_so_far = PlanIndex(shift_pattern, shift_times, demand_key)
        previous = tuple(
            a
            for a in engine_assignments(request.baseline, index_so_far, strict=False)
            if a.worker_id in set(ids)
        )
    problem = engine.Problem(
        start=start,
        days=request.days,
        workers=workers,
        shifts=tuple(shifts),
        demands=tuple(demands),
        policy=policy,
        history=history,
        pins=pins,
        pairings=pairings,
        previous=previous,
        skill_catalogue=frozenset(s.id for s in snapshot.skills),
        # the team's own demands name the languages it needs, even when nobody available speaks one
        language_catalogue=frozenset(
            {lang for d in demands for lang in d.required_languages}
            | {ls.language for r in snapshot.responders for ls in r.languages}
        ),
    )
    return problem, PlanIndex(shift_pattern, shift_times, demand_key)


def _worker(
    r: Responder,
    steps: Mapping[tuple[str, str], tuple[tuple[date, int], ...]],
    categories: Sequence[str],
    start: date,
    end: date,
    margin_end: date,
    leave: Iterable[Leave],
    effective: Mapping[str, Any],
) -> engine.Worker:
    mine = [e for e in leave if e.responder_id == r.id]
    first = start - timedelta(days=1)
    unavailable = set()
    day = first
    while day <= margin_end:
        if day.weekday() not in r.working_days or any(e.covers(day) for e in mine):
            unavailable.add(day)
        day += timedelta(days=1)
    holidays = public_holidays(r.country, r.subdivision, first, margin_end)
    rule = country_rule(r.country, r.subdivision)
    contract_minutes = round(r.contract_hours_per_week * 60)
    weeks = (end - start).days // 7 + 1
    return engine.Worker(
        id=r.id,
        name=r.name,
        zone=r.timezone,
        languages=frozenset(ls.language for ls in r.languages if ls.covers),
        skill_levels={
            skill: levels
            for (person, skill), levels in steps.items()
            if person == r.id and any(level > 0 for _, level in levels)
        },
        unavailable=frozenset(unavailable),
        holidays=frozenset(holidays),
        limits=engine.WorkerLimits(
            contract_minutes_per_week=contract_minutes,
            max_total_minutes=contract_minutes * weeks
            if effective["contract_hours_are_a_ceiling"]
            else None,
            min_rest_minutes=rule.min_rest_minutes,
            max_shift_minutes=rule.max_shift_minutes,
            night_window=rule.night_window,
            night_consent=r.night_work_consent,
            opted_out_categories=frozenset(r.opted_out_categories),
            cleared_categories=frozenset(c for c in categories if r.cleared_for(c, start)),
            start_date=r.start_date,
            end_date=r.end_date,
            holiday_work_agreed=not rule.holiday_work_needs_agreement,
            max_minutes_per_local_day=None
            if rule.max_hours_per_day is None
            else round(rule.max_hours_per_day * 60),
            max_minutes_per_7_days=None
            if rule.max_hours_per_7_days is None
            else round(rule.max_hours_per_7_days * 60),
            monthly_cap=None
            if rule.monthly_hours is None
            else engine.MonthlyCap(
                round(rule.monthly_hours[0] * 60), round(rule.monthly_hours[1] * 60)
            ),
        ),
    )


def _history(
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


def _pins(
    request: PlanRequest,
    demand_key: Mapping[str, tuple[str, str]],
    shift_pattern: Mapping[str, str],
    patterns: Iterable[ShiftPattern],
) -> tuple[engine.Pin, ...]:
    keep: list[Assignment] = list(request.pinned)
    if request.baseline is not None and request.freeze is not None:
        keep += [a for a in request.baseline.assignments if a.start < request.freeze]
    zones = {p.id: p.zone for p in patterns}
    pins = []
    for a in keep:
        local_day = a.start.astimezone(zone(zones.get(a.pattern_id, "UTC"))).date()
        did = demand_id(shift_id(a.pattern_id, local_day), a.role)
        if did in demand_key:
            pins.append(engine.Pin(a.responder_id, did, True, a.shadow))
    return tuple(dict.fromkeys(pins))


def _closed_outside(
    pins: tuple[engine.Pin, ...],
    demands: Sequence[engine.Demand],
    shift_times: Mapping[str, tuple[datetime, datetime]],
    ids: Sequence[str],
    freeze: datetime,
    thaw: datetime,
) -> tuple[engine.Pin, ...]:
    """Pins that keep everyone off every place outside [freeze, thaw) the kept rota does not
    fill: a repair re-plans the sickness window and adds nothing elsewhere."""
    kept = {(p.worker_id, p.demand_id, p.shadow) for p in pins if p.assigned}
    out = []
    for d in demands:
        start = shift_times[d.shift_id][0]
        if freeze <= start < thaw:
            continue
        for w in ids:
            if (w, d.id, False) not in kept:
                out.append(engine.Pin(w, d.id, False))
            if d.allow_shadows and (w, d.id, True) not in kept:
                out.append(engine.Pin(w, d.id, False, shadow=True))
    return tuple(out)


def _pairings(
    snapshot: TeamSnapshot, ids: Sequence[str], start: date, weeks: int
) -> tuple[engine.PairingRequest, ...]:
    from skills.levels import levels_as_of

    levels = levels_as_of(ids, snapshot.skills, snapshot.assessments, start)
    plans = trainees_for_solver(
        snapshot.tracks, snapshot.mentoring, levels, start, policy=MentoringPolicy()
    )
    return tuple(
        engine.PairingRequest(
            trainee_id=plan.person_id,
            wanted_shifts=plan.shadow_shifts_per_week * weeks,
            mentor_ids=frozenset(plan.eligible_mentor_ids),
            skill=plan.skill_id,
            mentor_min_level=plan.partner_min_level,
        )
        for plan in plans
        if plan.stage == Stage.SHADOW and plan.person_id in ids and plan.eligible_mentor_ids
    )


# ---------------------------------------------------------------------------------------------
# Result -> draft rota


def assignment_id(team_id: str, demand: str, slot: int) -> str:
    """Stable, opaque id of the ``slot``-th person in a demand; survives re-plans and moves."""
    return str(uuid.uuid5(_NAMESPACE, f"{team_id}/{demand}/{slot}"))


def draft_from_assignments(
    team: Team,
    request: PlanRequest,
    chosen: Iterable[engine.Assignment],
    index: PlanIndex,
    *,
    rota_id: str,
    created_at: datetime,
    created_by: str,
    solver_stats: Mapping[str, Any],
    previous: Rota | None = None,
) -> Rota:
    """A draft rota from the engine's assignments. People who keep their place keep their id."""
    previous_slots: dict[tuple[str, str, bool], str] = {}
    if previous is not None:
        for a in previous.assignments:
            key = (_demand_of(a, index), a.responder_id, a.shadow)
            previous_slots[key] = a.id
    by_demand: dict[tuple[str, bool], list[engine.Assignment]] = defaultdict(list)
    for a in chosen:
        by_demand[(a.demand_id, a.shadow)].append(a)
    result: list[Assignment] = []
    for (did, shadow), group in sorted(by_demand.items()):
        used: set[str] = set()
        pending = []
        for a in sorted(group, key=lambda x: x.worker_id):
            kept = previous_slots.get((did, a.worker_id, shadow))
            if kept is not None:
                used.add(kept)
                result.append(_assignment(kept, rota_id, a, index))
            else:
                pending.append(a)
        slot = 0
        for a in pending:
            while True:
                candidate = assignment_id(team.id, did + ("/shadow" if shadow else ""), slot)
                slot += 1
                if candidate not in used:
                    break
            used.add(candidate)
            result.append(_assignment(candidate, rota_id, a, index))
    return Rota(
        id=rota_id,
        team_id=team.id,
        start=request.start,
        end=request.end,
        status=RotaStatus.DRAFT,
        created_at=created_at,
        created_by=created_by,
        solver_stats=dict(solver_stats),
        policy_snapshot=resolve_policy(team.policy_overrides),
        assignments=tuple(sorted(result, key=lambda a: (a.start, a.role, a.responder_id))),
    )


def _assignment(aid: str, rota_id: str, a: engine.Assignment, index: PlanIndex) -> Assignment:
    start, end = index.shift_times[a.shift_id]
    return Assignment(
        id=aid,
        rota_id=rota_id,
        responder_id=a.worker_id,
        pattern_id=index.shift_pattern[a.shift_id],
        role=a.role,
        start=start,
        end=end,
        shadow=a.shadow,
    )


def _demand_of(a: Assignment, index: PlanIndex) -> str:
    for sid, (start, _end) in index.shift_times.items():
        if start == a.start and index.shift_pattern[sid] == a.pattern_id:
            return demand_id(sid, a.role)
    return ""


def engine_assignments(
    rota: Rota, index: PlanIndex, *, strict: bool = True
) -> list[engine.Assignment]:
    """A stored rota's assignments in the engine's terms (for the validator and repair).

    ``strict``: an assignment that matches no shift of the horizon is an error; otherwise it is
    left out (repair keeps only what lies inside the re-planned horizon)."""
    by_start = {(index.shift_pattern[s], t[0]): s for s, t in index.shift_times.items()}
    result = []
    for a in rota.assignments:
        sid = by_start.get((a.pattern_id, a.start))
        if sid is None and not strict:
            continue
        if sid is None:
            raise InputError(
                f"assignment {a.id}: start",
                a.start.isoformat(),
                f"no occurrence of pattern {a.pattern_id} starts then; re-plan the rota",
            )
        result.append(
            engine.Assignment(a.responder_id, demand_id(sid, a.role), sid, a.role, a.shadow)
        )
    return result
