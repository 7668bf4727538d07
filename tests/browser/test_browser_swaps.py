"""A swap in a real browser, end to end: the requester asks on the Me page, the colleague accepts
on theirs, a lead approves on the Rota page, and the published timeline (and the colleague's Me
page) then shows the colleague on the shift.

The database is prepared by the services before the app starts: the demo team with one week
planned and published, starting next Monday by the wall clock (the app reads the wall clock
too). Screenshots of every step go to ``test-artifacts/screenshots/swap-*.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser

PLAN_SECONDS = 5
LEAD = "arjun-pillai"  # the demo team's lead


def next_monday():
    today = datetime.now(UTC).date()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> SimpleNamespace:
    """A TANDEM_HOME with next week planned and published, and who swaps what: a responder
    (not the lead) whose first published shift a colleague (not the lead) can take."""
    from rota.config import Config
    from rota.services import me, planning, published, teams
    from rota.services.runtime import open_with_demo

    home = tmp_path_factory.mktemp("swaps") / "home"
    now = datetime.now(UTC)
    database = open_with_demo(Config.from_env({"TANDEM_HOME": str(home)}), now.date())
    try:
        with database.session() as session:
            outcome = planning.plan(
                session, "apac-ir", next_monday(), 1, now=now, time_limit=PLAN_SECONDS, seed=1
            )
            assert outcome.draft is not None, outcome.result.status
            planning.publish(session, "apac-ir", now=now, by=LEAD)
        with database.session() as session:
            for person in teams.list_responders(session, "apac-ir"):
                if person.id == LEAD:
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
                others = [c for c in candidates if c.responder_id != LEAD]
                if others:
                    return SimpleNamespace(
                        home=home, requester=person, shift=mine[0], colleague=others[0]
                    )
    finally:
        database.close()
    raise AssertionError("no responder has a published shift a colleague can take")


@pytest.fixture(scope="module")
def app_url(prepared, tmp_path_factory, start_app) -> Iterator[str]:
    """``tandem app --headless`` on the prepared home (this module's own, in place of the
    conftest's app on a new home); its base URL."""
    with start_app(prepared.home, tmp_path_factory.mktemp("swaps-app")) as url:
        yield url


def open_page(page, path: str, heading: str) -> None:
    page.goto(path)
    page.get_by_text(heading).first.wait_for(timeout=60_000)


def pick(page, label: str | re.Pattern, option: str) -> None:
    """Choose ``option`` (the start of its text) in the select box labelled ``label``."""
    box = (
        page.get_by_label(label, exact=True) if isinstance(label, str) else page.get_by_label(label)
    )
    box.click()
    box.fill(option)
    page.get_by_role("option", name=re.compile("^" + re.escape(option))).first.click()


def settled(page) -> None:
    """Wait until the app has finished its rerun (no "running" indicator), then a moment."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=60_000)
    page.wait_for_timeout(700)


def snap(page, screenshot, name: str) -> Path:
    """A screenshot of the whole page: the viewport grows to the height of the app's content
    (Streamlit scrolls inside its own container, so a full-page shot alone stops at the fold)."""
    settled(page)
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return m ? m.scrollHeight : 1000 }"
    )
    page.set_viewport_size({"width": 1500, "height": min(max(int(height) + 40, 1000), 6000)})
    page.wait_for_timeout(800)
    path = screenshot(page, name)
    page.set_viewport_size({"width": 1500, "height": 1000})
    return path


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def table_rows(page, index: int = 0) -> list[str]:
    """The text of each row of the ``index``-th table (the grid is drawn on a canvas; its cells
    are in the DOM for accessibility)."""
    grid = page.locator("[data-testid='stDataFrame']").nth(index)
    grid.locator("[role=row]").first.wait_for(state="attached")
    return [row.text_content() or "" for row in grid.locator("[role=row]").all()]


def test_a_swap_asked_accepted_and_approved_is_published(page, screenshot, prepared):
    requester, shift, colleague = prepared.requester, prepared.shift, prepared.colleague
    when = f"{shift.start_local:%a %d %b %H:%M}"

    # 1. the requester asks a colleague on the Me page
    open_page(page, "/me", "My next shifts")
    pick(page, "I am (stands in for sign-in)", requester.name)
    page.get_by_text(requester.timezone).first.wait_for()
    settled(page)
    # their first published shift is the one picked
    assert page.get_by_label("My published shift", exact=True).input_value().startswith(when)
    page.get_by_role("button", name="Ask a colleague to take it").click()
    page.get_by_text(re.compile(r"can take it keeping every hard rule")).first.wait_for()
    pick(page, re.compile(r"^Colleague \("), colleague.name)
    reason = page.get_by_label("Reason (optional)", exact=True)
    reason.fill("family wedding")
    reason.press("Tab")
    settled(page)
    no_exception(page)
    snap(page, screenshot, "swap-01-me-ask-a-colleague")
    page.get_by_role("button", name=f"Ask {colleague.name}").click()
    page.get_by_text(f"Asked {colleague.name}").first.wait_for()
    page.get_by_text(f"waiting for {colleague.name} to answer").first.wait_for()
    no_exception(page)
    snap(page, screenshot, "swap-02-me-asked")

    # 2. the colleague accepts on their Me page
    open_page(page, "/me", "My next shifts")
    pick(page, "I am (stands in for sign-in)", colleague.name)
    page.get_by_text(f"{requester.name} asks you").first.wait_for()
    no_exception(page)
    snap(page, screenshot, "swap-03-colleague-sees-the-request")
    page.get_by_role("button", name="Accept", exact=True).click()
    page.get_by_text("waiting for a lead to approve").first.wait_for()
    no_exception(page)
    snap(page, screenshot, "swap-04-colleague-accepted")

    # 3. a lead approves on the Rota page
    open_page(page, "/rota", "Undo last change")
    acting = page.get_by_label("Acting lead", exact=True)
    acting.wait_for()
    assert acting.input_value() == "Arjun Pillai"
    page.get_by_text(f"{requester.name} → {colleague.name}").first.wait_for()
    no_exception(page)
    snap(page, screenshot, "swap-05-rota-waiting-for-a-lead")
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("approved and published as version 2").first.wait_for()
    no_exception(page)
    snap(page, screenshot, "swap-06-rota-approved")

    # the published timeline shows the colleague on the shift, set by version 2
    pick(page, "People", colleague.name)
    page.keyboard.press("Escape")
    settled(page)
    rows = table_rows(page)
    theirs = [r for r in rows if r.startswith(colleague.name) and shift.pattern in r]
    assert any(r.startswith(f"{colleague.name}v2") for r in theirs), rows
    snap(page, screenshot, "swap-07-rota-published-timeline")

    # 4. and the colleague's Me page lists it as theirs, published
    open_page(page, "/me", "My next shifts")
    pick(page, "I am (stands in for sign-in)", colleague.name)
    page.get_by_text(colleague.zone).first.wait_for()
    settled(page)
    day = shift.start_utc.astimezone(ZoneInfo(colleague.zone))
    mine = table_rows(page)
    assert any(
        r.startswith(f"✅ Published{day:%a %d %b}{day:%H:%M}") and shift.pattern in r for r in mine
    ), mine
    snap(page, screenshot, "swap-08-colleague-me-has-the-shift")
