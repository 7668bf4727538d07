from datetime import date

import pytest

from skills.errors import InvalidValueError
from skills.model import RoleTarget
from skills.risk import (
    CoverageWindow,
    RemovePerson,
    RiskStatus,
    SetLevel,
    coverage_risk,
    removal_impacts,
    risk_status,
    what_if,
)
from skills.targets import compute_gaps


def test_compute_gaps__gap_is_target_minus_level_floored_at_zero():
    report = compute_gaps(
        {"p1": ["responder"], "p2": ["responder"]},
        [RoleTarget("responder", "self-harm", 3)],
        {("p1", "self-harm"): 1, ("p2", "self-harm"): 4},
    )
    assert [(g.person_id, g.level, g.gap) for g in report.gaps] == [
        ("p1", 1, 2),
        ("p2", 4, 0),
    ]
    assert [g.person_id for g in report.open_gaps()] == ["p1"]


def test_compute_gaps__highest_target_across_roles_wins_and_mandatory_if_any_is():
    report = compute_gaps(
        {"p1": ["responder", "lead"]},
        [
            RoleTarget("responder", "self-harm", 3, mandatory=True),
            RoleTarget("lead", "self-harm", 4),
        ],
        {},
    )
    (gap,) = report.gaps
    assert (gap.role, gap.target_level, gap.level, gap.gap, gap.mandatory) == (
        "lead",
        4,
        0,
        4,
        True,
    )


def test_compute_gaps__burden_is_people_with_gap_times_average_gap():
    targets = [
        RoleTarget("responder", "self-harm", 3, mandatory=True),
        RoleTarget("responder", "fraud", 2),
    ]
    levels = {
        ("p1", "self-harm"): 0,
        ("p2", "self-harm"): 2,
        ("p3", "self-harm"): 3,
        ("p1", "fraud"): 1,
        ("p2", "fraud"): 2,
        ("p3", "fraud"): 2,
    }
    people = {"p1": ["responder"], "p2": ["responder"], "p3": ["responder"]}
    report = compute_gaps(people, targets, levels)
    self_harm, fraud = report.burdens
    assert self_harm.skill_id == "self-harm"
    assert (self_harm.people_with_gap, self_harm.average_gap, self_harm.burden) == (2, 2.0, 4.0)
    assert self_harm.mandatory and self_harm.mandatory_gaps == 2
    assert (fraud.people_with_gap, fraud.average_gap, fraud.burden) == (1, 1.0, 1.0)
    assert not fraud.mandatory


PEOPLE = ("p1", "p2", "p3", "p4")
LEVELS = {
    ("p1", "self-harm"): 4,
    ("p2", "self-harm"): 3,
    ("p3", "self-harm"): 2,  # supervised: never counts toward coverage
    ("p1", "csam"): 3,
    ("p4", "csam"): 1,
}
LANGUAGES = {"p2": {"ja"}, "p3": {"ja", "ko"}}


@pytest.mark.parametrize(
    ("count", "needed", "status"),
    [
        (0, 1, RiskStatus.NONE),
        (1, 1, RiskStatus.SINGLE_POINT),
        (2, 3, RiskStatus.SHORT),
        (2, 2, RiskStatus.OK),
    ],
)
def test_risk_status__none_single_point_short_ok(count, needed, status):
    assert risk_status(count, needed) == status


def test_coverage_risk__counts_people_at_or_above_level_three_per_skill():
    report = coverage_risk(PEOPLE, ["self-harm", "csam", "fraud"], LEVELS)
    assert report.skill("self-harm").qualified == ("p1", "p2")
    assert report.skill("self-harm").status == RiskStatus.OK
    assert report.skill("csam").count == 1
    assert report.skill("csam").status == RiskStatus.SINGLE_POINT
    assert report.skill("fraud").status == RiskStatus.NONE


def test_coverage_risk__minimum_level_is_a_parameter():
    report = coverage_risk(PEOPLE, ["self-harm"], LEVELS, min_level=2)
    assert report.skill("self-harm").count == 3


def test_coverage_risk__windows_by_skill_language_or_both():
    windows = [
        CoverageWindow("self-harm nights", skill_id="self-harm", needed=2),
        CoverageWindow("ja business hours", language="ja", needed=2),
        CoverageWindow("ko business hours", language="ko"),
        CoverageWindow("ja self-harm", skill_id="self-harm", language="ja"),
    ]
    report = coverage_risk(PEOPLE, [], LEVELS, windows, languages=LANGUAGES)
    assert report.window("self-harm nights").qualified == ("p1", "p2")
    assert report.window("self-harm nights").status == RiskStatus.OK
    assert report.window("ja business hours").qualified == ("p2", "p3")
    assert report.window("ko business hours").status == RiskStatus.SINGLE_POINT
    assert report.window("ko business hours").satisfiable
    assert report.window("ja self-harm").qualified == ("p2",)


def test_coverage_risk__language_window_without_languages_is_refused():
    with pytest.raises(InvalidValueError, match="languages"):
        coverage_risk(PEOPLE, [], LEVELS, [CoverageWindow("ja", language="ja")])


def test_coverage_window__needs_a_skill_or_a_language():
    with pytest.raises(InvalidValueError, match="skill_id"):
        CoverageWindow("empty")


def test_what_if__removing_a_person_puts_windows_at_risk():
    windows = [
        CoverageWindow("self-harm nights", skill_id="self-harm", needed=2),
        CoverageWindow("csam", skill_id="csam"),
    ]
    result = what_if(PEOPLE, ["self-harm", "csam"], LEVELS, windows, [RemovePerson("p1")])
    assert result.became_at_risk == ("self-harm nights",)
    assert result.became_unsatisfiable == ("self-harm nights", "csam")
    assert result.skills_became_at_risk == ("self-harm",)
    assert result.after.window("csam").status == RiskStatus.NONE
    assert "cannot be covered" in result.summary()


def test_what_if__training_someone_to_three_makes_a_window_satisfiable():
    windows = [CoverageWindow("self-harm trio", skill_id="self-harm", needed=3)]
    result = what_if(PEOPLE, ["self-harm"], LEVELS, windows, [SetLevel("p3", "self-harm", 3)])
    assert result.before.window("self-harm trio").count == 2
    assert result.became_satisfiable == ("self-harm trio",)
    assert result.no_longer_at_risk == ("self-harm trio",)
    assert result.became_at_risk == ()


def test_what_if__asks_the_feasibility_callback_before_and_after():
    calls = []

    def check(people, levels):
        calls.append((people, dict(levels)))
        return levels.get(("p3", "self-harm"), 0) >= 3

    result = what_if(
        PEOPLE, ["self-harm"], LEVELS, [], [SetLevel("p3", "self-harm", 3)], feasibility_check=check
    )
    assert (result.feasible_before, result.feasible_after) == (False, True)
    assert calls[0][0] == PEOPLE and calls[1][1][("p3", "self-harm")] == 3
    assert "can now meet" in result.summary()


def test_removal_impacts__removes_each_person_in_turn():
    windows = [CoverageWindow("csam", skill_id="csam")]
    results = removal_impacts(PEOPLE, ["csam"], LEVELS, windows, as_of=date(2026, 3, 1))
    assert [r.changes[0].person_id for r in results] == list(PEOPLE)
    assert [r.became_unsatisfiable for r in results] == [("csam",), (), (), ()]
