"""One meaning per fact: what the Rota, Wellbeing and Me views show for a shift (local day,
night, weekend, public holiday, hours, weighted exposure) is the engine's own reading of it, on
the demo team and on a team that changed its severity weights (issue 12)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import scheduling as engine
from rota.config import Config
from rota.domain.rotas import RotaStatus
from rota.domain.team import Team
from rota.planning.drafts import engine_assignments
from rota.services import me, rotas, wellbeing
from rota.services import planning as planning_service
from rota.services.runtime import open_with_demo
from rota.storage import repo

TEAM = "apac-ir"


@pytest.fixture(scope="module")
def demo():
    """The demo team with a one-week draft from the next Monday (clock: now, computed)."""
    import tempfile

    now = datetime.now(UTC).replace(microsecond=0)
    monday = now.date() + timedelta(days=(7 - now.date().weekday()) % 7 or 7)
    home = tempfile.mkdtemp(prefix="tandem-one-meaning-")
    database = open_with_demo(Config.from_env({"TANDEM_HOME": home}), now.date())
    with database.session() as session:
        outcome = planning_service.plan(session, TEAM, monday, 1, now=now, time_limit=8, seed=1)
        assert outcome.draft is not None, outcome.result.status
    yield database, now
    database.close()


def engine_readings(session, rota):
    """Per assignment id, the engine's reading of it in the rota's own planning problem."""
    problem, index = planning_service.rota_problem(session, rota)
    ours = engine_assignments(rota, index)
    facts = {
        (f.worker_id, f.demand_id, f.shadow): f for f in engine.assignment_facts(problem, ours)
    }
    by_id = {
        a.id: facts[(e.worker_id, e.demand_id, e.shadow)]
        for a, e in zip(rota.assignments, ours, strict=True)
    }
    return problem, ours, by_id


def assert_views_read_like_the_engine(session, now):
    draft = repo.latest_rota(session, TEAM, RotaStatus.DRAFT)
    _problem, _ours, truth = engine_readings(session, draft)
    assert truth and len(truth) == len(draft.assignments)

    timeline = rotas.rota_timeline(session, TEAM, "draft")
    assert {r.assignment_id for r in timeline.rows} == set(truth)
    for row in timeline.rows:
        f = truth[row.assignment_id]
        shown = (row.local_day, row.night, row.weekend, row.holiday, row.hours, row.exposure_hours)
        read = (
            f.local_day,
            f.night,
            f.weekend,
            f.holiday,
            round(f.minutes / 60, 2),
            round(f.exposure_minutes / 60, 2),
        )
        assert shown == read, row.assignment_id

    view = wellbeing.wellbeing(session, TEAM, draft.start, draft.end, today=now.date())
    per_person: dict[str, list] = defaultdict(list)
    for a in draft.assignments:
        per_person[a.responder_id].append(truth[a.id])
    for person in view.people:
        # the period is the person's own local days: shifts read onto them
        mine = [
            f
            for f in per_person.get(person.responder.id, [])
            if draft.start <= f.local_day <= draft.end
        ]
        exposure = sum(f.exposure_minutes for f in mine) / 60
        assert person.exposure_hours == pytest.approx(exposure, abs=0.01), person.responder.id
        assert person.hours == pytest.approx(sum(f.minutes for f in mine) / 60, abs=0.01)
        assert person.nights == sum(f.night for f in mine), person.responder.id
        assert person.weekend_days == len({f.local_day for f in mine if f.weekend})
        assert person.holidays == len({f.local_day for f in mine if f.holiday})
        for day in person.days:
            that_day = [f for f in mine if f.local_day == day.day]
            assert day.night == any(f.night for f in that_day), (person.responder.id, day.day)
            assert day.exposure_hours == pytest.approx(
                sum(f.exposure_minutes for f in that_day) / 60, abs=0.01
            )

    someone = max(per_person, key=lambda r: len(per_person[r]))
    mine_view = me.me(session, someone, now=now, count=50)
    assert mine_view.next_shifts
    for shift in mine_view.next_shifts:
        f = truth[shift.assignment_id]
        assert (shift.night, shift.weekend, shift.holiday) == (f.night, f.weekend, f.holiday)
    return truth


def test_the_rota_wellbeing_and_me_views_show_the_engines_readings_on_the_demo_team(demo):
    database, now = demo
    with database.session() as session:
        truth = assert_views_read_like_the_engine(session, now)
    # follow the sun: the demo team's rota puts nobody on a local night, and every view says so
    assert not any(f.night for f in truth.values())
    assert any(f.weekend for f in truth.values())
    assert any(f.exposure_minutes for f in truth.values())


def test_a_team_that_changes_its_severity_weights_sees_what_the_engine_enforces(demo):
    database, now = demo
    with database.session() as session:
        before = engine_readings(session, repo.latest_rota(session, TEAM, RotaStatus.DRAFT))[2]
        team = repo.get(session, Team, TEAM)
        overrides = {
            **dict(team.policy_overrides),
            "medium_severity_weight": 1.0,
            "extreme_severity_weight": 2.0,
        }
        repo.save(session, replace(team, policy_overrides=overrides))
        session.commit()
    with database.session() as session:
        after = assert_views_read_like_the_engine(session, now)
        changed = [
            aid for aid in after if after[aid].exposure_minutes != before[aid].exposure_minutes
        ]
        assert changed, "the new weights change some shift's weighted exposure"
        # medium-severity work now counts as high-severity work, as the engine enforces it
        assert any(after[aid].high_severity and not before[aid].high_severity for aid in after)


def test_the_wellbeing_and_me_pages_say_the_teams_own_weights_and_limits(tmp_path, monkeypatch):
    from test_app_rota import _app, open_page, text

    from rota.config import Config as _Config

    home = tmp_path / "home"
    database = open_with_demo(
        _Config.from_env({"TANDEM_HOME": str(home)}), datetime.now(UTC).date()
    )
    with database.session() as session:
        team = repo.get(session, Team, TEAM)
        overrides = {
            **dict(team.policy_overrides),
            "extreme_severity_weight": 2.0,
            "medium_severity_weight": 0.75,
            "max_high_severity_hours_per_day": 3.5,
        }
        repo.save(session, replace(team, policy_overrides=overrides))
        session.commit()
    database.close()
    at, pages = _app(tmp_path, monkeypatch, home)
    at.run()
    open_page(at, pages, "wellbeing")
    shown = text(at)
    assert "counts 2×, other high-severity 1×, medium 0.75×" in shown
    assert "The 3.5 h/day and 16/20 h per 7 days limits" in shown
    assert "1.5×" not in shown
    open_page(at, pages, "me")
    assert "counts 2×" in text(at)


def test_an_on_call_share_reason_says_the_teams_share():
    from rota.planning.explain import rule_words

    assert rule_words("on-call-share", engine.Policy(max_on_call_percent=30)) == (
        "at the 30% on-call share"
    )
    assert "25" not in rule_words("on-call-share", engine.Policy(max_on_call_percent=30))
