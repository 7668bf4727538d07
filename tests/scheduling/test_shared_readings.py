"""The readings every hard rule shares (local day, nights, leave overlap, recovery, overrides,
country caps): for each, a minimal feasible and a minimal infeasible case, the model's verdict
checked against the independent validator."""

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
    put,
)

from scheduling import (
    CriticalIncident,
    History,
    MonthlyCap,
    PastShift,
    Pin,
    ShiftInstance,
    validate,
)

KOLKATA = "Asia/Kolkata"
CLEARED = {"cleared_categories": frozenset({"cat-a"})}


def _shift(sid: str, start, hours: float, kind: str = "day") -> ShiftInstance:
    return ShiftInstance(sid, kind, start, start + timedelta(hours=hours))


def _expo(s, minutes=None, weight=1.0, **kw):
    return make_demand(
        s, exposure_category="cat-a", severity_weight=weight, exposure_minutes=minutes, **kw
    )


# ---- one meaning of a local day ---------------------------------------------------------------


def _first_local_day_team(history_days: int):
    """w1 in Kolkata worked ``history_days`` local days up to the morning of day -1; the horizon
    opens with a block at 23:30 Kolkata on day -1 (cut in Auckland time) that only w2 may take,
    then a day-0 shift that only w1 may take."""
    late = _shift("late", local(day(-1), 23, 30, KOLKATA), 1)
    morning = _shift("morning", local(day(0), 9, 0, KOLKATA), 8)
    past = tuple(
        PastShift("w1", local(day(-k), 9, 0, KOLKATA), local(day(-k), 13, 0, KOLKATA), "day")
        for k in range(1, history_days + 1)
    )
    workers = [make_worker("w1", zone=KOLKATA), make_worker("w2", zone=KOLKATA)]
    d_late, d_morning = make_demand(late), make_demand(morning)
    pins = (Pin("w2", d_late.id), Pin("w1", d_morning.id))
    return make_problem(
        workers,
        [late, morning],
        [d_late, d_morning],
        pol=policy("consecutive-days", max_consecutive_working_days=6),
        history=History(shifts=past),
        pins=pins,
    )


def test_local_day__history_on_a_workers_first_local_day_counts_towards_a_run_of_days():
    # days -6..-1 in history (day -1 is a horizon day for Kolkata) + day 0 planned = 7 in a row
    p = _first_local_day_team(history_days=6)
    assert_refused(p, "consecutive-days", rota=put("w2", p.demands[0]) + put("w1", p.demands[1]))


def test_local_day__six_days_with_history_on_the_first_local_day_are_allowed():
    assert_solved_and_valid(_first_local_day_team(history_days=5))


def test_local_day__history_exposure_earlier_on_the_first_local_day_adds_to_the_plan():
    late = _shift("late", local(day(-1), 23, 0, KOLKATA), 1)
    past = PastShift(
        "w1",
        local(day(-1), 9, 0, KOLKATA),
        local(day(-1), 12, 0, KOLKATA),
        "day",
        exposure_category="cat-a",
        severity_weight=1.0,
        exposure_minutes=180,
    )
    pol = policy("exposure-per-day", max_exposure_minutes_per_day=240, max_shifts_per_local_day=2)
    worker = make_worker("w1", zone=KOLKATA, limits=CLEARED)
    too_much = make_problem(
        [worker], [late], [_expo(late, 61)], pol=pol, history=History(shifts=(past,))
    )
    assert_refused(too_much, "exposure-per-day", rota=put("w1", *too_much.demands))
    enough = make_problem(
        [worker], [late], [_expo(late, 60)], pol=pol, history=History(shifts=(past,))
    )
    assert_solved_and_valid(enough)


# ---- nights are counted per night shift -------------------------------------------------------


def _nights(extra_night: bool, rule: str, **fields):
    """Two night shifts on local day 0 (00:00-04:00 and 22:00-02:00), optionally a third on day 1,
    one worker, two shifts a day allowed."""
    n1 = _shift("n1", local(day(0), 0), 4, "night")
    n2 = _shift("n2", local(day(0), 22), 4, "night")
    shifts = [n1, n2] + ([_shift("n3", local(day(1), 22), 4, "night")] if extra_night else [])
    pol = policy(rule, max_shifts_per_local_day=2, night_min_minutes=180, **fields)
    return make_problem([make_worker()], shifts, pol=pol)


def _per_14_days(extra_night: bool):
    return _nights(
        extra_night, "nights-per-14-days", max_nights_per_14_days=2, target_nights_per_14_days=None
    )


def test_nights__two_night_shifts_on_one_local_day_count_as_two_in_14_days():
    p = _per_14_days(True)
    assert_refused(p, "nights-per-14-days", rota=put("w1", *p.demands))


def test_nights__two_night_shifts_on_one_local_day_fit_a_cap_of_two():
    assert_solved_and_valid(_per_14_days(False))


def _run_of_nights(extra_night: bool):
    return _nights(
        extra_night, "consecutive-nights", max_consecutive_nights=2, target_consecutive_nights=None
    )


def test_nights__three_night_shifts_over_two_local_days_break_a_run_cap_of_two():
    p = _run_of_nights(True)
    assert_refused(p, "consecutive-nights", rota=put("w1", *p.demands))


def test_nights__two_night_shifts_on_one_local_day_are_a_run_of_two():
    assert_solved_and_valid(_run_of_nights(False))


# ---- leave overlap ------------------------------------------------------------------------------


def test_leave__a_night_running_into_a_leave_day_is_not_given():
    night = make_shift(0, 22, 8, "night")
    w = make_worker(unavailable=frozenset({day(1)}))
    p = make_problem([w], [night], pol=policy("availability"))
    assert_refused(p, "availability", rota=put("w1", *p.demands))


def test_leave__a_shift_ending_at_midnight_before_a_leave_day_is_given():
    evening = make_shift(0, 16, 8, "late")
    w = make_worker(unavailable=frozenset({day(1)}))
    assert_solved_and_valid(make_problem([w], [evening], pol=policy("availability")))


# ---- recovery after a critical incident ---------------------------------------------------------


def _recovery(start_hour_day1: int, **incident):
    """An incident at 22:00 on day -1 inside a past shift 20:00-04:00; a high-severity shift on
    day 0 or 1 starting at ``start_hour_day1`` hours after day 0 00:00."""
    past = PastShift("w1", local(day(-1), 20), local(day(0), 4), "night")
    inc = CriticalIncident("w1", local(day(-1), 22), **incident)
    start = local(day(0), 0) + timedelta(hours=start_hour_day1)
    s = _shift("s", start, 4)
    return make_problem(
        [make_worker(limits=CLEARED)],
        [s],
        [_expo(s, 60)],
        pol=policy("critical-incident-recovery"),
        history=History(shifts=(past,), critical_incidents=(inc,)),
    )


def test_recovery__runs_until_24_hours_after_the_end_of_the_shift_of_the_incident():
    # 25 h after the incident, but 3 h before the shift's end + 24 h (day 1 04:00)
    p = _recovery(23)
    assert_refused(p, "critical-incident-recovery", rota=put("w1", *p.demands))


def test_recovery__high_severity_work_after_the_shift_end_plus_24_hours_is_allowed():
    assert_solved_and_valid(_recovery(28))


def test_recovery__a_waiver_by_someone_else_is_no_waiver():
    p = _recovery(23, waived_by="a-lead")
    assert not p.history.critical_incidents[0].waived
    assert_refused(p, "critical-incident-recovery", rota=put("w1", *p.demands))


def test_recovery__the_responders_own_waiver_lifts_it():
    assert_solved_and_valid(_recovery(23, waived_by="w1"))


# ---- per-person limits are stricter only ------------------------------------------------------


def _seven_days(**limits):
    shifts = [make_shift(n) for n in range(7)]
    return make_problem(
        [make_worker(limits=limits)],
        shifts,
        pol=policy(
            "consecutive-days", max_consecutive_working_days=6, target_consecutive_working_days=None
        ),
    )


def test_overrides__a_looser_personal_limit_without_opt_in_is_not_applied():
    p = _seven_days(max_consecutive_working_days=8)
    assert_refused(p, "consecutive-days", rota=put("w1", *p.demands))


def test_overrides__a_looser_personal_limit_the_person_opted_into_is_applied():
    p = _seven_days(
        max_consecutive_working_days=8, opted_in=frozenset({"max_consecutive_working_days"})
    )
    assert_solved_and_valid(p)


def test_overrides__a_stricter_personal_limit_is_applied():
    shifts = [make_shift(n) for n in range(4)]
    p = make_problem(
        [make_worker(limits={"max_consecutive_working_days": 3})],
        shifts,
        pol=policy(
            "consecutive-days", max_consecutive_working_days=6, target_consecutive_working_days=None
        ),
    )
    assert_refused(p, "consecutive-days", rota=put("w1", *p.demands))


# ---- country caps -----------------------------------------------------------------------------


def _day_of(hours: float, cap_minutes: int):
    a = _shift("a", local(day(0), 6), hours)
    b = _shift("b", local(day(0), 6 + hours), hours)
    w = make_worker(limits={"max_minutes_per_local_day": cap_minutes})
    return make_problem([w], [a, b], pol=policy("minutes-per-day", max_shifts_per_local_day=2))


def test_minutes_per_day__twelve_hours_on_a_local_day_break_a_ten_hour_day_cap():
    p = _day_of(6, 600)
    assert_refused(p, "minutes-per-day", rota=put("w1", *p.demands))


def test_minutes_per_day__ten_hours_on_a_local_day_fit_a_ten_hour_day_cap():
    assert_solved_and_valid(_day_of(5, 600))


def _month_of(planned_hours: float):
    # 8 h worked on day -3 (the same calendar month), a cap of 10 h overtime and no normal hours
    past = PastShift("w1", local(day(-3), 9), local(day(-3), 17), "day")
    s = make_shift(0, 9, planned_hours)
    w = make_worker(limits={"monthly_cap": MonthlyCap(0, 600)})
    return make_problem([w], [s], pol=policy("minutes-per-month"), history=History(shifts=(past,)))


def test_minutes_per_month__history_and_plan_above_the_monthly_cap_are_refused():
    p = _month_of(3)
    assert_refused(p, "minutes-per-month", rota=put("w1", *p.demands))


def test_minutes_per_month__history_and_plan_at_the_monthly_cap_are_allowed():
    assert_solved_and_valid(_month_of(2))


def test_country_caps__the_monthly_cap_is_pro_rata_to_the_months_length():
    assert MonthlyCap(2400, 2700).minutes(28) == 2400 * 4 + 2700
    assert MonthlyCap(2400, 2700).minutes(31) == 2400 * 31 // 7 + 2700


def test_country_caps__a_validator_accepted_rota_within_the_cap_has_no_violation():
    p = _month_of(2)
    assert validate(p, put("w1", *p.demands)) == []


def test_local_day__a_night_given_in_sydney_time_across_the_dst_end_has_its_real_length():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    sydney = ZoneInfo("Australia/Sydney")
    # clocks go back at 03:00 on Sunday 5 April 2026: 22:00-06:00 lasts nine hours
    night = ShiftInstance(
        "n",
        "night",
        datetime(2026, 4, 4, 22, tzinfo=sydney),
        datetime(2026, 4, 5, 6, tzinfo=sydney),
    )
    assert night.minutes == 540 and night.start.utcoffset() == timedelta(0)
    assert night.start.astimezone(sydney).date() == date(2026, 4, 4)
