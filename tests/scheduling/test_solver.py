"""solve(): statuses, reproducibility, progress, time limit, result contents."""

import time
from datetime import timedelta

from sched_factories import (
    START,
    day,
    make_demand,
    make_problem,
    make_shift,
    make_worker,
    model_forgets,
    policy,
    put,
    run,
)

from scheduling import Policy, Preference, Status, evaluate, solve, validate


def _medium(n_days=7, n_workers=6):
    shifts = []
    for i in range(n_days):
        shifts += [
            make_shift(i, 6, 8, "early", sid=f"e{i}"),
            make_shift(i, 14, 8, "late", sid=f"l{i}"),
            make_shift(i, 22, 8, "night", sid=f"n{i}"),
        ]
    prefs = tuple(
        Preference(f"w{k}", bool(k % 2), 3 + k, shift_id=f"e{(k * 3) % n_days}")
        for k in range(n_workers)
    )
    return make_problem(
        [make_worker(f"w{k}") for k in range(n_workers)], shifts, pol=Policy(), preferences=prefs
    )


def test_solve__same_seed_and_one_worker_give_the_same_rota():
    p = make_problem(
        [make_worker(f"w{k}") for k in range(3)],
        [make_shift(i, 9, 8) for i in range(4)],
        preferences=(Preference("w1", True, 3, day=day(1)),),
        pol=policy("shift-requests", "fairness", "consecutive-days"),
    )
    a = solve(p, time_limit=5, workers=1, seed=7)
    b = solve(p, time_limit=5, workers=1, seed=7)
    assert a.status == Status.OPTIMAL
    assert a.assignments == b.assignments and a.objective == b.objective


def test_solve__progress_reports_objective_bound_and_elapsed_time():
    seen = []
    p = make_problem(
        [make_worker("a"), make_worker("b")],
        [make_shift(0)],
        [make_demand(make_shift(0), max_headcount=1)],
        preferences=(Preference("a", True, 5, shift_id="day0"),),
        pol=policy("shift-requests"),
    )
    r = solve(p, time_limit=5, workers=1, on_progress=lambda o, b, t: seen.append((o, b, t)))
    assert r.status == Status.OPTIMAL and seen
    assert all(isinstance(x, float) for x in seen[-1]) and seen[-1][0] == 0.0


def test_solve__honours_the_time_limit_and_returns_the_best_rota_so_far():
    p = _medium()
    t = time.perf_counter()
    r = solve(p, time_limit=2.0, workers=2, seed=1)
    assert time.perf_counter() - t < 2.0 + 1.0  # building, search, pricing and checks
    assert r.status in (Status.OPTIMAL, Status.FEASIBLE, Status.UNKNOWN)
    if r.has_rota:
        assert validate(p, r.assignments) == []
        assert r.best_bound is not None and r.best_bound <= r.objective + 1e-6
        assert {ld.worker_id for ld in r.loads} == {f"w{k}" for k in range(6)}
        assert sum(ld.shifts for ld in r.loads) == 21


def test_solve__a_larger_plan_returns_within_its_time_limit_plus_a_second():
    p = _medium(n_days=14, n_workers=12)
    t = time.perf_counter()
    r = solve(p, time_limit=3.0, workers=2, seed=0)
    assert time.perf_counter() - t < 3.0 + 1.0
    assert r.has_rota and validate(p, r.assignments) == []
    assert r.timings.total < 3.0 + 1.0


def test_solve__an_impossible_plan_is_explained_within_its_time_limit_plus_a_second():
    p = _medium(n_days=14, n_workers=2)  # three 8 h shifts a day cannot be covered by two
    t = time.perf_counter()
    r = solve(p, time_limit=2.0, workers=2, seed=0)
    assert time.perf_counter() - t < 2.0 + 1.0
    assert r.status == Status.INFEASIBLE and r.explanation


def test_solve__infeasible_plan_never_raises_and_explains_itself():
    p = make_problem([make_worker()], [make_shift(0, 9, 8, sid="a"), make_shift(0, 10, 8, sid="b")])
    r = run(p)
    assert r.status == Status.INFEASIBLE and not r.has_rota and r.assignments == ()
    assert r.explanation and all(e.message and e.relaxation for e in r.explanation)


def test_solve__loads_count_hours_nights_weekends_and_exposure():
    shifts = [make_shift(5, 22, 8, "night"), make_shift(7, 9, 8)]
    w = make_worker(limits={"cleared_categories": frozenset({"c"})})
    ds = [
        make_demand(shifts[0]),
        make_demand(shifts[1], exposure_category="c", severity_weight=1.5, exposure_minutes=100),
    ]
    r = run(make_problem([w], shifts, ds))
    (ld,) = r.loads
    assert (
        ld.shifts,
        ld.minutes,
        ld.nights,
        ld.weekend_days,
        ld.exposure_minutes,
        ld.high_severity_days,
    ) == (2, 960, 1, 1, 150, 1)


def test_solve__penalties_name_rule_worker_and_amount():
    p = make_problem([make_worker()], [make_shift(0, 6, 8, "early")], pol=policy("early-start"))
    r = run(p)
    (pen,) = r.penalties
    assert (pen.rule_id, pen.worker_id, pen.weight, pen.amount, pen.cost) == (
        "early-start",
        "w1",
        10,
        1,
        10,
    )
    assert r.penalties_by_worker == {"w1": 10} and r.objective == 10


def test_solve__full_default_policy_on_a_small_team_gives_a_valid_rota():
    p = make_problem(
        [make_worker(f"w{k}") for k in range(4)],
        [make_shift(i, 9, 8) for i in range(3)] + [make_shift(i, 22, 8, "night") for i in range(3)],
    )
    r = solve(p, time_limit=5, workers=1)
    assert r.has_rota and validate(p, r.assignments) == []
    assert r.timings.total >= r.timings.solve > 0
    _ = (START, timedelta)


def test_solve__loads_report_peaks_with_history_next_to_limits():
    from scheduling import DailyExposure, History

    s = make_shift(0, 9, 8)
    w = make_worker(limits={"cleared_categories": frozenset({"c"}), "max_weekends": 2})
    d = make_demand(s, exposure_category="c", severity_weight=1.0, exposure_minutes=120)
    h = History(daily_exposure=(DailyExposure("w1", day(-2), 300),))
    r = run(make_problem([w], [s], [d], history=h))
    (ld,) = r.loads
    assert (ld.peak_exposure_day_minutes, ld.peak_exposure_7_days_minutes) == (120, 420)
    assert (ld.max_exposure_minutes_per_day, ld.max_exposure_minutes_per_7_days) == (240, 1200)
    assert (ld.weekends, ld.max_weekends, ld.peak_nights_14_days) == (0, 2, 0)


def test_solve__a_hint_from_the_last_rota_is_accepted_and_the_result_validated():
    p = make_problem([make_worker(f"w{k}") for k in range(3)], [make_shift(i) for i in range(3)])
    first = run(p)
    again = solve(p, time_limit=5, workers=1, hint=first.assignments)
    assert again.has_rota and validate(p, again.assignments) == []
    assert again.objective == first.objective


def test_explanation__instances_of_one_rule_and_worker_are_grouped_into_one_line():
    w = make_worker(
        "w1", unavailable=frozenset({day(0), day(1)}), limits={"min_total_minutes": 2 * 480}
    )
    shifts = [make_shift(i) for i in range(3)]
    soft = [make_demand(s, hard=False) for s in shifts]
    r = run(make_problem([w], shifts, soft, pol=policy("availability", "total-minutes")))
    assert r.status == Status.INFEASIBLE
    # ranked by what a lead can act on: the leave before the person's contract minimum
    assert [(e.rule_id, e.count) for e in r.explanation] == [
        ("availability", 2),
        ("total-minutes", 1),
    ]
    av = r.explanation[0]
    assert av.workers == ("w1",) and av.when == day(0)
    assert "1 more like it, the last at 2026-04-07" in av.message


def test_evaluate__an_edited_rota_that_breaks_rest_is_refused_with_the_rule_named():
    from scheduling import evaluate

    n, e = make_shift(0, 22, 8, "night"), make_shift(1, 13, 8, "late")
    p = make_problem([make_worker("a"), make_worker("b")], [n, e], pol=policy("min-rest"))
    da, db = p.demands
    from sched_factories import put

    bad = evaluate(p, put("a", da, db))
    assert bad.status == Status.INFEASIBLE
    assert "min-rest" in {x.rule_id for x in bad.explanation}
    good = evaluate(p, put("a", da) + put("b", db))
    assert good.has_rota and set(good.assignments) == set(put("a", da) + put("b", db))


def _requests_dominate():
    """Two workers, six day shifts; ``a`` asked for every one of them off at weight 1000, and
    fairness of hours (weight 1) costs 10 per hour of spread."""
    shifts = [make_shift(i, 9, 8) for i in range(6)]
    prefs = tuple(Preference("a", False, 1000, shift_id=s.id) for s in shifts)
    return make_problem(
        [make_worker("a"), make_worker("b")],
        shifts,
        preferences=prefs,
        pol=policy(
            "shift-requests",
            "fairness",
            fairness_nights_weight=0,
            fairness_weekends_weight=0,
            fairness_holidays_weight=0,
            fairness_exposure_weight=0,
        ),
    )


def _built(p):
    from scheduling.facts import compute_facts
    from scheduling.model import ModelBuilder
    from scheduling.rules import build_model

    b = ModelBuilder(p, compute_facts(p), guarded=False)
    build_model(b)
    return b


def test_dominant_rule__is_minimised_first_and_the_full_objective_goes_on_from_a_cheaper_rota():
    from scheduling.problem import Assignment
    from scheduling.search import Deadline, dominant_rule, fix_and_complete

    p = _requests_dominate()
    b = _built(p)
    # the seeded rota gives everything to a: 6 x 1000 for requests + 480 for the hours spread
    seeded = fix_and_complete(b, lambda v: v.name.startswith("x[a,"), time.perf_counter() + 5, 1, 0)
    assert seeded.objective_value == 6480
    deadline = Deadline(time.perf_counter(), 10.0)
    warm = dominant_rule(b, seeded, deadline.share(0.3), deadline, 1, 0)
    assert warm is not None and warm.objective_value == 480  # b works all six, fairness remains
    shift_of = {d.id: d.shift_id for d in p.demands}
    rota = [
        Assignment(w, d, shift_of[d], "primary")
        for (w, d), v in b.x.items()
        if warm.boolean_value(v)
    ]
    assert {a.worker_id for a in rota} == {"b"} and validate(p, rota) == []


def test_dominant_rule__a_rota_whose_cost_is_all_one_rule_is_left_to_the_full_objective():
    from scheduling.search import Deadline, dominant_rule, fix_and_complete

    b = _built(_requests_dominate())
    even = {"x[a,day0:primary]", "x[a,day1:primary]", "x[a,day2:primary]"}
    even |= {f"x[b,day{i}:primary]" for i in range(3, 6)}
    seeded = fix_and_complete(b, lambda v: v.name in even, time.perf_counter() + 5, 1, 0)
    assert seeded.objective_value == 3000  # requests only: the hours are even
    deadline = Deadline(time.perf_counter(), 10.0)
    assert dominant_rule(b, seeded, deadline.share(0.3), deadline, 1, 0) is None


def test_solve__progress_times_count_from_the_call_and_never_go_back_across_phases():
    seen = []
    r = solve(_requests_dominate(), time_limit=8, workers=1, on_progress=lambda *a: seen.append(a))
    assert r.status == Status.OPTIMAL and r.objective == 480
    times = [t for _, _, t in seen]
    assert times == sorted(times) and times[-1] <= r.timings.total


def test_solve__asked_for_the_first_rota_returns_the_seeded_one_without_searching_further():
    p = _requests_dominate()
    r = solve(p, time_limit=8, workers=1, parameters={"stop_after_first_solution": True})
    assert r.has_rota and validate(p, r.assignments) == []
    assert r.best_bound == 0.0  # nothing was searched after the seeded rota, so no bound
    assert r.objective == sum(pen.cost for pen in r.penalties)


def _overlapping_nights():
    """One worker, two shifts on different local days that overlap (20:00-04:00, 02:00-10:00)."""
    a, b = make_shift(0, 20, 8, sid="a"), make_shift(1, 2, 8, sid="b")
    return make_problem([make_worker("w")], [a, b])


def test_solve__a_rota_the_validator_rejects_is_invalid_not_optimal_and_kept_for_inspection(
    monkeypatch,
):
    model_forgets(monkeypatch, "no-overlap")
    r = run(_overlapping_nights())
    assert r.status == Status.INVALID and not r.has_rota
    assert [(v.rule_id, v.worker_id) for v in r.violations] == [("no-overlap", "w")]
    assert {a.shift_id for a in r.assignments} == {"a", "b"}  # kept for inspection
    assert "breaks 1 hard rule" in r.message


def test_evaluate__a_hand_made_rota_the_model_accepts_but_the_validator_rejects_is_invalid(
    monkeypatch,
):
    p = _overlapping_nights()
    rota = put("w", *p.demands)
    assert evaluate(p, rota).status == Status.INFEASIBLE  # the whole model refuses it
    model_forgets(monkeypatch, "no-overlap")
    r = evaluate(p, rota)
    assert r.status == Status.INVALID and not r.has_rota
    assert {v.rule_id for v in r.violations} == {"no-overlap"}


def test_solve__a_rota_the_validator_accepts_carries_no_violations():
    p = make_problem([make_worker("a"), make_worker("b")], [make_shift(0), make_shift(1)])
    r = run(p)
    assert r.status == Status.OPTIMAL and r.has_rota and r.violations == ()
