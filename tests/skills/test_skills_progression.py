from datetime import date

import pytest
from skills_factories import make_assessment, make_relationship, make_skill, make_track, utc

from skills.errors import CriteriaNotMetError, NotAllowedError
from skills.levels import effective_level
from skills.mentoring import MentoringPolicy
from skills.model import (
    AssessmentSource,
    AssessmentStatus,
    Evidence,
    EvidenceKind,
    Stage,
)
from skills.progression import (
    ProgressionCriteria,
    ShiftKind,
    WorkedShift,
    add_evidence,
    advance,
    criteria_status,
    harvest_evidence,
    trainees_for_solver,
)

SKILL = make_skill(prerequisites=("tooling",))
ON = date(2026, 3, 10)
LEVELS = {("m1", "self-harm"): 4, ("m2", "self-harm"): 3, ("t1", "tooling"): 3}


def shadow_shift(ref, on, **kwargs):
    return WorkedShift(ref=ref, on=on, kind=ShiftKind.SHADOW, skill_id="self-harm", **kwargs)


def ready_shadow_track():
    track = make_track(stage=Stage.SHADOW, stage_since=date(2026, 3, 1))
    track = harvest_evidence(
        track, [shadow_shift(f"s{i}", date(2026, 3, i)) for i in (2, 3, 4)], ON
    )
    return add_evidence(
        track, Evidence(EvidenceKind.MAJOR_INCIDENT_OBSERVED, date(2026, 3, 5), count=2)
    )


def by_id(statuses):
    return {s.id: s for s in statuses}


def test_criteria_status__lists_each_shadow_criterion_with_numbers():
    track = make_track(stage=Stage.SHADOW, stage_since=date(2026, 3, 8))
    track = harvest_evidence(track, [shadow_shift("s1", date(2026, 3, 8))], ON)
    statuses = by_id(criteria_status(track, SKILL, LEVELS, ON))
    assert set(statuses) == {"major-incidents-observed", "shadow-shifts", "sign-off"}
    shifts = statuses["shadow-shifts"]
    assert (shifts.met, shifts.actual, shifts.required) == (False, 1, 3)
    assert "1 shadow shifts, 2 days in the shadow stage" == shifts.detail
    assert statuses["major-incidents-observed"].detail == "0 of 2 observed"
    assert statuses["sign-off"].detail == "awaiting sign-off"


def test_criteria_status__one_week_in_shadow_stage_replaces_the_shift_count():
    track = make_track(stage=Stage.SHADOW, stage_since=date(2026, 3, 3))
    track = harvest_evidence(track, [shadow_shift("s1", date(2026, 3, 4))], ON)
    assert by_id(criteria_status(track, SKILL, LEVELS, ON))["shadow-shifts"].met
    strict = ProgressionCriteria(shadow_days=None)
    assert not by_id(criteria_status(track, SKILL, LEVELS, ON, criteria=strict))[
        "shadow-shifts"
    ].met


def test_criteria_status__prerequisites_need_level_three():
    track = make_track(stage=Stage.PREREQUISITES)
    met = by_id(criteria_status(track, SKILL, LEVELS, ON, signer_id="m1"))
    assert met["prerequisite:tooling"].met and met["sign-off"].met
    unmet = by_id(criteria_status(track, SKILL, {("t1", "tooling"): 2}, ON))
    assert not unmet["prerequisite:tooling"].met
    assert unmet["prerequisite:tooling"].actual == 2


def test_criteria_status__reverse_shadow_needs_ten_alerts_and_more_than_eighty_percent_right():
    track = make_track(stage=Stage.REVERSE_SHADOW)
    exactly_80 = add_evidence(
        track, Evidence(EvidenceKind.ALERTS_HANDLED, date(2026, 3, 9), count=10, judged_right=8)
    )
    statuses = by_id(criteria_status(exactly_80, SKILL, LEVELS, ON))
    assert statuses["alerts-handled"].met
    assert not statuses["judged-right"].met  # 80 % is not more than 80 %
    assert statuses["judged-right"].detail == "8 of 10 judged right (80%)"
    nine_right = add_evidence(
        track, Evidence(EvidenceKind.ALERTS_HANDLED, date(2026, 3, 9), count=10, judged_right=9)
    )
    assert by_id(criteria_status(nine_right, SKILL, LEVELS, ON))["judged-right"].met


def test_criteria_status__evidence_after_the_date_does_not_count():
    track = make_track(stage=Stage.REVERSE_SHADOW)
    track = add_evidence(
        track, Evidence(EvidenceKind.ALERTS_HANDLED, date(2026, 3, 11), count=10, judged_right=10)
    )
    assert by_id(criteria_status(track, SKILL, LEVELS, ON))["alerts-handled"].actual == 0


@pytest.mark.parametrize(
    ("stage", "new_stage", "level"),
    [
        (Stage.PREREQUISITES, Stage.SHADOW, 1),
        (Stage.SHADOW, Stage.REVERSE_SHADOW, 2),
        (Stage.REVERSE_SHADOW, Stage.PRIMARY, 3),
    ],
)
def test_advance__writes_the_matching_approved_assessment(stage, new_stage, level):
    track = ready_shadow_track() if stage == Stage.SHADOW else make_track(stage=stage)
    track = add_evidence(
        track, Evidence(EvidenceKind.ALERTS_HANDLED, date(2026, 3, 9), count=12, judged_right=11)
    )
    result = advance(track, "m1", ON, skill=SKILL, levels=LEVELS)
    assert result.track.stage == new_stage
    assert result.track.stage_since == ON
    written = result.assessment
    assert (written.person_id, written.skill_id, written.level) == ("t1", "self-harm", level)
    assert written.source == AssessmentSource.PROGRESSION
    assert written.status == AssessmentStatus.APPROVED
    assert written.decided_by == "m1" and written.assessed_at == utc(2026, 3, 10)
    earlier = [make_assessment(person_id="t1", level=0, assessed_at=utc(2026, 1, 1))]
    matrix_level = effective_level("t1", SKILL, earlier + [written], ON)
    assert matrix_level.level == level  # matrix and track agree from the day of the advance


def test_advance__refuses_unmet_criteria_listing_each():
    track = make_track(stage=Stage.SHADOW, stage_since=date(2026, 3, 9))
    with pytest.raises(CriteriaNotMetError) as error:
        advance(track, "m1", ON, skill=SKILL, levels=LEVELS)
    assert len(error.value.unmet) == 2
    assert "0 of 2 observed" in str(error.value)
    assert "0 shadow shifts" in str(error.value)


def test_advance__refuses_a_signer_below_level_four():
    with pytest.raises(NotAllowedError) as error:
        advance(ready_shadow_track(), "m2", ON, skill=SKILL, levels=LEVELS)
    message = str(error.value)
    assert "signer_id" in message and "level 4" in message and "at level 3" in message


def test_advance__refuses_the_trainee_signing_off_themselves():
    levels = {**LEVELS, ("t1", "self-harm"): 4}
    with pytest.raises(NotAllowedError, match="own progression"):
        advance(ready_shadow_track(), "t1", ON, skill=SKILL, levels=levels)


def test_advance__refuses_a_track_at_primary():
    with pytest.raises(NotAllowedError, match="last stage"):
        advance(make_track(stage=Stage.PRIMARY), "m1", ON, skill=SKILL, levels=LEVELS)


def test_harvest_evidence__is_idempotent_by_ref():
    shifts = [
        shadow_shift("s1", date(2026, 3, 2)),
        WorkedShift("s2", date(2026, 3, 3), ShiftKind.REVERSE_SHADOW, "self-harm"),
    ]
    track = make_track()
    once = harvest_evidence(track, shifts, ON)
    twice = harvest_evidence(once, shifts, ON)
    assert twice == once
    assert twice is once
    assert [(e.kind, e.ref, e.on) for e in once.evidence] == [
        (EvidenceKind.SHADOW_SHIFT, "s1", date(2026, 3, 2)),
        (EvidenceKind.REVERSE_SHADOW_SHIFT, "s2", date(2026, 3, 3)),
    ]


def test_harvest_evidence__only_shifts_that_ended_before_the_date_for_this_track():
    shifts = [
        shadow_shift("yesterday", date(2026, 3, 9)),
        shadow_shift("today", date(2026, 3, 10)),
        shadow_shift("overnight", date(2026, 3, 9), ends_at=utc(2026, 3, 10, 6)),
        shadow_shift("other-person", date(2026, 3, 1), person_id="t2"),
        WorkedShift("other-skill", date(2026, 3, 1), ShiftKind.SHADOW, "fraud"),
    ]
    harvested = harvest_evidence(make_track(), shifts, ON)
    assert [e.ref for e in harvested.evidence] == ["yesterday"]
    later = harvest_evidence(harvested, shifts, utc(2026, 3, 10, 6))
    assert [e.ref for e in later.evidence] == ["yesterday", "overnight"]


def test_trainees_for_solver__shadows_with_eligible_mentors_assigned_first():
    levels = {
        ("m1", "self-harm"): 4,
        ("m3", "self-harm"): 4,
        ("m2", "self-harm"): 3,
        ("t1", "self-harm"): 1,
        ("t2", "self-harm"): 2,
    }
    rels = [make_relationship(mentor_id="m3", mentee_id="t1", shadow_shifts_per_week=2)]
    tracks = [
        make_track(),
        make_track(id="track-t2", person_id="t2", stage=Stage.REVERSE_SHADOW, mentor_id="m1"),
        make_track(id="track-t3", person_id="t3", stage=Stage.PREREQUISITES),
    ]
    plans = trainees_for_solver(tracks, rels, levels, ON)
    assert [(p.person_id, p.stage) for p in plans] == [
        ("t1", Stage.SHADOW),
        ("t2", Stage.REVERSE_SHADOW),
    ]
    t1, t2 = plans
    assert t1.assigned_mentor_id == "m3"
    assert t1.eligible_mentor_ids == ("m3", "m1")
    assert (t1.shadow_shifts_per_week, t1.partner_min_level, t1.level) == (2, 4, 1)
    assert t2.assigned_mentor_id == "m1" and t2.eligible_mentor_ids == ("m1", "m3")
    assert (t2.shadow_shifts_per_week, t2.partner_min_level) == (1, 3)
    relaxed = trainees_for_solver(tracks, rels, levels, ON, policy=MentoringPolicy(3))
    assert relaxed[0].eligible_mentor_ids == ("m3", "m1", "m2")
