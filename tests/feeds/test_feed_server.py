"""The feed server over HTTP: headers, conditional requests, 404s, tokens kept out of logs."""

from __future__ import annotations

import logging
import threading
import time as clock_time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from feed_factories import (
    NOW,
    make_assignment,
    make_history,
    make_pattern,
    make_responder,
    make_team,
)
from starlette.testclient import TestClient

from rota.calendar.feed_server import RedactFeedTokens, build_server, create_app, redact
from rota.calendar.feeds import FeedBody, build_feed_for_token, render_feed
from rota.calendar.tokens import issue_token, revoke, rotate
from rota.domain.feed_tokens import FeedScope, FeedToken

RESPONDERS = [make_responder(), make_responder(id="r-mere", name="Mere Rāwiri")]
PATTERNS = [make_pattern()]
VERSIONS = make_history([make_assignment(), make_assignment(id="a-2", responder_id="r-mere")])
ISSUED_AT = datetime(2026, 3, 1, tzinfo=UTC)


@dataclass
class FeedStore:
    """An in-memory stand-in for the database-backed lookup the CLI wires up."""

    tokens: list[FeedToken] = field(default_factory=list)
    calls: int = 0

    def issue(self, scope: FeedScope = FeedScope.PERSON, subject: str = "r-kiri") -> str:
        issued = issue_token(scope, subject, ISSUED_AT)
        self.tokens.append(issued.record)
        return issued.token

    def lookup(self, token: str, now: datetime) -> FeedBody | None:
        self.calls += 1
        return build_feed_for_token(
            token, self.tokens, VERSIONS, RESPONDERS, PATTERNS, now, team=make_team()
        )


@pytest.fixture
def store() -> FeedStore:
    return FeedStore()


@pytest.fixture
def client(store: FeedStore) -> TestClient:
    return TestClient(create_app(store.lookup, clock=lambda: NOW))


def expected(scope=FeedScope.PERSON, subject="r-kiri") -> FeedBody:
    return render_feed(scope, subject, VERSIONS, RESPONDERS, PATTERNS, NOW, team=make_team())


def http_date(value: datetime) -> str:
    return format_datetime(value, usegmt=True)


def test_a_feed_is_served_with_calendar_type_validators_and_privacy_headers(store, client):
    token = store.issue()
    response = client.get(f"/feeds/{token}.ics")
    feed = expected()
    assert response.status_code == 200
    assert response.content == feed.body
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["etag"] == feed.etag
    assert response.headers["last-modified"] == "Sun, 01 Mar 2026 09:30:15 GMT"
    assert "private" in response.headers["cache-control"]
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-robots-tag"] == "noindex"


def test_the_team_token_serves_the_team_feed(store, client):
    token = store.issue(FeedScope.TEAM, "team-apac")
    response = client.get(f"/feeds/{token}.ics")
    assert response.content == expected(FeedScope.TEAM, "team-apac").body
    assert response.content.count(b"BEGIN:VEVENT") == 2


def test_head_gives_the_headers_of_get_without_a_body(store, client):
    token = store.issue()
    response = client.head(f"/feeds/{token}.ics")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["etag"] == expected().etag
    assert response.headers["content-length"] == str(len(expected().body))
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"


def test_a_matching_etag_gives_304_with_validators_and_no_body(store, client):
    token = store.issue()
    etag = expected().etag
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get(f"/feeds/{token}.ics", headers={"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert "private" in response.headers["cache-control"]


def test_head_with_a_matching_etag_gives_304(store, client):
    token = store.issue()
    response = client.head(f"/feeds/{token}.ics", headers={"If-None-Match": expected().etag})
    assert response.status_code == 304


def test_a_different_etag_gives_200_even_when_if_modified_since_is_recent(store, client):
    token = store.issue()
    headers = {"If-None-Match": '"stale"', "If-Modified-Since": http_date(NOW)}
    assert client.get(f"/feeds/{token}.ics", headers=headers).status_code == 200


def test_if_modified_since_not_older_than_last_modified_gives_304(store, client):
    token = store.issue()
    changed = expected().last_modified
    assert changed is not None
    for since in (changed, changed + timedelta(days=1)):
        response = client.get(
            f"/feeds/{token}.ics", headers={"If-Modified-Since": http_date(since)}
        )
        assert response.status_code == 304, since


def test_if_modified_since_older_than_last_modified_gives_200(store, client):
    token = store.issue()
    since = http_date(expected().last_modified - timedelta(seconds=1))
    response = client.get(f"/feeds/{token}.ics", headers={"If-Modified-Since": since})
    assert response.status_code == 200 and response.content == expected().body


def test_an_etag_in_any_of_several_if_none_match_headers_counts(store, client):
    token = store.issue()
    for order in ((expected().etag, '"other"'), ('"other"', expected().etag)):
        request = client.build_request("GET", f"/feeds/{token}.ics")
        request.headers = httpx.Headers([("if-none-match", tag) for tag in order])
        assert client.send(request).status_code == 304, order


def test_an_unparseable_if_modified_since_gives_200(store, client):
    token = store.issue()
    for junk in ("yesterday", "Sun, 99 Foo 2026 99:99:99 GMT", ""):
        response = client.get(f"/feeds/{token}.ics", headers={"If-Modified-Since": junk})
        assert response.status_code == 200, junk


def _same_404(a: httpx.Response, b: httpx.Response) -> None:
    assert a.status_code == b.status_code == 404
    assert a.content == b.content
    assert {k: v for k, v in a.headers.items() if k != "date"} == {
        k: v for k, v in b.headers.items() if k != "date"
    }


def test_unknown_and_revoked_tokens_get_the_same_404(store, client):
    token = store.issue()
    store.tokens = [revoke(store.tokens[0], ISSUED_AT + timedelta(days=1))]
    revoked = client.get(f"/feeds/{token}.ics")
    unknown = client.get("/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")
    malformed = client.get("/feeds/not a token!.ics")
    no_suffix = client.get(f"/feeds/{token}")
    _same_404(revoked, unknown)
    _same_404(unknown, malformed)
    _same_404(unknown, no_suffix)
    assert b"BEGIN:VCALENDAR" not in revoked.content


def test_after_rotation_the_old_token_gets_404_and_the_new_one_200(store, client):
    old = store.issue()
    revoked, new = rotate(store.tokens[0], ISSUED_AT + timedelta(days=2))
    store.tokens = [revoked, new.record]
    assert client.get(f"/feeds/{old}.ics").status_code == 404
    response = client.get(f"/feeds/{new.token}.ics")
    assert response.status_code == 200 and response.content == expected().body


def test_a_personal_token_of_someone_no_longer_on_the_team_gets_404(store, client):
    token = store.issue(FeedScope.PERSON, "r-departed")
    assert client.get(f"/feeds/{token}.ics").status_code == 404


def test_a_personal_token_of_an_inactive_responder_gets_404(store):
    token = store.issue()
    inactive = [make_responder(active=False), RESPONDERS[1]]
    found = build_feed_for_token(token, store.tokens, VERSIONS, inactive, PATTERNS, NOW)
    assert found is None
    assert build_feed_for_token(token, store.tokens, VERSIONS, RESPONDERS, PATTERNS, NOW)


def test_a_team_token_for_another_team_gets_404(store):
    token = store.issue(FeedScope.TEAM, "team-other")
    assert build_feed_for_token(token, store.tokens, VERSIONS, RESPONDERS, PATTERNS, NOW) is None


def test_no_accept_header_is_needed(store):
    seen: list[list[bytes]] = []
    app = create_app(store.lookup, clock=lambda: NOW)

    async def recording(scope, receive, send):
        if scope["type"] == "http":
            seen.append([name for name, _ in scope["headers"]])
        await app(scope, receive, send)

    token = store.issue()
    with TestClient(recording) as client:
        request = client.build_request("GET", f"/feeds/{token}.ics")
        del request.headers["accept"]
        response = client.send(request)
    assert b"accept" not in seen[-1]
    assert response.status_code == 200 and response.content == expected().body


def test_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok\n"


def test_a_failing_lookup_gives_503_and_logs_without_the_token(caplog):
    secret = "S3cretTokenValueXYZ0123456789abcdefghijklmno"

    def broken(token: str, now: datetime) -> FeedBody | None:
        raise RuntimeError(f"database down while looking up {token}")

    client = TestClient(create_app(broken, clock=lambda: NOW))
    with caplog.at_level(logging.DEBUG):
        response = client.get(f"/feeds/{secret}.ics")
    assert response.status_code == 503
    server_side = [r for r in caplog.records if r.name == "rota.feed_server"]
    assert server_side and "RuntimeError" in server_side[0].getMessage()
    assert all(secret not in r.getMessage() for r in server_side)


def test_the_redaction_filter_rewrites_uvicorn_access_records():
    token = "K7x2VqS9mN4pL8rT1wY6zB3cD5fG0hJ2kM4nP6qR8sT"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:50000", "GET", f"/feeds/{token}.ics?x=1", "1.1", 200),
        None,
    )
    assert token in record.getMessage()
    assert RedactFeedTokens().filter(record) is True
    assert token not in record.getMessage()
    assert '"GET /feeds/<redacted>?x=1 HTTP/1.1" 200' in record.getMessage()
    assert (
        redact(f"see https://x.example/feeds/{token}.ics")
        == "see https://x.example/feeds/<redacted>"
    )


def test_a_real_uvicorn_server_serves_feeds_and_its_logs_never_show_the_token(store, caplog):
    token = store.issue()
    for client_logger in ("httpx", "httpcore"):  # the test's own client logs its URLs; mute it
        caplog.set_level(logging.WARNING, logger=client_logger)
    server = build_server(store.lookup, "127.0.0.1", 0, clock=lambda: NOW)
    server_loggers = [logging.getLogger(n) for n in ("uvicorn.access", "uvicorn.error")]
    for lg in server_loggers:  # uvicorn's own config does not propagate to the root logger
        lg.addHandler(caplog.handler)
    thread = threading.Thread(target=server.run, daemon=True)
    try:
        with caplog.at_level(logging.DEBUG):
            thread.start()
            deadline = clock_time.monotonic() + 10
            while not server.started and clock_time.monotonic() < deadline:
                clock_time.sleep(0.02)
            assert server.started, "uvicorn did not start"
            port = server.servers[0].sockets[0].getsockname()[1]
            base = f"http://127.0.0.1:{port}"
            with httpx.Client() as http:
                ok = http.get(f"{base}/feeds/{token}.ics", headers={"Accept": ""})
                gone = http.get(f"{base}/feeds/{token}x.ics")
                bare = http.get(f"{base}/feeds/{token}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for lg in server_loggers:
            lg.removeHandler(caplog.handler)
    assert ok.status_code == 200 and ok.content == expected().body
    assert gone.status_code == bare.status_code == 404
    assert "server" not in ok.headers
    access = [r for r in caplog.records if r.name == "uvicorn.access"]
    assert len(access) >= 3  # the requests were logged ...
    assert all("/feeds/<redacted>" in r.getMessage() for r in access)
    assert token not in caplog.text  # ... without the token
