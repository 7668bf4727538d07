"""Skills, mentoring and progression use cases on a SQLite database seeded with the demo team."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from rota.domain.patterns import RoleDemand, ShiftPattern
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.errors import InputError, NotFoundError
from rota.io.skills_tables import Table
from rota.services import mentoring, skills, skills_io, teams
from rota.storage import repo
from rota.storage.db import open_database
from skills.errors import CriteriaNotMetError, NotAllowedError, SkillsError
from skills.levels import LevelFlag
from skills.model import Assessment, Evidence, EvidenceKind, ProgressionTrack, Stage
from skills.risk import RiskStatus

TEAM = "apac-ir"
TODAY = date(2026, 11, 30)  # a Monday
NOW = datetime.combine(TODAY, time(6), UTC)


def email(person_id: str) -> str:
    given, family = person_id.rsplit("-", 1)
    return f"{given.replace('-', '')}.{family}@example.org"


@pytest.fixture(scope="session")
def _seeded_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("skills-demo") / "t.sqlite"
    database = open_database(None, default_path=path)
    with database.session() as session:
        teams.seed_demo(session, TODAY)
    database.close()
    return path


@pytest.fixture
def demo_db(_seeded_file, tmp_path):
    path = tmp_path / "t.sqlite"
    shutil.copyfile(_seeded_file, path)
    database = open_database(None, default_path=path)
    yield database
    database.close()


def call(demo_db, service, *args, **kwargs):
    with demo_db.session() as session:
        return service(session, *args, **kwargs)


# ------------------------------------------------------------------------------------- matrix


def test_matrix__has_every_active_person_and_skill_with_expiring_and_pending_marks(demo_db):
    view = call(demo_db, skills.skills_matrix, TEAM, TODAY)
    assert len(view.people) == 30 and len(view.skills) == 14
    assert "Aiko Tanaka (Asia/Tokyo)" in [p.label for p in view.people]
    kenta = view.cell("kenta-ishikawa", "child-safety-escalation")
    assert kenta.level == 4 and LevelFlag.EXPIRING in kenta.flags
    assert LevelFlag.PENDING in view.cell("jiho-park", "incident-command").flags
    pending = {(p.person.name, p.skill_name) for p in view.pending}
    assert ("Ji-ho Park", "Incident command") in pending
    assert all(p.assessment.source != "self" for p in view.pending)


def test_matrix__a_lapsed_certificate_is_expired_and_gives_no_level_on_a_later_day(demo_db):
    view = call(demo_db, skills.skills_matrix, TEAM, TODAY + timedelta(days=20))
    cell = view.cell("kenta-ishikawa", "child-safety-escalation")
    assert cell.level is None and LevelFlag.EXPIRED in cell.flags


# ------------------------------------------------------------------------------- assessments


def test_recorded_assessment_counts_only_once_approved(demo_db):
    recorded = call(
        demo_db,
        skills.record_assessment,
        TEAM,
        email("yui-nakamura"),
        "incident-command",
        3,
        now=NOW,
        by=email("kenta-ishikawa"),
    )
    before = call(demo_db, skills.skills_matrix, TEAM, TODAY)
    assert before.cell("yui-nakamura", "incident-command").level == 2
    assert recorded.assessment.id in {p.assessment.id for p in before.pending}

    approved = call(
        demo_db,
        skills.approve_assessment,
        recorded.assessment.id,
        email("mei-ling-tan"),
        now=NOW + timedelta(hours=1),
    )
    assert approved.decided_by.name == "Mei Ling Tan"
    after = call(demo_db, skills.skills_matrix, TEAM, TODAY)
    assert after.cell("yui-nakamura", "incident-command").level == 3


@pytest.mark.parametrize(
    ("decider", "reason"),
    [
        ("jiho-park", "of themselves"),  # the assessed person
        ("arjun-pillai", "assessor"),  # made the assessment
        ("bayu-prasetyo", "not a manager or lead"),  # level 0 in the skill
    ],
)
def test_approving__is_refused_for_the_person_the_assessor_and_someone_below_level_4(
    demo_db, decider, reason
):
    pending = next(
        p
        for p in call(demo_db, skills.skills_matrix, TEAM, TODAY).pending
        if p.person.id == "jiho-park"
    )
    with pytest.raises(SkillsError, match=reason):
        call(
            demo_db,
            skills.approve_assessment,
            pending.assessment.id,
            email(decider),
            now=NOW,
        )
    stored = call(demo_db, repo.get, Assessment, pending.assessment.id)
    assert stored.status == "submitted"


@pytest.mark.parametrize(
    ("skill", "level", "on", "error", "words"),
    [
        ("incident-command", 5, None, InputError, "0-4"),
        ("no-such-skill", 3, None, SkillsError, "no-such-skill"),
        ("incident-command", 3, TODAY + timedelta(days=1), InputError, "future"),
    ],
)
def test_recording__refuses_a_level_out_of_range_an_unknown_skill_and_a_future_day(
    demo_db, skill, level, on, error, words
):
    with pytest.raises(error, match=words):
        call(
            demo_db,
            skills.record_assessment,
            TEAM,
            email("yui-nakamura"),
            skill,
            level,
            now=NOW,
            on=on,
        )


def test_recording__for_someone_not_on_the_team_names_the_value_and_the_fix(demo_db):
    with pytest.raises(NotFoundError, match="nobody@example.org"):
        call(
            demo_db,
            skills.record_assessment,
            TEAM,
            "nobody@example.org",
            "incident-command",
            3,
            now=NOW,
        )


# ---------------------------------------------------------------------------- gaps and risk


def test_gaps__new_joiners_are_below_mandatory_targets_and_burden_sums_their_gaps(demo_db):
    view = call(demo_db, skills.skill_gaps, TEAM, TODAY)
    bayu = [g for g in view.gaps if g.person.id == "bayu-prasetyo"]
    assert {(g.skill_name, g.gap.gap, g.gap.mandatory) for g in bayu} >= {
        ("Incident command", 3, True),
        ("Self-harm and suicide", 3, True),
    }
    burden = {b.skill_name: b.burden for b in view.burdens}
    ic = burden["Incident command"]
    ic_gaps = [g.gap.gap for g in view.gaps if g.gap.skill_id == "incident-command"]
    assert ic.burden == sum(ic_gaps) and ic.people_with_gap == len(ic_gaps)
    assert "regulatory desk (Japan)" in view.roles["aiko-tanaka"]


def test_coverage_windows__one_per_skill_or_language_requirement_of_each_role_demand(demo_db):
    view = call(demo_db, skills.coverage_risk_view, TEAM, TODAY)
    patterns = call(demo_db, repo.list_all, ShiftPattern, team_id=TEAM)
    requirements = sum(
        len(d.required_skills) + len(d.required_languages) for p in patterns for d in p.demands
    )
    assert len(view.windows) == requirements
    ja = next(w for w in view.windows if w.coverage.window.language == "ja")
    assert ja.coverage.window.name == "Japanese language desk — language desk (Japanese)"
    assert ja.coverage.count == 5 and ja.coverage.status == RiskStatus.OK
    assert "Aiko Tanaka" in [p.name for p in ja.qualified]


def test_risk__the_only_speaker_of_a_language_is_flagged_and_their_absence_breaks_the_window(
    demo_db,
):
    desk = ShiftPattern(
        id="lang-mi",
        team_id=TEAM,
        name="Te reo Māori desk",
        zone="Pacific/Auckland",
        start=time(9),
        end=time(17),
        demands=(RoleDemand("language desk (Māori)", required_languages=("mi",)),),
    )
    call(demo_db, repo.save, desk)
    view = call(demo_db, skills.coverage_risk_view, TEAM, TODAY)
    window = next(w for w in view.windows if w.source.pattern.id == "lang-mi")
    assert window.flagged and window.coverage.status == RiskStatus.SINGLE_POINT
    assert [p.name for p in window.qualified] == ["Aroha Manu"]
    breaking = {r.person.name: r.windows_broken for r in view.removals}
    assert "Te reo Māori desk — language desk (Māori)" in breaking["Aroha Manu"]


# ------------------------------------------------------------------------------- mentoring


def test_suggestions__are_ranked_and_explained_with_names_not_ids(demo_db):
    views = call(demo_db, mentoring.mentoring_suggestions, TEAM, TODAY, limit=5)
    assert [v.suggestion.rank for v in views] == [1, 2, 3, 4, 5]
    first = views[0]
    assert first.suggestion.mentor_level == 4 and first.suggestion.mentee_level <= 2
    assert first.mentee.name in first.explanation and first.skill_name in first.explanation
    assert first.suggestion.mentee_id not in first.explanation


def test_board__shows_pairs_with_status_and_the_mentors_load(demo_db):
    board = call(demo_db, mentoring.mentoring_board, TEAM, TODAY)
    olivia = [p for p in board if p.mentor.name == "Olivia Bennett" and p.active]
    assert {p.mentee.name for p in olivia} == {"Hyun-woo Lee", "Mele Fifita"}
    assert all(p.mentor_load == 2 for p in olivia)
    assert board[0].active  # open pairs first


def _published_rota_with_shadow_shifts() -> Rota:
    rota_id = f"{TEAM}-v1"

    def shift(aid: str, person: str, start: datetime, shadow: bool) -> Assignment:
        return Assignment(
            aid,
            rota_id,
            person,
            "oncall-asia",
            "primary",
            start,
            start + timedelta(hours=7),
            shadow,
        )

    return Rota(
        id=rota_id,
        team_id=TEAM,
        start=TODAY - timedelta(days=7),
        end=TODAY + timedelta(days=6),
        status=RotaStatus.PUBLISHED,
        version=1,
        created_at=NOW - timedelta(days=10),
        published_at=NOW - timedelta(days=9),
        assignments=(
            shift("a-primary", "vikram-hegde", NOW - timedelta(days=3), False),
            shift("a-shadow-past", "kavya-shetty", NOW - timedelta(days=3), True),
            shift("a-shadow-future", "kavya-shetty", NOW + timedelta(days=2), True),
        ),
    )


def test_harvest__a_worked_shadow_shift_becomes_evidence_once_and_a_future_one_is_planned(demo_db):
    call(demo_db, repo.save, _published_rota_with_shadow_shifts())

    first = call(demo_db, mentoring.harvest_worked_shifts, TEAM, NOW)
    again = call(demo_db, mentoring.harvest_worked_shifts, TEAM, NOW)
    assert (first.evidence_added, again.evidence_added) == (1, 0)
    track = call(demo_db, repo.get, ProgressionTrack, "track-01")
    harvested = [e for e in track.evidence if e.ref == "a-shadow-past"]
    assert len(harvested) == 1 and harvested[0].kind == EvidenceKind.SHADOW_SHIFT

    progress = call(demo_db, mentoring.progression_progress, TEAM, NOW)
    kavya = next(t for t in progress.tracks if t.track.id == "track-01")
    assert kavya.shadow_shifts_done == 3
    assert [p.assignment_id for p in kavya.planned] == ["a-shadow-future"]


def test_progress__lists_each_track_with_criteria_met_and_unmet_in_numbers(demo_db):
    progress = call(demo_db, mentoring.progression_progress, TEAM, NOW)
    mele = next(t for t in progress.tracks if t.person.name == "Mele Fifita")
    assert mele.track.stage == Stage.REVERSE_SHADOW and mele.mentor.name == "Olivia Bennett"
    unmet = {c.id: c.detail for c in mele.unmet}
    assert unmet["alerts-handled"] == "9 of 10 alerts handled"
    assert "Olivia Bennett is at level 4" in next(c.detail for c in mele.met if c.id == "sign-off")


def test_advance_track__writes_the_next_stage_and_an_approved_assessment(demo_db):
    track = call(demo_db, repo.get, ProgressionTrack, "track-01")
    observed = Evidence(EvidenceKind.MAJOR_INCIDENT_OBSERVED, TODAY - timedelta(days=2), "t:obs")
    call(demo_db, repo.save, replace(track, evidence=track.evidence + (observed,)))

    result = call(demo_db, mentoring.advance_track, "track-01", email("vikram-hegde"), NOW)
    assert (result.from_stage, result.track.stage) == (Stage.SHADOW, Stage.REVERSE_SHADOW)
    assert result.assessment.assessment.status == "approved"
    stored = call(demo_db, repo.get, ProgressionTrack, "track-01")
    assert stored.stage == Stage.REVERSE_SHADOW and stored.stage_since == TODAY
    matrix = call(demo_db, skills.skills_matrix, TEAM, TODAY)
    assert matrix.cell("kavya-shetty", "incident-command").level == 2


def test_advance_track__with_unmet_criteria_is_refused_listing_each(demo_db):
    with pytest.raises(CriteriaNotMetError, match="major incidents"):
        call(demo_db, mentoring.advance_track, "track-04", email("seoyeon-choi"), NOW)


def test_advance_track__signed_off_by_the_trainee_is_refused(demo_db):
    with pytest.raises(NotAllowedError, match="own progression"):
        call(demo_db, mentoring.advance_track, "track-04", email("kristine-delacruz"), NOW)


def test_level_history__shows_a_promotion_as_a_step(demo_db):
    points = call(
        demo_db,
        mentoring.level_history,
        TEAM,
        TODAY - timedelta(days=365),
        TODAY,
        person_ids=["thuy-pham"],
        skill_ids=["incident-command"],
    )
    steps = [(p.day, p.level) for p in points]
    assert steps[:2] == [(TODAY - timedelta(days=365), 0), (TODAY - timedelta(days=300), 2)]
    assert (TODAY - timedelta(days=70), 3) in steps and steps[-1] == (TODAY, 3)


# ------------------------------------------------------------------------------- import


def test_import__a_person_not_on_the_team_is_a_problem_and_nothing_is_written(demo_db):
    tables = [
        Table("people.csv", "people", ["id", "email", "name"], [["x1", "x@example.org", "X"]]),
        Table(
            "assessments.csv",
            "assessments",
            ["person_id", "skill_id", "level", "assessed_at"],
            [[email("aiko-tanaka"), "incident-command", "4", "2026-11-01"]],
        ),
    ]
    before = len(call(demo_db, repo.list_all, Assessment))
    view = call(demo_db, skills_io.import_skills, TEAM, tables, now=NOW)
    assert not view.written
    assert [(p.source, p.row, p.column) for p in view.problems] == [("people.csv", 2, "id")]
    assert len(call(demo_db, repo.list_all, Assessment)) == before


def test_import__a_clean_file_writes_its_assessments(demo_db):
    tables = [
        Table(
            "assessments.csv",
            "assessments",
            ["person_id", "skill_id", "level", "assessed_at", "assessor_id"],
            [[email("yui-nakamura"), "incident-command", "3", "2026-11-20", "kenta-ishikawa"]],
        )
    ]
    view = call(
        demo_db,
        skills_io.import_skills,
        TEAM,
        tables,
        now=NOW,
        imported_by="meiling.tan@example.org",
    )
    assert view.written and view.counts()["assessments"] == 1
    matrix = call(demo_db, skills.skills_matrix, TEAM, TODAY)
    assert matrix.cell("yui-nakamura", "incident-command").level == 3
