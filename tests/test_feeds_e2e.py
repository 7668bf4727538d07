"""End to end: `tandem serve-feeds` as a real process, a calendar client's requests, ical.js.

A tmp TANDEM_HOME holds the demo team and a tiny published rota; the server runs on a free port
on 127.0.0.1; requests go through urllib like a calendar client's; every body is parsed with
ical.js (Thunderbird's parser) and compared with the stored assignments. Also the "Calendar
feeds" page, rendered with Streamlit's AppTest.
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rota.cli.main import main
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.services import teams
from rota.storage import repo
from rota.storage.db import open_database

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "app_pages" / "feeds.py")
TEAM = "apac-ir"
AIKO = "aiko.tanaka@example.org"
URL = re.compile(r"http://127\.0\.0\.1:\d+/feeds/([A-Za-z0-9_-]+)\.ics")


# ---------------------------------------------------------------------------------------------
# Factories and infrastructure


def make_shift(id: str, responder_id: str, start: datetime, **overrides) -> Assignment:
    fields = dict(
        id=id,
        rota_id=f"{TEAM}-v1",
        responder_id=responder_id,
        pattern_id="oncall-asia",
        role="primary",
        start=start,
        end=start + timedelta(hours=7),
    )
    fields.update(overrides)
    return Assignment(**fields)


def first_shifts(now: datetime) -> tuple[Assignment, ...]:
    """Shifts around the real clock (the server's), so they fall in the feed's window."""
    day = now.replace(hour=3, minute=0, second=0, microsecond=0)
    return (
        make_shift("a-1", "aiko-tanaka", day + timedelta(days=1)),
        make_shift("a-2", "aiko-tanaka", day + timedelta(days=2)),
        make_shift("a-3", "aiko-tanaka", day + timedelta(days=4), role="secondary"),
        make_shift("a-4", "daniel-koh", day + timedelta(days=1)),
    )


def published(version: int, shifts, at: datetime) -> Rota:
    rota_id = f"{TEAM}-v{version}"
    return Rota(
        id=rota_id,
        team_id=TEAM,
        start=at.date(),
        end=at.date() + timedelta(days=13),
        status=RotaStatus.PUBLISHED,
        version=version,
        created_at=at,
        published_at=at,
        assignments=tuple(replace(a, rota_id=rota_id) for a in shifts),
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class FeedServer:
    base: str
    env: dict[str, str]
    database: object
    process: subprocess.Popen
    log_path: Path

    def cli(self, *argv: str) -> str:
        out = io.StringIO()
        assert main(list(argv), environ=self.env, out=out) == 0
        return out.getvalue()

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A GET like a calendar client's (no Accept header); returns status, headers (lower-case
    names), body."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


@pytest.fixture
def server(tmp_path) -> Iterator[FeedServer]:
    home = tmp_path / "home"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "TANDEM_HOME": str(home),
        "TANDEM_FEED_BASE_URL": base,
        "PYTHONUNBUFFERED": "1",
    }
    database = open_database(None, default_path=home / "tandem.sqlite")
    now = datetime.now(UTC)
    with database.session() as session:
        teams.seed_demo(session, now.date())
        repo.save_rota(session, published(1, first_shifts(now), now - timedelta(days=1)))
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "rota.cli", "serve-feeds", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve-feeds did not start:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield FeedServer(base, env, database, process, log_path)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        database.close()


def instants(parsed: dict) -> dict[str, tuple[str, str]]:
    return {e["summary"] + "|" + e["start"]: (e["start"], e["end"]) for e in parsed["events"]}


def iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# The feed server as a calendar client sees it


def test_serve_feeds__a_subscribed_calendar_sees_shifts_changes_and_revocation(server, icaljs):
    out = server.cli("feeds", "issue", "--person", AIKO)
    token = URL.search(out).group(1)
    assert f"webcal://127.0.0.1:{server.base.rsplit(':', 1)[1]}/feeds/{token}.ics" in out
    url = f"{server.base}/feeds/{token}.ics"

    # 200, text/calendar, the instants of the stored assignments as ical.js reads them
    status, headers, body = get(url)
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert headers["cache-control"].startswith("private")
    etag = headers["etag"]
    with server.database.session() as session:
        stored = repo.get(session, Rota, f"{TEAM}-v1").assignments
    mine = sorted((a for a in stored if a.responder_id == "aiko-tanaka"), key=lambda a: a.start)
    parsed = icaljs(body)
    assert parsed["calendar"]["vtimezones"] == 0
    events = sorted(parsed["events"], key=lambda e: e["start"])
    assert [(e["start"], e["end"]) for e in events] == [(iso(a.start), iso(a.end)) for a in mine]
    assert all(e["sequence"] == 0 for e in events)
    uids = {e["start"]: e["uid"] for e in events}

    # the client's copy is current: 304
    assert get(url, {"If-None-Match": etag})[0] == 304

    # publish a version that moves one shift: that event's SEQUENCE + 1, the others unchanged
    with server.database.session() as session:
        v1 = repo.get(session, Rota, f"{TEAM}-v1")
        moved_id = "a-2"
        shifts = tuple(
            replace(a, start=a.start + timedelta(hours=2), end=a.end + timedelta(hours=2))
            if a.id == moved_id
            else a
            for a in v1.assignments
        )
        # stored as the next published version directly: these hand-made shifts follow no
        # pattern, so `publish` (which re-validates against the team's coverage) would refuse them
        repo.save_rota(session, published(2, shifts, datetime.now(UTC)))
    status, headers, body = get(url, {"If-None-Match": etag})
    assert status == 200 and headers["etag"] != etag
    after = {e["uid"]: e for e in icaljs(body)["events"]}
    assert set(after) == set(uids.values())
    moved = next(a for a in mine if a.id == moved_id)
    for start, uid in uids.items():
        if start == iso(moved.start):
            assert after[uid]["sequence"] == 1
            assert after[uid]["start"] == iso(moved.start + timedelta(hours=2))
        else:
            assert after[uid]["sequence"] == 0 and after[uid]["start"] == start

    # revoked: the same 404 as a token that never existed
    server.cli("feeds", "revoke", "--person", AIKO)
    gone = get(url)
    unknown = get(f"{server.base}/feeds/{'A' * 43}.ics")
    assert gone[0] == 404 and unknown[0] == 404 and gone[2] == unknown[2]

    # the server logged the requests, never the token
    server.process.send_signal(signal.SIGINT)
    server.process.wait(timeout=15)
    logs = server.logs()
    assert '"GET /feeds/<redacted> HTTP/1.1" 200' in logs
    assert '"GET /feeds/<redacted> HTTP/1.1" 304' in logs
    assert '"GET /feeds/<redacted> HTTP/1.1" 404' in logs
    assert "Logging error" not in logs and "Traceback" not in logs
    assert token not in logs


def test_serve_feeds__a_team_link_serves_every_responders_shifts(server, icaljs):
    out = server.cli("feeds", "issue", "--team")
    token = URL.search(out).group(1)
    status, headers, body = get(f"{server.base}/feeds/{token}.ics")
    assert status == 200
    events = icaljs(body)["events"]
    assert len(events) == 4
    assert any("Daniel Koh" in e["summary"] for e in events)
    server.process.send_signal(signal.SIGINT)
    server.process.wait(timeout=15)
    assert token not in server.logs()


def test_serve_feeds__a_reminder_set_with_the_cli_reaches_the_subscribed_feed(server, icaljs):
    out = server.cli("feeds", "issue", "--person", AIKO)
    url = f"{server.base}/feeds/{URL.search(out).group(1)}.ics"
    status, headers, body = get(url)
    assert status == 200 and {e["valarms"] for e in icaljs(body)["events"]} == {0}
    assert "15 min" in server.cli("feeds", "reminder", AIKO, "--minutes", "15")
    status, after_headers, after = get(url, {"If-None-Match": headers["etag"]})
    assert status == 200 and after_headers["etag"] != headers["etag"]
    events = icaljs(after)["events"]
    assert len(events) == 3  # Aiko's primary and secondary shifts, all on call
    assert {(e["valarms"], e["transp"]) for e in events} == {(1, "OPAQUE")}
    assert after.count(b"TRIGGER:-PT15M\r\n") == 3


def test_serve_feeds__a_port_in_use_is_one_clear_line_and_exit_1(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {"PATH": os.environ.get("PATH", ""), "TANDEM_HOME": str(tmp_path / "home")}
        done = subprocess.run(
            [sys.executable, "-m", "rota.cli", "serve-feeds", "--port", str(port)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"tandem: error: the feed server could not listen on 127.0.0.1:{port}" in done.stderr


def test_redaction_keeps_uvicorn_access_lines_formattable():
    import logging

    from uvicorn.logging import AccessFormatter

    from rota.calendar.feed_server import RedactFeedTokens

    token = "K7x2VqS9mN4pL8rT1wY6zB3cD5fG0hJ2kM4nP6qR8sT"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:50000", "GET", f"/feeds/{token}.ics", "1.1", 200),
        None,
    )
    assert RedactFeedTokens().filter(record)
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s').format(record)
    assert line.startswith('127.0.0.1:50000 - "GET /feeds/<redacted> HTTP/1.1" 200')


@pytest.mark.parametrize(
    ("message", "args"),
    [
        ("GET /feeds/%s.ics", ("K7x2VqS9mN4pL8rT1wY6zB3cD5fG0hJ2kM4nP6qR8sT",)),
        ("GET /feeds/%s.ics %d", ("K7x2VqS9mN4pL8rT1wY6zB3cD5fG0hJ2kM4nP6qR8sT",)),  # malformed
    ],
)
def test_redaction_covers_a_path_split_between_format_and_argument(message, args):
    import logging

    from rota.calendar.feed_server import RedactFeedTokens

    record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, message, args, None)
    assert RedactFeedTokens().filter(record)
    assert record.args == ()
    assert args[0] not in record.getMessage() and "/feeds/<redacted>" in record.getMessage()


# ---------------------------------------------------------------------------------------------
# The "Calendar feeds" page


@pytest.fixture
def page(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TANDEM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TANDEM_DATABASE_URL", raising=False)
    monkeypatch.delenv("TANDEM_FEED_BASE_URL", raising=False)
    return AppTest.from_file(PAGE, default_timeout=60)


def _texts(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.code] + [e.value for e in at.success]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(str(p) for p in parts)


def test_feeds_page__issuing_a_team_link_shows_it_once_in_both_forms(page):
    page.run()
    assert not page.exception
    assert "no active team link" in _texts(page)
    page.button(key="feeds_issue_team").click().run()
    assert not page.exception
    codes = [c.value for c in page.code]
    https = [c for c in codes if c.startswith("http://127.0.0.1:8502/feeds/")]
    webcal = [c for c in codes if c.startswith("webcal://127.0.0.1:8502/feeds/")]
    assert len(https) == 1 and len(webcal) == 1 and https[0].endswith(".ics")
    token = URL.search(https[0]).group(1)
    # listed afterwards by id and times only; the link itself is gone after the next rerun
    page.run()
    assert not page.exception
    assert token not in _texts(page)
    assert page.dataframe[0].value.shape[0] == 1


def test_feeds_page__shows_which_responders_have_a_personal_feed(page, tmp_path):
    page.run()
    with open_database(None, default_path=tmp_path / "home" / "tandem.sqlite") as database:
        with database.session() as session:
            from rota.services import feeds

            feeds.issue_person_token(session, AIKO, datetime.now(UTC), "http://127.0.0.1:8502")
    page.run()
    assert not page.exception
    people = page.dataframe[-1].value
    row = people[people["E-mail"] == AIKO].iloc[0]
    assert row["Personal feed"] == "active"
    assert (people["Personal feed"] == "active").sum() == 1


def test_personal_feed_section__create_my_link_shows_it_and_offers_the_download(
    tmp_path, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TANDEM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TANDEM_DATABASE_URL", raising=False)

    def me_page():
        import streamlit as st

        from app_pages._common import run
        from app_pages.feeds import personal_feed_section
        from rota.services import teams

        people = {p.id: p for p in run(teams.list_responders, "apac-ir")}
        st.title("Me")
        personal_feed_section(people["aiko-tanaka"])

    at = AppTest.from_function(me_page, default_timeout=60)
    at.run()
    assert not at.exception
    assert any("no calendar link yet" in m.value for m in at.markdown)
    at.button(key="feed_rotate_aiko-tanaka").click().run()
    assert not at.exception
    codes = [c.value for c in at.code]
    assert any(c.startswith("webcal://") and "/feeds/" in c for c in codes)
    assert any(c.startswith("http://") and c.endswith(".ics") for c in codes)
    at.run()
    assert any("You have a calendar link" in m.value for m in at.markdown)
    assert at.get("download_button")
