"""Properties of the shared local-day readings (issue 11; "the readings every rule shares").

Random small teams across Asia/Kolkata, Asia/Kathmandu, Pacific/Auckland, Australia/Sydney and
Asia/Tokyo, with shift blocks cut in Pacific/Auckland local time: in New Zealand summer a block
starting at 07:00 Auckland starts at 23:30 in Kolkata (23:45 in Kathmandu) on the local day
*before* ``problem.start``, so that day is a horizon day for those workers and can hold history
too. Horizons are 7-28 days, some spanning the April and the September/October DST changes of
Sydney and Auckland (dates computed, not taken from today). History reaches up to the caps
(runs of working days, nights, high-severity exposure), some of it earlier on the same local day
as a worker's first horizon shift; policies sometimes allow two shifts a local day (nights count
per night shift) and switch on minimum-run limits, leave, country caps and critical incidents.

- Sound: every rota the model returns passes the independent validator.
- Complete: every rota the validator accepts, the model accepts (``evaluate``), and every rota
  the model accepts when pinned, the validator accepts.
- History alone: with coverage soft, the empty rota is acceptable to both (history that by itself
  exceeds a limit is no violation of the plan).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from scheduling import (
    Assignment,
    CriticalIncident,
    DailyExposure,
    Demand,
    History,
    PastShift,
    Policy,
    Problem,
    ShiftInstance,
    Status,
    Worker,
    WorkerLimits,
    evaluate,
    solve,
    validate,
)
from scheduling.problem import MonthlyCap

ZONES = ["Asia/Kolkata", "Asia/Kathmandu", "Pacific/Auckland", "Australia/Sydney", "Asia/Tokyo"]
AUCKLAND = ZoneInfo("Pacific/Auckland")
CATEGORIES = ("violence", "csam")
#: Auckland block templates: (start hour, start minute, minutes); 07:00 NZDT is 23:30 in Kolkata
BLOCKS = [
    (7, 0, 480),
    (15, 0, 480),
    (23, 0, 480),
    (7, 0, 240),
    (8, 0, 240),
    (6, 0, 240),
    (19, 0, 600),
    (0, 0, 360),
    (12, 30, 300),
    (22, 0, 240),
]
#: pairs of blocks with two night shifts on one local day: Kolkata 00:30 and 23:30 (NZDT),
#: Auckland 00:00 and 22:00
NIGHT_PAIRS = [(3, 4), (7, 9)]
#: every solve: short, single worker, reproducible (a deterministic work limit, so that a replay
#: finds the same rota; the wall-clock limit is a safety net, below the 6 s from which solve adds
#: a wall-clock-limited phase)
SOLVE_SECONDS = 5.0
SOLVE_PARAMETERS = {"max_deterministic_time": 1.0}
EVALUATE_SECONDS = 3.0

#: about a minute of solves: marked so a quick local run can skip them (-m 'not slow'); CI runs them
pytestmark = pytest.mark.slow


def _sundays(year: int, month: int) -> list[date]:
    d = date(year, month, 1)
    d += timedelta(days=(6 - d.weekday()) % 7)
    out = []
    while d.month == month:
        out.append(d)
        d += timedelta(days=7)
    return out


def _horizon_start(kind: str, year: int, back: int) -> date:
    """A first horizon day ``back`` days before a DST change (or in a season without one)."""
    if kind == "april":  # Sydney and Auckland both end DST on the first Sunday of April
        return _sundays(year, 4)[0] - timedelta(days=back)
    if kind == "spring":  # Auckland starts on the last Sunday of September, Sydney a week later
        return _sundays(year, 9)[-1] - timedelta(days=back)
    if kind == "summer":  # NZDT all horizon: 07:00 Auckland is 23:30 the day before in Kolkata
        return date(year, 1, 5) + timedelta(days=back)
    return date(year, 7, 6) + timedelta(days=back)  # NZST all horizon


def _auckland(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=AUCKLAND).astimezone(UTC)


def _local(d: date, hour: int, minute: int, zone: str) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=ZoneInfo(zone)).astimezone(UTC)


@st.composite
def shifts_and_demands(draw, start: date, days: int):
    templates = draw(st.lists(st.sampled_from(range(len(BLOCKS))), min_size=1, max_size=3))
    if draw(st.booleans()):  # blocks that make two night shifts on one local day
        templates += draw(st.sampled_from(NIGHT_PAIRS))
    templates = sorted(set(templates))
    if days * len(templates) > 60:  # keep the model small
        templates = templates[: max(1, 60 // days)]
    shifts: list[ShiftInstance] = []
    demands: list[Demand] = []
    for i in range(days):
        d = start + timedelta(days=i)
        for t in templates:
            if draw(st.integers(0, 9)) == 9:  # a few blocks are not cut
                continue
            h, m, minutes = BLOCKS[t]
            s0 = _auckland(d, h, m)
            sid = f"b{t}-{d.isoformat()}"
            shifts.append(ShiftInstance(sid, f"b{t}", s0, s0 + timedelta(minutes=minutes)))
            cat = draw(st.sampled_from([None, None, *CATEGORIES]))
            on_call = draw(st.integers(0, 4)) == 0
            demands.append(
                Demand(
                    id=f"{sid}:primary",
                    shift_id=sid,
                    # the first blocks (late on the day before ``start`` in Kolkata) need a crew
                    min_headcount=(crew := draw(st.integers(1, 3)) if i == 0 else 1),
                    hard=crew == 1 and draw(st.integers(0, 9)) == 0,
                    under_weight=1000,
                    exposure_category=cat,
                    severity_weight=draw(st.sampled_from([0.5, 1.0, 1.5])) if cat else 0.0,
                    exposure_minutes=draw(st.sampled_from([60, 120, 160, 240])) if cat else None,
                    on_call=on_call,
                )
            )
            if on_call:
                demands.append(
                    Demand(
                        id=f"{sid}:secondary",
                        shift_id=sid,
                        role="secondary",
                        hard=False,
                        under_weight=200,
                    )
                )
    if not shifts:
        s0 = _auckland(start, 7)
        shifts.append(ShiftInstance("b0-only", "b0", s0, s0 + timedelta(hours=8)))
        demands.append(Demand(id="b0-only:primary", shift_id="b0-only", hard=False))
    return shifts, demands


@st.composite
def worker_limits(draw, start: date, days: int) -> WorkerLimits:
    maybe = st.integers(0, 7)
    opted_in = frozenset()
    max_cw = draw(st.sampled_from([None, None, 3, 5, 7]))
    if max_cw == 7 and draw(st.booleans()):
        opted_in = frozenset({"max_consecutive_working_days"})
    return WorkerLimits(
        cleared_categories=frozenset(CATEGORIES)
        if draw(st.integers(0, 4))
        else frozenset(draw(st.sets(st.sampled_from(CATEGORIES)))),
        night_consent=draw(st.integers(0, 5)) > 0,
        night_window=draw(st.sampled_from([None, None, None, (time(22), time(7))])),
        min_consecutive_working_days=draw(st.sampled_from([None, None, 2, 3])),
        min_consecutive_days_off=draw(st.sampled_from([None, None, None, 2])),
        max_consecutive_working_days=max_cw,
        opted_in=opted_in,
        max_minutes_per_local_day=draw(st.sampled_from([None, None, 600, 480])),
        max_minutes_per_7_days=draw(st.sampled_from([None, None, None, 3120, 2400])),
        monthly_cap=draw(
            st.sampled_from([None, None, None, MonthlyCap(2400, 2700), MonthlyCap(2640, 4320)])
        ),
        start_date=start + timedelta(days=draw(st.integers(1, 3))) if not draw(maybe) else None,
        end_date=start + timedelta(days=days - draw(st.integers(1, 3)))
        if not draw(maybe)
        else None,
    )


def _past(draw, wid: str, s0: datetime, minutes: int, limit: datetime) -> PastShift | None:
    """A past shift from ``s0``, cut at ``limit`` (the first shift of the horizon)."""
    e0 = min(s0 + timedelta(minutes=minutes), limit)
    if e0 - s0 < timedelta(hours=2):
        return None
    cat = draw(st.sampled_from([None, *CATEGORIES]))
    return PastShift(
        wid,
        s0,
        e0,
        kind="past",
        exposure_category=cat,
        severity_weight=draw(st.sampled_from([0.5, 1.0, 1.5])) if cat else 0.0,
        exposure_minutes=draw(st.sampled_from([120, 160, 240])) if cat else None,
        on_call=draw(st.integers(0, 3)) == 0,
    )


@st.composite
def history_of(draw, w: Worker, first_start: datetime, heavy: bool = False):
    """Past shifts of ``w`` (runs up to the caps, nights, exposure, some on the local day of the
    first horizon shift) and daily exposure; nothing starts at or after ``first_start``."""
    tz = w.tz
    first_day = first_start.astimezone(tz).date()  # the worker's first horizon local day
    past: list[PastShift] = []
    # earlier on the same local day as the first horizon shift
    midnight = datetime.combine(first_day, time(0), tzinfo=tz).astimezone(UTC)
    if first_start - midnight >= timedelta(hours=3) and (heavy or draw(st.booleans())):
        span = int((first_start - midnight).total_seconds() // 1800) - 4
        s0 = midnight + timedelta(minutes=30 * draw(st.integers(0, max(0, span))))
        ps = _past(draw, w.id, s0, draw(st.sampled_from([240, 360, 480])), first_start)
        if ps:
            past.append(ps)
    # a run of days right before it: nights (22:00 local) or days
    run = draw(st.integers(3 if heavy else 0, 7))
    nights = draw(st.booleans())
    for k in range(1, run + 1):
        d = first_day - timedelta(days=k)
        s0 = _local(d, 22, 0, w.zone) if nights else _local(d, draw(st.integers(6, 10)), 0, w.zone)
        ps = _past(draw, w.id, s0, 480, first_start)
        if ps:
            past.append(ps)
    # and a few scattered days two weeks back
    for k in draw(st.sets(st.integers(9, 20), max_size=3)):
        d = first_day - timedelta(days=k)
        ps = _past(draw, w.id, _local(d, draw(st.integers(0, 23)), 0, w.zone), 480, first_start)
        if ps:
            past.append(ps)
    past.sort(key=lambda p: p.start)
    kept: list[PastShift] = []
    for ps in past:  # past shifts of a worker must not overlap
        if not kept or kept[-1].end <= ps.start:
            kept.append(ps)
    exposure = [
        DailyExposure(
            w.id,
            first_day - timedelta(days=k),
            draw(st.sampled_from([60, 120, 240])),
            high_severity=draw(st.booleans()),
        )
        for k in draw(st.sets(st.integers(0, 6), max_size=2))
    ]
    return kept, exposure


@st.composite
def problems(
    draw, max_workers: int = 8, max_days: int = 28, heavy_history: bool = False
) -> Problem:
    """A random team and horizon; ``heavy_history``: New Zealand summer time (Kolkata's first
    local day is the day before ``start``) and everyone has runs of history up to that day."""
    seasons = ["april", "spring", "summer", "winter", "april", "spring"]
    season = draw(st.sampled_from(seasons[:3] if heavy_history else seasons))
    start = _horizon_start(season, draw(st.sampled_from([2026, 2027])), draw(st.integers(0, 6)))
    days = draw(st.integers(7, max_days))
    shifts, demands = draw(shifts_and_demands(start, days))
    first_start = min(s.start for s in shifts)
    workers = []
    for k in range(draw(st.integers(3, max_workers))):
        zone = draw(st.sampled_from(ZONES))
        unavailable = frozenset(
            start + timedelta(days=i) for i in draw(st.sets(st.integers(-1, days), max_size=2))
        )
        workers.append(
            Worker(
                id=f"w{k}",
                zone=zone,
                unavailable=unavailable,
                limits=draw(worker_limits(start, days)),
            )
        )
    past: list[PastShift] = []
    exposure: list[DailyExposure] = []
    for w in workers:
        if heavy_history or draw(st.integers(0, 3)):
            ps, ex = draw(history_of(w, first_start, heavy_history))
            past += ps
            exposure += ex
    incidents = []
    if past and draw(st.integers(0, 3)) == 0:  # in the last past shift of someone
        ps = draw(st.sampled_from(sorted(past, key=lambda p: p.end)[-4:]))
        incidents.append(
            CriticalIncident(
                ps.worker_id,
                ps.start + (ps.end - ps.start) / 2,
                waived_by=draw(st.sampled_from([None, None, ps.worker_id, "lead"])),
            )
        )
    if draw(st.integers(0, 5)) == 0:  # during a planned shift of the horizon's first days
        s = draw(st.sampled_from(sorted(shifts, key=lambda s: s.start)[:4]))
        incidents.append(
            CriticalIncident(draw(st.sampled_from(workers)).id, s.start + (s.end - s.start) / 3)
        )
    two_a_day = draw(st.booleans())
    cap_nights = draw(st.sampled_from([2, 3, 4]))
    pol = Policy(
        max_shifts_per_local_day=2 if two_a_day else 1,
        min_rest_minutes=draw(st.sampled_from([660, 480, 300])) if two_a_day else 660,
        night_min_minutes=draw(st.sampled_from([180, 180, 120])),
        max_consecutive_working_days=draw(st.sampled_from([4, 5, 6])),
        target_consecutive_working_days=None,
        max_consecutive_nights=cap_nights,
        target_consecutive_nights=None,
        max_nights_per_14_days=draw(st.sampled_from([3, 4, 6])),
        target_nights_per_14_days=None,
        min_days_off_after_nights=draw(st.sampled_from([None, 1, 2])),
        target_days_off_after_nights=None,
        max_exposure_minutes_per_day=draw(st.sampled_from([240, 240, 180])),
        max_exposure_minutes_per_7_days=draw(st.sampled_from([1200, 1200, 600])),
        target_exposure_minutes_per_7_days=None,
        max_consecutive_exposure_days=draw(st.sampled_from([2, 3, 5])),
        target_consecutive_exposure_days=None,
        max_minutes_per_7_days=draw(st.sampled_from([None, None, 3120])),
        max_avg_weekly_minutes=draw(st.sampled_from([2880, 2880, 1800])),
        averaging_days=draw(st.sampled_from([7, 28])),
        min_weekly_rest_minutes=draw(st.sampled_from([1440, 2100])),
        target_weekly_rest_minutes=None,
        max_on_call_percent=draw(st.sampled_from([25, 50])),
        disabled_rules=frozenset({"fairness"}),
    )
    return Problem(
        start=start,
        days=days,
        workers=tuple(workers),
        shifts=tuple(shifts),
        demands=tuple(demands),
        policy=pol,
        history=History(
            shifts=tuple(past),
            daily_exposure=tuple(exposure),
            critical_incidents=tuple(incidents),
        ),
    )


# ---------------------------------------------------------------------------------------------
# reporting
# ---------------------------------------------------------------------------------------------
def describe(p: Problem, rota=()) -> str:
    """The problem (and rota) in local times, for a failing example."""
    pol = p.policy
    out = [
        f"horizon {p.start} + {p.days} days; policy: shifts/day {pol.max_shifts_per_local_day}, "
        f"rest {pol.min_rest_minutes}, nights {pol.max_consecutive_nights} in a row / "
        f"{pol.max_nights_per_14_days} per 14 d (>= {pol.night_min_minutes} min), "
        f"off after nights {pol.min_days_off_after_nights}, "
        f"days in a row {pol.max_consecutive_working_days}, "
        f"exposure {pol.max_exposure_minutes_per_day}/day "
        f"{pol.max_exposure_minutes_per_7_days}/7d {pol.max_consecutive_exposure_days} days, "
        f"7d minutes {pol.max_minutes_per_7_days}, avg {pol.max_avg_weekly_minutes}/"
        f"{pol.averaging_days}d, weekly rest {pol.min_weekly_rest_minutes}"
    ]
    mine: dict[str, list[Assignment]] = {}
    for a in rota:
        mine.setdefault(a.worker_id, []).append(a)
    for w in p.workers:
        tz = w.tz
        lim = {k: v for k, v in vars(w.limits).items() if v not in (None, frozenset(), {}, True)}
        lim.pop("contract_minutes_per_week", None)
        out.append(f"{w.id} {w.zone} unavailable={sorted(map(str, w.unavailable))} {lim}")
        for ps in p.history.shifts:
            if ps.worker_id == w.id:
                out.append(
                    f"   past {ps.start.astimezone(tz):%a %m-%d %H:%M}-"
                    f"{ps.end.astimezone(tz):%H:%M}"
                    f" {ps.exposure_category or ''} {ps.severity_weight or ''}"
                    f" {ps.exposure_minutes or ''}{' on-call' if ps.on_call else ''}"
                )
        for de in p.history.daily_exposure:
            if de.worker_id == w.id:
                out.append(f"   exposure {de.day} {de.weighted_minutes} high={de.high_severity}")
        for a in sorted(mine.get(w.id, []), key=lambda a: p.shift(a.shift_id).start):
            s, d = p.shift(a.shift_id), p.demand(a.demand_id)
            out.append(
                f"   plan {s.start.astimezone(tz):%a %m-%d %H:%M}-{s.end.astimezone(tz):%H:%M}"
                f" {a.demand_id} {d.exposure_category or ''} {d.severity_weight or ''}"
                f" {d.exposure_minutes or ''}{' on-call' if d.on_call else ''}"
            )
    for ci in p.history.critical_incidents:
        out.append(f"incident {ci.worker_id} at {ci.at:%Y-%m-%d %H:%M} UTC waived={ci.waived}")
    return "\n".join(out)


def _violations(vs) -> str:
    return "\n".join(f"  {v.rule_id} {v.worker_id} {v.when}: {v.message}" for v in vs)


def _explained(r) -> str:
    return "\n".join(f"  {e.rule_id} {e.workers} {e.when}: {e.message}" for e in r.explanation)


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------
_STATUSES = {"optimal", "feasible", "infeasible", "unknown", "invalid"}


def _model_accepts(r) -> bool:
    """The model found (or, pinned, kept) a rota; ``invalid``: and the validator rejects it."""
    return r.has_rota or r.status == "invalid"


_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
#: deterministic, no example database; no shrinking (minutes with a solve per step): a failure
#: prints the example in local times (see ``describe``) instead
_SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SLOW,
    phases=[Phase.explicit, Phase.generate],
)


@settings(max_examples=40, **_SETTINGS)
@given(problems())
def test_every_rota_the_model_returns_passes_the_validator(p):
    check_sound(p)


def check_sound(p: Problem) -> None:
    """A rota the model returns passes the validator."""
    r = solve(
        p,
        time_limit=SOLVE_SECONDS,
        workers=1,
        seed=0,
        explain=False,
        parameters=SOLVE_PARAMETERS,
    )
    # ``invalid``: solve itself found that the validator rejects the model's rota
    assert r.status in _STATUSES, (r.status, r.message)
    if not _model_accepts(r):
        return
    found = validate(p, r.assignments)
    if found:
        note(describe(p, r.assignments))
    assert found == [], f"the model's rota ({r.status}) breaks hard rules:\n" + _violations(found)


def _near(p: Problem, a: Assignment) -> list[Demand]:
    """Demands on the same local day as ``a`` for its worker, or the day before or after."""
    tz = p.worker(a.worker_id).tz
    day = p.shift(a.shift_id).start.astimezone(tz).date()
    return [
        d
        for d in p.demands
        if d.id != a.demand_id
        and abs((p.shift(d.shift_id).start.astimezone(tz).date() - day).days) <= 1
    ]


def _perturb(data, p: Problem, rota: list[Assignment]) -> list[Assignment]:
    """Up to three edits a lead could make: add, drop, hand a shift to someone else, or give
    someone a shift next to one they have (a second one that day, or one more day in a row).

    The draws do not depend on the rota (picks are taken modulo its length), so that a replay
    draws the same way even if the solve found another rota."""
    rota = list(rota)
    workers = [w.id for w in p.workers]
    moves = ["add", "drop", "reassign", "near", "near"]
    pick = st.integers(0, 10**6)
    for _ in range(data.draw(st.integers(0, 3), label="edits")):
        move = data.draw(st.sampled_from(moves), label="move")
        k1, k2 = data.draw(pick, label="first pick"), data.draw(pick, label="second pick")
        a = rota[k1 % len(rota)] if rota else None
        near = _near(p, a) if a else []
        if move == "near" and near:
            d = near[k2 % len(near)]
            rota.append(Assignment(a.worker_id, d.id, d.shift_id, d.role))
        elif move == "drop" and a:
            rota.remove(a)
        elif move == "reassign" and a:
            rota[k1 % len(rota)] = Assignment(
                workers[k2 % len(workers)], a.demand_id, a.shift_id, a.role
            )
        else:
            d = p.demands[k1 % len(p.demands)]
            rota.append(Assignment(workers[k2 % len(workers)], d.id, d.shift_id, d.role))
    unique = {(a.worker_id, a.demand_id): a for a in rota}  # one assignment per worker and demand
    return list(unique.values())


@settings(max_examples=40, **_SETTINGS)
@given(problems(max_workers=6, max_days=21), st.data())
def test_the_model_and_the_validator_accept_the_same_edited_rotas(p, data):
    check_same_verdict(p, data)


def check_same_verdict(p: Problem, data) -> None:
    """The model (``evaluate``) and the validator agree on an edited rota.

    Coverage is made soft, so that a rota exists and an unfilled shift hides no other verdict.
    """
    p = dataclasses.replace(p, demands=tuple(dataclasses.replace(d, hard=False) for d in p.demands))
    r = solve(
        p,
        time_limit=SOLVE_SECONDS,
        workers=1,
        seed=0,
        explain=False,
        parameters=SOLVE_PARAMETERS,
    )
    base = list(r.assignments) if _model_accepts(r) else []
    rota = _perturb(data, p, base)
    found = validate(p, rota)
    ev = evaluate(p, rota, time_limit=EVALUATE_SECONDS)
    note(describe(p, rota))
    assert ev.status in _STATUSES, (ev.status, ev.message)
    if not found:
        assert _model_accepts(ev), (
            f"the validator accepts the rota, the model says {ev.status}:\n" + _explained(ev)
        )
    if ev.status == Status.INFEASIBLE:
        assert found, "the model refuses the rota, the validator finds nothing:\n" + _explained(ev)
    if _model_accepts(ev):
        assert found == [], "the model accepts the rota, the validator does not:\n" + _violations(
            found
        )


@settings(max_examples=60, **_SETTINGS)
@given(problems(max_workers=5, max_days=14, heavy_history=True))
def test_history_alone_never_makes_the_empty_rota_unacceptable(p):
    """With coverage soft, the empty rota breaks no rule of the plan: history that alone exceeds a
    limit (history allowance) is no violation of the plan, for the model as for the validator."""
    p = dataclasses.replace(p, demands=tuple(dataclasses.replace(d, hard=False) for d in p.demands))
    found = validate(p, [])
    ev = evaluate(p, [], time_limit=EVALUATE_SECONDS)
    note(describe(p))
    assert found == [], "the validator blames history alone:\n" + _violations(found)
    assert _model_accepts(ev), f"the model refuses the empty rota ({ev.status}):\n" + _explained(ev)
