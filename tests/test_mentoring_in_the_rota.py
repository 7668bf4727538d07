"""Mentoring is something the rota makes happen: shadow shifts are planned next to an eligible
mentor, and once worked they become evidence on the trainee's track without anyone typing it in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rota.domain.rotas import Rota
from rota.services import mentoring, planning, teams
from rota.storage import repo
from rota.storage.db import open_database
from skills.levels import levels_as_of
from skills.model import Assessment, EvidenceKind, ProgressionTrack, Skill

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    db = open_database(None, default_path=tmp_path_factory.mktemp("db") / "t.sqlite")
    with db.session() as session:
        teams.seed_demo(session, TODAY)
        outcome = planning.plan(session, "apac-ir", MONDAY, 1, now=NOW, time_limit=40, seed=1)
        assert outcome.result.has_rota and outcome.violations == ()
        rota = planning.publish(session, "apac-ir", now=NOW)
    return db, rota


def test_a_trainee_in_the_shadow_stage_gets_shadow_shifts_beside_an_eligible_mentor(published):
    db, rota = published
    with db.session() as session:
        track = next(
            t for t in repo.list_all(session, ProgressionTrack) if t.person_id == "kavya-shetty"
        )
        skills = repo.list_all(session, Skill)
        assessments = repo.list_all(session, Assessment)
    shadows = [a for a in rota.assignments if a.shadow and a.responder_id == track.person_id]
    assert shadows, "the trainee got no shadow shift"
    for shadow in shadows:
        same_shift = [
            a
            for a in rota.assignments
            if not a.shadow and a.pattern_id == shadow.pattern_id and a.start == shadow.start
        ]
        levels = levels_as_of(
            [a.responder_id for a in same_shift], skills, assessments, shadow.start.date()
        )
        mentors = [a for a in same_shift if levels[(a.responder_id, track.skill_id)] >= 4]
        assert mentors, f"no level-4 mentor in {track.skill_id} beside the shadow on {shadow.start}"


def test_worked_shadow_shifts_become_evidence_once_the_rota_has_passed(published):
    db, rota = published
    with db.session() as session:
        before = next(
            t for t in repo.list_all(session, ProgressionTrack) if t.person_id == "kavya-shetty"
        )
        during = mentoring.harvest_worked_shifts(session, "apac-ir", MONDAY)
        assert during.evidence_added == 0  # nothing has been worked yet
        report = mentoring.harvest_worked_shifts(session, "apac-ir", rota.end + timedelta(days=1))
        again = mentoring.harvest_worked_shifts(session, "apac-ir", rota.end + timedelta(days=1))
        after = next(
            t for t in repo.list_all(session, ProgressionTrack) if t.person_id == "kavya-shetty"
        )
    shadow_ids = {a.id for a in rota.assignments if a.shadow and a.responder_id == "kavya-shetty"}
    new = [e for e in after.evidence if e not in before.evidence]
    assert report.evidence_added >= 1 and again.evidence_added == 0
    assert {e.ref for e in new} <= shadow_ids and new
    assert all(e.kind == EvidenceKind.SHADOW_SHIFT for e in new)
    assert isinstance(rota, Rota)
