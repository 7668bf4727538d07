"""The team's one published timeline: for every shift, the latest published version covering it.

Pure functions, no I/O. A published version covers either its whole window of local days (a plan
or a repair: every shift whose pattern's local day lies in ``start`` .. ``end``, including shifts
it leaves empty) or exactly the shifts it names in ``Rota.covers`` (an override, a swap, an undo).
Versions apply in version order, so publishing a window supersedes that window only: earlier and
later weeks stay as they were. Every reader of "what is published" (the Rota page, Me, Wellbeing,
the calendar feeds, planning history, ``tandem``) goes through :func:`published_timeline`.

Each current assignment keeps the ``rota_id`` of the version that set it, which is how the views
say "set by version 3".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from rota.domain.patterns import ShiftPattern
from rota.domain.rotas import PUBLISHED_STATUSES, Assignment, Rota, RotaStatus
from rota.domain.timezones import zone


def pattern_day(a: Assignment, patterns: Mapping[str, ShiftPattern]) -> date:
    """The local day (in the pattern's zone) the assignment's shift occurrence starts on."""
    p = patterns.get(a.pattern_id)
    return a.start.astimezone(zone(p.zone if p else "UTC")).date()


def covers(rota: Rota, a: Assignment, patterns: Mapping[str, ShiftPattern]) -> bool:
    """Whether ``rota`` sets the shift ``a`` is a place in (its window or its named shifts)."""
    if rota.covers is not None:
        return a.shift in set(rota.covers)
    return rota.start <= pattern_day(a, patterns) <= rota.end


class _State:
    """The timeline while versions are applied: shift key -> (pattern day, its assignments)."""

    def __init__(self) -> None:
        self.shifts: dict[str, tuple[date, list[Assignment]]] = {}

    def apply(self, rota: Rota, patterns: Mapping[str, ShiftPattern]) -> None:
        if rota.covers is not None:
            named = set(rota.covers)
            for key in named:
                self.shifts.pop(key, None)
            mine = [a for a in rota.assignments if a.shift in named]
        else:
            for key in [k for k, (d, _) in self.shifts.items() if rota.start <= d <= rota.end]:
                del self.shifts[key]
            mine = [
                a for a in rota.assignments if rota.start <= pattern_day(a, patterns) <= rota.end
            ]
        self.add(mine, patterns)

    def add(self, assignments: Iterable[Assignment], patterns: Mapping[str, ShiftPattern]) -> None:
        for a in assignments:
            self.shifts.setdefault(a.shift, (pattern_day(a, patterns), []))[1].append(a)

    def assignments(self) -> tuple[Assignment, ...]:
        found = [a for _, lst in self.shifts.values() for a in lst]
        return tuple(sorted(found, key=lambda a: (a.start, a.pattern_id, a.role, a.responder_id)))


def ordered_versions(versions: Iterable[Rota]) -> list[Rota]:
    """The published versions (drafts left out), oldest first."""
    return sorted(
        (r for r in versions if r.status in PUBLISHED_STATUSES), key=lambda r: r.version or 0
    )


@dataclass(frozen=True)
class PublishedTimeline:
    """What is published now: every current assignment (``rota_id`` = the version that set it)."""

    team_id: str
    assignments: tuple[Assignment, ...]
    versions: tuple[Rota, ...]

    @property
    def empty(self) -> bool:
        return not self.versions

    @property
    def first_day(self) -> date | None:
        return min((v.start for v in self.versions), default=None)

    @property
    def last_day(self) -> date | None:
        return max((v.end for v in self.versions), default=None)

    def on_days(
        self, first: date, last: date, patterns: Mapping[str, ShiftPattern]
    ) -> tuple[Assignment, ...]:
        """The current assignments whose pattern's local day lies in ``first`` .. ``last``."""
        return tuple(a for a in self.assignments if first <= pattern_day(a, patterns) <= last)

    def of_shift(self, shift: str) -> tuple[Assignment, ...]:
        return tuple(a for a in self.assignments if a.shift == shift)

    def find(self, assignment_id: str) -> Assignment | None:
        return next((a for a in self.assignments if a.id == assignment_id), None)

    def set_by(self, a: Assignment) -> Rota | None:
        """The version that set ``a``."""
        return next((v for v in self.versions if v.id == a.rota_id), None)

    def as_rota(self, first: date | None = None, last: date | None = None, patterns=None) -> Rota:
        """The timeline (or its days ``first`` .. ``last``) as one read-only published rota, for
        views that show a rota; its version is the newest version's number."""
        newest = self.versions[-1] if self.versions else None
        start = first or self.first_day or date.min
        end = last or self.last_day or date.min
        shown = (
            self.assignments
            if first is None or last is None or patterns is None
            else self.on_days(first, last, patterns)
        )
        return Rota(
            id=f"{self.team_id}-published",
            team_id=self.team_id,
            start=start,
            end=end,
            status=RotaStatus.PUBLISHED,
            version=newest.version if newest else None,
            created_at=newest.created_at if newest else datetime.min,
            published_at=newest.published_at if newest else None,
            created_by=newest.created_by if newest else "",
            assignments=shown,
        )


def published_timeline(
    team_id: str, versions: Iterable[Rota], patterns: Mapping[str, ShiftPattern]
) -> PublishedTimeline:
    """The team's current published timeline from its versions (any order; drafts ignored)."""
    ordered = ordered_versions(versions)
    state = _State()
    for rota in ordered:
        state.apply(rota, patterns)
    return PublishedTimeline(team_id, state.assignments(), tuple(ordered))


def timeline_steps(versions: Iterable[Rota], patterns: Mapping[str, ShiftPattern]) -> list[Rota]:
    """The timeline as it stood after each version, as full copies carrying that version's
    number and ``published_at`` (what the calendar feeds follow shifts through: SEQUENCE,
    LAST-MODIFIED)."""
    state = _State()
    steps = []
    for rota in ordered_versions(versions):
        state.apply(rota, patterns)
        steps.append(replace(rota, covers=None, assignments=state.assignments()))
    return steps


@dataclass(frozen=True)
class VersionState:
    """How much of a version is still the timeline."""

    version: Rota
    current: int  # its assignments still on the timeline
    total: int

    @property
    def label(self) -> str:
        if self.total and self.current == self.total:
            return "current"
        if self.current:
            return "partly superseded"
        return "superseded" if self.total else "current (no shifts)"


def version_states(timeline: PublishedTimeline) -> list[VersionState]:
    """Each version, newest first, with how many of its assignments are still current."""
    current: dict[str, int] = {}
    for a in timeline.assignments:
        current[a.rota_id] = current.get(a.rota_id, 0) + 1
    return [
        VersionState(v, current.get(v.id, 0), len(v.assignments))
        for v in reversed(timeline.versions)
    ]


def with_drafts(
    timeline: PublishedTimeline, drafts: Sequence[Rota], patterns: Mapping[str, ShiftPattern]
) -> list[tuple[Assignment, str]]:
    """The plan for every day: the published timeline with each draft on top of the days it
    covers, each assignment labelled "published" or "draft"."""
    state = _State()
    state.add(timeline.assignments, patterns)
    for draft in drafts:
        state.apply(draft, patterns)
    ids = {d.id for d in drafts}
    return [(a, "draft" if a.rota_id in ids else "published") for a in state.assignments()]
