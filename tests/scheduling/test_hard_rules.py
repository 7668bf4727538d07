"""Each hard rule: a minimal feasible case and a minimal infeasible case (explained + validated)."""

from datetime import date, time, timedelta

from sched_factories import (
    START,
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
    run,
)

from scheduling import (
    CriticalIncident,
    History,
    PairingRequest,
    Pin,
    SkillRequirement,
    validate,
)

# ---- coverage, pins, structure ---------------------------------------------------------------


def test_coverage__two_needed_with_one_worker_is_refused():
    s = make_shift(0)
    d = make_demand(s, min_headcount=2)
    p = make_problem([make_worker()], [s], [d])
    assert_refused(p, "coverage", rota=put("w1", d))


def test_coverage__one_needed_with_one_worker_is_filled():
    r = assert_solved_and_valid(make_problem([make_worker()], [make_shift(0)]))
    assert [a.worker_id for a in r.assignments] == ["w1"]


def test_coverage__above_max_headcount_is_refused():
    s = make_shift(0)
    d = make_demand(s, min_headcount=1, max_headcount=1)
    p = make_problem(
        [make_worker("a"), make_worker("b")], [s], [d], pins=(Pin("a", d.id), Pin("b", d.id))
    )
    assert_refused(p, "coverage", rota=put("a", d) + put("b", d))


def test_pins__pinned_assignment_is_kept():
    s = make_shift(0)
    d = make_demand(s)
    p = make_problem([make_worker("a"), make_worker("b")], [s], [d], pins=(Pin("b", d.id),))
    r = assert_solved_and_valid(p)
    assert [a.worker_id for a in r.assignments] == ["b"]


def test_pins__pin_on_an_unavailable_day_is_refused():
    s = make_shift(0)
    d = make_demand(s)
    w = make_worker("a", unavailable=frozenset({day(0)}))
    p = make_problem(
        [w, make_worker("b")], [s], [d], pins=(Pin("a", d.id),), pol=policy("availability")
    )
    r = assert_refused(p, "pins")
    assert {e.rule_id for e in r.explanation} == {"pins", "availability"}
    assert "pins" in {v.rule_id for v in validate(p, put("b", d))}


def test_no_overlap__two_overlapping_shifts_for_one_worker_are_refused():
    a, b = make_shift(0, 9, 8, sid="a"), make_shift(0, 12, 8, sid="b")
    p = make_problem([make_worker()], [a, b], pol=policy())
    assert_refused(p, "no-overlap", rota=put("w1", *p.demands))


def test_no_overlap__back_to_back_shifts_on_two_days_are_allowed():
    p = make_problem([make_worker()], [make_shift(0), make_shift(1)])
    assert_solved_and_valid(p)


def test_shifts_per_day__two_shifts_starting_the_same_local_day_are_refused():
    a, b = make_shift(0, 1, 4, sid="a"), make_shift(0, 18, 4, sid="b")
    p = make_problem([make_worker()], [a, b])
    assert_refused(p, "shifts-per-day", rota=put("w1", *p.demands))


def test_shifts_per_day__allowed_when_the_policy_allows_two():
    a, b = make_shift(0, 1, 4, sid="a"), make_shift(0, 18, 4, sid="b")
    assert_solved_and_valid(
        make_problem([make_worker()], [a, b], pol=policy(max_shifts_per_local_day=2))
    )


# ---- eligibility ------------------------------------------------------------------------------


def test_availability__unavailable_day_is_refused():
    s = make_shift(0)
    p = make_problem(
        [make_worker(unavailable=frozenset({day(0)}))], [s], pol=policy("availability")
    )
    assert_refused(p, "availability", rota=put("w1", *p.demands))


def test_availability__before_start_date_is_refused_and_after_it_allowed():
    w = make_worker(limits={"start_date": day(1)})
    p = make_problem([w], [make_shift(0)], pol=policy("availability"))
    assert_refused(p, "availability", rota=put("w1", *p.demands))
    assert_solved_and_valid(make_problem([w], [make_shift(1)], pol=policy("availability")))


def test_holiday_agreement__holiday_without_agreement_is_refused():
    w = make_worker(holidays=frozenset({day(0)}), limits={"holiday_work_agreed": False})
    p = make_problem([w], [make_shift(0)], pol=policy("holiday-agreement"))
    assert_refused(p, "holiday-agreement", rota=put("w1", *p.demands))


def test_holiday_agreement__holiday_with_agreement_is_allowed():
    w = make_worker(holidays=frozenset({day(0)}))
    assert_solved_and_valid(make_problem([w], [make_shift(0)], pol=policy("holiday-agreement")))


def test_skills__level_below_requirement_is_refused():
    w = make_worker(skill_levels={"triage": ((START, 1),)})
    s = make_shift(0)
    d = make_demand(s, required_skills=(SkillRequirement("triage", 2),))
    p = make_problem([w], [s], [d], pol=policy("skills"))
    assert_refused(p, "skills", rota=put("w1", d))


def test_skills__level_reached_on_a_later_day_is_allowed_that_day():
    w = make_worker(skill_levels={"triage": ((START, 1), (day(1), 2))})
    assert w.level("triage", day(0)) == 1 and w.level("triage", day(1)) == 2
    s = make_shift(1)
    d = make_demand(s, required_skills=(SkillRequirement("triage", 2),))
    assert_solved_and_valid(make_problem([w], [s], [d], pol=policy("skills")))


def test_languages__no_speaker_is_refused_and_a_speaker_is_chosen():
    a = make_worker("a", languages=frozenset({"th"}))
    b = make_worker("b", languages=frozenset({"ja"}))
    s = make_shift(0)
    d = make_demand(s, required_languages=frozenset({"ja"}))
    p = make_problem(
        [a], [s], [d], pol=policy("languages"), language_catalogue=frozenset({"ja", "th"})
    )
    assert_refused(p, "languages", rota=put("a", d))
    r = assert_solved_and_valid(make_problem([a, b], [s], [d], pol=policy("languages")))
    assert [x.worker_id for x in r.assignments] == ["b"]


# ---- working time -----------------------------------------------------------------------------


def test_max_shift_length__thirteen_hours_is_refused_twelve_allowed():
    p = make_problem([make_worker()], [make_shift(0, 8, 13)], pol=policy("max-shift-length"))
    assert_refused(p, "max-shift-length", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem([make_worker()], [make_shift(0, 8, 12)], pol=policy("max-shift-length"))
    )


def test_max_shift_length__worker_cap_of_ten_hours_refuses_eleven():
    w = make_worker(limits={"max_shift_minutes": 600})
    p = make_problem([w], [make_shift(0, 8, 11)], pol=policy("max-shift-length"))
    assert_refused(p, "max-shift-length")


def test_min_rest__night_then_early_is_refused():
    p = make_problem(
        [make_worker()],
        [make_shift(0, 22, 8, "night"), make_shift(1, 13, 8, "late")],
        pol=policy("min-rest"),
    )
    assert_refused(p, "min-rest", rota=put("w1", *p.demands))


def test_min_rest__night_then_late_is_allowed():
    p = make_problem(
        [make_worker()],
        [make_shift(0, 22, 8, "night"), make_shift(1, 17, 8, "late")],
        pol=policy("min-rest"),
    )
    assert_solved_and_valid(p)


def test_min_rest__twelve_hour_worker_rest_refuses_eleven_and_a_half():
    w = make_worker(limits={"min_rest_minutes": 720})
    a = make_shift(0, 8, 8)
    b = local(day(1), 3, 30)
    from scheduling import ShiftInstance

    c = ShiftInstance("c", "early", b, b + timedelta(hours=6))
    p = make_problem([w], [a, c], pol=policy("min-rest"))
    assert_refused(p, "min-rest", rota=put("w1", *p.demands))


def test_forbidden_succession__a_then_b_next_day_is_refused_b_then_a_allowed():
    a, b = make_shift(0, 9, 8, "a"), make_shift(1, 9, 8, "b")
    p = make_problem(
        [make_worker()],
        [a, b],
        pol=policy("forbidden-succession"),
        forbidden_successions=frozenset({("a", "b")}),
    )
    assert_refused(p, "forbidden-succession", rota=put("w1", *p.demands))
    a2, b2 = make_shift(1, 9, 8, "a"), make_shift(0, 9, 8, "b")
    p2 = make_problem(
        [make_worker()],
        [b2, a2],
        pol=policy("forbidden-succession"),
        forbidden_successions=frozenset({("a", "b")}),
    )
    assert_solved_and_valid(p2)


def test_max_shifts_per_kind__two_nights_over_a_limit_of_one_are_refused():
    w = make_worker(limits={"max_shifts_per_kind": {"night": 1}})
    p = make_problem(
        [w],
        [make_shift(0, 22, 8, "night"), make_shift(2, 22, 8, "night")],
        pol=policy("max-shifts-per-kind"),
    )
    assert_refused(p, "max-shifts-per-kind", rota=put("w1", *p.demands))
    w2 = make_worker(limits={"max_shifts_per_kind": {"night": 2}})
    assert_solved_and_valid(make_problem([w2], p.shifts, pol=policy("max-shifts-per-kind")))


def test_total_minutes__above_maximum_is_refused_below_minimum_is_refused():
    shifts = [make_shift(0), make_shift(1)]
    w = make_worker(limits={"max_total_minutes": 900})
    p = make_problem([w], shifts, pol=policy("total-minutes"))
    assert_refused(p, "total-minutes", rota=put("w1", *p.demands))
    w2 = make_worker(limits={"min_total_minutes": 900})
    p2 = make_problem([w2], shifts, pol=policy("total-minutes"))
    assert_solved_and_valid(p2)
    p3 = make_problem([w2], shifts[:1], pol=policy("total-minutes"))
    assert_refused(p3, "total-minutes", rota=put("w1", *p3.demands))


def test_consecutive_days__seven_days_in_a_row_are_refused_six_allowed():
    pol = policy("consecutive-days", target_consecutive_working_days=None)
    p = make_problem([make_worker()], [make_shift(i) for i in range(7)], pol=pol)
    assert_refused(p, "consecutive-days", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem([make_worker()], [make_shift(i) for i in range(6)], pol=pol)
    )


def test_min_consecutive_days__a_lone_working_day_inside_the_horizon_is_refused():
    w = make_worker(limits={"min_consecutive_working_days": 2})
    p = make_problem([w], [make_shift(2)], pol=policy("min-consecutive-days"), days=5)
    assert_refused(p, "min-consecutive-days", rota=put("w1", *p.demands))


def test_min_consecutive_days__a_lone_day_touching_the_horizon_start_is_allowed():
    w = make_worker(limits={"min_consecutive_working_days": 2})
    assert_solved_and_valid(
        make_problem([w], [make_shift(0)], pol=policy("min-consecutive-days"), days=5)
    )


def test_min_consecutive_days_off__a_lone_day_off_is_refused_two_allowed():
    w = make_worker(limits={"min_consecutive_days_off": 2})
    pol = policy("min-consecutive-days-off")
    p = make_problem([w], [make_shift(0), make_shift(2), make_shift(4)], pol=pol, days=5)
    assert_refused(p, "min-consecutive-days-off", rota=put("w1", *p.demands))
    assert_solved_and_valid(make_problem([w], [make_shift(0), make_shift(3)], pol=pol, days=5))


def test_max_weekends__two_weekends_over_a_limit_of_one_are_refused():
    w = make_worker(limits={"max_weekends": 1})
    shifts = [make_shift(5), make_shift(12)]  # Saturday of week 1 and of week 2
    p = make_problem([w], shifts, pol=policy("max-weekends"))
    assert_refused(p, "max-weekends", rota=put("w1", *p.demands))
    w2 = make_worker(limits={"max_weekends": 1})
    assert_solved_and_valid(
        make_problem([w2], [make_shift(5), make_shift(6)], pol=policy("max-weekends"))
    )


def test_average_weekly_hours__above_the_average_is_refused():
    pol = policy("average-weekly-hours", max_avg_weekly_minutes=600, averaging_days=7)
    p = make_problem([make_worker()], [make_shift(0), make_shift(1)], pol=pol)
    assert_refused(p, "average-weekly-hours", rota=put("w1", *p.demands))
    assert_solved_and_valid(make_problem([make_worker()], [make_shift(0)], pol=pol))


def test_weekly_hours__country_cap_per_seven_days_is_refused_when_exceeded():
    pol = policy("weekly-hours", max_minutes_per_7_days=900)
    p = make_problem([make_worker()], [make_shift(0), make_shift(1)], pol=pol)
    assert_refused(p, "weekly-hours", rota=put("w1", *p.demands))
    assert_solved_and_valid(make_problem([make_worker()], [make_shift(0), make_shift(8)], pol=pol))


def test_weekly_rest__seven_twelve_hour_days_leave_no_24_hours_and_are_refused():
    pol = policy("weekly-rest", target_weekly_rest_minutes=None)
    p = make_problem([make_worker()], [make_shift(i, 9, 12) for i in range(7)], pol=pol)
    assert_refused(p, "weekly-rest", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem([make_worker()], [make_shift(i, 9, 12) for i in range(6)], pol=pol, days=7)
    )


# ---- nights -----------------------------------------------------------------------------------


def test_night_consent__night_without_consent_is_refused_day_allowed():
    w = make_worker(limits={"night_consent": False})
    p = make_problem([w], [make_shift(0, 22, 8, "night")], pol=policy("night-consent"))
    assert_refused(p, "night-consent", rota=put("w1", *p.demands))
    assert_solved_and_valid(make_problem([w], [make_shift(0, 9, 8)], pol=policy("night-consent")))


def test_night_shift_length__eleven_hour_night_is_refused_ten_allowed():
    pol = policy("night-shift-length", target_night_shift_minutes=None)
    p = make_problem([make_worker()], [make_shift(0, 21, 11, "night")], pol=pol)
    assert_refused(p, "night-shift-length", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem([make_worker()], [make_shift(0, 21, 10, "night")], pol=pol)
    )


def test_consecutive_nights__five_nights_are_refused_four_allowed():
    pol = policy("consecutive-nights", target_consecutive_nights=None)
    p = make_problem([make_worker()], [make_shift(i, 22, 8, "night") for i in range(5)], pol=pol)
    assert_refused(p, "consecutive-nights", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem([make_worker()], [make_shift(i, 22, 8, "night") for i in range(4)], pol=pol)
    )


def test_nights_per_14_days__seven_spread_nights_are_refused_six_allowed():
    pol = policy("nights-per-14-days", target_nights_per_14_days=None)
    p = make_problem(
        [make_worker()], [make_shift(2 * i, 22, 8, "night") for i in range(7)], pol=pol
    )
    assert_refused(p, "nights-per-14-days", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem(
            [make_worker()], [make_shift(2 * i, 22, 8, "night") for i in range(6)], pol=pol
        )
    )


def test_days_off_after_nights__working_the_day_after_a_night_run_is_refused():
    pol = policy("days-off-after-nights", target_days_off_after_nights=None)
    p = make_problem(
        [make_worker()], [make_shift(0, 22, 8, "night"), make_shift(1, 17, 5, "late")], pol=pol
    )
    assert_refused(p, "days-off-after-nights", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem(
            [make_worker()], [make_shift(0, 22, 8, "night"), make_shift(2, 17, 5, "late")], pol=pol
        )
    )


# ---- exposure ---------------------------------------------------------------------------------


def _expo(s, minutes=None, weight=1.0, category="cat-a", **kw):
    return make_demand(
        s, exposure_category=category, severity_weight=weight, exposure_minutes=minutes, **kw
    )


CLEARED = {"cleared_categories": frozenset({"cat-a"})}


def test_category_opt_out__opted_out_worker_is_refused():
    w = make_worker(limits={**CLEARED, "opted_out_categories": frozenset({"cat-a"})})
    s = make_shift(0)
    p = make_problem([w], [s], [_expo(s, 60)], pol=policy("category-opt-out"))
    assert_refused(p, "category-opt-out", rota=put("w1", *p.demands))


def test_category_opt_out__someone_who_did_not_opt_out_is_chosen():
    out = make_worker("out", limits={**CLEARED, "opted_out_categories": frozenset({"cat-a"})})
    other = make_worker("in", limits={**CLEARED, "opted_out_categories": frozenset({"cat-b"})})
    s = make_shift(0)
    p = make_problem([out, other], [s], [_expo(s, 60)], pol=policy("category-opt-out"))
    r = assert_solved_and_valid(p)
    assert [a.worker_id for a in r.assignments] == ["in"]


def test_category_clearance__uncleared_is_refused_cleared_allowed():
    s = make_shift(0)
    p = make_problem([make_worker()], [s], [_expo(s, 60)], pol=policy("category-clearance"))
    assert_refused(p, "category-clearance", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem(
            [make_worker(limits=CLEARED)], [s], [_expo(s, 60)], pol=policy("category-clearance")
        )
    )


def test_critical_incident_recovery__high_severity_within_24_hours_is_refused():
    s = make_shift(0, 20, 6)
    inc = CriticalIncident("w1", local(day(0), 8))
    p = make_problem(
        [make_worker(limits=CLEARED)],
        [s],
        [_expo(s, 60)],
        pol=policy("critical-incident-recovery"),
        history=History(critical_incidents=(inc,)),
    )
    assert_refused(p, "critical-incident-recovery", rota=put("w1", *p.demands))


def test_critical_incident_recovery__waived_or_after_24_hours_is_allowed():
    s, later = make_shift(0, 20, 6), make_shift(1, 9, 6)
    pol = policy("critical-incident-recovery")
    waived = History(critical_incidents=(CriticalIncident("w1", local(day(0), 8), waived=True),))
    assert_solved_and_valid(
        make_problem([make_worker(limits=CLEARED)], [s], [_expo(s, 60)], pol=pol, history=waived)
    )
    h = History(critical_incidents=(CriticalIncident("w1", local(day(0), 8)),))
    assert_solved_and_valid(
        make_problem([make_worker(limits=CLEARED)], [later], [_expo(later, 60)], pol=pol, history=h)
    )


def test_exposure_per_day__five_weighted_hours_are_refused_four_allowed():
    s = make_shift(0)
    pol = policy("exposure-per-day")
    p = make_problem([make_worker(limits=CLEARED)], [s], [_expo(s, 200, 1.5)], pol=pol)
    assert_refused(p, "exposure-per-day", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem([make_worker(limits=CLEARED)], [s], [_expo(s, 160, 1.5)], pol=pol)
    )


def test_exposure_7_days__above_twenty_hours_is_refused():
    pol = policy("exposure-7-days", target_exposure_minutes_per_7_days=None)
    shifts = [make_shift(i) for i in range(6)]
    p = make_problem(
        [make_worker(limits=CLEARED)], shifts, [_expo(s, 240) for s in shifts], pol=pol
    )
    assert_refused(p, "exposure-7-days", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem(
            [make_worker(limits=CLEARED)], shifts[:5], [_expo(s, 240) for s in shifts[:5]], pol=pol
        )
    )


def test_consecutive_exposure_days__six_days_are_refused_five_allowed():
    pol = policy("consecutive-exposure-days", target_consecutive_exposure_days=None)
    shifts = [make_shift(i) for i in range(6)]
    p = make_problem([make_worker(limits=CLEARED)], shifts, [_expo(s, 60) for s in shifts], pol=pol)
    assert_refused(p, "consecutive-exposure-days", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem(
            [make_worker(limits=CLEARED)], shifts[:5], [_expo(s, 60) for s in shifts[:5]], pol=pol
        )
    )


# ---- on-call and pairing ----------------------------------------------------------------------


def test_on_call_share__above_a_quarter_of_the_window_is_refused():
    pol = policy("on-call-share", on_call_window_days=7)  # cap: 42 h in 7 days
    shifts = [make_shift(i, 8, 12) for i in range(4)]
    p = make_problem(
        [make_worker()], shifts, [make_demand(s, on_call=True) for s in shifts], pol=pol
    )
    assert_refused(p, "on-call-share", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem(
            [make_worker()], shifts[:3], [make_demand(s, on_call=True) for s in shifts[:3]], pol=pol
        )
    )


def test_on_call_secondary__primary_without_secondary_is_refused():
    s = make_shift(0)
    prim = make_demand(s, on_call=True)
    p = make_problem(
        [make_worker("a"), make_worker("b")], [s], [prim], pol=policy("on-call-secondary")
    )
    assert_refused(p, "on-call-secondary", rota=put("a", prim))
    sec = make_demand(s, role="secondary")
    r = assert_solved_and_valid(
        make_problem(
            [make_worker("a"), make_worker("b")], [s], [prim, sec], pol=policy("on-call-secondary")
        )
    )
    assert {a.role for a in r.assignments} == {"primary", "secondary"}


def test_trainee_pairing__shadow_without_a_mentor_is_refused():
    s = make_shift(0)
    d = make_demand(s, min_headcount=0, allow_shadows=True)
    pq = PairingRequest("t", wanted_shifts=1, mentor_ids=frozenset({"m"}))
    p = make_problem(
        [make_worker("t"), make_worker("m")],
        [s],
        [d],
        pairings=(pq,),
        pins=(Pin("t", d.id, shadow=True), Pin("m", d.id, assigned=False)),
        pol=policy("trainee-pairing"),
    )
    assert_refused(p, "trainee-pairing")


def test_trainee_pairing__shadow_next_to_mentor_is_made_and_not_counted_as_coverage():
    s = make_shift(0)
    d = make_demand(s, allow_shadows=True, max_headcount=1)
    pq = PairingRequest("t", wanted_shifts=1, mentor_ids=frozenset({"m"}))
    w_t = make_worker("t", unavailable=frozenset())
    p = make_problem(
        [w_t, make_worker("m")],
        [s],
        [d],
        pairings=(pq,),
        pins=(Pin("t", d.id, assigned=False),),
        pol=policy("trainee-pairing"),
    )
    r = assert_solved_and_valid(p)
    assert {(a.worker_id, a.shadow) for a in r.assignments} == {("m", False), ("t", True)}
    assert r.objective == 0


def test_explanation__names_worker_time_and_relaxation():
    p = make_problem(
        [make_worker(unavailable=frozenset({day(0)}))], [make_shift(0)], pol=policy("availability")
    )
    r = run(p)
    av = [e for e in r.explanation if e.rule_id == "availability"]
    assert av and av[0].workers == ("w1",) and av[0].when == day(0)
    assert "unavailable" in av[0].message and av[0].relaxation
    assert len(r.explanation) <= 3


_ = (date, time)


def test_night_page_rest__a_shift_soon_after_a_night_page_is_refused():
    from scheduling import Page

    h = History(pages=(Page("w1", local(day(0), 2), local(day(0), 3)),))
    pol = policy("night-page-rest")
    p = make_problem([make_worker()], [make_shift(0, 9, 8)], pol=pol, history=h)
    assert_refused(p, "night-page-rest", rota=put("w1", *p.demands))
    assert_solved_and_valid(
        make_problem([make_worker()], [make_shift(0, 14, 8)], pol=pol, history=h)
    )


def test_night_page_rest__a_short_or_daytime_page_does_not_reset_rest():
    from scheduling import Page

    pol = policy("night-page-rest")
    short = History(pages=(Page("w1", local(day(0), 2), local(day(0), 2, 20)),))
    daytime = History(pages=(Page("w1", local(day(0), 7), local(day(0), 8)),))
    for h in (short, daytime):
        assert_solved_and_valid(
            make_problem([make_worker()], [make_shift(0, 9, 8)], pol=pol, history=h)
        )
