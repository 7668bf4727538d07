"""History before the horizon is carried into rest, runs of days, nights and exposure windows."""

from datetime import timedelta

from sched_factories import (
    assert_refused,
    assert_solved_and_valid,
    day,
    local,
    make_demand,
    make_problem,
    make_shift,
    make_worker,
    policy,
)

from scheduling import DailyExposure, History, PastShift


def past(n: int, hour: int = 9, hours: int = 8, kind: str = "day", **kw) -> PastShift:
    s = local(day(n), hour)
    return PastShift("w1", s, s + timedelta(hours=hours), kind, **kw)


def test_min_rest__a_shift_ending_before_the_horizon_still_needs_rest():
    h = History(shifts=(past(-1, 20, 8, "night"),))  # ends day 0 04:00
    pol = policy("min-rest")
    p = make_problem([make_worker()], [make_shift(0, 9, 8)], pol=pol, history=h)
    assert_refused(p, "min-rest")
    assert_solved_and_valid(
        make_problem([make_worker()], [make_shift(0, 15, 8)], pol=pol, history=h)
    )


def test_consecutive_days__five_days_before_the_horizon_plus_two_are_refused():
    h = History(shifts=tuple(past(-i) for i in range(1, 6)))
    pol = policy("consecutive-days", target_consecutive_working_days=None)
    p = make_problem([make_worker()], [make_shift(0), make_shift(1)], pol=pol, history=h)
    assert_refused(p, "consecutive-days")
    assert_solved_and_valid(
        make_problem([make_worker()], [make_shift(0), make_shift(2)], pol=pol, history=h)
    )


def test_consecutive_nights__three_past_nights_plus_two_are_refused():
    h = History(shifts=tuple(past(-i, 22, 8, "night") for i in range(1, 4)))
    pol = policy("consecutive-nights", target_consecutive_nights=None)
    p = make_problem(
        [make_worker()], [make_shift(i, 22, 8, "night") for i in range(2)], pol=pol, history=h
    )
    assert_refused(p, "consecutive-nights")


def test_days_off_after_nights__a_night_run_ending_before_the_horizon_needs_a_day_off():
    h = History(shifts=(past(-1, 22, 8, "night"),))
    pol = policy("days-off-after-nights", target_days_off_after_nights=None)
    p = make_problem([make_worker()], [make_shift(0, 17, 5)], pol=pol, history=h)
    assert_refused(p, "days-off-after-nights")


def test_exposure_7_days__past_exposure_counts_toward_the_rolling_ceiling():
    h = History(daily_exposure=tuple(DailyExposure("w1", day(-i), 200) for i in range(1, 6)))
    w = make_worker(limits={"cleared_categories": frozenset({"cat-a"})})
    s = make_shift(0)
    d = make_demand(s, exposure_category="cat-a", severity_weight=1.0, exposure_minutes=240)
    pol = policy("exposure-7-days", target_exposure_minutes_per_7_days=None)
    assert_refused(make_problem([w], [s], [d], pol=pol, history=h), "exposure-7-days")
    d2 = make_demand(s, exposure_category="cat-a", severity_weight=1.0, exposure_minutes=200)
    assert_solved_and_valid(make_problem([w], [s], [d2], pol=pol, history=h))


def test_consecutive_exposure_days__past_high_severity_days_count():
    h = History(
        shifts=tuple(
            past(-i, exposure_category="cat-a", severity_weight=1.5, exposure_minutes=60)
            for i in range(1, 5)
        )
    )
    w = make_worker(limits={"cleared_categories": frozenset({"cat-a"})})
    shifts = [make_shift(0), make_shift(1)]
    ds = [
        make_demand(s, exposure_category="cat-a", severity_weight=1.0, exposure_minutes=60)
        for s in shifts
    ]
    pol = policy("consecutive-exposure-days", target_consecutive_exposure_days=None)
    assert_refused(make_problem([w], shifts, ds, pol=pol, history=h), "consecutive-exposure-days")


def test_forbidden_succession__the_last_past_day_counts():
    h = History(shifts=(past(-1, 9, 8, "a"),))
    p = make_problem(
        [make_worker()],
        [make_shift(0, 9, 8, "b")],
        pol=policy("forbidden-succession"),
        history=h,
        forbidden_successions=frozenset({("a", "b")}),
    )
    assert_refused(p, "forbidden-succession")


def test_on_call_share__past_on_call_counts_toward_the_window():
    h = History(shifts=tuple(past(-i, 8, 12, on_call=True) for i in range(1, 4)))
    s = make_shift(0, 8, 12)
    pol = policy("on-call-share", on_call_window_days=7)
    p = make_problem([make_worker()], [s], [make_demand(s, on_call=True)], pol=pol, history=h)
    assert_refused(p, "on-call-share")


def test_no_overlap__a_past_shift_running_into_the_horizon_blocks_it():
    h = History(shifts=(past(-1, 20, 14),))  # until day 0 10:00
    p = make_problem([make_worker()], [make_shift(0, 9, 8)], history=h)
    assert_refused(p, "no-overlap")


def test_exposure_7_days__history_already_over_the_ceiling_refuses_only_more_exposure():
    h = History(daily_exposure=tuple(DailyExposure("w1", day(-i), 240) for i in range(1, 7)))
    w = make_worker(limits={"cleared_categories": frozenset({"cat-a"})})
    s = make_shift(0)
    pol = policy("exposure-7-days", target_exposure_minutes_per_7_days=None)
    assert_solved_and_valid(make_problem([w], [s], pol=pol, history=h))
    d = make_demand(s, exposure_category="cat-a", severity_weight=1.0, exposure_minutes=30)
    assert_refused(make_problem([w], [s], [d], pol=pol, history=h), "exposure-7-days")
