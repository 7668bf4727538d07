"""Each page of the app, rendered headless with Streamlit's AppTest, shows real content."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("TANDEM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TANDEM_DATABASE_URL", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def all_text(at: AppTest) -> str:
    parts = (
        [e.value for e in at.markdown] + [e.value for e in at.title] + [e.value for e in at.caption]
    )
    parts += [e.value for e in at.subheader]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(str(p) for p in parts)


def test_first_open_seeds_the_demo_team_and_shows_its_responders_with_zones(app):
    app.run()
    assert not app.exception
    text = all_text(app)
    assert "APAC Incident Response" in text
    assert "Asia/Tokyo" in text and "Pacific/Auckland" in text
    assert "30 responders" in text or "responders in 9 time zones" in text


def test_coverage_page_shows_patterns_demands_and_sourced_limits(app):
    app.run()
    app.switch_page("app_pages/coverage.py")
    app.run()
    assert not app.exception
    text = all_text(app)
    assert "primary" in text.lower()
    assert "Google SRE book" in text
    assert "⚖️" in text  # judgement calls are marked
    assert "Per-person limits" in text
    assert "Fair Work Act 2009 s.114" in text  # Sydney responders: holidays only by agreement


def test_coverage_page_redraws_the_strip_in_another_zone(app):
    app.run()
    app.switch_page("app_pages/coverage.py")
    app.run()
    app.selectbox[0].select("Asia/Tokyo").run()
    assert not app.exception
    assert "shown in Asia/Tokyo" in all_text(app)


def test_an_unreachable_database_shows_a_clear_message_not_a_traceback(app, monkeypatch):
    monkeypatch.setenv("TANDEM_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/test")
    app.run()
    assert not app.exception
    assert any("cannot open its database" in e.value for e in app.error)
