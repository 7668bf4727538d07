from datetime import date, time

import pytest
from skills_factories import make_relationship, make_skill, utc

from skills.errors import InvalidValueError, NotAllowedError
from skills.mentoring import (
    MentoringPolicy,
    WorkingHours,
    check_mentor,
    goal_checklist,
    goal_progress,
    goal_status,
    make_goal,
    mentor_load,
    overlap_hours,
    set_checklist_item,
    suggest_pairs,
    validate_relationship,
)
from skills.model import Interest, MentoringStatus

ON = date(2026, 3, 4)
TOKYO = WorkingHours("Asia/Tokyo", time(9), time(18))
SYDNEY = WorkingHours("Australia/Sydney", time(9), time(17))
SINGAPORE = WorkingHours("Asia/Singapore", time(9), time(18))
KOLKATA = WorkingHours("Asia/Kolkata", time(9, 30), time(18))


def test_check_mentor__needs_level_four_by_default_and_three_if_the_team_allows():
    levels = {("m1", "self-harm"): 3}
    default = check_mentor("m1", ["self-harm"], levels, [], ON)
    assert not default.eligible
    assert "level 3 in self-harm" in default.reasons[0]
    relaxed = check_mentor(
        "m1", ["self-harm"], levels, [], ON, policy=MentoringPolicy(mentor_min_level=3)
    )
    assert relaxed.eligible


def test_check_mentor__level_needed_in_every_skill_in_scope():
    levels = {("m1", "self-harm"): 4, ("m1", "fraud"): 2}
    check = check_mentor("m1", ["self-harm", "fraud"], levels, [], ON)
    assert not check.eligible and len(check.reasons) == 1 and "fraud" in check.reasons[0]


def test_mentor_load__counts_distinct_active_mentees_on_the_date():
    rels = [
        make_relationship(mentee_id="t1"),
        make_relationship(mentee_id="t1", skill_ids=("fraud",)),
        make_relationship(mentee_id="t2", start=date(2026, 3, 5)),
        make_relationship(mentee_id="t3", end=date(2026, 3, 3)),
        make_relationship(mentee_id="t4", status=MentoringStatus.PAUSED),
        make_relationship(mentee_id="t5", start=date(2026, 3, 1), end=date(2026, 3, 4)),
    ]
    assert mentor_load("m1", rels, ON) == 2  # t1 and t5


def test_check_mentor__at_most_two_active_mentees_by_default():
    levels = {("m1", "self-harm"): 4}
    rels = [make_relationship(mentee_id="t1"), make_relationship(mentee_id="t2")]
    full = check_mentor("m1", ["self-harm"], levels, rels, ON)
    assert not full.eligible and full.load == 2 and "at most 2" in full.reasons[0]
    existing_mentee = check_mentor("m1", ["self-harm"], levels, rels, ON, mentee_id="t1")
    assert existing_mentee.eligible


def test_validate_relationship__refuses_an_ineligible_or_overloaded_mentor():
    levels = {("m1", "self-harm"): 4, ("m2", "self-harm"): 3}
    others = [make_relationship(mentee_id="t1"), make_relationship(mentee_id="t2")]
    with pytest.raises(NotAllowedError, match="at most 2"):
        validate_relationship(make_relationship(mentee_id="t3"), levels, others, ON)
    with pytest.raises(NotAllowedError, match="mentoring needs 4"):
        validate_relationship(make_relationship(mentor_id="m2"), levels, [], ON)
    with pytest.raises(InvalidValueError, match="themselves"):
        validate_relationship(make_relationship(mentee_id="m1"), levels, [], ON)
    proposed = make_relationship(mentor_id="m2", status=MentoringStatus.PROPOSED)
    validate_relationship(proposed, levels, [], ON)


def test_overlap_hours__tokyo_and_sydney_share_six_hours_a_day_in_sydney_summer():
    assert overlap_hours(TOKYO, SYDNEY, date(2026, 3, 2)) == pytest.approx(30.0)


def test_overlap_hours__tokyo_and_sydney_share_seven_hours_after_sydney_dst_ends():
    # Sydney leaves daylight time on 5 April 2026 (UTC+11 -> UTC+10).
    assert overlap_hours(TOKYO, SYDNEY, date(2026, 4, 6)) == pytest.approx(35.0)


def test_overlap_hours__handles_half_hour_offsets_and_utc_intervals():
    # Singapore 09:00-18:00 = 01:00-10:00 UTC; Kolkata 09:30-18:00 = 04:00-12:30 UTC.
    assert overlap_hours(SINGAPORE, KOLKATA, date(2026, 3, 2)) == pytest.approx(30.0)
    intervals = [(utc(2026, 3, 2, 5), utc(2026, 3, 2, 8))]
    assert overlap_hours(SINGAPORE, intervals, date(2026, 3, 2)) == pytest.approx(3.0)


def test_working_hours__unknown_zone_is_refused():
    with pytest.raises(InvalidValueError, match="IANA"):
        WorkingHours("Asia/Atlantis", time(9), time(17))


def _suggest(levels, interests=(), hours=None, rels=(), **kwargs):
    people = sorted({p for p, _ in levels})
    return suggest_pairs(
        people,
        ["self-harm"],
        levels,
        rels,
        ON,
        interests=interests,
        working_hours=hours,
        **kwargs,
    )


def test_suggest_pairs__only_level_four_mentors_and_mentees_at_two_or_below():
    levels = {
        ("m1", "self-harm"): 4,
        ("m2", "self-harm"): 3,
        ("t1", "self-harm"): 2,
        ("t2", "self-harm"): 3,
        ("t3", "self-harm"): 0,
    }
    pairs = {(s.mentor_id, s.mentee_id) for s in _suggest(levels)}
    assert pairs == {("m1", "t1"), ("m1", "t3")}


def test_suggest_pairs__ranked_by_interest_then_overlap_then_mentor_load():
    levels = {
        ("tokyo-mentor", "self-harm"): 4,
        ("sydney-mentor", "self-harm"): 4,
        ("keen", "self-harm"): 1,
        ("open", "self-harm"): 1,
        ("other", "fraud"): 0,
    }
    interests = [Interest("keen", "self-harm", 2), Interest("open", "self-harm", 1)]
    hours = {
        "tokyo-mentor": TOKYO,
        "sydney-mentor": SYDNEY,
        "keen": SYDNEY,
        "open": TOKYO,
    }
    rels = [make_relationship(mentor_id="sydney-mentor", mentee_id="other", skill_ids=("fraud",))]
    suggestions = _suggest(levels, interests, hours, rels)
    order = [(s.mentee_id, s.mentor_id) for s in suggestions]
    assert order == [
        ("keen", "sydney-mentor"),  # keen mentee first; 40 h shared beats 30 h
        ("keen", "tokyo-mentor"),
        ("open", "tokyo-mentor"),  # 45 h shared with the Tokyo mentor
        ("open", "sydney-mentor"),
        ("other", "tokyo-mentor"),  # no interest; the less loaded mentor first at equal overlap
        ("other", "sydney-mentor"),
    ]
    assert [s.rank for s in suggestions] == list(range(1, len(suggestions) + 1))
    first = suggestions[0]
    assert first.interest == 2 and first.overlap_hours == 40.0 and first.mentor_load == 1
    assert "keen" in first.explanation and "40.0 h/week" in first.explanation
    assert "1 of 2 active mentees" in first.explanation


def test_suggest_pairs__mentor_load_breaks_ties():
    levels = {("busy", "self-harm"): 4, ("free", "self-harm"): 4, ("t1", "self-harm"): 1}
    rels = [make_relationship(mentor_id="busy", mentee_id="x", skill_ids=("fraud",))]
    suggestions = _suggest(levels, rels=rels)
    assert [s.mentor_id for s in suggestions] == ["free", "busy"]
    assert "working hours unknown" in suggestions[0].explanation


def test_suggest_pairs__skips_full_mentors_and_already_mentored_mentees():
    levels = {
        ("full", "self-harm"): 4,
        ("m1", "self-harm"): 4,
        ("t1", "self-harm"): 1,
        ("t2", "self-harm"): 1,
    }
    rels = [
        make_relationship(mentor_id="full", mentee_id="a", skill_ids=("fraud",)),
        make_relationship(mentor_id="full", mentee_id="b", skill_ids=("fraud",)),
        make_relationship(mentor_id="m1", mentee_id="t1"),
    ]
    pairs = {(s.mentor_id, s.mentee_id) for s in _suggest(levels, rels=rels)}
    assert pairs == {("m1", "t2")}


GOAL_SKILL = make_skill(
    level_descriptors=("", "Watches triage", "Triage with backup", "", "Teaches triage")
)


def test_goal_checklist__one_item_per_level_from_the_descriptors():
    items = goal_checklist(GOAL_SKILL, 1, 4)
    assert [i.text for i in items] == [
        "Level 2 (Supervised): Triage with backup",
        "Level 3 (Independent): demonstrate independent work in Self-harm escalation",
        "Level 4 (Expert, can teach): Teaches triage",
    ]


def test_goal_progress__percent_of_checklist_done():
    goal = make_goal("g1", "t1", GOAL_SKILL, 4, 0, target_date=date(2026, 3, 1))
    assert goal_progress(goal) == 0.0
    goal = set_checklist_item(set_checklist_item(goal, 0), 3)
    assert goal_progress(goal) == 50.0
    status = goal_status(goal, {("t1", "self-harm"): 2}, ON)
    assert (status.progress_percent, status.reached, status.overdue) == (50.0, False, True)
    assert status.days_left == -3


def test_make_goal__target_must_be_above_the_current_level():
    with pytest.raises(InvalidValueError, match="target_level"):
        make_goal("g1", "t1", GOAL_SKILL, 2, 2)
