"""Changing the published rota: overrides, swaps and undo, each re-checked before it is taken, and
the "Give to" choices of a draft. A change that keeps every hard rule is published as a version
of just its shifts; one that breaks a rule is refused with the rule named and nothing written."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta

import pytest

from rota.domain.absences import Leave, LeaveKind
from rota.domain.responders import Responder
from rota.domain.rotas import RotaKind
from rota.domain.swaps import SwapState
from rota.domain.team import TeamRole
from rota.domain.timezones import zone
from rota.errors import InputError, RotaBreaksRules
from rota.services import planning, published, rotas, teams
from rota.storage import repo
from rota.storage.db import open_database

pytestmark = pytest.mark.slow

TODAY = date(2026, 11, 29)  # a Sunday
NOW = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 30)
TEAM = "apac-ir"


@pytest.fixture(scope="module")
def published_week(tmp_path_factory):
    path = tmp_path_factory.mktemp("published") / "t.sqlite"
    db = open_database(None, default_path=path)
    with db.session() as session:
        teams.seed_demo(session, TODAY)
        assert planning.plan(session, TEAM, MONDAY, 1, now=NOW, time_limit=15).draft
        planning.publish(session, TEAM, now=NOW, by="lead")
    db.engine.dispose()
    return path


@pytest.fixture
def database(published_week, tmp_path):
    copy = tmp_path / "t.sqlite"
    shutil.copyfile(published_week, copy)
    return open_database(None, default_path=copy)


def a_shift_someone_can_take(session):
    timeline = published.current_timeline(session, TEAM)
    for a in timeline.assignments:
        if a.shadow or a.start.weekday() > 3:
            continue
        offered = published.override_candidates(session, TEAM, a.id, with_refused=True)
        if any(c.ok for c in offered) and any(not c.ok for c in offered):
            return a, offered
    pytest.fail("no shift of the published week has both takers and refusals")


def lead_of(session, *not_these):
    return next(
        r
        for r in repo.list_all(session, Responder, team_id=TEAM)
        if r.team_role == TeamRole.LEAD and r.id not in not_these
    )


def test_an_override_to_an_offered_person_is_published_as_a_version_of_that_shift(database):
    with database.session() as session:
        a, offered = a_shift_someone_can_take(session)
        taker = next(c for c in offered if c.ok)
        version = published.override(
            session, TEAM, a.id, taker.responder_id, reason="training", now=NOW, by="lead"
        )
        assert version.kind == RotaKind.OVERRIDE and version.covers == (a.shift,)
        timeline = published.current_timeline(session, TEAM)
        assert timeline.find(a.id).responder_id == taker.responder_id
        assert "training" in version.note
        assert planning.validate_timeline(session, TEAM) == []


def test_an_override_to_someone_it_would_break_a_rule_for_is_refused_and_nothing_changes(
    database,
):
    with database.session() as session:
        a, offered = a_shift_someone_can_take(session)
        refused = next(c for c in offered if not c.ok)
        before = len(planning.published_versions(session, TEAM))
        with pytest.raises(RotaBreaksRules) as error:
            published.override(
                session, TEAM, a.id, refused.responder_id, reason="x", now=NOW, by="lead"
            )
        assert error.value.breaches
        assert str(error.value.breaches[0].rule) in str(error.value)
        assert len(planning.published_versions(session, TEAM)) == before


def test_nobody_on_leave_that_day_is_offered_a_shift(database):
    with database.session() as session:
        a, offered = a_shift_someone_can_take(session)
        taker = next(c for c in offered if c.ok)
        person = repo.get(session, Responder, taker.responder_id)
        day = a.start.astimezone(zone(person.timezone)).date()
        repo.save(session, Leave("leave-x", person.id, day, day, LeaveKind.ANNUAL))
        now_offered = published.override_candidates(session, TEAM, a.id)
        assert taker.responder_id not in {c.responder_id for c in now_offered}


def test_an_override_needs_a_reason_and_a_shift_that_has_not_started(database):
    with database.session() as session:
        a, offered = a_shift_someone_can_take(session)
        taker = next(c for c in offered if c.ok)
        with pytest.raises(InputError) as no_reason:
            published.override(session, TEAM, a.id, taker.responder_id, reason=" ", now=NOW, by="l")
        assert no_reason.value.field == "reason"
        with pytest.raises(InputError) as started:
            published.override(
                session, TEAM, a.id, taker.responder_id, reason="late", now=a.start, by="l"
            )
        assert "the past is history" in str(started.value)


def test_a_give_away_goes_from_request_to_accept_to_a_leads_approval(database):
    with database.session() as session:
        a, offered = a_shift_someone_can_take(session)
        colleagues = published.swap_candidates(session, TEAM, a.id, a.responder_id, now=NOW)
        assert {c.responder_id for c in colleagues} == {c.responder_id for c in offered if c.ok}
        colleague = colleagues[0].responder_id
        asked = published.request_swap(
            session, TEAM, a.responder_id, a.id, colleague, now=NOW, reason="dentist"
        )
        with pytest.raises(InputError):  # only the colleague answers
            published.answer_swap(session, asked.id, a.responder_id, accept=True, now=NOW)
        accepted = published.answer_swap(session, asked.id, colleague, accept=True, now=NOW)
        assert accepted.swap.state == SwapState.ACCEPTED and accepted.version is None
        with pytest.raises(InputError):  # the two swapping never approve their own swap
            published.decide_swap(session, asked.id, approve=True, by=colleague, now=NOW)
        lead = lead_of(session, a.responder_id, colleague)
        done = published.decide_swap(session, asked.id, approve=True, by=lead.id, now=NOW)
        assert done.swap.state == SwapState.APPROVED and done.version.kind == RotaKind.SWAP
        assert published.current_timeline(session, TEAM).find(a.id).responder_id == colleague


def test_a_swap_to_someone_it_would_break_a_rule_for_is_not_even_asked(database):
    with database.session() as session:
        a, offered = a_shift_someone_can_take(session)
        refused = next(c for c in offered if not c.ok and c.responder_id != a.responder_id)
        with pytest.raises(RotaBreaksRules):
            published.request_swap(
                session, TEAM, a.responder_id, a.id, refused.responder_id, now=NOW
            )
        assert published.swaps_of(session, TEAM) == []


def test_a_team_that_auto_approves_publishes_a_clean_swap_when_the_colleague_accepts(database):
    with database.session() as session:
        published.team_setting_auto_approve(session, TEAM, True)
        a, _ = a_shift_someone_can_take(session)
        colleague = published.swap_candidates(session, TEAM, a.id, a.responder_id, now=NOW)[0]
        asked = published.request_swap(
            session, TEAM, a.responder_id, a.id, colleague.responder_id, now=NOW
        )
        step = published.answer_swap(
            session, asked.id, colleague.responder_id, accept=True, now=NOW
        )
        assert step.swap.state == SwapState.APPROVED and step.version is not None
        assert "auto-approved" in step.swap.decided_by


def test_a_swap_whose_shift_changes_before_approval_is_cancelled_with_the_reason(database):
    with database.session() as session:
        a, offered = a_shift_someone_can_take(session)
        colleagues = [c.responder_id for c in offered if c.ok]
        asked = published.request_swap(session, TEAM, a.responder_id, a.id, colleagues[0], now=NOW)
        other = colleagues[1] if len(colleagues) > 1 else colleagues[0]
        published.override(session, TEAM, a.id, other, reason="lead's call", now=NOW, by="lead")
        swap = published.swaps_of(session, TEAM)[0].swap
        assert swap.id == asked.id
        assert swap.state == SwapState.CANCELLED and "changed in version" in swap.outcome_note


def test_undo_puts_the_last_override_back_and_refuses_to_undo_a_plan(database):
    with database.session() as session:
        with pytest.raises(InputError) as a_plan:
            published.undo_last(session, TEAM, now=NOW, by="lead")
        assert "re-plan" in str(a_plan.value)
        a, offered = a_shift_someone_can_take(session)
        taker = next(c for c in offered if c.ok)
        published.override(session, TEAM, a.id, taker.responder_id, reason="r", now=NOW, by="l")
        undone = published.undo_last(session, TEAM, now=NOW, by="lead")
        assert undone.kind == RotaKind.UNDO
        assert published.current_timeline(session, TEAM).find(a.id).responder_id == a.responder_id
        states = [line.state for line in published.version_history(session, TEAM)]
        assert states[:2] == ["current", "superseded"]


def test_the_drafts_give_to_choices_are_only_people_it_keeps_every_rule_for(database):
    with database.session() as session:
        draft = planning.plan(
            session, TEAM, MONDAY + timedelta(days=7), 1, now=NOW, time_limit=10
        ).draft
        assert draft is not None
        for a in draft.assignments:
            if a.shadow or a.start.weekday() > 3:
                continue
            offered = rotas.reassign_candidates(session, TEAM, a.id, draft.id)
            if offered:
                break
        else:
            pytest.fail("nobody could take any shift of the draft")
        saved = rotas.reassign(session, TEAM, a.id, offered[0].responder_id, draft.id)
        assert saved.saved
        # someone on leave that day is not offered, and giving it to them is refused
        person = repo.get(session, Responder, offered[-1].responder_id)
        day = a.start.astimezone(zone(person.timezone)).date()
        repo.save(session, Leave("leave-y", person.id, day, day, LeaveKind.ANNUAL))
        assert person.id not in {
            c.responder_id for c in rotas.reassign_candidates(session, TEAM, a.id, draft.id)
        }
        if person.id != offered[0].responder_id:
            assert not rotas.reassign(session, TEAM, a.id, person.id, draft.id).saved


def test_re_publishing_a_week_unchanged_keeps_its_open_swap_requests(database):
    with database.session() as session:
        a, offered = a_shift_someone_can_take(session)
        colleague = next(c for c in offered if c.ok).responder_id
        asked = published.request_swap(session, TEAM, a.responder_id, a.id, colleague, now=NOW)
        again = planning.plan(session, TEAM, MONDAY, 1, now=NOW, time_limit=10)
        assert again.kept_published and again.changed == 0
        planning.publish(session, TEAM, now=NOW, by="lead")
        still = published.swaps_of(session, TEAM)[0].swap
        assert still.id == asked.id and still.state == SwapState.REQUESTED
