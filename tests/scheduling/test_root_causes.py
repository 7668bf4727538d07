"""An impossible plan is explained by its root cause first: too few qualified people across the
horizon, then every unfillable slot of one kind as one line; all within the time limit."""

import time

from sched_factories import day, local, make_demand, make_problem, make_shift, make_worker, policy

from scheduling import ShiftInstance, solve
from scheduling.diagnose import CAPACITY, UNFILLABLE, root_causes
from scheduling.facts import compute_facts

CLEARED = {"cleared_categories": frozenset({"cat-a"})}


def _one_cleared_person_every_day(days: int = 14):
    shifts = [make_shift(n, 9, 8) for n in range(days)]
    demands = [
        make_demand(s, exposure_category="cat-a", severity_weight=1.0, exposure_minutes=60)
        for s in shifts
    ]
    workers = [make_worker("w1", limits=CLEARED), make_worker("w2"), make_worker("w3")]
    pol = policy(
        "consecutive-days",
        "category-clearance",
        max_consecutive_working_days=6,
        target_consecutive_working_days=None,
    )
    return make_problem(workers, shifts, demands, pol=pol)


def _korean_desk_while_the_speaker_is_away():
    shifts = [
        ShiftInstance(
            f"kr{n}",
            "day",
            local(day(n), 9, zone="Asia/Seoul"),
            local(day(n), 17, zone="Asia/Seoul"),
            "Korean desk",
        )
        for n in range(5)
    ]
    demands = [make_demand(s, required_languages=frozenset({"ko"})) for s in shifts]
    away = frozenset(day(n) for n in range(5))
    workers = [
        make_worker("w1", zone="Asia/Seoul", languages=frozenset({"ko"}), unavailable=away),
        make_worker("w2", languages=frozenset({"en"})),
    ]
    return make_problem(workers, shifts, demands, pol=policy("languages", "availability"))


def test_root_cause__one_cleared_person_for_a_daily_queue_is_said_first():
    p = _one_cleared_person_every_day()
    r = solve(p, time_limit=10, workers=1)
    assert r.status == "infeasible"
    first = r.explanation[0]
    assert first.rule_id == CAPACITY
    assert first.workers == ("w1",)
    assert "only 1 person (w1) cleared for cat-a" in first.message
    assert "14 places" in first.message and "at most 12" in first.message


def test_root_cause__enough_cleared_people_give_no_capacity_line():
    p = _one_cleared_person_every_day(days=6)
    assert root_causes(p, compute_facts(p)) == ()
    assert solve(p, time_limit=10, workers=1).has_rota


def test_root_cause__every_unfillable_slot_of_one_kind_is_one_line():
    p = _korean_desk_while_the_speaker_is_away()
    r = solve(p, time_limit=10, workers=1)
    assert r.status == "infeasible"
    first = r.explanation[0]
    assert first.rule_id == UNFILLABLE and first.count == 5
    assert "Korean desk, 5 slots every day Mon 6 Apr 2026 – Fri 10 Apr 2026" in first.message
    assert "nobody available speaking ko" in first.message
    assert "w1: unavailable Mon 6 Apr 2026 – Fri 10 Apr 2026" in first.message


def test_root_cause__a_feasible_desk_has_no_root_cause():
    p = _korean_desk_while_the_speaker_is_away()
    w1 = p.workers[0]
    back = make_problem(
        (make_worker("w1", zone="Asia/Seoul", languages=w1.languages), p.workers[1]),
        p.shifts,
        p.demands,
        pol=p.policy,
    )
    assert root_causes(back, compute_facts(back)) == ()


def test_root_cause__the_explanation_finishes_within_the_time_limit():
    p = _one_cleared_person_every_day(days=28)
    t0 = time.perf_counter()
    r = solve(p, time_limit=4, workers=1)
    assert r.status == "infeasible" and r.explanation
    assert r.timings.total <= 4 + 1.0, r.timings
    assert time.perf_counter() - t0 < 10


def test_explanations_name_the_slot_they_are_about_as_data():
    from sched_factories import make_demand, make_problem, make_shift, make_worker

    from scheduling import explain_infeasibility

    s = make_shift(0)
    d = make_demand(s, min_headcount=2)
    p = make_problem([make_worker()], [s], [d])
    lines = explain_infeasibility(p, budget=5.0)
    assert lines and all(e.demand_id == d.id for e in lines if e.rule_id != "unexplained")
    assert {e.rule_id for e in lines} >= {"coverage"}
