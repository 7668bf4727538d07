"""Calendar-feed tokens: capability URLs that are random, stored only as a hash, and revocable.

Pure functions apart from drawing randomness for a new token; the clock is passed in.

- A token carries 256 random bits (``secrets.token_urlsafe(32)``, 43 characters); calendar-feeds.md
  asks for at least 128.
- Only ``sha256(token)`` (hex) is stored, in :class:`~rota.domain.FeedToken`; the token itself is
  shown once, in the subscription URL, and compared in constant time (``hmac.compare_digest``).
- Revoking makes the feed answer 404, the same as an unknown token; rotating is revoke + new.
- Subscription URLs stay under 256 characters (Google Calendar's limit): https for the link people
  paste, and the same URL with the ``webcal`` scheme for a one-click subscribe link.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlsplit

from rota.domain.feed_tokens import FeedScope, FeedToken
from rota.errors import InputError

#: Bytes of randomness in a new token (256 bits; base64url gives 43 characters).
TOKEN_BYTES = 32

#: Google Calendar refuses subscription URLs of 256 characters or more.
MAX_URL_LENGTH = 255

#: Path of a feed under the base URL; the server routes the same shape.
FEED_PATH = "/feeds/{token}.ics"

#: What a presented token may look like: base64url characters, at most this long. Anything else
#: cannot be one of ours and is refused before hashing.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,128}")

#: Hosts where plain http is fine (a developer's own machine); everywhere else the URL is https.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its record. ``token`` is shown to the person once and never stored."""

    token: str
    record: FeedToken

    def __repr__(self) -> str:  # keep the secret out of logs and tracebacks
        return f"IssuedToken(token='<redacted>', record={self.record!r})"


@dataclass(frozen=True)
class SubscriptionUrls:
    """The two forms of a feed's address: ``https`` to paste, ``webcal`` to click."""

    https: str
    webcal: str


def new_token() -> str:
    """A fresh random token: ``secrets.token_urlsafe(32)`` (256 bits, URL-safe, 43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The stored form of a token: lower-case hex SHA-256 of its UTF-8 bytes.

    A plain hash (no salt, no key stretching) is enough for 256 random bits and lets the server
    find the record by an indexed lookup on the hash.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str, token_hash: str) -> bool:
    """True when ``token`` hashes to ``token_hash``, compared in constant time."""
    return hmac.compare_digest(hash_token(token).encode("ascii"), token_hash.encode("ascii"))


def looks_like_token(token: str) -> bool:
    """True when ``token`` has the shape of one we issue (base64url, sane length)."""
    return _TOKEN_SHAPE.fullmatch(token) is not None


def issue_token(
    scope: FeedScope | str,
    subject_id: str,
    now: datetime,
    *,
    token: str | None = None,
    token_id: str | None = None,
) -> IssuedToken:
    """A new token for the feed of ``subject_id`` (a responder for PERSON, a team for TEAM).

    ``token`` and ``token_id`` may be given (tests, imports); by default both are fresh random.
    """
    scope = _scope(scope)
    if not subject_id:
        raise InputError("subject_id", subject_id, "name the responder or team the feed is for")
    _check_aware(now, "now")
    token = new_token() if token is None else token
    if not looks_like_token(token):
        raise InputError(
            "token", "<redacted>", "use rota.calendar.tokens.new_token() to make a token"
        )
    record = FeedToken(
        id=token_id or f"ft-{uuid.uuid4().hex}",
        scope=scope,
        subject_id=subject_id,
        token_hash=hash_token(token),
        created_at=now,
    )
    return IssuedToken(token=token, record=record)


def revoke(record: FeedToken, now: datetime) -> FeedToken:
    """The record revoked at ``now``; revoking again keeps the first revocation time."""
    _check_aware(now, "now")
    if record.revoked_at is not None:
        return record
    return replace(record, revoked_at=now)


def rotate(record: FeedToken, now: datetime) -> tuple[FeedToken, IssuedToken]:
    """Revoke ``record`` and issue a new token for the same scope and subject."""
    return revoke(record, now), issue_token(record.scope, record.subject_id, now)


def mark_used(record: FeedToken, now: datetime) -> FeedToken:
    """The record with ``last_used_at`` set to ``now`` (for the "last used" column)."""
    _check_aware(now, "now")
    return replace(record, last_used_at=now)


def find_active_token(token: str, records: Iterable[FeedToken]) -> FeedToken | None:
    """The active record that ``token`` opens, or None (unknown, revoked or malformed alike).

    Every record's hash is compared in constant time, and the loop does not stop at a match, so
    the time taken does not depend on which record (if any) matched.
    """
    if not looks_like_token(token):
        return None
    presented = hash_token(token).encode("ascii")
    found: FeedToken | None = None
    for record in records:
        if hmac.compare_digest(presented, record.token_hash.encode("ascii")):
            found = record
    if found is None or not found.active:
        return None
    return found


def subscription_urls(base_url: str, token: str) -> SubscriptionUrls:
    """The https and webcal URLs of the feed that ``token`` opens, under ``base_url``.

    ``base_url`` is the public base of the feed server (``TANDEM_FEED_BASE_URL``), e.g.
    ``https://tandem.example.org`` or with a path prefix; plain http is refused except on this
    machine, and the result must stay under 256 characters.
    """
    base = base_url.strip().rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InputError(
            "feed base URL", base_url, "use an absolute https URL, e.g. https://tandem.example.org"
        )
    if parts.query or parts.fragment:
        raise InputError("feed base URL", base_url, "drop the ?query and #fragment from the base")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise InputError("feed base URL", base_url, "use https: the URL carries a secret token")
    if not looks_like_token(token):
        raise InputError(
            "token", "<redacted>", "pass a token made by rota.calendar.tokens.new_token()"
        )
    https = base + FEED_PATH.format(token=token)
    webcal = "webcal" + https[len(parts.scheme) :]
    if max(len(https), len(webcal)) > MAX_URL_LENGTH:
        raise InputError(
            "feed base URL",
            base_url,
            f"shorten it: feed URLs must stay under {MAX_URL_LENGTH + 1} characters (Google limit)",
        )
    return SubscriptionUrls(https=https, webcal=webcal)


def _scope(scope: FeedScope | str) -> FeedScope:
    try:
        return FeedScope(scope)
    except ValueError:
        raise InputError(
            "scope", scope, f"use one of {', '.join(s.value for s in FeedScope)}"
        ) from None


def _check_aware(value: datetime, field: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(field, value, "pass an aware datetime in UTC")
