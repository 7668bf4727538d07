"""Feed tokens: random, stored as a hash, compared in constant time, revocable, short URLs."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from feed_factories import make_feed_token

from rota.calendar.tokens import (
    IssuedToken,
    find_active_token,
    hash_token,
    issue_token,
    mark_used,
    new_token,
    revoke,
    rotate,
    subscription_urls,
    token_matches,
)
from rota.domain.feed_tokens import FeedScope
from rota.errors import InputError

AT = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_a_new_token_carries_256_random_bits_in_43_url_safe_characters():
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert len(token) == 43
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_the_stored_hash_is_the_sha256_hex_of_the_token():
    assert hash_token("abc") == hashlib.sha256(b"abc").hexdigest()


def test_a_token_matches_only_its_own_hash():
    token = new_token()
    assert token_matches(token, hash_token(token))
    assert not token_matches(token, hash_token(new_token()))


def test_issuing_stores_only_the_hash_and_shows_the_token_once():
    issued = issue_token(FeedScope.PERSON, "r-kiri", AT)
    assert issued.record.token_hash == hash_token(issued.token)
    assert issued.token not in repr(issued.record)
    assert issued.token not in repr(issued)
    assert (issued.record.scope, issued.record.subject_id, issued.record.created_at) == (
        FeedScope.PERSON,
        "r-kiri",
        AT,
    )
    assert issued.record.active and issued.record.revoked_at is None


def test_issuing_refuses_an_unknown_scope_and_a_naive_time():
    with pytest.raises(InputError, match="scope"):
        issue_token("calendar", "r-kiri", AT)
    with pytest.raises(InputError, match="now"):
        issue_token(FeedScope.TEAM, "team-apac", datetime(2026, 3, 1))


def test_find_returns_the_active_record_for_its_token_and_none_otherwise():
    a, b = issue_token("person", "r-kiri", AT), issue_token("team", "team-apac", AT)
    records = [a.record, b.record]
    assert find_active_token(a.token, records) == a.record
    assert find_active_token(b.token, records) == b.record
    assert find_active_token(new_token(), records) is None
    assert find_active_token("", records) is None
    assert find_active_token("../../etc/passwd", records) is None


def test_a_revoked_token_is_no_longer_found_and_keeps_its_first_revocation_time():
    issued = issue_token("person", "r-kiri", AT)
    revoked = revoke(issued.record, AT + timedelta(days=1))
    assert revoked.revoked_at == AT + timedelta(days=1) and not revoked.active
    assert revoke(revoked, AT + timedelta(days=2)).revoked_at == AT + timedelta(days=1)
    assert find_active_token(issued.token, [revoked]) is None


def test_rotating_revokes_the_old_token_and_issues_a_new_one_for_the_same_feed():
    old = issue_token("person", "r-kiri", AT)
    revoked, new = rotate(old.record, AT + timedelta(hours=1))
    assert isinstance(new, IssuedToken) and new.token != old.token
    assert (new.record.scope, new.record.subject_id) == (FeedScope.PERSON, "r-kiri")
    assert new.record.id != old.record.id
    records = [revoked, new.record]
    assert find_active_token(old.token, records) is None
    assert find_active_token(new.token, records) == new.record


def test_marking_use_records_the_time():
    assert mark_used(make_feed_token(), AT).last_used_at == AT


def test_subscription_urls_have_https_and_webcal_forms_under_256_characters():
    token = new_token()
    urls = subscription_urls("https://tandem.example.org/", token)
    assert urls.https == f"https://tandem.example.org/feeds/{token}.ics"
    assert urls.webcal == f"webcal://tandem.example.org/feeds/{token}.ics"
    assert len(urls.webcal) < 256 and len(urls.https) < 256


def test_subscription_urls_keep_a_path_prefix_and_allow_http_only_on_this_machine():
    token = new_token()
    assert subscription_urls("https://example.org/tandem", token).https.startswith(
        "https://example.org/tandem/feeds/"
    )
    assert subscription_urls("http://127.0.0.1:8502", token).webcal.startswith(
        "webcal://127.0.0.1:8502/feeds/"
    )
    with pytest.raises(InputError, match="https"):
        subscription_urls("http://tandem.example.org", token)


def test_a_base_url_too_long_for_google_is_refused_with_the_fix():
    base = "https://tandem.example.org/" + "x" * 190
    with pytest.raises(InputError, match="shorten"):
        subscription_urls(base, new_token())


def test_a_malformed_base_url_is_refused():
    with pytest.raises(InputError, match="base URL"):
        subscription_urls("tandem.example.org", new_token())
    with pytest.raises(InputError, match="query"):
        subscription_urls("https://tandem.example.org/?a=1", new_token())
