"""A Problem refuses inconsistent input with messages naming the field, the value and the fix."""

from datetime import UTC, datetime, timedelta

import pytest
from sched_factories import START, day, make_demand, make_problem, make_shift, make_worker

from scheduling import (
    History,
    PastShift,
    Policy,
    ProblemError,
    SchedulingError,
    ShiftInstance,
    SkillRequirement,
    Worker,
)


def _issue(exc: pytest.ExceptionInfo, field_part: str):
    found = [i for i in exc.value.issues if field_part in i.field]
    assert found, [str(i) for i in exc.value.issues]
    return found[0]


def test_check_problem__unknown_zone_is_named_with_its_value():
    with pytest.raises(ProblemError) as exc:
        make_problem([make_worker(zone="Mars/Olympus")], [make_shift(0)])
    i = _issue(exc, "workers[0].zone")
    assert i.value == "Mars/Olympus" and "IANA" in str(exc.value)
    assert isinstance(exc.value, SchedulingError)


def test_check_problem__shift_ending_before_it_starts_is_refused():
    s = datetime(2026, 4, 6, 9, tzinfo=UTC)
    bad = ShiftInstance("x", "day", s, s - timedelta(hours=1))
    with pytest.raises(ProblemError) as exc:
        make_problem([make_worker()], [bad])
    assert _issue(exc, "shifts[0].end")


def test_check_problem__naive_datetimes_are_refused():
    bad = ShiftInstance("x", "day", datetime(2026, 4, 6, 9), datetime(2026, 4, 6, 17))
    with pytest.raises(ProblemError) as exc:
        make_problem([make_worker()], [bad], days=1)
    assert "timezone-aware" in str(exc.value)


def test_check_problem__negative_limits_are_refused():
    with pytest.raises(ProblemError) as exc:
        make_problem([make_worker(limits={"max_weekends": -1})], [make_shift(0)])
    assert _issue(exc, "limits.max_weekends").value == -1


def test_check_problem__unknown_skill_and_language_are_refused():
    s = make_shift(0)
    d = make_demand(
        s,
        required_skills=(SkillRequirement("klingon-triage"),),
        required_languages=frozenset({"xx"}),
    )
    with pytest.raises(ProblemError) as exc:
        make_problem([make_worker()], [s], [d])
    assert _issue(exc, "required_skills").value == "klingon-triage"
    assert _issue(exc, "required_languages").value == "xx"


def test_check_problem__inconsistent_dates_are_refused():
    w = make_worker(limits={"start_date": day(5), "end_date": day(1)})
    w2 = Worker("w2", skill_levels={"a": ((day(3), 1), (day(1), 2))})
    with pytest.raises(ProblemError) as exc:
        make_problem([w, w2], [make_shift(0)])
    assert _issue(exc, "limits.start_date")
    assert _issue(exc, "skill_levels")


def test_check_problem__overlapping_past_shifts_are_refused():
    s = datetime(2026, 4, 1, 9, tzinfo=UTC)
    h = History(
        shifts=(
            PastShift("w1", s, s + timedelta(hours=8)),
            PastShift("w1", s + timedelta(hours=4), s + timedelta(hours=10)),
        )
    )
    with pytest.raises(ProblemError) as exc:
        make_problem([make_worker()], [make_shift(0)], history=h)
    assert _issue(exc, "history.shifts")


def test_check_problem__unknown_references_and_duplicates_are_refused():
    s = make_shift(0)
    with pytest.raises(ProblemError) as exc:
        make_problem([make_worker(), make_worker()], [s], [make_demand(s, shift_id="nope")])
    assert _issue(exc, "workers[1].id")
    assert _issue(exc, "demands[0].shift_id").value == "nope"


def test_check_problem__target_above_ceiling_is_refused():
    with pytest.raises(ProblemError) as exc:
        make_problem(
            [make_worker()],
            [make_shift(0)],
            pol=Policy(target_consecutive_nights=5, max_consecutive_nights=4),
        )
    assert _issue(exc, "policy.target_consecutive_nights").value == 5


def test_worker_level__is_a_step_function_of_the_day():
    w = Worker("w", skill_levels={"a": ((START, 1), (day(3), 3))})
    assert [w.level("a", day(i)) for i in (-1, 0, 2, 3, 9)] == [0, 1, 1, 3, 3]
    assert w.level("other", day(0)) == 0


def test_check_problem__a_shift_far_outside_the_horizon_is_refused():
    with pytest.raises(ProblemError) as exc:
        make_problem([make_worker()], [make_shift(0), make_shift(9)], days=2)
    assert _issue(exc, "shifts[1].start")


def test_check_problem__a_past_shift_inside_the_horizon_is_refused():
    s = datetime(2026, 4, 6, 12, tzinfo=UTC)
    h = History(shifts=(PastShift("w1", s, s + timedelta(hours=2)),))
    with pytest.raises(ProblemError) as exc:
        make_problem([make_worker()], [make_shift(0)], history=h)
    assert "before the first shift" in str(exc.value)
