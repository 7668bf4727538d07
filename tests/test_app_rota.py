"""The Plan, Rota, Wellbeing, Me and team-editing pages, headless with Streamlit's AppTest.

The pages run under a router like ``streamlit_app.py``: the app's own router once it lists these
pages, until then an equivalent one written to a temporary directory. Solver runs are few and
short: one 1-week plan on the Plan page, one 1-week draft planned once for the module, and two
published weeks (two plans, each published) prepared once for the module; each test that needs
them works on a copy.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

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


@pytest.fixture(scope="module")
def published_home(tmp_path_factory) -> Path:
    """A TANDEM_HOME with the demo team and two published weeks (versions 1 and 2), next week
    and the week after, each planned for 1 week and published by the lead."""
    from rota.config import Config
    from rota.services import planning
    from rota.services.runtime import open_with_demo

    home = tmp_path_factory.mktemp("published") / "home"
    config = Config.from_env({"TANDEM_HOME": str(home)})
    now = datetime.now(UTC)
    database = open_with_demo(config, now.date())
    try:
        for week in range(2):
            with database.session() as session:
                start = next_monday() + timedelta(days=7 * week)
                outcome = planning.plan(session, "apac-ir", start, 1, now=now, time_limit=5, seed=1)
                assert outcome.draft is not None, outcome.result.status
                planning.publish(session, "apac-ir", now=now, by="arjun-pillai")
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


@pytest.fixture
def published_weeks(tmp_path, monkeypatch, published_home):
    """The app on a copy of the home with two published weeks."""
    home = tmp_path / "home"
    shutil.copytree(published_home, home)
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


def publish_confirmed(at: AppTest) -> AppTest:
    """Publish the shown draft: the button, then the confirmation."""
    at.button(key="publish").click().run()
    assert not at.exception, at.exception
    at.button(key="confirm_publish_button").click().run()
    assert not at.exception, at.exception
    return at


def in_home(home: Path, work):
    """``work(session)`` on the database of ``home``."""
    from rota.config import Config
    from rota.services.runtime import open_configured_database

    database = open_configured_database(Config.from_env({"TANDEM_HOME": str(home)}))
    try:
        with database.session() as session:
            return work(session)
    finally:
        database.close()


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
    publish_confirmed(at)
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
    assert "assignments changed against what is published on" in shown, shown
    assert "Validator: every hard rule holds." in shown
    database = open_configured_database(Config.from_env({"TANDEM_HOME": str(tmp_path / "home")}))
    with database.session() as session:
        draft = rotas.rota_timeline(session, "apac-ir", "draft").rows
    database.close()
    assert not any(r.responder == sick.responder and r.local_day == wednesday for r in draft)


def test_plan_page__says_what_changes_against_published_and_asks_before_replacing_an_edit(
    published_weeks, tmp_path
):
    from rota.services import planning, rotas

    at, pages = published_weeks
    open_page(at, pages, "plan")
    assert at.checkbox(key="plan_fresh").label.startswith("Fresh plan (ignore what is published")
    at.date_input(key="plan_start").set_value(next_monday())
    at.number_input(key="weeks").set_value(1)
    at.number_input(key="limit").set_value(4)
    at.button[0].click().run()
    assert not at.exception
    shown = text(at)
    assert "Stored draft" in shown
    assert (
        "Every published assignment of these days is kept" in shown
        or "published assignments change" in shown
        or "published assignment changes" in shown
    ), shown

    def edit_the_draft(session):
        draft = planning.drafts_of(session, "apac-ir")[0]
        rotas.set_pinned(session, "apac-ir", draft.assignments[0].id, True, draft_id=draft.id)
        return draft.id

    edited = in_home(tmp_path / "home", edit_the_draft)
    at.button[0].click().run()  # the same window again: it would replace the hand edit
    assert not at.exception
    asked = [w.value for w in at.warning if "edited" in w.value or "hand edit" in w.value]
    assert asked and "1 hand edit" in asked[0], text(at)
    assert "Stored draft" not in text(at)
    assert [
        d.id for d in in_home(tmp_path / "home", lambda s: planning.drafts_of(s, "apac-ir"))
    ] == [edited]
    at.button(key="replace_edited").click().run()
    assert not at.exception
    assert "Stored draft" in text(at)
    drafts = in_home(tmp_path / "home", lambda s: planning.drafts_of(s, "apac-ir"))
    assert len(drafts) == 1 and drafts[0].id != edited and drafts[0].edits == 0


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
    publish_confirmed(at)
    assert "Published version 1" in text(at)
    assert at.selectbox(key="which_rota").value == "Published (current timeline)"
    assert any(
        option.startswith("Version 1: plan") and option.endswith("current")
        for option in at.selectbox(key="which_rota").options
    )


def test_rota_page__publish_shows_who_is_affected_and_asks_to_confirm_first(planned, tmp_path):
    from rota.services import planning

    at, pages = planned
    open_page(at, pages, "rota")
    shown = text(at)
    assert "What publishing changes:" in shown and "people affected" in shown
    assert "➕ gains" in shown  # nothing is published yet: everyone gains shifts
    at.button(key="publish").click().run()
    assert not at.exception
    assert any("Publish the draft" in w.value for w in at.warning)
    assert in_home(tmp_path / "home", lambda s: planning.published_versions(s, "apac-ir")) == []
    at.button(key="cancel_publish").click().run()  # changed my mind
    assert not at.exception
    assert not any(b.key == "confirm_publish_button" for b in at.button)
    publish_confirmed(at)
    assert "Published version 1" in text(at)
    versions = in_home(tmp_path / "home", lambda s: planning.published_versions(s, "apac-ir"))
    assert [v.version for v in versions] == [1]
    assert versions[0].created_by == "arjun-pillai"  # the acting lead


def test_rota_page__the_published_view_shows_both_published_weeks_and_the_versions(
    published_weeks,
):
    at, pages = published_weeks
    open_page(at, pages, "rota")
    assert at.selectbox(key="which_rota").value == "Published (current timeline)"
    options = at.selectbox(key="which_rota").options
    assert [o.split(":")[0] for o in options[1:]] == ["Version 2", "Version 1"]
    table = at.dataframe[0].value
    assert set(table["Version"]) == {"v1", "v2"}
    first, second = next_monday(), next_monday() + timedelta(days=7)
    days = set(table["Local start"].str.slice(4, 10))
    assert f"{first:%d %b}" in days and f"{second + timedelta(days=3):%d %b}" in days
    shown = text(at)
    assert f"{first:%a %d %b} – {second + timedelta(days=6):%a %d %b %Y}" in shown
    assert "set by versions 1, 2" in shown
    history = at.dataframe[-1].value
    assert list(history["Version"]) == ["v2", "v1"] and set(history["State"]) == {"current"}
    assert set(history["By"]) == {"Arjun Pillai"}
    # a stored version alone
    at.selectbox(key="which_rota").select(options[2]).run()
    assert not at.exception
    assert set(at.dataframe[0].value["Version"]) == {"v1"}
    assert "Version 1 as it was published" in text(at)


def test_rota_page__override_offers_only_candidates_and_needs_a_reason(published_weeks, tmp_path):
    from rota.services import published, rotas

    at, pages = published_weeks
    open_page(at, pages, "rota")
    rows = in_home(tmp_path / "home", lambda s: rotas.rota_timeline(s, "apac-ir", "published"))
    shift = [r for r in rows.rows if not r.shadow][5]
    label = (
        f"{shift.start_local:%a %d %b %H:%M} {shift.display_zone} · {shift.pattern} · "
        f"{shift.role} · {shift.responder} (v{shift.version})"
    )
    at.selectbox(key="override_shift").select(label).run()
    assert not at.exception
    at.button(key="override_start").click().run()  # "Who can take it?"
    assert not at.exception
    candidates = in_home(
        tmp_path / "home",
        lambda s: published.override_candidates(s, "apac-ir", shift.assignment_id),
    )
    offered = at.selectbox(key="override_to").options
    assert [o.split(" (")[0] for o in offered] == [c.name for c in candidates]
    assert all(o.endswith(f"{c.zone})") for o, c in zip(offered, candidates, strict=True))
    assert shift.responder not in " ".join(offered)
    at.button(key="override_button").click().run()  # no reason
    assert not at.exception
    assert any("Give a reason" in e.value for e in at.error)
    assert len(in_home(tmp_path / "home", lambda s: published.version_history(s, "apac-ir"))) == 2
    at.selectbox(key="override_to").select(offered[-1])
    at.text_input(key="override_reason").input("covering a dentist appointment")
    at.button(key="override_button").click().run()
    assert not at.exception
    assert any("Overridden" in s.value and "version 3" in s.value for s in at.success), text(at)
    history = in_home(tmp_path / "home", lambda s: published.version_history(s, "apac-ir"))
    assert history[0].kind == "override" and "covering a dentist appointment" in history[0].note
    now = in_home(tmp_path / "home", lambda s: published.current_timeline(s, "apac-ir"))
    assert now.find(shift.assignment_id).responder_id == candidates[-1].responder_id
    # undo is offered for it, and puts the shift back
    assert not at.button(key="undo").disabled
    at.button(key="undo").click().run()
    assert not at.exception
    assert any("Undone: version 3" in s.value for s in at.success)
    now = in_home(tmp_path / "home", lambda s: published.current_timeline(s, "apac-ir"))
    assert now.find(shift.assignment_id).responder_id == shift.responder_id


def test_rota_page__undo_is_disabled_with_the_reason_when_the_last_version_is_a_plan(
    published_weeks,
):
    at, pages = published_weeks
    open_page(at, pages, "rota")
    assert at.button(key="undo").disabled
    assert "Nothing to undo: the last version (version 2) is a plan" in text(at)


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


# ---------------------------------------------------------------------------------------------
# Swaps: Me (ask, accept) → Rota (a lead approves) → published


def _swap_pair(home: Path):
    """A responder (not the lead) whose next published shift a colleague (not the lead) can
    take: (requester, their shift, colleague)."""
    from rota.services import me, published, teams

    def find(session):
        now = datetime.now(UTC)
        for person in teams.list_responders(session, "apac-ir"):
            if person.team_role == "lead":
                continue
            mine = [
                s
                for s in me.me(session, person.id, now=now).next_shifts
                if s.status == "published" and s.start_utc > now
            ]
            if not mine:
                continue
            candidates = published.swap_candidates(
                session, "apac-ir", mine[0].assignment_id, person.id, now=now
            )
            others = [c for c in candidates if c.responder_id != "arjun-pillai"]
            if others:
                return person, mine[0], others[0]
        raise AssertionError("no responder has a shift a colleague can take")

    return in_home(home, find)


def test_swap__asked_on_me_accepted_by_the_colleague_approved_by_a_lead_then_published(
    published_weeks, tmp_path
):
    from rota.services import published

    home = tmp_path / "home"
    requester, shift, colleague = _swap_pair(home)
    at, pages = published_weeks
    open_page(at, pages, "me")
    at.selectbox(key="me_who").select(requester.name).run()
    assert not at.exception
    assert at.selectbox(key="swap_shift").value.startswith(f"{shift.start_local:%a %d %b %H:%M}")
    at.button(key="swap_start").click().run()  # "Ask a colleague to take it"
    assert not at.exception
    offered = at.selectbox(key="swap_to").options
    expected = in_home(
        home,
        lambda s: published.swap_candidates(
            s, "apac-ir", shift.assignment_id, requester.id, now=datetime.now(UTC)
        ),
    )
    assert [o.split(" (")[0] for o in offered] == [c.name for c in expected]
    at.selectbox(key="swap_to").select(next(o for o in offered if o.startswith(colleague.name)))
    at.text_input(key="swap_reason").input("family wedding")
    at.run()
    at.button(key="ask_swap").click().run()
    assert not at.exception
    assert any(f"Asked {colleague.name}" in s.value for s in at.success), text(at)
    assert "waiting for " + colleague.name in text(at)  # My requests
    assert any(b.key.startswith("cancel_") for b in at.button)

    # the colleague sees it and accepts
    at.selectbox(key="me_who").select(colleague.name).run()
    assert not at.exception
    assert f"**{requester.name}** asks you" in text(at)
    accept = next(b for b in at.button if b.key and b.key.startswith("accept_"))
    accept.click().run()
    assert not at.exception
    assert any("waiting for a lead" in s.value for s in at.success), text(at)

    # a lead approves it on the Rota page
    open_page(at, pages, "rota")
    assert at.selectbox(key="acting_lead").options == ["Arjun Pillai"]
    assert f"**{requester.name} → {colleague.name}**" in text(at)
    assert at.toggle(key="auto_approve").value is False
    approve = next(b for b in at.button if b.key and b.key.startswith("approve_"))
    approve.click().run()
    assert not at.exception
    assert any("approved and published as version 3" in s.value for s in at.success), text(at)
    table = at.dataframe[0].value
    row = table[(table["Responder"] == colleague.name) & (table["Version"] == "v3")]
    assert len(row) == 1 and row.iloc[0]["Shift"] == shift.pattern
    timeline = in_home(home, lambda s: published.current_timeline(s, "apac-ir"))
    assert timeline.find(shift.assignment_id).responder_id == colleague.responder_id
    assert "Undo reverses **version 3** (swap" in text(at)

    # and the colleague's Me page lists the shift as theirs, published
    open_page(at, pages, "me")
    at.selectbox(key="me_who").select(colleague.name).run()
    mine = at.dataframe[0].value
    day = f"{shift.start_utc.astimezone(ZoneInfo(colleague.zone)):%a %d %b}"
    assert (
        (mine["Day"] == day) & (mine["Status"] == "✅ Published") & (mine["Shift"] == shift.pattern)
    ).any()


def test_swap__the_auto_approve_toggle_is_the_team_setting(published_weeks, tmp_path):
    from rota.services import teams

    at, pages = published_weeks
    open_page(at, pages, "rota")
    at.toggle(key="auto_approve").set_value(True).run()
    assert not at.exception
    assert any("approved automatically" in i.value for i in at.info)
    team = in_home(tmp_path / "home", lambda s: teams.list_teams(s)[0])
    assert team.auto_approve_swaps is True
    assert at.toggle(key="auto_approve").value is True
