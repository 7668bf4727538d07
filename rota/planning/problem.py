"""From a team to the engine's problem (:func:`build_problem`).

Pure translation: everything comes in as domain objects (loaded by ``rota.services``), nothing is
read or written here. The team's policy becomes the engine's :class:`scheduling.Policy`; country
floors become per-person limits; shift patterns defined in a zone become concrete UTC shift
instances; skill levels come from the skills library as of each day; trainees become pairing
requests; the published rotas before the horizon become history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import scheduling as engine
from rota.domain.absences import Leave
from rota.domain.coverage import occurrences
from rota.domain.patterns import RoleDemand, ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment
from rota.domain.timeline import pattern_day, published_timeline
from rota.domain.timezones import public_holidays, zone
from rota.errors import InputError
from rota.planning.drafts import engine_assignments
from rota.planning.engine_policy import engine_policy, severity_weight
from rota.planning.history import HISTORY_DAYS, engine_history
from rota.planning.snapshot import PlanIndex, PlanRequest, TeamSnapshot, demand_id, shift_id
from rota.policy.countries import country_rule
from rota.policy.team_policy import resolve_policy
from skills.levels import level_steps
from skills.mentoring import MentoringPolicy
from skills.model import Stage
from skills.progression import trainees_for_solver


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


def build_problem(snapshot: TeamSnapshot, request: PlanRequest) -> tuple[engine.Problem, PlanIndex]:
    """The engine's problem for ``snapshot``'s team over the request's window of local days.

    The published timeline (``snapshot.published``) around the window is fixed: what starts
    before the window's first shift is history; published shifts of earlier local days that start
    later, and those of the days after the window within the rules' reach, are context the plan
    must fit (rest, runs of days and nights, rolling caps across both edges): they are in the
    problem as shifts whose places are exactly the published ones (:data:`PlanIndex.context`).
    """
    if request.days < 1:
        raise InputError("weeks", request.weeks, "plan at least 1 week")
    check_patterns(snapshot.patterns)
    effective = resolve_policy(snapshot.team.policy_overrides)
    start, end = request.start, request.end
    policy = engine_policy(effective)
    # history reaches back as far as the engine's rolling windows, and to the first of the month
    # the plan starts in (monthly country caps count the whole calendar month); the published
    # days after the window are context as far ahead
    reach = max(HISTORY_DAYS, policy.averaging_days, policy.on_call_window_days)
    margin_start = min(start - timedelta(days=reach), (start - timedelta(days=1)).replace(day=1))
    responders = [
        r
        for r in snapshot.responders
        if r.active and r.start_date <= end and (r.end_date is None or r.end_date >= start)
    ]
    ids = [r.id for r in responders]
    known = set(ids)

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

    patterns_by_id = {p.id: p for p in snapshot.patterns}
    timeline = published_timeline(snapshot.team.id, snapshot.published, patterns_by_id)
    first_start = min((s.start for s in shifts), default=None)
    worked, around = [], []
    for a in timeline.assignments:
        day = pattern_day(a, patterns_by_id)
        if start <= day <= end:
            continue
        if first_start is None or a.start < first_start:
            worked.append(a)
        elif a.responder_id in known and day <= end + timedelta(days=reach):
            around.append(a)
    context_end = max((pattern_day(a, patterns_by_id) for a in around), default=end)
    context_end = max(context_end, end)
    engine_end = max(end, max((a.start.date() for a in around), default=end))
    margin_end = max(context_end, engine_end) + timedelta(days=1)
    days = (engine_end - start).days + 1

    # levels from the day before the start: a worker's first local day can be that day in their
    # zone (Kolkata 23:30 for a block cut in Auckland time)
    first_local_day = start - timedelta(days=1)
    steps = level_steps(ids, snapshot.skills, snapshot.assessments, first_local_day, margin_end)
    categories = sorted(
        {d.content_category for p in snapshot.patterns for d in p.demands if d.content_category}
        | {c.category for r in responders for c in r.clearances}
    )
    workers = tuple(
        _worker(r, steps, categories, start, engine_end, margin_end, snapshot.leave, effective)
        for r in responders
    )
    ctx_shifts, ctx_demands, ctx_pins, ctx_assignments = _context(around, patterns_by_id, effective)
    for cs in ctx_shifts:
        shift_pattern[cs.id] = cs.id.rpartition("@")[0]
        shift_times[cs.id] = (cs.start, cs.end)
    for cd in ctx_demands:
        demand_key[cd.id] = (cd.shift_id, cd.role)

    history = engine_history(snapshot, responders, worked, margin_start, start, effective)
    pins = _pins(request, demand_key, shift_pattern, snapshot.patterns)
    if request.freeze is not None:
        pins += _closed_outside(
            pins,
            demands,
            shift_times,
            ids,
            request.freeze,
            request.thaw or datetime.max.replace(tzinfo=UTC),
        )
    pairings = _pairings(snapshot, ids, start, request.weeks)
    previous: tuple[engine.Assignment, ...] = ()
    if request.baseline is not None:
        index_so_far = PlanIndex(shift_pattern, shift_times, demand_key)
        previous = tuple(
            a
            for a in engine_assignments(request.baseline, index_so_far, strict=False)
            if a.worker_id in known and a.shift_id not in {c.id for c in ctx_shifts}
        )
    problem = engine.Problem(
        start=start,
        days=days,
        workers=workers,
        shifts=tuple(shifts) + ctx_shifts,
        demands=tuple(demands) + ctx_demands,
        policy=policy,
        history=history,
        pins=pins + ctx_pins,
        pairings=pairings,
        previous=previous,
        skill_catalogue=frozenset(s.id for s in snapshot.skills),
        # the team's own demands name the languages it needs, even when nobody available speaks one
        language_catalogue=frozenset(
            {lang for d in demands for lang in d.required_languages}
            | {ls.language for r in snapshot.responders for ls in r.languages}
        ),
    )
    return problem, PlanIndex(
        shift_pattern,
        shift_times,
        demand_key,
        frozenset(c.id for c in ctx_shifts),
        ctx_assignments,
    )


def _context(
    around: Sequence[Assignment],
    patterns: Mapping[str, ShiftPattern],
    effective: Mapping[str, Any],
) -> tuple[
    tuple[engine.ShiftInstance, ...],
    tuple[engine.Demand, ...],
    tuple[engine.Pin, ...],
    tuple[engine.Assignment, ...],
]:
    """The published shifts around the window as fixed shifts: each role's places are exactly
    the published people (headcount = theirs, no skill or language checks: those were checked
    when it was published and belong to that window), pinned."""
    by_shift: dict[tuple[str, date], list[Assignment]] = {}
    for a in around:
        by_shift.setdefault((a.pattern_id, pattern_day(a, patterns)), []).append(a)
    shifts, demands, pins, assigned = [], [], [], []
    for (pid, day), group in sorted(by_shift.items()):
        pattern = patterns.get(pid)
        sid = shift_id(pid, day)
        first = group[0]
        kind = pattern.kind if pattern else ""
        shifts.append(
            engine.ShiftInstance(
                sid, kind, first.start, first.end, pattern.name if pattern else pid
            )
        )
        roles: dict[str, list[Assignment]] = {}
        for a in group:
            roles.setdefault(a.role, []).append(a)
        for role, people in sorted(roles.items()):
            did = demand_id(sid, role)
            regular = sum(1 for a in people if not a.shadow)
            shadows = len(people) - regular
            rd = next((d for d in pattern.demands if d.role == role), None) if pattern else None
            base = (
                engine_demand(did, sid, rd, effective)
                if rd is not None
                else engine.Demand(id=did, shift_id=sid, role=role)
            )
            demands.append(
                replace(
                    base,
                    min_headcount=regular,
                    max_headcount=regular,
                    required_skills=(),
                    required_languages=frozenset(),
                    allow_shadows=shadows > 0,
                    max_shadows=max(1, shadows),
                )
            )
            for a in people:
                pins.append(engine.Pin(a.responder_id, did, True, a.shadow))
                assigned.append(engine.Assignment(a.responder_id, did, sid, role, a.shadow))
    return tuple(shifts), tuple(demands), tuple(pins), tuple(assigned)


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
