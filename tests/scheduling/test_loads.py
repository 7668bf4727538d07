"""The engine's reading of a rota per assignment and per person, the one the views show."""

from dataclasses import replace

from sched_factories import day, local, make_demand, make_problem, make_shift, make_worker, put

from scheduling import assignment_facts, worker_loads

SYDNEY = "Australia/Sydney"


def test_a_sydney_night_is_a_night_on_its_local_day_for_a_sydney_responder():
    s = make_shift(0, 22, 9, kind="night", zone=SYDNEY)
    p = make_problem([make_worker(zone=SYDNEY)], [s])
    (f,) = assignment_facts(p, put("w1", *p.demands))
    assert f.night and f.local_day == day(0) and f.minutes == 9 * 60
    assert f.night_minutes > 0


def test_the_same_instant_is_daytime_for_a_responder_in_another_zone():
    s = make_shift(0, 22, 9, kind="night", zone=SYDNEY)  # 12:00-21:00 UTC
    p = make_problem([make_worker(zone="UTC")], [s])
    (f,) = assignment_facts(p, put("w1", *p.demands))
    assert not f.night and f.night_minutes == 0 and f.local_day == day(0)


def test_a_saturday_morning_in_tokyo_is_a_weekend_though_it_is_friday_in_utc():
    saturday = next(day(n) for n in range(7) if day(n).weekday() == 5)
    start = local(saturday, 7, zone="Asia/Tokyo")  # Friday 22:00 UTC
    s = replace(make_shift(0), id="sat", start=start, end=start.replace(hour=start.hour + 1))
    p = make_problem([make_worker(zone="Asia/Tokyo")], [s])
    (f,) = assignment_facts(p, put("w1", *p.demands))
    assert f.weekend and f.local_day == saturday and start.weekday() == 4


def test_high_severity_follows_the_teams_threshold_not_a_fixed_label():
    s = make_shift(0)
    d = make_demand(s, exposure_category="cat-a", severity_weight=0.7, exposure_minutes=120)
    w = make_worker(limits={"cleared_categories": frozenset({"cat-a"})})
    p = make_problem([w], [s], [d])
    (f,) = assignment_facts(p, put("w1", d))
    assert not f.high_severity and f.exposure_minutes == 84  # 120 min weighted by 0.7
    lower = replace(p, policy=replace(p.policy, high_severity_threshold=0.5))
    (g,) = assignment_facts(lower, put("w1", d))
    assert g.high_severity and g.exposure_minutes == 84


def test_two_nights_starting_on_one_local_day_count_as_two_nights_in_the_load():
    a = make_shift(0, 0, 7, kind="night", sid="n-early")
    b = make_shift(0, 22, 8, kind="night", sid="n-late")
    p = make_problem([make_worker()], [a, b])
    (load,) = worker_loads(p, put("w1", *p.demands))
    assert load.nights == 2 and load.peak_nights_14_days == 2


def test_assignments_naming_nobody_known_are_left_out():
    s = make_shift(0)
    p = make_problem([make_worker()], [s])
    (a,) = put("w1", *p.demands)
    assert assignment_facts(p, [replace(a, worker_id="ghost")]) == ()
