"""The app in a real browser: team page, plan a week, see it on the Rota page, publish it (after
confirming), then see the published timeline."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PLAN_SECONDS = 8


def go_to(page, title: str) -> None:
    """Open a page from the sidebar navigation."""
    link = page.get_by_role("link", name=re.compile(rf"^\W*{re.escape(title)}$"))
    if link.count() == 0:
        pytest.fail(
            f"the {title} page is not in the app's navigation: add its st.Page line to "
            "streamlit_app.py",
            pytrace=False,
        )
    link.first.click()


def test_plan_a_week_review_it_on_the_rota_page_and_publish_it(page, screenshot):
    page.goto("/")
    page.get_by_text("responders in").first.wait_for()
    # the table is drawn on a canvas; its cells are in the DOM for accessibility, not visible
    page.get_by_text("Aiko Tanaka").first.wait_for(state="attached")
    screenshot(page, "01-team")

    go_to(page, "Plan")
    page.get_by_role("heading", name=re.compile("Plan")).first.wait_for()
    weeks = page.get_by_label("Weeks")
    weeks.fill("1")
    limit = page.get_by_label("Time limit (seconds)").first
    limit.fill(str(PLAN_SECONDS))
    limit.press("Tab")
    page.get_by_role("button", name="Plan rota").click()
    page.get_by_text("Role slots staffed").wait_for(timeout=120_000)
    page.get_by_text("Validator: every hard rule holds.").wait_for()
    page.get_by_text("Load per person").wait_for()
    screenshot(page, "02-plan")

    go_to(page, "Rota")
    page.get_by_text("Changes against the published rota").wait_for(timeout=60_000)
    page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first.wait_for()
    screenshot(page, "03-rota-draft")

    page.get_by_role("button", name="Publish this draft").click()
    page.get_by_role("button", name="Confirm publish").wait_for(timeout=60_000)
    screenshot(page, "04a-rota-confirm-publish")
    page.get_by_role("button", name="Confirm publish").click()
    page.get_by_text(re.compile(r"Published version 1")).first.wait_for(timeout=60_000)
    page.get_by_text("Override a shift").wait_for()
    screenshot(page, "04-rota-published")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Coverage & policy", "Wellbeing and working-time limits"),
        ("Wellbeing", "Wellbeing"),
        ("Skills matrix", "Skills matrix"),
        ("Mentoring", "Mentoring"),
        ("Me", "My next shifts"),
        ("Calendar feeds", "Calendar feeds"),
    ],
)
def test_every_other_page_opens_with_real_content_and_no_error(page, screenshot, title, expected):
    page.goto("/")
    page.get_by_text("responders in").first.wait_for()
    go_to(page, title)
    page.get_by_text(expected).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "page-" + re.sub(r"\W+", "-", title.lower()).strip("-"))
