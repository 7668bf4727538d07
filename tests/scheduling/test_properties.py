"""Property: on small random problems every rota passes the validator and every infeasible
verdict comes with a non-empty explanation."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sched_factories import START, day, make_demand, make_shift, make_worker

from scheduling import Pin, Policy, Problem, Status, solve, validate

ZONES = ["UTC", "Asia/Kolkata", "Australia/Sydney", "Pacific/Auckland", "Asia/Jakarta"]
TEMPLATES = [(6, 8, "early"), (14, 8, "late"), (22, 8, "night"), (9, 12, "long"), (21, 11, "night")]


@st.composite
def problems(draw):
    n_days = draw(st.integers(1, 4))
    n_workers = draw(st.integers(1, 3))
    shifts, demands = [], []
    for i in range(n_days):
        for t in draw(st.lists(st.sampled_from(range(len(TEMPLATES))), max_size=2, unique=True)):
            h, length, kind = TEMPLATES[t]
            s = make_shift(i - 3, h, length, kind, sid=f"{kind}{i}-{t}")  # around 5 Apr DST
            shifts.append(s)
            hard = draw(st.booleans())
            cat = draw(st.sampled_from([None, "c"]))
            demands.append(
                make_demand(
                    s,
                    min_headcount=draw(st.integers(0, 2)),
                    hard=hard,
                    under_weight=100,
                    exposure_category=cat,
                    severity_weight=1.5 if cat else 0.0,
                    exposure_minutes=draw(st.sampled_from([60, 200])) if cat else None,
                )
            )
    if not shifts:
        s = make_shift(-3)
        shifts.append(s)
        demands.append(make_demand(s))
    workers = []
    for k in range(n_workers):
        workers.append(
            make_worker(
                f"w{k}",
                zone=draw(st.sampled_from(ZONES)),
                unavailable=frozenset(
                    day(i - 3) for i in draw(st.sets(st.integers(0, 3), max_size=2))
                ),
                limits={
                    "night_consent": draw(st.booleans()),
                    "cleared_categories": frozenset({"c"}) if draw(st.booleans()) else frozenset(),
                    "max_consecutive_working_days": draw(st.sampled_from([None, 1, 2])),
                    "max_shifts_per_kind": {"night": draw(st.integers(0, 2))},
                },
            )
        )
    pins = ()
    if draw(st.booleans()):
        pins = (Pin(workers[0].id, demands[0].id),)
    pol = Policy(
        min_rest_minutes=draw(st.sampled_from([660, 720])),
        max_consecutive_nights=draw(st.sampled_from([1, 4])),
        target_consecutive_nights=None,
    )
    return Problem(
        day(-3),
        n_days,
        tuple(workers),
        tuple(shifts),
        tuple(demands),
        policy=pol,
        pins=pins,
        forbidden_successions=frozenset({("night", "early")}),
    )


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(problems())
def test_solve__every_rota_passes_the_validator_and_every_refusal_is_explained(p):
    r = solve(p, time_limit=3, workers=1, seed=0)
    if r.has_rota:
        assert validate(p, r.assignments) == []
    elif r.status == Status.INFEASIBLE:
        assert r.explanation
        assert all(e.rule_id != "unexplained" for e in r.explanation)


@st.composite
def longer_problems(draw):
    """Longer horizons with tighter wellbeing limits and some history before the horizon."""
    from datetime import timedelta

    from scheduling import DailyExposure, History, PastShift

    n_days = draw(st.integers(5, 9))
    n_workers = draw(st.integers(1, 3))
    shifts, demands = [], []
    for i in range(n_days):
        t = draw(st.sampled_from(range(len(TEMPLATES))))
        h, length, kind = TEMPLATES[t]
        s = make_shift(i, h, length, kind, sid=f"{kind}{i}")
        shifts.append(s)
        cat = draw(st.sampled_from([None, "c"]))
        demands.append(
            make_demand(
                s,
                min_headcount=draw(st.integers(1, 2)),
                hard=draw(st.booleans()),
                exposure_category=cat,
                severity_weight=1.0 if cat else 0.0,
                exposure_minutes=draw(st.sampled_from([120, 240])) if cat else None,
            )
        )
    workers = [
        make_worker(
            f"w{k}",
            limits={
                "cleared_categories": frozenset({"c"}),
                "min_consecutive_days_off": draw(st.sampled_from([None, 2])),
            },
        )
        for k in range(n_workers)
    ]
    past = []
    for k in range(n_workers):
        for j in draw(st.sets(st.integers(1, 6), max_size=4)):
            s = make_shift(-j, 22 if draw(st.booleans()) else 9, 8).start
            past.append(
                PastShift(f"w{k}", s, s + timedelta(hours=8), "night" if s.hour == 22 else "day")
            )
    expo = tuple(
        DailyExposure(f"w{k}", day(-1), draw(st.sampled_from([0, 200]))) for k in range(n_workers)
    )
    pol = Policy(
        min_weekly_rest_minutes=draw(st.sampled_from([1440, 2100])),
        target_weekly_rest_minutes=None,
        max_nights_per_14_days=draw(st.integers(2, 6)),
        target_nights_per_14_days=None,
        max_exposure_minutes_per_7_days=draw(st.sampled_from([300, 1200])),
        target_exposure_minutes_per_7_days=None,
        max_consecutive_exposure_days=draw(st.integers(1, 5)),
        target_consecutive_exposure_days=None,
        min_days_off_after_nights=draw(st.integers(1, 2)),
        target_days_off_after_nights=None,
        max_avg_weekly_minutes=draw(st.sampled_from([1200, 2880])),
        averaging_days=7,
        fairness_hours_weight=0,
        fairness_nights_weight=0,
        fairness_weekends_weight=0,
        fairness_exposure_weight=0,
    )
    return Problem(
        START,
        n_days,
        tuple(workers),
        tuple(shifts),
        tuple(demands),
        policy=pol,
        history=History(shifts=tuple(past), daily_exposure=expo),
    )


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(longer_problems())
def test_solve__longer_horizons_with_history_pass_the_validator(p):
    r = solve(p, time_limit=3, workers=1, seed=0)
    if r.has_rota:
        assert validate(p, r.assignments) == []
    elif r.status == Status.INFEASIBLE:
        assert r.explanation


@settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(problems(), st.data())
def test_solve__every_rota_the_validator_accepts_is_accepted_by_the_model(p, data):
    """The model is not stricter than the validator: pin a valid random rota, it stays feasible."""
    import dataclasses

    from scheduling import Assignment

    rota = [
        Assignment(w.id, d.id, d.shift_id, d.role)
        for d in p.demands
        for w in p.workers
        if data.draw(st.integers(0, 3)) == 0
    ]
    if validate(p, rota):
        return
    have = {(a.worker_id, a.demand_id) for a in rota}
    pins = tuple(
        Pin(w.id, d.id, assigned=(w.id, d.id) in have) for d in p.demands for w in p.workers
    )
    r = solve(dataclasses.replace(p, pins=pins), time_limit=3, workers=1, seed=0)
    assert r.has_rota, r.explanation


@st.composite
def team_problems(draw):
    """Roles, skills, languages, on-call pairs, shadows and pairing, exposure and incidents."""
    from sched_factories import local

    from scheduling import CriticalIncident, History, PairingRequest, SkillRequirement

    n_days = draw(st.integers(1, 3))
    n_workers = draw(st.integers(2, 4))
    workers = [
        make_worker(
            f"w{k}",
            zone=draw(st.sampled_from(ZONES)),
            languages=frozenset(draw(st.sets(st.sampled_from(["en", "hi", "ja"]), max_size=2))),
            skill_levels={"triage": ((day(-10), draw(st.integers(0, 3))),)},
            limits={
                "cleared_categories": frozenset(draw(st.sets(st.sampled_from(["c", "d"])))),
                "opted_out_categories": frozenset(draw(st.sets(st.sampled_from(["c"])))),
            },
        )
        for k in range(n_workers)
    ]
    shifts, demands = [], []
    for i in range(n_days):
        h, length, kind = TEMPLATES[draw(st.integers(0, len(TEMPLATES) - 1))]
        s = make_shift(i, h, length, kind, sid=f"{kind}{i}")
        shifts.append(s)
        on_call = draw(st.booleans())
        cat = draw(st.sampled_from([None, "c", "d"]))
        demands.append(
            make_demand(
                s,
                on_call=on_call,
                hard=draw(st.booleans()),
                required_skills=(SkillRequirement("triage", draw(st.integers(1, 3))),)
                if draw(st.booleans())
                else (),
                required_languages=frozenset(
                    draw(st.sets(st.sampled_from(["en", "ja"]), max_size=1))
                ),
                exposure_category=cat,
                severity_weight=1.0 if cat else 0.0,
                exposure_minutes=120 if cat else None,
                allow_shadows=draw(st.booleans()),
            )
        )
        if on_call or draw(st.booleans()):
            demands.append(make_demand(s, role="secondary", hard=draw(st.booleans())))
    langs = frozenset({"en", "hi", "ja"})
    pairings = ()
    if draw(st.booleans()):
        pairings = (
            PairingRequest(
                "w0",
                wanted_shifts=draw(st.integers(0, 2)),
                mentor_ids=frozenset(draw(st.sets(st.sampled_from([w.id for w in workers[1:]])))),
                skill="triage" if draw(st.booleans()) else None,
                mentor_min_level=2,
            ),
        )
    incidents = ()
    if draw(st.booleans()):
        incidents = (CriticalIncident("w1", local(day(0), draw(st.integers(0, 23)))),)
    return Problem(
        START,
        n_days,
        tuple(workers),
        tuple(shifts),
        tuple(demands),
        pairings=pairings,
        history=History(critical_incidents=incidents),
        language_catalogue=langs,
        skill_catalogue=frozenset({"triage"}),
    )


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(team_problems(), st.data())
def test_solve__team_rules_agree_between_model_and_validator(p, data):
    """Sound (rotas pass the validator) and complete (validator-valid rotas are accepted)."""
    import dataclasses

    from scheduling import Assignment

    r = solve(p, time_limit=3, workers=1, seed=0)
    if r.has_rota:
        assert validate(p, r.assignments) == []
    elif r.status == Status.INFEASIBLE:
        assert r.explanation
    rota = []
    for d in p.demands:
        for w in p.workers:
            pick = data.draw(st.integers(0, 4))
            if pick == 0:
                rota.append(Assignment(w.id, d.id, d.shift_id, d.role))
            elif pick == 1 and d.allow_shadows:
                rota.append(Assignment(w.id, d.id, d.shift_id, d.role, shadow=True))
    if validate(p, rota):
        return
    have = {(a.worker_id, a.demand_id, a.shadow) for a in rota}
    pins = tuple(
        Pin(w.id, d.id, assigned=(w.id, d.id, False) in have) for d in p.demands for w in p.workers
    ) + tuple(Pin(a.worker_id, a.demand_id, shadow=True) for a in rota if a.shadow)
    again = solve(dataclasses.replace(p, pins=pins), time_limit=3, workers=1, seed=0)
    assert again.has_rota, (rota, again.explanation)
