"""The skills matrix and mentoring pages, rendered headless with Streamlit's AppTest."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "streamlit_app.py"
MATRIX = "app_pages/skills_matrix.py"
MENTORING = "app_pages/mentoring.py"

#: Used only until streamlit_app.py lists the skills pages: the same frame with them added.
_ROUTER = f"""
import streamlit as st

st.set_page_config(page_title="Tandem", layout="wide")
pages = [
    st.Page({str(ROOT / "app_pages/team.py")!r}, title="Team", default=True),
    st.Page({str(ROOT / MATRIX)!r}, title="Skills matrix"),
    st.Page({str(ROOT / MENTORING)!r}, title="Mentoring"),
]
st.navigation(pages).run()
"""


def _listed_in_app() -> bool:
    text = APP.read_text(encoding="utf-8")
    return MATRIX in text and MENTORING in text


@pytest.fixture
def open_page(tmp_path, monkeypatch):
    monkeypatch.setenv("TANDEM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TANDEM_DATABASE_URL", raising=False)

    def open_page(page: str) -> AppTest:
        if _listed_in_app():
            at = AppTest.from_file(str(APP), default_timeout=60)
            target = page
        else:
            router = tmp_path / "router.py"
            router.write_text(_ROUTER, encoding="utf-8")
            at = AppTest.from_file(str(router), default_timeout=60)
            target = str(ROOT / page)
        at.run()
        at.switch_page(target)
        at.run()
        assert not at.exception, at.exception
        return at

    return open_page


def all_text(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.title]
    parts += [e.value for e in at.caption] + [e.value for e in at.subheader]
    parts += [e.value for e in at.success] + [e.value for e in at.error]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(str(p) for p in parts)


def test_skills_matrix_page__shows_the_demo_matrix_gaps_risk_and_pending_assessments(open_page):
    at = open_page(MATRIX)
    text = all_text(at)
    assert "Skills matrix" in text and "30 people × 14 skills" in text
    assert "Kenta Ishikawa (Asia/Tokyo)" in text and "Child safety escalation" in text
    assert "Open gaps" in text and "Bayu Prasetyo" in text
    assert "Japanese language desk — language desk (Japanese)" in text
    assert "Waiting for a decision (3)" in text
    assert not at.error


def test_skills_matrix_page__approving_a_pending_assessment_removes_it_from_the_list(open_page):
    at = open_page(MATRIX)
    approve = next(b for b in at.button if b.label == "Approve")
    approve.click().run()
    assert not at.exception and not at.error
    text = all_text(at)
    assert "Approved:" in text
    assert "Waiting for a decision (2)" in text


def test_skills_matrix_page__an_earlier_as_of_date_shows_fewer_people(open_page):
    at = open_page(MATRIX)
    at.date_input(key="skills_as_of").set_value(date(2026, 1, 1)).run()
    assert not at.exception and not at.error
    assert "on 01 Jan 2026" in all_text(at)
    assert "30 people" not in all_text(at)


def test_mentoring_page__shows_pairs_suggestions_tracks_and_a_level_chart(open_page):
    at = open_page(MENTORING)
    text = all_text(at)
    assert "Olivia Bennett (Australia/Sydney)" in text and "Hyun-woo Lee" in text
    assert "Suggested pairs" in text and "keen" in text
    assert "Kavya Shetty (Asia/Kolkata)" in text and "reverse shadow" in text
    assert "Level over time" in text
    assert not at.error


def test_mentoring_page__a_day_before_the_pairs_started_shows_none_active(open_page):
    at = open_page(MENTORING)
    assert "4 active pairs" in all_text(at)
    at.date_input(key="mentoring_as_of").set_value(date(2020, 1, 1)).run()
    assert not at.exception and not at.error
    assert "0 active pairs on 01 Jan 2020" in all_text(at)


def test_skills_pages__an_unreachable_database_is_a_clear_message_not_a_traceback(
    open_page, monkeypatch
):
    monkeypatch.setenv("TANDEM_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/test")
    for page in (MATRIX, MENTORING):
        at = open_page(page)
        assert any("cannot open its database" in e.value for e in at.error)
