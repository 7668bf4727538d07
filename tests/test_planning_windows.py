"""Planning any window of the published timeline: the past is history, the published days around
the window are fixed context, drafts belong to their window and hand edits are asked about."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

import scheduling as engine
from rota.demo import build_demo
from rota.domain.patterns import RoleDemand, ShiftPattern
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.errors import DraftWasEdited, InputError
from rota.planning.drafts import engine_assignments
from rota.planning.problem import build_problem
from rota.planning.snapshot import PlanRequest, TeamSnapshot, shift_id
from rota.services import planning, rotas, teams
from rota.storage.db import open_database

TODAY = date(2026, 11, 29)  # a Sunday
NOW = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 30)
WORKER = "aiko-tanaka"


def snapshot(*published: Rota, extra_patterns=()) -> TeamSnapshot:
    data = build_demo(TODAY)
    return TeamSnapshot(
        team=data.team,
        responders=data.responders,
        patterns=data.shift_patterns + tuple(extra_patterns),
        skills=data.skills,
        assessments=data.assessments,
        published=published,
    )


def published(version: int, first: date, last: date, *assignments: Assignment) -> Rota:
    rid = f"apac-ir-v{version}"
    return Rota(
        rid,
        "apac-ir",
        first,
        last,
        RotaStatus.PUBLISHED,
        version,
        published_at=NOW,
        assignments=tuple(replace(a, rota_id=rid) for a in assignments),
    )


def place(aid: str, pattern: str, start: datetime, hours: float, who: str = WORKER) -> Assignment:
    return Assignment(aid, "", who, pattern, "primary", start, start + timedelta(hours=hours))


# Sydney's 07:00 on-call block on Monday 7 Dec starts on Sunday 6 Dec at 20:00 UTC
SYDNEY_MONDAY = place("syd", "oncall-oceania", datetime(2026, 12, 6, 20, 0, tzinfo=UTC), 7)
# Bengaluru's evening block on Sunday 6 Dec: 15:30-21:30 IST = 10:00-16:00 UTC
INDIA_SUNDAY = place("ind", "oncall-india-evening", datetime(2026, 12, 6, 10, 0, tzinfo=UTC), 6)


def rests(problem, assignments) -> list[engine.Violation]:
    return [
        v
        for v in engine.validate(problem, assignments)
        if v.rule_id == "min-rest" and v.worker_id == WORKER
    ]


def test_a_published_shift_after_the_window_is_fixed_context_the_plan_must_rest_before():
    week_2 = published(1, date(2026, 12, 7), date(2026, 12, 13), SYDNEY_MONDAY)
    problem, index = build_problem(snapshot(week_2), PlanRequest(MONDAY, 1))
    context = shift_id("oncall-oceania", date(2026, 12, 7))
    assert context in index.context_shifts
    assert engine.Pin(WORKER, f"{context}#primary", True) in problem.pins
    # a Sunday evening shift 4 h before it breaks the minimum rest across the window's far edge
    draft = Rota("d", "apac-ir", MONDAY, date(2026, 12, 6), assignments=(INDIA_SUNDAY,))
    assert rests(problem, engine_assignments(draft, index))
    # without that published shift after the window, the same Sunday is rest-clean
    alone, alone_index = build_problem(snapshot(), PlanRequest(MONDAY, 1))
    assert not rests(alone, engine_assignments(draft, alone_index))


def test_re_planning_the_second_week_keeps_the_first_as_history_not_as_plan():
    week_1_shift = place("w1", "oncall-india-evening", datetime(2026, 12, 1, 10, 0, tzinfo=UTC), 6)
    both = published(1, MONDAY, date(2026, 12, 13), week_1_shift, SYDNEY_MONDAY)
    problem, index = build_problem(snapshot(both), PlanRequest(date(2026, 12, 7), 1))
    assert [s.start for s in problem.history.shifts if s.worker_id == WORKER] == [
        week_1_shift.start
    ]
    # the second week's own published place is the window's, not history nor context
    assert not index.context_shifts
    assert not any(s.start == SYDNEY_MONDAY.start for s in problem.history.shifts)


def test_a_published_shift_of_the_day_before_that_starts_after_the_windows_first_is_context():
    late = ShiftPattern(
        "late-utc",
        "apac-ir",
        "Late UTC check",
        "UTC",
        time(22, 0),
        time(23, 30),
        demands=(RoleDemand("primary", 0, 1),),
    )
    sunday_late = place("late", "late-utc", datetime(2026, 11, 29, 22, 0, tzinfo=UTC), 1.5)
    before = published(1, date(2026, 11, 23), TODAY, sunday_late)
    problem, index = build_problem(snapshot(before, extra_patterns=(late,)), PlanRequest(MONDAY, 1))
    first = min(s.start for s in problem.shifts if s.id not in index.context_shifts)
    assert sunday_late.start > first  # Sydney's Monday starts at 20:00 UTC on Sunday
    assert shift_id("late-utc", TODAY) in index.context_shifts
    assert all(s.start < first for s in problem.history.shifts)


@pytest.fixture
def database(tmp_path):
    db = open_database(None, default_path=tmp_path / "t.sqlite")
    with db.session() as session:
        teams.seed_demo(session, TODAY)
    return db


def test_a_window_that_starts_before_today_is_refused_because_the_past_is_history(database):
    with database.session() as session:
        with pytest.raises(InputError) as refused:
            planning.plan(session, "apac-ir", TODAY - timedelta(days=6), 1, now=NOW)
    assert refused.value.field == "start"
    assert "the past is history" in str(refused.value)
    assert "2026-11-29" in str(refused.value)


def test_a_window_starting_today_is_a_plan(database):
    with database.session() as session:
        planning.check_not_past(teams.get_team(session, "apac-ir"), TODAY, NOW)


@pytest.mark.slow
def test_planning_over_an_edited_draft_asks_first_and_keeps_the_edit(database):
    with database.session() as session:
        first = planning.plan(session, "apac-ir", MONDAY, 1, now=NOW, time_limit=10)
        assert first.draft is not None
        people = {r.id for r in teams.list_responders(session, "apac-ir")}
        for a in first.draft.assignments:
            others = people - {
                x.responder_id for x in first.draft.assignments if x.shift == a.shift
            }
            done = next(
                (
                    edit
                    for who in sorted(others)
                    if (edit := rotas.reassign(session, "apac-ir", a.id, who)).saved
                ),
                None,
            )
            if done is not None:
                break
        assert done is not None, "no assignment of the draft could be given to anyone else"
        edited = done.draft.assignments
        kept = next(x for x in edited if x.id == a.id)
        assert kept.pinned and done.draft.edits == 1
    with database.session() as session:
        with pytest.raises(DraftWasEdited) as asked:
            planning.plan(session, "apac-ir", MONDAY, 1, now=NOW, time_limit=10)
        assert "--replace" in str(asked.value)
        again = planning.plan(
            session, "apac-ir", MONDAY, 1, now=NOW, time_limit=10, replace_edited=True
        )
        assert again.draft is not None and again.draft.edits == 0
        assert any(
            x.shift == kept.shift and x.responder_id == kept.responder_id and x.pinned
            for x in again.draft.assignments
        )
        assert len(planning.drafts_of(session, "apac-ir")) == 1
