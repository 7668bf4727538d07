from datetime import date, timedelta

import pytest
from skills_factories import make_assessment, make_skill, utc

from skills.errors import InvalidValueError, NotAllowedError, SkillsError, UnknownReferenceError
from skills.levels import (
    LevelFlag,
    approve_assessment,
    decide_assessment,
    effective_level,
    effective_levels,
    level_on,
    level_steps,
    levels_as_of,
    reject_assessment,
    validate_assessment,
)
from skills.model import AssessmentSource, AssessmentStatus

SKILL = make_skill()


def level(assessments, as_of, skill=SKILL, **kwargs):
    return effective_level("p1", skill, assessments, as_of, **kwargs)


def test_effective_level__self_rating_never_counts():
    rows = [make_assessment(source=AssessmentSource.SELF, assessor_id="p1", level=4)]
    result = level(rows, date(2026, 6, 1))
    assert result.level is None
    assert result.rota_level == 0
    assert result.source is None


def test_effective_level__self_rating_does_not_override_an_approved_level():
    rows = [
        make_assessment(level=2),
        make_assessment(
            source=AssessmentSource.SELF,
            assessor_id="p1",
            level=4,
            assessed_at=utc(2026, 4, 1),
        ),
    ]
    assert level(rows, date(2026, 6, 1)).level == 2


def test_effective_level__pending_rating_never_counts_and_is_flagged():
    rows = [make_assessment(status=AssessmentStatus.SUBMITTED, decided_by=None, level=4)]
    result = level(rows, date(2026, 6, 1))
    assert result.level is None
    assert LevelFlag.PENDING in result.flags
    assert result.pending == tuple(rows)


def test_effective_level__rejected_and_withdrawn_ratings_never_count():
    rows = [
        make_assessment(status=AssessmentStatus.REJECTED, level=4),
        make_assessment(status=AssessmentStatus.WITHDRAWN, level=4),
    ]
    result = level(rows, date(2026, 6, 1))
    assert result.level is None
    assert result.flags == frozenset()


def test_effective_level__newer_pending_submission_keeps_old_level_and_flags_it():
    old = make_assessment(level=2)
    newer = make_assessment(
        level=3, status=AssessmentStatus.SUBMITTED, decided_by=None, assessed_at=utc(2026, 4, 1)
    )
    as_of_before_submission = level([old, newer], date(2026, 3, 31))
    as_of_after_submission = level([old, newer], date(2026, 4, 1))
    assert as_of_before_submission.level == 2
    assert LevelFlag.PENDING not in as_of_before_submission.flags
    assert as_of_after_submission.level == 2
    assert as_of_after_submission.flags == {LevelFlag.PENDING}


@pytest.mark.parametrize(
    ("as_of", "expected", "pending"),
    [
        (date(2026, 3, 9), None, True),  # the day before the approval
        (date(2026, 3, 10), 3, False),  # the day of the approval
        (date(2026, 3, 11), 3, False),  # the day after
    ],
)
def test_effective_level__counts_from_the_day_of_approval(as_of, expected, pending):
    rows = [make_assessment(assessed_at=utc(2026, 3, 1, 9), decided_at=utc(2026, 3, 10, 17))]
    result = level(rows, as_of)
    assert result.level == expected
    assert (LevelFlag.PENDING in result.flags) is pending


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2026, 2, 28), None), (date(2026, 3, 1), 3), (date(2026, 3, 2), 3)],
)
def test_effective_level__counts_from_the_utc_day_it_was_made(as_of, expected):
    rows = [make_assessment(assessed_at=utc(2026, 3, 1, 23, 59))]
    assert level(rows, as_of).level == expected


def test_effective_level__latest_approved_assessment_wins_even_when_lower():
    rows = [
        make_assessment(level=4, assessed_at=utc(2026, 1, 1)),
        make_assessment(level=2, assessed_at=utc(2026, 2, 1)),
    ]
    assert level(rows, date(2026, 1, 31)).level == 4
    assert level(rows, date(2026, 2, 1)).level == 2


def test_effective_level__latest_not_applicable_means_no_level():
    rows = [
        make_assessment(level=3, assessed_at=utc(2026, 1, 1)),
        make_assessment(level=None, assessed_at=utc(2026, 2, 1)),
    ]
    result = level(rows, date(2026, 3, 1))
    assert result.level is None
    assert result.assessed_level is None
    assert result.source == rows[1]


def test_effective_level__ignores_other_people_and_skills():
    rows = [
        make_assessment(person_id="p2", level=4),
        make_assessment(skill_id="fraud", level=4),
    ]
    assert level(rows, date(2026, 6, 1)).level is None


EXPIRING_SKILL = make_skill(validity_days=365)


@pytest.mark.parametrize(
    ("as_of", "expected", "flags"),
    [
        (date(2026, 2, 28), 3, {LevelFlag.EXPIRING}),  # the day before the lapse
        (date(2026, 3, 1), None, {LevelFlag.EXPIRED}),  # the day it lapses
        (date(2026, 3, 2), None, {LevelFlag.EXPIRED}),  # the day after
        (date(2026, 1, 30), 3, {LevelFlag.EXPIRING}),  # 30 days before: warned
        (date(2026, 1, 29), 3, set()),  # 31 days before: not yet warned
    ],
)
def test_effective_level__lapses_on_assessed_date_plus_validity(as_of, expected, flags):
    rows = [make_assessment(assessed_at=utc(2025, 3, 1, 9))]
    result = level(rows, as_of, skill=EXPIRING_SKILL)
    assert result.level == expected
    assert result.flags == flags
    assert result.assessed_level == 3
    assert result.expires_on == date(2026, 3, 1)


def test_effective_level__recertification_restores_the_level():
    rows = [
        make_assessment(assessed_at=utc(2025, 3, 1)),
        make_assessment(assessed_at=utc(2026, 3, 5), level=4),
    ]
    assert level(rows, date(2026, 3, 4), skill=EXPIRING_SKILL).level is None
    assert level(rows, date(2026, 3, 5), skill=EXPIRING_SKILL).level == 4


RECENT_SKILL = make_skill(recency_days=90)


@pytest.mark.parametrize(
    ("as_of", "expected", "stale"),
    [
        (date(2026, 5, 1), 3, False),  # the day before: 89 days since the last work
        (date(2026, 5, 2), 2, True),  # the day: 90 days without work
        (date(2026, 5, 3), 2, True),  # the day after
    ],
)
def test_effective_level__stale_after_recency_days_without_work(as_of, expected, stale):
    rows = [make_assessment(assessed_at=utc(2026, 1, 1))]
    result = level(rows, as_of, skill=RECENT_SKILL, work_dates=[date(2026, 2, 1)])
    assert result.level == expected
    assert (LevelFlag.STALE in result.flags) is stale
    assert result.assessed_level == 3
    assert result.stale_from == date(2026, 5, 2)


def test_effective_level__recency_counts_from_the_assessment_when_never_worked():
    rows = [make_assessment(assessed_at=utc(2026, 1, 1))]
    assert level(rows, date(2026, 3, 31), skill=RECENT_SKILL, work_dates=[]).level == 3
    assert level(rows, date(2026, 4, 1), skill=RECENT_SKILL, work_dates=[]).level == 2


def test_effective_level__work_after_the_date_does_not_refresh_it():
    rows = [make_assessment(assessed_at=utc(2026, 1, 1))]
    result = level(rows, date(2026, 5, 2), skill=RECENT_SKILL, work_dates=[date(2026, 6, 1)])
    assert result.level == 2


def test_effective_level__recency_not_applied_without_work_dates_or_for_level_one():
    rows = [make_assessment(assessed_at=utc(2025, 1, 1))]
    assert level(rows, date(2026, 6, 1), skill=RECENT_SKILL).level == 3
    learner = [make_assessment(assessed_at=utc(2025, 1, 1), level=1)]
    assert level(learner, date(2026, 6, 1), skill=RECENT_SKILL, work_dates=[]).level == 1


def test_effective_levels__covers_every_person_and_skill_with_work_table():
    rows = [make_assessment(assessed_at=utc(2026, 1, 1))]
    fraud = make_skill(id="fraud", name="Fraud")
    table = effective_levels(["p1", "p2"], [RECENT_SKILL, fraud], rows, date(2026, 5, 2), work={})
    assert set(table) == {
        ("p1", "self-harm"),
        ("p1", "fraud"),
        ("p2", "self-harm"),
        ("p2", "fraud"),
    }
    assert table[("p1", "self-harm")].level == 2  # missing work entry = never worked
    assert levels_as_of(["p1"], [RECENT_SKILL], rows, date(2026, 5, 2)) == {("p1", "self-harm"): 3}


def test_level_steps__gives_the_level_per_day_as_a_step_function():
    skill = make_skill(validity_days=60, recency_days=30)
    rows = [
        make_assessment(level=2, assessed_at=utc(2026, 3, 1), decided_at=utc(2026, 3, 3)),
        make_assessment(level=4, assessed_at=utc(2026, 3, 20)),
        make_assessment(level=1, status=AssessmentStatus.SUBMITTED, assessed_at=utc(2026, 3, 27)),
    ]
    work = {("p1", "self-harm"): [date(2026, 3, 25)]}
    start, end = date(2026, 2, 25), date(2026, 6, 10)
    steps = level_steps(["p1"], [skill], rows, start, end, work=work)[("p1", "self-harm")]
    assert steps == (
        (date(2026, 2, 25), 0),
        (date(2026, 3, 3), 2),
        (date(2026, 3, 20), 4),
        (date(2026, 4, 24), 3),  # stale 30 days after the last work on 25 March
        (date(2026, 5, 19), 0),  # lapsed 60 days after 20 March
    )
    day = start
    while day <= end:
        expected = effective_level("p1", skill, rows, day, work_dates=work[("p1", "self-harm")])
        assert level_on(steps, day) == expected.rota_level, day
        day += timedelta(days=1)


def test_level_steps__refuses_an_end_before_the_start():
    with pytest.raises(InvalidValueError, match="end"):
        level_steps(["p1"], [SKILL], [], date(2026, 3, 2), date(2026, 3, 1))


NOW = utc(2026, 3, 15, 12)


@pytest.mark.parametrize("bad_level", [-1, 5, 3.5, True])
def test_validate_assessment__level_outside_zero_to_four_is_refused(bad_level):
    with pytest.raises(InvalidValueError) as error:
        validate_assessment(make_assessment(level=bad_level), {"self-harm": SKILL}, NOW)
    assert "level" in str(error.value) and "0-4" in str(error.value)


def test_validate_assessment__unknown_skill_is_refused_naming_the_skill():
    with pytest.raises(UnknownReferenceError) as error:
        validate_assessment(make_assessment(skill_id="crypto"), {"self-harm": SKILL}, NOW)
    assert "skill_id" in str(error.value) and "'crypto'" in str(error.value)
    assert "self-harm" in str(error.value)


def test_validate_assessment__future_date_is_refused():
    future = make_assessment(assessed_at=utc(2026, 3, 15, 13))
    with pytest.raises(InvalidValueError, match="assessed_at.*future"):
        validate_assessment(future, {"self-harm": SKILL}, NOW)
    validate_assessment(make_assessment(assessed_at=NOW), {"self-harm": SKILL}, NOW)


def test_validate_assessment__approving_an_assessment_of_oneself_is_refused():
    own = make_assessment(decided_by="p1")
    with pytest.raises(NotAllowedError, match="decided_by"):
        validate_assessment(own, {"self-harm": SKILL}, NOW)


def test_validate_assessment__rating_oneself_must_use_source_self():
    with pytest.raises(InvalidValueError, match="source"):
        validate_assessment(make_assessment(assessor_id="p1"), {"self-harm"}, NOW)
    with pytest.raises(InvalidValueError, match="assessor_id"):
        validate_assessment(
            make_assessment(source=AssessmentSource.SELF, assessor_id="boss"), {"self-harm"}, NOW
        )


def test_decide_assessment__approval_returns_an_updated_copy():
    submitted = make_assessment(status=AssessmentStatus.SUBMITTED, decided_by=None)
    approved = approve_assessment(submitted, "lead", utc(2026, 3, 2))
    assert approved.status == AssessmentStatus.APPROVED
    assert approved.decided_by == "lead"
    assert approved.decided_at == utc(2026, 3, 2)
    assert submitted.status == AssessmentStatus.SUBMITTED
    rejected = reject_assessment(submitted, "lead", utc(2026, 3, 2))
    assert rejected.status == AssessmentStatus.REJECTED


@pytest.mark.parametrize("decider", ["boss", "p1"])
def test_decide_assessment__assessor_or_assessed_person_cannot_decide(decider):
    submitted = make_assessment(status=AssessmentStatus.SUBMITTED, decided_by=None)
    with pytest.raises(NotAllowedError) as error:
        approve_assessment(submitted, decider, utc(2026, 3, 2))
    assert "decided_by" in str(error.value) and "ask" in str(error.value)


def test_decide_assessment__a_decided_assessment_cannot_be_decided_again():
    with pytest.raises(NotAllowedError, match="already decided"):
        decide_assessment(make_assessment(), "lead", False, utc(2026, 3, 2))


def test_decide_assessment__decision_before_the_assessment_is_refused():
    submitted = make_assessment(status=AssessmentStatus.SUBMITTED, decided_by=None)
    with pytest.raises(SkillsError, match="precede"):
        approve_assessment(submitted, "lead", utc(2026, 2, 1))
