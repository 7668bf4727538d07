"""Use cases of calendar feeds: issue, rotate and revoke links, feed status, ICS bytes, lookup.

Every function takes the caller's ``Session`` (the caller's ``database.session()`` block commits
or rolls back) and the current instant ``now`` where time matters; nothing here reads a clock.

Tokens (calendar-feeds.md, "Tokens"):

- A token is shown once, inside the subscription URLs of the :class:`IssuedLink` that issuing
  returns; only its SHA-256 is stored. No other function returns a token or its hash.
- Personal feeds: one active token per responder. Issuing (or rotating) revokes the previous one,
  so a leaked link is fixed by making a new one.
- Team feeds: tokens are separate from personal ones, and a team may have several active at
  once (one per lead, or one per shared calendar), so that one lead's rotation does not break
  everyone else's subscription. :func:`revoke_team_token` ends one of them; :func:`revoke_team`
  ends all of them.
- Offboarding revokes the person's tokens (:func:`offboard_revoke`); an offboarded (inactive)
  responder's personal feed also answers 404 on its own.

The feed server calls :func:`lookup` once per request with a fresh session.

Feeds are built from the team's published versions and shift patterns: the feed itself follows
the one published timeline (:class:`rota.calendar.versions.FeedHistory`), not the newest version.

Reminders: :func:`set_reminder` stores a responder's choice of a reminder (a VALARM) some minutes
before each of their on-call shifts in their personal feed, or none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from rota.calendar.feeds import (
    FeedBody,
    build_feed_for_token,
    check_reminder_minutes,
    render_feed,
)
from rota.calendar.tokens import hash_token, issue_token, looks_like_token, subscription_urls
from rota.domain.feed_tokens import FeedScope, FeedToken
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.team import Team
from rota.errors import InputError, NotFoundError
from rota.services.planning import published_versions
from rota.storage import repo


@dataclass(frozen=True)
class IssuedLink:
    """A new feed link, shown once: ``https`` to paste into a calendar, ``webcal`` to click.

    Both URLs carry the secret token; ``repr`` hides them so the link cannot leak into a log.
    """

    token_id: str
    scope: FeedScope
    subject_id: str
    subject_name: str
    https: str
    webcal: str
    created_at: datetime
    #: how many earlier active tokens of the same person were revoked by this issue
    revoked_previous: int = 0

    def __repr__(self) -> str:
        return (
            f"IssuedLink(token_id={self.token_id!r}, scope={self.scope.value!r}, "
            f"subject_id={self.subject_id!r}, https='<redacted>', webcal='<redacted>')"
        )

    __str__ = __repr__


@dataclass(frozen=True)
class FeedStatus:
    """Whether a responder has an active personal feed link, and when it was made and last used.

    Never carries the token or its hash.
    """

    responder_id: str
    active: bool
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    #: how many of the person's links were revoked in the past (rotations, revocations)
    revoked_count: int = 0


@dataclass(frozen=True)
class TeamLinkStatus:
    """One active team feed link: its id (not secret), when it was made and last used."""

    token_id: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class ResponderFeedStatus:
    """A responder and their personal feed status, for the admin page."""

    responder: Responder
    status: FeedStatus


def responder_by_email(session, email: str) -> Responder:
    """The responder with this e-mail address (case-insensitive, surrounding spaces ignored)."""
    wanted = (email or "").strip().casefold()
    if not wanted:
        raise InputError("--person", email, "give the responder's e-mail address")
    found = [r for r in repo.list_all(session, Responder) if r.email.strip().casefold() == wanted]
    if not found:
        raise NotFoundError(
            "responder with e-mail", email, "check the address; `tandem team` lists the team"
        )
    if len(found) > 1:
        ids = ", ".join(r.id for r in found)
        raise InputError("--person", email, f"several responders share it ({ids}); fix their data")
    return found[0]


def responder_by_email_or_id(session, value: str) -> Responder:
    """The responder with this e-mail address (when it has an ``@``) or this id."""
    text = (value or "").strip()
    if "@" in text:
        return responder_by_email(session, text)
    person = repo.get(session, Responder, text) if text else None
    if person is None:
        raise NotFoundError(
            "responder with id", value, "give their e-mail address or id; `tandem team` lists them"
        )
    return person


def _responder(session, responder_id: str) -> Responder:
    person = repo.get(session, Responder, responder_id)
    if person is None:
        raise NotFoundError("responder", responder_id)
    return person


def _team(session, team_id: str) -> Team:
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id, "`tandem team` lists the known teams")
    return team


def _active_tokens(session, scope: FeedScope, subject_id: str) -> list[FeedToken]:
    return [
        t for t in repo.list_all(session, FeedToken, scope=scope, subject_id=subject_id) if t.active
    ]


def _issue(
    session,
    scope: FeedScope,
    subject_id: str,
    subject_name: str,
    now: datetime,
    base_url: str,
    *,
    revoke_previous: bool,
) -> IssuedLink:
    """Store a new token for the subject and return its link, shown once.

    The URLs are built before anything is stored or revoked, so a bad base URL changes nothing.
    """
    issued = issue_token(scope, subject_id, now)
    urls = subscription_urls(base_url, issued.token)
    revoked = _revoke_tokens(session, scope, subject_id, now) if revoke_previous else 0
    repo.save(session, issued.record)
    return IssuedLink(
        token_id=issued.record.id,
        scope=scope,
        subject_id=subject_id,
        subject_name=subject_name,
        https=urls.https,
        webcal=urls.webcal,
        created_at=issued.record.created_at,
        revoked_previous=revoked,
    )


def _issue_personal(session, person: Responder, now: datetime, base_url: str) -> IssuedLink:
    if not person.active:
        raise InputError(
            "responder",
            person.email,
            "they are offboarded; personal feeds are only for active responders",
        )
    return _issue(
        session, FeedScope.PERSON, person.id, person.name, now, base_url, revoke_previous=True
    )


def issue_person_token(session, email: str, now: datetime, base_url: str) -> IssuedLink:
    """A new personal feed link for the responder with this e-mail, shown once.

    Any earlier active personal link of theirs is revoked: one personal link per responder.
    """
    return _issue_personal(session, responder_by_email(session, email), now, base_url)


def rotate_person_token(session, responder_id: str, now: datetime, base_url: str) -> IssuedLink:
    """Revoke the responder's personal link (if any) and issue a new one ("rotate my link")."""
    return _issue_personal(session, _responder(session, responder_id), now, base_url)


def issue_team_token(session, team_id: str, now: datetime, base_url: str) -> IssuedLink:
    """A new team feed link, shown once. Earlier team links stay active (several may coexist)."""
    team = _team(session, team_id)
    return _issue(session, FeedScope.TEAM, team.id, team.name, now, base_url, revoke_previous=False)


def _revoke_tokens(session, scope: FeedScope, subject_id: str, now: datetime) -> int:
    active = _active_tokens(session, scope, subject_id)
    for token in active:
        repo.revoke_feed_token(session, token.id, now)
    return len(active)


def revoke_person(session, email: str, now: datetime) -> int:
    """Revoke the personal feed link(s) of the responder with this e-mail; returns how many."""
    person = responder_by_email(session, email)
    return _revoke_tokens(session, FeedScope.PERSON, person.id, now)


def revoke_responder(session, responder_id: str, now: datetime) -> int:
    """Revoke the responder's personal feed link(s) ("turn off my feed"); returns how many."""
    person = _responder(session, responder_id)
    return _revoke_tokens(session, FeedScope.PERSON, person.id, now)


def offboard_revoke(session, responder_id: str, now: datetime) -> int:
    """Offboarding: revoke every feed link of the person; returns how many were active.

    Unknown ids revoke nothing (offboarding may run for someone who never had a feed).
    """
    return _revoke_tokens(session, FeedScope.PERSON, responder_id, now)


def revoke_team(session, team_id: str, now: datetime) -> int:
    """Revoke every active team feed link of the team; returns how many."""
    team = _team(session, team_id)
    return _revoke_tokens(session, FeedScope.TEAM, team.id, now)


def revoke_team_token(session, team_id: str, token_id: str, now: datetime) -> None:
    """Revoke one team feed link (by its id, as :func:`team_links` lists it)."""
    team = _team(session, team_id)
    known = {t.id for t in _active_tokens(session, FeedScope.TEAM, team.id)}
    if token_id not in known:
        raise NotFoundError(
            "active team feed link", token_id, f"the team {team.id!r} has no such active link"
        )
    repo.revoke_feed_token(session, token_id, now)


def _status_of(responder_id: str, tokens: list[FeedToken]) -> FeedStatus:
    active = sorted((t for t in tokens if t.active), key=lambda t: t.created_at)
    revoked = sum(1 for t in tokens if not t.active)
    if not active:
        return FeedStatus(responder_id, False, revoked_count=revoked)
    newest = active[-1]
    return FeedStatus(
        responder_id,
        True,
        created_at=newest.created_at,
        last_used_at=newest.last_used_at,
        revoked_count=revoked,
    )


def feed_status(session, responder_id: str) -> FeedStatus:
    """The responder's personal feed status: active link?, created, last used (never the token)."""
    tokens = repo.list_all(session, FeedToken, scope=FeedScope.PERSON, subject_id=responder_id)
    return _status_of(responder_id, tokens)


def team_feed_statuses(session, team_id: str) -> list[ResponderFeedStatus]:
    """Every active responder of the team with their personal feed status, by name."""
    people = sorted(
        (r for r in repo.list_all(session, Responder, team_id=team_id) if r.active),
        key=lambda r: r.name,
    )
    tokens = repo.list_all(
        session, FeedToken, scope=FeedScope.PERSON, subject_id=[r.id for r in people]
    )
    by_person: dict[str, list[FeedToken]] = {}
    for token in tokens:
        by_person.setdefault(token.subject_id, []).append(token)
    return [ResponderFeedStatus(r, _status_of(r.id, by_person.get(r.id, []))) for r in people]


def set_reminder(session, responder_id: str, minutes: int | None) -> Responder:
    """Remind the responder ``minutes`` before each of their on-call shifts, or not (None).

    ``minutes`` is None or a whole number from 1 to 10080 (one week); anything else is an
    :class:`InputError` naming "reminder minutes", the value and the fix, and changes nothing.
    The reminder is a VALARM in their personal feed only (never in the team feed); calendar apps
    may ignore alarms of subscribed calendars, so it is a convenience, never the paging path.
    Returns the saved responder.
    """
    minutes = check_reminder_minutes(minutes)
    person = _responder(session, responder_id)
    updated = replace(person, reminder_minutes=minutes)
    repo.save(session, updated)
    return updated


def team_links(session, team_id: str) -> list[TeamLinkStatus]:
    """The team's active feed links, oldest first (ids and times only, never the token)."""
    team = _team(session, team_id)
    active = sorted(_active_tokens(session, FeedScope.TEAM, team.id), key=lambda t: t.created_at)
    return [TeamLinkStatus(t.id, t.created_at, t.last_used_at) for t in active]


@dataclass(frozen=True)
class _TeamData:
    team: Team
    versions: list
    responders: list[Responder]
    patterns: list[ShiftPattern]


def _team_data(session, team: Team) -> _TeamData:
    """What a feed of the team needs: its published versions (published and superseded), every
    responder (also those who left: old versions name them) and every shift pattern."""
    return _TeamData(
        team=team,
        versions=published_versions(session, team.id),
        responders=repo.list_all(session, Responder, team_id=team.id),
        patterns=repo.list_all(session, ShiftPattern, team_id=team.id),
    )


def personal_feed(session, responder_id: str, now: datetime) -> FeedBody:
    """The responder's personal feed (bytes, ETag, last change) from the published versions."""
    person = _responder(session, responder_id)
    data = _team_data(session, _team(session, person.team_id))
    return render_feed(
        FeedScope.PERSON,
        person.id,
        data.versions,
        data.responders,
        data.patterns,
        now,
        team=data.team,
    )


def personal_ics(session, responder_id: str, now: datetime) -> bytes:
    """The ICS bytes of the responder's personal feed (a download; no token needed)."""
    return personal_feed(session, responder_id, now).body


def team_ics(session, team_id: str, now: datetime) -> bytes:
    """The ICS bytes of the team feed (every responder's shifts) from the published versions."""
    data = _team_data(session, _team(session, team_id))
    return render_feed(
        FeedScope.TEAM,
        data.team.id,
        data.versions,
        data.responders,
        data.patterns,
        now,
        team=data.team,
    ).body


def lookup(session, token: str, now: datetime) -> FeedBody | None:
    """The feed a presented token opens, or None (unknown, malformed, revoked, offboarded alike).

    The record is found by the token's hash (an indexed lookup), then checked again in constant
    time and for being active by :func:`rota.calendar.feeds.build_feed_for_token`. A served feed
    records the token's last use at ``now``.
    """
    if not looks_like_token(token):
        return None
    record = repo.find_feed_token(session, hash_token(token))
    if record is None or not record.active:
        return None
    if record.scope is FeedScope.PERSON:
        person = repo.get(session, Responder, record.subject_id)
        if person is None:
            return None
        team = repo.get(session, Team, person.team_id)
    else:
        team = repo.get(session, Team, record.subject_id)
    if team is None:
        return None
    data = _team_data(session, team)
    found = build_feed_for_token(
        token, [record], data.versions, data.responders, data.patterns, now, team=data.team
    )
    if found is not None:
        repo.touch_feed_token(session, record.id, now)
    return found
