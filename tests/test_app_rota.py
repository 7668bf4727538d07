"""The Plan, Rota, Wellbeing, Me and team-editing pages, headless with Streamlit's AppTest.

The pages run under a router like ``streamlit_app.py``: the app's own router once it lists these
pages, until then an equivalent one written to a temporary directory. Solver runs are few and
short: one 1-week plan on the Plan page, and one 1-week draft planned once for the module and
copied into each test that needs it.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "streamlit_app.py"
PAGES = {
    "team": "app_pages/team.py",
    "plan": "app_pages/plan.py",
    "rota": "app_pages/rota_view.py",
    "wellbeing": "app_pages/wellbeing.py",
    "me": "app_pages/me.py",
}


def _router(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The app's router if it lists every page, else an equivalent one with absolute paths."""
    text = APP.read_text(encoding="utf-8")
    if all(page in text for page in PAGES.values()):
        return APP, dict(PAGES)
    paths = {name: str(ROOT / page) for name, page in PAGES.items()}
    router = tmp_path / "router.py"
    router.write_text(
        "import streamlit as st\n"
        "pages = [\n"
        f"    st.Page({paths['team']!r}, title='Team', default=True),\n"
        f"    st.Page({paths['plan']!r}, title='Plan'),\n"
        f"    st.Page({paths['rota']!r}, title='Rota'),\n"
        f"    st.Page({paths['wellbeing']!r}, title='Wellbeing'),\n"
        f"    st.Page({paths['me']!r}, title='Me'),\n"
        "]\n"
        "st.navigation(pages).run()\n",
        encoding="utf-8",
    )
    return router, paths


def next_monday():
    today = datetime.now(UTC).date()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


@pytest.fixture(scope="module")
def planned_home(tmp_path_factory) -> Path:
    """A TANDEM_HOME with the demo team and a 1-week draft (planned once for the module)."""
    from rota.config import Config
    from rota.services import planning
    from rota.services.runtime import open_with_demo

    home = tmp_path_factory.mktemp("planned") / "home"
    config = Config.from_env({"TANDEM_HOME": str(home)})
    now = datetime.now(UTC)
    database = open_with_demo(config, now.date())
    try:
        with database.session() as session:
            outcome = planning.plan(
                session, "apac-ir", next_monday(), 1, now=now, time_limit=8, seed=1
            )
        assert outcome.draft is not None, outcome.result.status
    finally:
        database.close()
    return home


def _app(tmp_path: Path, monkeypatch, home: Path) -> tuple[AppTest, dict[str, str]]:
    monkeypatch.setenv("TANDEM_HOME", str(home))
    monkeypatch.delenv("TANDEM_DATABASE_URL", raising=False)
    router, pages = _router(tmp_path)
    return AppTest.from_file(str(router), default_timeout=90), pages


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """The app on a new home (the demo team is seeded on first open), on the team page."""
    at, pages = _app(tmp_path, monkeypatch, tmp_path / "home")
    at.run()
    assert not at.exception
    return at, pages


@pytest.fixture
def planned(tmp_path, monkeypatch, planned_home):
    """The app on a copy of the home that holds a 1-week draft."""
    home = tmp_path / "home"
    shutil.copytree(planned_home, home)
    at, pages = _app(tmp_path, monkeypatch, home)
    at.run()
    assert not at.exception
    return at, pages


def open_page(at: AppTest, pages: dict[str, str], name: str) -> AppTest:
    at.switch_page(pages[name]).run()
    assert not at.exception, at.exception
    return at


def text(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.title]
    parts += [e.value for e in at.caption] + [e.value for e in at.subheader]
    parts += [e.value for e in at.success] + [e.value for e in at.warning]
    parts += [e.value for e in at.info] + [e.value for e in at.error]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(str(p) for p in parts)


# ---------------------------------------------------------------------------------------------
# Plan


def test_plan_page__plans_a_week_and_shows_coverage_costs_load_and_verdict(fresh):
    at, pages = fresh
    open_page(at, pages, "plan")
    assert "Plan" in at.title[0].value
    at.date_input(key="plan_start").set_value(next_monday())
    at.number_input(key="weeks").set_value(1)
    at.number_input(key="limit").set_value(8)
    at.button[0].click().run()
    assert not at.exception
    shown = text(at)
    assert "Role slots staffed" in shown
    assert "Validator: every hard rule holds." in shown
    assert "Soft costs by rule" in shown and "Load per person" in shown
    assert "Stored draft" in shown
    assert any("Aiko Tanaka" in frame.value.to_string() for frame in at.dataframe)


def test_plan_page__repair_needs_a_published_rota(fresh):
    at, pages = fresh
    open_page(at, pages, "plan")
    assert "no published rota to repair yet" in text(at)


def test_plan_page__an_impossible_week_is_explained_with_ways_out(fresh, tmp_path):
    from rota.config import Config
    from rota.services import teams
    from rota.services.runtime import open_configured_database

    at, pages = fresh
    database = open_configured_database(Config.from_env({"TANDEM_HOME": str(tmp_path / "home")}))
    with database.session() as session:
        first, _last, _n = teams.seed_impossible_week(session, datetime.now(UTC).date())
    database.close()
    open_page(at, pages, "plan")
    at.date_input(key="plan_start").set_value(first)
    at.number_input(key="weeks").set_value(1)
    at.number_input(key="limit").set_value(6)
    at.button[0].click().run()
    assert not at.exception
    assert any("No rota satisfies every hard rule" in e.value for e in at.error)
    shown = text(at)
    assert "Japanese" in shown
    assert "Any of these would make a rota possible" in shown


def test_plan_page__repair_after_sickness_changes_the_published_rota(planned, tmp_path):
    from rota.config import Config
    from rota.services import rotas
    from rota.services.runtime import open_configured_database

    at, pages = planned
    open_page(at, pages, "rota")
    at.button(key="publish").click().run()
    assert "Published version 1" in text(at)
    database = open_configured_database(Config.from_env({"TANDEM_HOME": str(tmp_path / "home")}))
    with database.session() as session:
        rows = rotas.rota_timeline(session, "apac-ir", "published").rows
    database.close()
    wednesday = next_monday() + timedelta(days=2)
    sick = next(r for r in rows if r.local_day == wednesday and not r.shadow)
    open_page(at, pages, "plan")
    at.selectbox(key="repair_who").select(sick.responder)
    at.date_input(key="sick_from").set_value(wednesday)
    at.date_input(key="sick_to").set_value(wednesday)
    at.number_input(key="repair_limit").set_value(6)
    next(b for b in at.button if b.label == "Re-plan around the sickness").click().run()
    assert not at.exception
    shown = text(at)
    assert "assignments changed against version 1" in shown, shown
    assert "Validator: every hard rule holds." in shown
    database = open_configured_database(Config.from_env({"TANDEM_HOME": str(tmp_path / "home")}))
    with database.session() as session:
        draft = rotas.rota_timeline(session, "apac-ir", "draft").rows
    database.close()
    assert not any(r.responder == sick.responder and r.local_day == wednesday for r in draft)


# ---------------------------------------------------------------------------------------------
# Rota


def test_rota_page__shows_the_draft_timeline_and_diff_then_publishes_it(planned):
    at, pages = planned
    open_page(at, pages, "rota")
    shown = text(at)
    assert "Draft (" in at.selectbox(key="which_rota").value
    assert "each responder's own local time" in shown
    assert "Changes against the published rota" in shown and "Added" in shown
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    at.button(key="publish").click().run()
    assert not at.exception
    assert "Published version 1" in text(at)
    assert any("Published v1" in option for option in at.selectbox(key="which_rota").options)


def test_rota_page__pin_is_saved_and_rechecked_at_once(planned):
    at, pages = planned
    open_page(at, pages, "rota")
    at.button(key="pin").click().run()
    assert not at.exception
    shown = text(at)
    assert "Done: pinned" in shown
    assert "📌" in at.selectbox(key="edit_assignment").value


def _record_leave(home: Path, name: str | None = None):
    """Leave recorded after planning: for the person called ``name`` over the whole draft, else
    for the person on the draft's first shift on that shift's local day. Returns (person, draft)."""
    from rota.config import Config
    from rota.domain.absences import Leave
    from rota.domain.responders import Responder
    from rota.domain.rotas import RotaStatus
    from rota.domain.timezones import zone
    from rota.services.runtime import open_configured_database
    from rota.storage import repo

    database = open_configured_database(Config.from_env({"TANDEM_HOME": str(home)}))
    try:
        with database.session() as session:
            draft = repo.latest_rota(session, "apac-ir", RotaStatus.DRAFT)
            if name is None:
                a = min((x for x in draft.assignments if not x.shadow), key=lambda x: x.start)
                person = repo.get(session, Responder, a.responder_id)
                first = last = a.start.astimezone(zone(person.timezone)).date()
            else:
                person = next(r for r in repo.list_all(session, Responder) if r.name == name)
                first, last = draft.start, draft.end
            repo.save(session, Leave("leave-since-planning", person.id, first, last))
        return person, draft
    finally:
        database.close()


def _stored_draft(home: Path):
    from rota.config import Config
    from rota.domain.rotas import RotaStatus
    from rota.services.runtime import open_configured_database
    from rota.storage import repo

    database = open_configured_database(Config.from_env({"TANDEM_HOME": str(home)}))
    try:
        with database.session() as session:
            return repo.latest_rota(session, "apac-ir", RotaStatus.DRAFT)
    finally:
        database.close()


def test_rota_page__a_draft_broken_by_leave_recorded_since_planning_cannot_be_published(
    planned, tmp_path
):
    at, pages = planned
    person, _draft = _record_leave(tmp_path / "home")
    open_page(at, pages, "rota")
    assert "cannot be published" in text(at)
    assert any(person.name in e.value and "unavailable" in e.value for e in at.markdown)
    assert at.button(key="publish").disabled


def test_rota_page__a_reassign_that_would_break_a_hard_rule_is_refused_and_not_saved(
    planned, tmp_path
):
    at, pages = planned
    open_page(at, pages, "rota")
    receiver = at.selectbox(key="reassign_to").value
    _person, before = _record_leave(tmp_path / "home", receiver)  # away the whole week
    at.button(key="reassign").click().run()
    assert not at.exception
    refused = [e.value for e in at.error if e.value.startswith("Refused")]
    assert refused and receiver in refused[0], text(at)
    assert any(receiver in e.value and "unavailable" in e.value for e in at.markdown)
    assert _stored_draft(tmp_path / "home").assignments == before.assignments


def test_rota_page__times_in_another_zone_and_filters(planned):
    at, pages = planned
    open_page(at, pages, "rota")
    at.selectbox(key="view_zone").select("UTC").run()
    first = at.multiselect(key="filter_people").options[0]
    at.multiselect(key="filter_people").select(first).run()
    at.radio(key="colour_by").set_value("Queue").run()
    assert not at.exception
    shown = text(at)
    assert "Times are in UTC." in shown
    table = at.dataframe[0].value
    assert set(table["Responder"]) == {first}
    assert set(table["Zone"]) == {"UTC"}


# ---------------------------------------------------------------------------------------------
# Wellbeing


def test_wellbeing_page__per_person_limits_and_team_distribution(planned):
    at, pages = planned
    open_page(at, pages, "wellbeing")
    shown = text(at)
    assert "Peak day h (≤ 4)" in shown and "Peak 7 days h (≤ 20)" in shown
    assert "Who carries the load" in shown
    at.radio(key="wb_measure").set_value("On-call hours").run()
    assert not at.exception
    assert "On-call hours" in at.dataframe[-1].value.to_string() or at.dataframe[-1].value.size


# ---------------------------------------------------------------------------------------------
# Me


def test_me_page__picking_a_responder_shows_their_shifts_load_skills_and_goals(planned):
    at, pages = planned
    open_page(at, pages, "me")
    options = at.selectbox(key="me_who").options
    at.selectbox(key="me_who").select("Aiko Tanaka" if "Aiko Tanaka" in options else options[1])
    at.run()
    assert not at.exception
    shown = text(at)
    assert "Asia/Tokyo" in shown
    assert "My next shifts" in shown and "My skills" in shown and "My goals" in shown
    assert "Peak 7 days" in shown
    assert "My calendar feed" in shown


# ---------------------------------------------------------------------------------------------
# Team editing


def test_team_page__a_wrong_email_is_refused_then_a_new_responder_is_added(fresh):
    at, _pages = fresh
    at.text_input(key="add_responder_name").input("Dana Lim")
    at.text_input(key="add_responder_email").input("dana at example")
    at.selectbox(key="add_responder_zone").select("Asia/Singapore")
    at.text_input(key="add_responder_country").input("SG")
    at.text_input(key="add_responder_languages").input("en:native")
    at.button[0].click().run()
    assert not at.exception
    assert any("e-mail" in e.value for e in at.error)
    at.text_input(key="add_responder_email").input("dana.lim@example.org")
    at.button[0].click().run()
    assert not at.exception
    assert any("Added Dana Lim" in s.value for s in at.success)
    assert "Dana Lim" in at.dataframe[0].value.to_string()


def test_team_page__offboarding_takes_the_person_off_the_team_list(fresh):
    at, _pages = fresh
    who = at.selectbox(key="offboard_who").value
    at.checkbox(key="offboard_confirm").check()
    next(b for b in at.button if b.label == "Offboard").click().run()
    assert not at.exception
    assert any(f"Offboarded {who}" in s.value for s in at.success)
    assert who not in at.dataframe[0].value["Name"].tolist()
