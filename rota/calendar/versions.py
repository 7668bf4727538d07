"""Shifts followed across published versions: identity, SEQUENCE, when a feed's content changed.

Pure functions (no I/O, no clock): every published version is a full copy of the team's rota, and
a shift is followed from one version to the next by ``identity(assignment)``, by default the
assignment's ``id`` (so a new version must keep the ids of the shifts it carries over). A version
counts as a change of a shift when its material fields (instants, role, shadow flag, person,
pattern) differ from the previous version. :func:`feed_last_modified` is the HTTP Last-Modified
of a feed, :class:`FeedWindow` which shifts a feed carries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from rota.domain.feed_tokens import FeedScope
from rota.domain.rotas import PUBLISHED_STATUSES, Assignment, Rota
from rota.errors import InputError


@dataclass(frozen=True)
class FeedWindow:
    """Which shifts a feed carries: those overlapping ``now - days_back`` .. ``now + days_ahead``.

    Defaults follow calendar-feeds.md: "about 30 days back and 180 ahead for personal feeds".
    Team feeds use the shorter :data:`TEAM_WINDOW` to stay "well under 1 MB".
    """

    days_back: int = 30
    days_ahead: int = 180
    #: how often clients are asked to refresh (REFRESH-INTERVAL and X-PUBLISHED-TTL); Google
    #: ignores it and refreshes every 8-24 h, Outlook on the web about every 3 h.
    refresh: timedelta = timedelta(hours=1)

    def bounds(self, now: datetime) -> tuple[datetime, datetime]:
        """The UTC window ``(first, last)`` around ``now``."""
        return now - timedelta(days=self.days_back), now + timedelta(days=self.days_ahead)


#: The window of a personal feed: 30 days back, 180 ahead.
DEFAULT_WINDOW = FeedWindow()

#: The window of a team feed: shorter, so that a feed of every shift of a large team stays well
#: under 1 MB (calendar-feeds.md); about 450 bytes per event, e.g. 12 shifts a day -> ~560 kB.
TEAM_WINDOW = FeedWindow(days_back=14, days_ahead=90)


@dataclass(frozen=True)
class ShiftHistory:
    """What the version history says about one shift in one feed."""

    identity: str
    assignment: Assignment  # as in the latest version
    sequence: int
    changed_at: datetime  # published_at of the version where it last changed


def window_for(scope: FeedScope) -> FeedWindow:
    """The default window of a feed: :data:`TEAM_WINDOW` for a team, :data:`DEFAULT_WINDOW` else."""
    return TEAM_WINDOW if FeedScope(scope) is FeedScope.TEAM else DEFAULT_WINDOW


def shift_identity(assignment: Assignment) -> str:
    """The default identity of a shift across versions: the assignment id."""
    return assignment.id


def check_now(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError("now", now, "pass an aware datetime in UTC, e.g. datetime.now(UTC)")
    return now.astimezone(UTC)


def check_instant(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(field, value, "store instants as aware datetimes in UTC")
    return value.astimezone(UTC)


def whole_seconds(value: datetime) -> datetime:
    """ICS and HTTP dates carry whole seconds; drop the rest so both say the same instant."""
    return value.replace(microsecond=0)


def published_history(versions: Iterable[Rota]) -> list[Rota]:
    """The published versions of one team's rota, checked and ordered by version.

    Drafts never reach a feed; each version needs a version number and an aware ``published_at``.
    """
    ordered = sorted(versions, key=lambda r: r.version if r.version is not None else -1)
    team_ids = {r.team_id for r in ordered}
    if len(team_ids) > 1:
        raise InputError(
            "rota.team_id", sorted(team_ids), "pass the published versions of one team only"
        )
    seen: set[int] = set()
    for rota in ordered:
        if rota.status not in PUBLISHED_STATUSES:
            raise InputError(
                f"rota {rota.id!r}.status", str(rota.status), "pass only published versions"
            )
        if rota.version is None:
            raise InputError(f"rota {rota.id!r}.version", None, "give a published rota a version")
        if rota.version in seen:
            raise InputError(
                f"rota {rota.id!r}.version", rota.version, "pass each version exactly once"
            )
        seen.add(rota.version)
        if rota.published_at is None:
            raise InputError(
                f"rota {rota.id!r}.published_at", None, "set published_at when publishing"
            )
        check_instant(rota.published_at, f"rota {rota.id!r}.published_at")
    return ordered


def _material(assignment: Assignment) -> tuple:
    """What makes a change to a shift material: its instants, role, shadow flag, person, pattern.

    ``assignment`` is already in UTC (see :func:`_in_utc`). The pattern is included because it
    names the queue in SUMMARY.
    """
    return (
        assignment.start,
        assignment.end,
        assignment.role,
        bool(assignment.shadow),
        assignment.responder_id,
        assignment.pattern_id,
    )


def _in_utc(assignment: Assignment) -> Assignment:
    """The assignment with ``start``/``end`` in UTC (checked aware).

    Aware datetimes sharing a zone subtract and compare by wall clock (a Sydney 17:00-07:00 night
    across the April change would be 14 h, not 15); in UTC every later step is elapsed time.
    """
    start = check_instant(assignment.start, f"assignment {assignment.id!r}.start")
    end = check_instant(assignment.end, f"assignment {assignment.id!r}.end")
    if end <= start:
        raise InputError(
            f"assignment {assignment.id!r}.end", assignment.end, "end a shift after its start"
        )
    if start.tzinfo is assignment.start.tzinfo and end.tzinfo is assignment.end.tzinfo:
        return assignment
    return replace(assignment, start=start, end=end)


def _by_identity(rota: Rota, identity: Callable[[Assignment], str]) -> dict[str, Assignment]:
    """The version's shifts (in UTC) by identity; two shifts with one identity are refused."""
    found: dict[str, Assignment] = {}
    for assignment in map(_in_utc, rota.assignments):
        key = identity(assignment)
        if key in found:
            raise InputError(
                f"rota {rota.id!r} assignment {assignment.id!r}",
                key,
                "give each shift of a version its own identity (assignment id)",
            )
        found[key] = assignment
    return found


def shift_histories(
    versions: Sequence[Rota],
    *,
    responder_id: str | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> list[ShiftHistory]:
    """The shifts of the latest version (all, or one responder's) with SEQUENCE and change time.

    A version counts as a change of a shift when the shift's material fields differ from the
    previous version, or when it disappears from or reappears in a version. A reassignment is
    such a change; in a personal feed the shift simply belongs to someone else from then on.
    """
    history = published_history(versions)
    if not history:
        return []
    per_version = [(rota, _by_identity(rota, identity)) for rota in history]
    latest = per_version[-1][1]
    result = []
    for key, current in latest.items():
        if responder_id is not None and current.responder_id != responder_id:
            continue
        previous: tuple | None = None
        seen = False
        sequence = 0
        changed_at: datetime | None = None
        for rota, shifts in per_version:
            state = _material(shifts[key]) if key in shifts else None
            assert rota.published_at is not None  # checked by published_history
            if not seen:
                if state is None:
                    continue
                seen, changed_at = True, rota.published_at
            elif state != previous:
                sequence += 1
                changed_at = rota.published_at
            previous = state
        assert changed_at is not None
        result.append(
            ShiftHistory(
                identity=key,
                assignment=current,
                sequence=sequence,
                changed_at=whole_seconds(changed_at.astimezone(UTC)),
            )
        )
    return result


def _view(shifts: dict[str, Assignment], responder_id: str | None) -> frozenset[tuple[str, tuple]]:
    return frozenset(
        (key, _material(a))
        for key, a in shifts.items()
        if responder_id is None or a.responder_id == responder_id
    )


def content_changed_at(
    versions: Sequence[Rota],
    *,
    responder_id: str | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> datetime | None:
    """When the published shifts of the team (or one responder) last changed, or None if never.

    Unlike the newest LAST-MODIFIED of the events, this also moves when a shift is removed or
    reassigned away: the feed changed, though no remaining event says so.
    """
    history = published_history(versions)
    changed: datetime | None = None
    before: frozenset | None = None
    for rota in history:
        view = _view(_by_identity(rota, identity), responder_id)
        if view != before:
            assert rota.published_at is not None
            changed = rota.published_at
        before = view
    return None if changed is None else whole_seconds(changed.astimezone(UTC))


def in_window(assignment: Assignment, first: datetime, last: datetime) -> bool:
    return assignment.end > first and assignment.start < last


def _window_changed_at(
    shifts: Iterable[Assignment], now: datetime, window: FeedWindow
) -> datetime | None:
    """The latest instant <= ``now`` at which a shift entered or left the sliding window."""
    edges = []
    for a in shifts:
        entered = a.start - timedelta(days=window.days_ahead)
        left = a.end + timedelta(days=window.days_back)
        edges.extend(t for t in (entered, left) if t <= now)
    return max(edges, default=None)


def feed_last_modified(
    versions: Sequence[Rota],
    now: datetime,
    *,
    responder_id: str | None = None,
    window: FeedWindow | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> datetime | None:
    """The HTTP Last-Modified of a feed: the last time its content could have changed.

    The later of the last change to the published shifts (see :func:`content_changed_at`) and
    the last time a shift slid into or out of the window, so that a client asking
    ``If-Modified-Since`` never gets a 304 for a feed that changed. Whole seconds, UTC.
    """
    now = check_now(now)
    if window is None:
        window = window_for(FeedScope.TEAM if responder_id is None else FeedScope.PERSON)
    changed = content_changed_at(versions, responder_id=responder_id, identity=identity)
    if changed is None:
        return None
    latest = _by_identity(published_history(versions)[-1], identity)
    shifts = [a for a in latest.values() if responder_id is None or a.responder_id == responder_id]
    edge = _window_changed_at(shifts, now, window)
    result = changed if edge is None else max(changed, edge)
    return whole_seconds(result.astimezone(UTC))
