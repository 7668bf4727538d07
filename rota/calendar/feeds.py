"""Calendar feeds: ICS bytes for one responder or a whole team, from the published timeline.

Pure functions: no I/O, no clock (``now`` is passed in), no database. The same input always gives
the same bytes, so the ETag of a feed only changes when its content does.

A published version is not a full copy of the rota: it covers its window of days, or only the
shifts it names (an override, a swap, an undo). The versions enter a feed only through
:class:`rota.calendar.versions.FeedHistory` (the timeline after each version, see
:func:`rota.domain.timeline.timeline_steps`), for its events, their SEQUENCE, Last-Modified and
so the ETag: publishing week 3 keeps weeks 1-2 in the feed, an override bumps the SEQUENCE of
that one event and keeps its UID, and a shift given to someone else leaves the giver's personal
feed and appears in the taker's.

What real clients need (the requirements in calendar-feeds.md) and how this module answers it:

- Each assignment is its own non-recurring VEVENT with DTSTART/DTEND in UTC. RFC 5545 §3.3.5,
  FORM #2: "The date with UTC time, or absolute time, is identified by a LATIN CAPITAL LETTER Z
  suffix character". No VTIMEZONE, no floating time, no X-WR-TIMEZONE: ical.js, vobject and
  desktop Outlook all read the same instants.
- UID is a UUIDv5 of (feed scope, subject, shift identity) + ``@tandem``. RFC 5545 §3.8.4.7: "The
  UID itself MUST be a globally unique identifier"; it is stable across versions and opaque (no
  names, e-mail addresses or wall-clock text).
- SEQUENCE counts the published versions in which the shift materially changed. RFC 5545
  §3.8.7.4: "When a calendar component is created, its sequence number is 0. It is monotonically
  incremented by the "Organizer's" CUA each time the "Organizer" makes a significant revision to
  the calendar component."
- DTSTAMP and LAST-MODIFIED are the publication time of the version where the shift last changed,
  never "now". RFC 5545 §3.8.7.2: "In the case of an iCalendar object that doesn't specify a
  "METHOD" property, this property specifies the date and time that the information associated
  with the calendar component was last revised in the calendar store." This is why the calendar
  carries no METHOD: with METHOD, DTSTAMP would be the creation time of each download.
- A removed shift, or one reassigned to someone else, is simply absent from the feed (clients
  disagree on STATUS:CANCELLED); in the team feed a reassignment keeps the UID and bumps SEQUENCE.
- The calendar has a fixed PRODID, a UID derived from the scope (RFC 7986 §5.3), NAME (RFC 7986
  §5.1) and X-WR-CALNAME, ``REFRESH-INTERVAL;VALUE=DURATION:PT1H`` (RFC 7986 §5.7: "VALUE=DURATION"
  is required, and icalendar's ``refresh_interval`` omits it) and ``X-PUBLISHED-TTL:PT1H`` (wrapped
  in ``vDuration``: a bare ``timedelta`` serialises as ``1:00:00``).
- TRANSP (RFC 5545 §3.8.2.7: "whether or not an event is transparent to busy time searches"):
  in a personal feed an on-call shift (its pattern's demand for the role is ``on_call``, shadow
  places included) is ``OPAQUE``: the person must be able to answer a page, so a calendar that
  counts this one into free/busy (an imported export, Thunderbird) shows them busy. Every other
  event is ``TRANSPARENT`` as calendar-feeds.md asks, and so is every event of the team feed: those
  are other people's shifts, and a lead who imports or overlays them is not busy for them.
- VALARM only when the responder opted in (``Responder.reminder_minutes``), only in their personal
  feed and only on their on-call shifts: ``ACTION:DISPLAY``, a DESCRIPTION (RFC 5545 §3.6.6:
  "'DESCRIPTION' is REQUIRED" for DISPLAY) and ``TRIGGER:-PT<minutes>M`` (§3.8.6.3, a duration
  relative to DTSTART). What clients do with an alarm in a *subscribed* feed differs: Thunderbird
  (ical.js) shows it; Apple Calendar drops it unless the subscriber unticks "Remove: Alerts"
  (ticked by default); Google Calendar ignores VALARM in calendars added by URL and applies only
  the user's own notification settings; Outlook turns the one VALARM of an imported file into the
  event's reminder (MS-OXCICAL: TRIGGER in minutes, ACTION ignored) but is reported to drop
  alarms of Internet-calendar subscriptions. So a reminder is a convenience, never the paging
  path. The team feed carries no alarms. No personal data beyond names.

Identity of a shift across versions, SEQUENCE and Last-Modified are worked out in
:mod:`rota.calendar.versions`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vDuration

from rota.calendar.tokens import find_active_token
from rota.calendar.versions import (
    FeedHistory,
    FeedWindow,
    ShiftHistory,
    check_now,
    in_window,
    published_history,
    shift_identity,
    whole_seconds,
    window_for,
)
from rota.domain.feed_tokens import FeedScope, FeedToken
from rota.domain.patterns import RoleDemand, ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota
from rota.domain.team import DAY_NAMES, Team
from rota.domain.timezones import zone
from rota.errors import InputError

#: PRODID of every Tandem feed (RFC 5545 §3.7.3: "the identifier for the product that created
#: the iCalendar object"); fixed so the bytes do not depend on the installed version.
PRODID = "-//Tandem//On-call rota feeds//EN"

#: Namespace of every UUIDv5 in Tandem's feeds: uuid5(NAMESPACE_URL, "https://tandem.invalid/feeds").
FEED_UID_NAMESPACE = uuid.UUID("f29deb29-9a1d-515d-acd4-9d2b0a23f236")

#: Suffix of every event UID (RFC 5545 §3.8.4.7 recommends a domain-like right-hand side).
UID_SUFFIX = "@tandem"

#: Added to a role staffed on call, e.g. "primary" -> "Primary on-call".
_ON_CALL_SUFFIX = " on-call"

#: The longest reminder a responder may ask for: one week, in minutes.
MAX_REMINDER_MINUTES = 7 * 24 * 60


def check_reminder_minutes(minutes: object, field: str = "reminder minutes") -> int | None:
    """``minutes`` if it is None (no reminder) or a whole number 1 .. :data:`MAX_REMINDER_MINUTES`;
    otherwise an :class:`InputError` naming the field, the value and the fix."""
    if minutes is None:
        return None
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not (0 < minutes <= MAX_REMINDER_MINUTES)
    ):
        raise InputError(
            field,
            minutes,
            f"give a whole number of minutes from 1 to {MAX_REMINDER_MINUTES} (one week) before "
            "each on-call shift, or none to turn the reminder off",
        )
    return minutes


@dataclass(frozen=True)
class FeedBody:
    """One rendered feed: the exact bytes, their strong ETag and the time the content last changed.

    ``last_modified`` is None only for a feed of a team that has never published a version.
    """

    body: bytes
    etag: str
    last_modified: datetime | None


def event_uid(scope: FeedScope, subject_id: str, identity: str) -> str:
    """The opaque, stable UID of a shift's event in one feed: UUIDv5 of (scope, subject, shift).

    Personal feeds and the team feed give the same shift different UIDs, so a lead subscribed to
    both sees two events rather than one that two calendars fight over.
    """
    return f"{uuid.uuid5(FEED_UID_NAMESPACE, f'{scope.value}|{subject_id}|{identity}')}{UID_SUFFIX}"


def calendar_uid(scope: FeedScope, subject_id: str) -> str:
    """The fixed UID of a feed's VCALENDAR (RFC 7986 §5.3).

    Derived from the scope, so it never changes; ``Calendar.new()`` without ``uid=`` would pick
    a random one on every build.
    """
    return str(uuid.uuid5(FEED_UID_NAMESPACE, f"{scope.value}|{subject_id}"))


def strong_etag(body: bytes) -> str:
    """A strong entity tag over the exact bytes (RFC 9110 §8.8.3: a quoted opaque string)."""
    return f'"{hashlib.sha256(body).hexdigest()}"'


def demand_of(assignment: Assignment, pattern: ShiftPattern) -> RoleDemand | None:
    """The demand of the assignment's pattern for its role (None if the pattern has none)."""
    return next((d for d in pattern.demands if d.role == assignment.role), None)


def is_on_call(assignment: Assignment, pattern: ShiftPattern) -> bool:
    """Whether the assignment is a place on an on-call demand (shadow places too)."""
    demand = demand_of(assignment, pattern)
    return demand is not None and demand.on_call


def role_wording(role: str, pattern: ShiftPattern) -> str:
    """The role as read in a calendar: "primary" on an on-call demand -> "Primary on-call"."""
    words = role.strip()
    text = words[:1].upper() + words[1:]
    demand = next((d for d in pattern.demands if d.role == role), None)
    if demand is not None and demand.on_call and "on-call" not in words.lower():
        text += _ON_CALL_SUFFIX
    return text


def event_summary(
    assignment: Assignment, pattern: ShiftPattern, responder: Responder | None = None
) -> str:
    """SUMMARY: role and queue, e.g. "Primary on-call — APAC high-severity".

    A shadow shift says so; the team feed (``responder`` given) starts with the person's name.
    """
    text = f"{role_wording(assignment.role, pattern)}"
    if assignment.shadow:
        text += " (shadow)"
    text += f" — {pattern.name}"
    if responder is not None:
        text = f"{responder.name}: {text}"
    return text


def _local(instant: datetime, zone_name: str) -> str:
    local = instant.astimezone(zone(zone_name))
    return (
        f"{DAY_NAMES[local.weekday()]} {local.year:04d}-{local.month:02d}-{local.day:02d} "
        f"{local.hour:02d}:{local.minute:02d} {local.tzname()}"
    )


def _length(start: datetime, end: datetime) -> str:
    minutes = int((end - start).total_seconds() // 60)  # aware instants: elapsed, not wall-clock
    hours, mins = divmod(minutes, 60)
    return f"{hours} h" if mins == 0 else f"{hours} h {mins:02d} min"


def event_description(
    assignment: Assignment, pattern: ShiftPattern, responder: Responder, for_team: bool
) -> str:
    """DESCRIPTION: the shift in the responder's own zone and its elapsed length (kept short).

    The event's instants are UTC; this text only helps a reader whose calendar shows another
    zone. E.g. "Your time (Australia/Sydney): Sat 2026-04-04 17:00 AEDT to Sun 2026-04-05 07:00
    AEST, 15 h". The length is computed between the UTC instants (elapsed, not wall-clock).
    """
    whose = f"{responder.name}'s" if for_team else "Your"
    text = (
        f"{whose} time ({responder.timezone}): "
        f"{_local(assignment.start, responder.timezone)} to "
        f"{_local(assignment.end, responder.timezone)}, "
        f"{_length(assignment.start, assignment.end)}"
    )
    if assignment.shadow:
        text += "\nShadow shift: learning alongside the responder who is paged."
    return text


def _index(items: Iterable) -> dict:
    return {item.id: item for item in items}


def _need(index: dict, key: str, field: str, fix: str):
    try:
        return index[key]
    except KeyError:
        raise InputError(field, key, fix) from None


def _calendar(name: str, scope: FeedScope, subject_id: str, window: FeedWindow) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("uid", calendar_uid(scope, subject_id))
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add(
        "description",
        "On-call shifts from Tandem's published rota. A convenience view that refreshes every "
        "few hours; it is never the paging path.",
    )
    # RFC 7986 §5.7: refresh = "REFRESH-INTERVAL" refreshparam ":" dur-value; refreshparam has
    # ";" "VALUE" "=" "DURATION" as a required parameter.
    calendar.add("refresh-interval", vDuration(window.refresh), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(window.refresh))
    return calendar


class _MinutesBefore(vDuration):
    """A TRIGGER of ``-PT<minutes>M`` exactly (RFC 5545 dur-minute; ``vDuration`` would write
    ``-PT1H30M`` for 90 minutes, the same instant, but not the number the person chose)."""

    def __init__(self, minutes: int) -> None:
        super().__init__(timedelta(minutes=-minutes))
        self.minutes = minutes

    def to_ical(self) -> bytes:
        return f"-PT{self.minutes}M".encode("ascii")


def _minutes_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if not hours:
        return f"{mins} min"
    return f"{hours} h" if not mins else f"{hours} h {mins:02d} min"


def reminder_alarm(summary: str, minutes: int) -> Alarm:
    """The VALARM of a reminder ``minutes`` before DTSTART: ACTION:DISPLAY, DESCRIPTION, TRIGGER."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"In {_minutes_text(minutes)}: {summary}")
    alarm.add("trigger", _MinutesBefore(minutes))
    return alarm


def _event(
    history: ShiftHistory,
    uid: str,
    pattern: ShiftPattern,
    responder: Responder,
    for_team: bool,
) -> Event:
    a = history.assignment
    on_call = is_on_call(a, pattern)
    summary = event_summary(a, pattern, responder if for_team else None)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", history.changed_at)
    event.add("last-modified", history.changed_at)
    event.add("sequence", history.sequence)
    event.add("dtstart", whole_seconds(a.start.astimezone(UTC)))
    event.add("dtend", whole_seconds(a.end.astimezone(UTC)))
    event.add("summary", summary)
    event.add("description", event_description(a, pattern, responder, for_team))
    event.add("transp", "OPAQUE" if on_call and not for_team else "TRANSPARENT")
    minutes = None if for_team else responder.reminder_minutes
    if on_call and minutes is not None:
        event.add_component(reminder_alarm(summary, minutes))
    return event


def render_feed(
    scope: FeedScope,
    subject_id: str,
    versions: Sequence[Rota],
    responders: Iterable[Responder],
    patterns: Iterable[ShiftPattern],
    now: datetime,
    *,
    team: Team | None = None,
    window: FeedWindow | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> FeedBody:
    """The feed of one responder (scope PERSON, ``subject_id`` a responder id) or one team (TEAM).

    ``versions`` are the team's published versions (any order; they are sorted by version), each
    covering its window of days or the shifts it names; ``patterns`` every shift pattern they use
    (they also give each shift's local day). The events are the shifts of the published timeline
    (:class:`FeedHistory`) overlapping ``window`` around ``now`` (default :func:`window_for` the
    scope), ordered by start, end, role, person and identity; the same input gives byte-identical
    output. In a personal feed, a responder with ``reminder_minutes`` gets a VALARM on each of
    their on-call shifts.
    """
    now = check_now(now)
    scope = FeedScope(scope)
    window = window_for(scope) if window is None else window
    people = _index(responders)
    shapes = _index(patterns)
    history = FeedHistory.of(versions, shapes)
    for_team = scope is FeedScope.TEAM
    if for_team:
        if history.team_id is not None and history.team_id != subject_id:
            raise InputError(
                "team feed subject_id",
                subject_id,
                f"use the team of the rota, {history.team_id!r}",
            )
        team_name = team.name if team is not None else subject_id
        name = f"Tandem on-call — {team_name}"
        responder_filter = None
    else:
        person = _need(
            people, subject_id, "personal feed subject_id", "pass the responder among `responders`"
        )
        check_reminder_minutes(person.reminder_minutes, f"responder {person.id!r}.reminder_minutes")
        name = f"Tandem on-call — {person.name}"
        responder_filter = subject_id

    first, last = window.bounds(now)
    shifts = [
        h
        for h in history.shifts(responder_id=responder_filter, identity=identity)
        if in_window(h.assignment, first, last)
    ]
    shifts.sort(
        key=lambda h: (
            h.assignment.start,
            h.assignment.end,
            h.assignment.role,
            h.assignment.responder_id,
            h.identity,
        )
    )
    calendar = _calendar(name, scope, subject_id, window)
    for h in shifts:
        a = h.assignment
        pattern = _need(
            shapes,
            a.pattern_id,
            f"assignment {a.id!r}.pattern_id",
            "pass every shift pattern the rota uses, including retired ones",
        )
        responder = _need(
            people,
            a.responder_id,
            f"assignment {a.id!r}.responder_id",
            "pass every responder the rota names, including those who left",
        )
        uid = event_uid(scope, subject_id, h.identity)
        calendar.add_component(_event(h, uid, pattern, responder, for_team))
    body = calendar.to_ical()
    return FeedBody(
        body=body,
        etag=strong_etag(body),
        last_modified=history.last_modified(
            now, responder_id=responder_filter, window=window, identity=identity
        ),
    )


def personal_feed(
    versions: Sequence[Rota],
    responder_id: str,
    responders: Iterable[Responder],
    patterns: Iterable[ShiftPattern],
    now: datetime,
    *,
    window: FeedWindow | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> bytes:
    """The ICS bytes of one responder's personal feed (see :func:`render_feed`)."""
    return render_feed(
        FeedScope.PERSON,
        responder_id,
        versions,
        responders,
        patterns,
        now,
        window=window,
        identity=identity,
    ).body


def team_feed(
    versions: Sequence[Rota],
    team: Team,
    responders: Iterable[Responder],
    patterns: Iterable[ShiftPattern],
    now: datetime,
    *,
    window: FeedWindow | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> bytes:
    """The ICS bytes of a team's feed: every responder's shifts, each summary led by the name."""
    return render_feed(
        FeedScope.TEAM,
        team.id,
        versions,
        responders,
        patterns,
        now,
        team=team,
        window=window,
        identity=identity,
    ).body


def build_feed_for_token(
    token: str,
    tokens: Iterable[FeedToken],
    versions: Sequence[Rota],
    responders: Iterable[Responder],
    patterns: Iterable[ShiftPattern],
    now: datetime,
    *,
    team: Team | None = None,
    window: FeedWindow | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> FeedBody | None:
    """The feed a presented ``token`` opens, or None when it is unknown or revoked.

    ``tokens`` are stored :class:`FeedToken` records (hashes only); the match is made in constant
    time per record. A personal token whose responder is not among ``responders`` or is no longer
    active (offboarded) also gives None, so every refusal looks the same to the caller.
    """
    responders = tuple(responders)
    record = find_active_token(token, tokens)
    if record is None:
        return None
    if record.scope is FeedScope.PERSON and not any(
        r.id == record.subject_id and r.active for r in responders
    ):
        return None
    if record.scope is FeedScope.TEAM:
        history = published_history(versions)
        if history and history[-1].team_id != record.subject_id:
            return None
    return render_feed(
        record.scope,
        record.subject_id,
        versions,
        responders,
        patterns,
        now,
        team=team,
        window=window,
        identity=identity,
    )
