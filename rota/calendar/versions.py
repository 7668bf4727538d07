"""Shifts followed across published versions: identity, SEQUENCE, when a feed's content changed.

Pure functions (no I/O, no clock). Published versions are not full copies of the rota: each
covers its window of local days, or only the shifts it names (``Rota.covers``: overrides, swaps,
undo), and the team's published truth is one timeline (:mod:`rota.domain.timeline`). So the
versions always enter through :func:`feed_steps`, which turns them into the timeline as it stood
after each version (:func:`rota.domain.timeline.timeline_steps`, full copies carrying that
version's number and ``published_at``); publishing week 3 leaves weeks 1-2 as they were, and an
override of one shift changes that shift only. :class:`FeedHistory` holds those steps once, for
everything a feed needs of them.

A shift is followed from one step to the next by ``identity(assignment)``, by default the
assignment's ``id`` (a place keeps its id across versions; a swap keeps the id and changes the
person). A step counts as a change of a shift when its material fields (instants, role, shadow
flag, person, pattern) differ from the previous step. :meth:`FeedHistory.last_modified` is the
HTTP Last-Modified of a feed, :class:`FeedWindow` which shifts a feed carries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from rota.domain.feed_tokens import FeedScope
from rota.domain.patterns import ShiftPattern
from rota.domain.rotas import PUBLISHED_STATUSES, Assignment, Rota
from rota.domain.timeline import timeline_steps
from rota.errors import InputError

#: Shift patterns as :func:`feed_steps` takes them: by id, or any iterable of patterns.
Patterns = Mapping[str, ShiftPattern] | Iterable[ShiftPattern]


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
    assignment: Assignment  # as on the published timeline now
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
    """The step's shifts by identity; two shifts with one identity are refused."""
    found: dict[str, Assignment] = {}
    for assignment in rota.assignments:
        key = identity(assignment)
        if key in found:
            raise InputError(
                f"rota {rota.id!r} assignment {assignment.id!r}",
                key,
                "give each shift of the published timeline its own identity (assignment id)",
            )
        found[key] = assignment
    return found


def _pattern_index(patterns: Patterns) -> Mapping[str, ShiftPattern]:
    if isinstance(patterns, Mapping):
        return patterns
    return {p.id: p for p in patterns}


def feed_steps(versions: Iterable[Rota], patterns: Patterns) -> list[Rota]:
    """The published timeline as it stood after each version, oldest first: how feeds see versions.

    The versions are checked (:func:`published_history`) and their instants read as UTC (checked
    aware, ends after starts), then applied in version order with
    :func:`rota.domain.timeline.timeline_steps`: step ``n`` is a full copy of the timeline after
    version ``n`` (its id, number and ``published_at``, ``covers=None``). ``patterns`` (by id, or
    an iterable) give each shift's local day, which decides what a window version covers.
    """
    history = [
        replace(rota, assignments=tuple(map(_in_utc, rota.assignments)))
        for rota in published_history(versions)
    ]
    return timeline_steps(history, _pattern_index(patterns))


def _view(shifts: dict[str, Assignment], responder_id: str | None) -> frozenset[tuple[str, tuple]]:
    return frozenset(
        (key, _material(a))
        for key, a in shifts.items()
        if responder_id is None or a.responder_id == responder_id
    )


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


@dataclass(frozen=True)
class FeedHistory:
    """The timeline after each published version (:func:`feed_steps`), worked out once per feed.

    Everything a feed reads of the versions goes through here: which shifts are current and
    their SEQUENCE (:meth:`shifts`), when the content last changed (:meth:`changed_at`) and the
    HTTP Last-Modified (:meth:`last_modified`).
    """

    steps: tuple[Rota, ...]

    @classmethod
    def of(cls, versions: Iterable[Rota], patterns: Patterns) -> FeedHistory:
        return cls(tuple(feed_steps(versions, patterns)))

    @property
    def team_id(self) -> str | None:
        """The team of the versions, or None when nothing was published."""
        return self.steps[-1].team_id if self.steps else None

    def shifts(
        self,
        *,
        responder_id: str | None = None,
        identity: Callable[[Assignment], str] = shift_identity,
    ) -> list[ShiftHistory]:
        """The current shifts of the timeline (all, or one responder's) with SEQUENCE and the
        time they last changed.

        A step counts as a change of a shift when the shift's material fields differ from the
        previous step, or when it disappears from or reappears in the timeline. A reassignment
        (an override, a swap) is such a change; in a personal feed the shift simply belongs to
        someone else from then on. A version that leaves a shift alone (another window, another
        shift's override) is no change of it.
        """
        if not self.steps:
            return []
        per_step = [(step, _by_identity(step, identity)) for step in self.steps]
        latest = per_step[-1][1]
        result = []
        for key, current in latest.items():
            if responder_id is not None and current.responder_id != responder_id:
                continue
            previous: tuple | None = None
            seen = False
            sequence = 0
            changed_at: datetime | None = None
            for step, shifts in per_step:
                state = _material(shifts[key]) if key in shifts else None
                assert step.published_at is not None  # checked by published_history
                if not seen:
                    if state is None:
                        continue
                    seen, changed_at = True, step.published_at
                elif state != previous:
                    sequence += 1
                    changed_at = step.published_at
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

    def changed_at(
        self,
        *,
        responder_id: str | None = None,
        identity: Callable[[Assignment], str] = shift_identity,
    ) -> datetime | None:
        """When the published shifts of the team (or one responder) last changed, or None if
        never.

        Unlike the newest LAST-MODIFIED of the events, this also moves when a shift is removed or
        reassigned away: the feed changed, though no remaining event says so.
        """
        changed: datetime | None = None
        before: frozenset | None = None
        for step in self.steps:
            view = _view(_by_identity(step, identity), responder_id)
            if view != before:
                assert step.published_at is not None
                changed = step.published_at
            before = view
        return None if changed is None else whole_seconds(changed.astimezone(UTC))

    def last_modified(
        self,
        now: datetime,
        *,
        responder_id: str | None = None,
        window: FeedWindow | None = None,
        identity: Callable[[Assignment], str] = shift_identity,
    ) -> datetime | None:
        """The HTTP Last-Modified of a feed: the last time its content could have changed.

        The later of the last change to the published shifts (see :meth:`changed_at`) and the
        last time a shift slid into or out of the window, so that a client asking
        ``If-Modified-Since`` never gets a 304 for a feed that changed. Whole seconds, UTC.
        """
        now = check_now(now)
        if window is None:
            window = window_for(FeedScope.TEAM if responder_id is None else FeedScope.PERSON)
        changed = self.changed_at(responder_id=responder_id, identity=identity)
        if changed is None:
            return None
        latest = _by_identity(self.steps[-1], identity)
        shifts = [
            a for a in latest.values() if responder_id is None or a.responder_id == responder_id
        ]
        edge = _window_changed_at(shifts, now, window)
        result = changed if edge is None else max(changed, edge)
        return whole_seconds(result.astimezone(UTC))


def shift_histories(
    versions: Sequence[Rota],
    patterns: Patterns,
    *,
    responder_id: str | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> list[ShiftHistory]:
    """The current shifts of the published timeline with SEQUENCE (:meth:`FeedHistory.shifts`)."""
    return FeedHistory.of(versions, patterns).shifts(responder_id=responder_id, identity=identity)


def content_changed_at(
    versions: Sequence[Rota],
    patterns: Patterns,
    *,
    responder_id: str | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> datetime | None:
    """When the published shifts last changed (:meth:`FeedHistory.changed_at`)."""
    return FeedHistory.of(versions, patterns).changed_at(
        responder_id=responder_id, identity=identity
    )


def feed_last_modified(
    versions: Sequence[Rota],
    patterns: Patterns,
    now: datetime,
    *,
    responder_id: str | None = None,
    window: FeedWindow | None = None,
    identity: Callable[[Assignment], str] = shift_identity,
) -> datetime | None:
    """The HTTP Last-Modified of a feed (:meth:`FeedHistory.last_modified`)."""
    return FeedHistory.of(versions, patterns).last_modified(
        now, responder_id=responder_id, window=window, identity=identity
    )
