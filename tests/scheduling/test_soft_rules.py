"""Each soft rule: the exact penalty of a minimal case, reported by rule and by worker."""

from sched_factories import (
    assert_solved_and_valid,
    day,
    make_demand,
    make_problem,
    make_shift,
    make_worker,
    policy,
)

from scheduling import PairingRequest, Preference

CLEARED = {"cleared_categories": frozenset({"cat-a"})}


def _expo(s, minutes, weight=1.0):
    return make_demand(
        s, exposure_category="cat-a", severity_weight=weight, exposure_minutes=minutes
    )


def _cost(p, rule_id):
    r = assert_solved_and_valid(p)
    assert r.objective == sum(r.penalties_by_rule.values())
    return r.penalties_by_rule.get(rule_id, 0), r


def test_coverage__soft_demand_short_one_worker_costs_its_under_weight():
    s = make_shift(0)
    d = make_demand(s, min_headcount=2, hard=False, under_weight=7)
    cost, r = _cost(make_problem([make_worker()], [s], [d]), "coverage")
    assert cost == 7
    assert [(u.demand_id, u.missing) for u in r.unfilled] == [(d.id, 1)]


def test_coverage__soft_over_staffing_costs_its_over_weight():
    s = make_shift(0)
    d = make_demand(s, min_headcount=0, max_headcount=0, hard=False, over_weight=4)
    d2 = make_demand(s, id="needs-two", min_headcount=2, max_headcount=2)
    from scheduling import Pin

    p = make_problem(
        [make_worker("a"), make_worker("b"), make_worker("c")], [s], [d, d2], pins=(Pin("c", d.id),)
    )
    cost, _ = _cost(p, "coverage")
    assert cost == 4


def test_consecutive_days__six_days_in_a_row_cost_one_window_over_target():
    p = make_problem(
        [make_worker()], [make_shift(i) for i in range(6)], pol=policy("consecutive-days")
    )
    cost, r = _cost(p, "consecutive-days")
    assert cost == 20 and r.penalties_by_worker == {"w1": 20}


def test_weekly_rest__32_hours_instead_of_35_cost_each_short_window():
    shifts = [make_shift(i, 9, 8) for i in (0, 1, 2, 5, 6)] + [make_shift(4, 1, 8, sid="early4")]
    p = make_problem([make_worker()], shifts, pol=policy("weekly-rest"))
    cost, r = _cost(p, "weekly-rest")
    # windows ending day 5 (33 h from the horizon start) and day 6 (32 h) miss 35 h
    assert cost == 2 * 20
    assert sorted(x.when for x in r.penalties) == [day(5), day(6)]


def test_night_shift_length__nine_hour_night_costs_sixty_minutes_over_target():
    p = make_problem(
        [make_worker()], [make_shift(0, 22, 9, "night")], pol=policy("night-shift-length")
    )
    assert _cost(p, "night-shift-length")[0] == 60


def test_consecutive_nights__four_nights_cost_one_window_over_three():
    p = make_problem(
        [make_worker()],
        [make_shift(i, 22, 8, "night") for i in range(4)],
        pol=policy("consecutive-nights"),
    )
    assert _cost(p, "consecutive-nights")[0] == 30


def test_nights_per_14_days__five_nights_cost_one_night_over_target():
    p = make_problem(
        [make_worker()],
        [make_shift(2 * i, 22, 8, "night") for i in range(5)],
        pol=policy("nights-per-14-days"),
    )
    assert _cost(p, "nights-per-14-days")[0] == 20


def test_days_off_after_nights__one_day_off_instead_of_two_costs_one_day():
    p = make_problem(
        [make_worker()],
        [make_shift(0, 22, 8, "night"), make_shift(2, 17, 5, "late")],
        pol=policy("days-off-after-nights"),
    )
    assert _cost(p, "days-off-after-nights")[0] == 20


def test_exposure_7_days__forty_minutes_over_sixteen_hours_cost_forty():
    shifts = [make_shift(i) for i in range(5)]
    p = make_problem(
        [make_worker(limits=CLEARED)],
        shifts,
        [_expo(s, 200) for s in shifts],
        pol=policy("exposure-7-days"),
    )
    assert _cost(p, "exposure-7-days")[0] == 40


def test_consecutive_exposure_days__five_days_cost_one_window_over_four():
    shifts = [make_shift(i) for i in range(5)]
    p = make_problem(
        [make_worker(limits=CLEARED)],
        shifts,
        [_expo(s, 60) for s in shifts],
        pol=policy("consecutive-exposure-days"),
    )
    assert _cost(p, "consecutive-exposure-days")[0] == 30


def test_exposure_free_after_run__high_severity_again_after_one_day_costs_one_day():
    shifts = [make_shift(0), make_shift(2)]
    p = make_problem(
        [make_worker(limits=CLEARED)],
        shifts,
        [_expo(s, 60) for s in shifts],
        pol=policy("exposure-free-after-run"),
    )
    assert _cost(p, "exposure-free-after-run")[0] == 20


def test_new_joiner_ramp__three_hours_in_the_first_month_cost_sixty_minutes_twice():
    w = make_worker(limits={**CLEARED, "start_date": day(0)})
    s = make_shift(0)
    p = make_problem([w], [s], [_expo(s, 180)], pol=policy("new-joiner-ramp"))
    assert _cost(p, "new-joiner-ramp")[0] == 60 * 2


def test_on_call_local_hours__two_hours_after_22_local_cost_240():
    s = make_shift(0, 20, 4)
    p = make_problem(
        [make_worker()], [s], [make_demand(s, on_call=True)], pol=policy("on-call-local-hours")
    )
    assert _cost(p, "on-call-local-hours")[0] == 120 * 2


def test_trainee_pairing__one_of_two_wanted_shadow_shifts_costs_the_weight_once():
    s = make_shift(0)
    d = make_demand(s, allow_shadows=True)
    pq = PairingRequest("t", wanted_shifts=2, weight=50)
    p = make_problem(
        [make_worker("t"), make_worker("m")],
        [s],
        [d],
        pairings=(pq,),
        pol=policy("trainee-pairing"),
    )
    cost, r = _cost(p, "trainee-pairing")
    assert cost == 50 and r.penalties_by_worker == {"t": 50}


def test_shift_requests__the_cheaper_on_request_is_refused():
    s = make_shift(0)
    prefs = (Preference("a", True, 3, shift_id=s.id), Preference("b", True, 5, shift_id=s.id))
    p = make_problem(
        [make_worker("a"), make_worker("b")],
        [s],
        [make_demand(s, max_headcount=1)],
        preferences=prefs,
        pol=policy("shift-requests"),
    )
    cost, r = _cost(p, "shift-requests")
    assert cost == 3 and r.assignments[0].worker_id == "b"


def test_shift_requests__a_day_off_request_that_cannot_be_granted_costs_its_weight():
    prefs = (Preference("w1", False, 9, day=day(0)),)
    p = make_problem(
        [make_worker()], [make_shift(0)], preferences=prefs, pol=policy("shift-requests")
    )
    assert _cost(p, "shift-requests")[0] == 9


def test_early_start__a_six_oclock_start_costs_ten():
    p = make_problem([make_worker()], [make_shift(0, 6, 8, "early")], pol=policy("early-start"))
    assert _cost(p, "early-start")[0] == 10


def test_forward_rotation__night_then_day_costs_two():
    p = make_problem(
        [make_worker()],
        [make_shift(0, 22, 8, "night"), make_shift(1, 17, 6, "day")],
        pol=policy("forward-rotation", kind_order=("day", "night")),
    )
    assert _cost(p, "forward-rotation")[0] == 2


def test_holiday_work__a_shift_on_a_local_holiday_costs_thirty():
    p = make_problem(
        [make_worker(holidays=frozenset({day(0)}))], [make_shift(0)], pol=policy("holiday-work")
    )
    assert _cost(p, "holiday-work")[0] == 30


def test_fairness__sixteen_hours_against_none_cost_the_scaled_spread():
    shifts = [make_shift(0), make_shift(1)]
    a = make_worker("a")
    b = make_worker("b", unavailable=frozenset({day(0), day(1)}))
    p = make_problem(
        [a, b],
        shifts,
        pol=policy(
            "fairness", "availability", fairness_nights_weight=0, fairness_weekends_weight=0
        ),
    )
    assert _cost(p, "fairness")[0] == 16 * 10 * 1


def test_fairness__a_half_time_contract_counts_double():
    shifts = [make_shift(0), make_shift(1)]
    a = make_worker("a", unavailable=frozenset({day(1)}))
    b = make_worker(
        "b", unavailable=frozenset({day(0)}), limits={"contract_minutes_per_week": 1200}
    )
    p = make_problem([a, b], shifts, pol=policy("fairness", "availability"))
    # a: 8 h x 10, b: 8 h x 20 -> spread 80
    assert _cost(p, "fairness")[0] == 80


def test_exposure_night_hours__high_severity_shift_from_four_local_costs_120():
    s = make_shift(0, 4, 6)
    p = make_problem(
        [make_worker(limits=CLEARED)], [s], [_expo(s, 60)], pol=policy("exposure-night-hours")
    )
    assert _cost(p, "exposure-night-hours")[0] == 120


def test_exposure_night_hours__medium_severity_work_costs_nothing():
    s = make_shift(0, 4, 6)
    p = make_problem(
        [make_worker(limits=CLEARED)], [s], [_expo(s, 60, 0.5)], pol=policy("exposure-night-hours")
    )
    assert _cost(p, "exposure-night-hours")[0] == 0


def test_stability__dropping_an_assignment_of_the_previous_rota_costs_fifty():
    from scheduling import Assignment

    s = make_shift(0)
    d = make_demand(s)
    prev = (Assignment("a", d.id, s.id, "primary"),)
    a = make_worker("a", unavailable=frozenset({day(0)}))
    p = make_problem(
        [a, make_worker("b")], [s], [d], previous=prev, pol=policy("stability", "availability")
    )
    cost, r = _cost(p, "stability")
    assert cost == 50 and r.penalties_by_worker == {"a": 50}


def test_stability__keeping_the_previous_rota_costs_nothing():
    from scheduling import Assignment

    s = make_shift(0)
    d = make_demand(s)
    p = make_problem(
        [make_worker("a"), make_worker("b")],
        [s],
        [d],
        previous=(Assignment("b", d.id, s.id, "primary"),),
        pol=policy("stability"),
    )
    cost, r = _cost(p, "stability")
    assert cost == 0 and r.assignments[0].worker_id == "b"
