"""What every change of the published timeline shares: the current timeline, a change checked
against every hard rule over its shifts' days (one problem, any number of alternatives), the
people who could take a shift, and publishing a version of just the changed shifts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota, RotaKind
from rota.domain.timeline import PublishedTimeline, pattern_day
from rota.domain.timezones import zone
from rota.errors import InputError, NotFoundError
from rota.planning.drafts import engine_assignments
from rota.planning.violations import Breach, plain_violations
from rota.services._common import get_team, patterns_of, responders_of
from rota.services._timeline import (
    published_timeline,
    rota_problem,
    validate_assignments,
    window_rota,
)
from rota.services.publishing import store_version


def current_timeline(session, team_id: str) -> PublishedTimeline:
    """What is published now for the team (for every shift, the latest version covering it)."""
    get_team(session, team_id)
    return published_timeline(session, team_id)


class CheckedChange:
    """The timeline's shifts on some local days, before and after replacing some shifts, checked
    against every hard rule (one problem built, any number of alternatives checked)."""

    def __init__(
        self,
        session,
        team_id: str,
        timeline: PublishedTimeline,
        days: Iterable[date],
        on_top: Sequence[Rota] = (),
    ):
        days = list(days)
        self.session = session
        self.team_id = team_id
        self.timeline = timeline
        self.patterns = patterns_of(session, team_id)
        self.people = responders_of(session, team_id)
        self.before = window_rota(timeline, team_id, min(days), max(days), self.patterns)
        self.problem, self.index = rota_problem(session, self.before, on_top)
        self.was = validate_assignments(
            self.problem, engine_assignments(self.before, self.index, strict=False)
        )
        self._known = set(self.was)

    def after(self, replaced: Mapping[str, Sequence[Assignment]]) -> Rota:
        kept = [a for a in self.before.assignments if a.shift not in replaced]
        new = [a for lst in replaced.values() for a in lst]
        return replace(self.before, assignments=tuple(kept + new))

    def new_violations(self, replaced: Mapping[str, Sequence[Assignment]]) -> list:
        after = self.after(replaced)
        now = validate_assignments(
            self.problem, engine_assignments(after, self.index, strict=False)
        )
        return [v for v in now if v not in self._known]

    def breaches(self, violations, replaced) -> tuple[Breach, ...]:
        return plain_violations(violations, self.people, self.patterns, self.after(replaced))


def published_shift(timeline: PublishedTimeline, assignment_id: str) -> Assignment:
    a = timeline.find(assignment_id)
    if a is None:
        raise NotFoundError(
            "published shift", assignment_id, "pick a shift of the current published rota"
        )
    return a


def refuse_started(a: Assignment, now: datetime, field: str = "shift") -> None:
    if a.start <= now:
        raise InputError(
            field,
            f"{a.start:%Y-%m-%d %H:%M} UTC",
            "it has started: the past is history; change a shift that has not begun",
        )


def given_to(shift: Sequence[Assignment], a: Assignment, to: str) -> list[Assignment]:
    """The shift's places with ``a`` given to ``to`` (same id: the feeds' UID; pinned)."""
    return [replace(x, responder_id=to, pinned=True) if x.id == a.id else x for x in shift]


def describe_shift(a: Assignment, people: Mapping[str, Responder], patterns) -> str:
    person = people.get(a.responder_id)
    tz = zone(person.timezone) if person else zone("UTC")
    pattern = patterns.get(a.pattern_id)
    name = pattern.name if pattern else a.pattern_id
    return f"{name} ({a.role}) on {a.start.astimezone(tz):%a %d %b %H:%M} ({tz.key})"


def name_of(people: Mapping[str, Responder], rid: str) -> str:
    return people[rid].name if rid in people else rid


@dataclass(frozen=True)
class Candidate:
    """Someone who could take a shift: ``breaches`` empty means every hard rule is kept."""

    responder_id: str
    name: str
    zone: str
    breaches: tuple[Breach, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.breaches


def candidates_for(
    change: CheckedChange, a: Assignment, exclude: set[str], with_refused: bool
) -> list[Candidate]:
    shift = change.timeline.of_shift(a.shift)
    on_shift = {x.responder_id for x in shift}
    out = []
    for person in sorted(change.people.values(), key=lambda r: r.name):
        if not person.active or person.id in exclude or person.id in on_shift:
            continue
        replaced = {a.shift: given_to(shift, a, person.id)}
        new = change.new_violations(replaced)
        if new and not with_refused:
            continue
        out.append(
            Candidate(
                person.id,
                person.name,
                person.timezone,
                change.breaches(new, replaced) if new else (),
            )
        )
    return out


def publish_shifts(
    session,
    change: CheckedChange,
    replaced: Mapping[str, Sequence[Assignment]],
    *,
    now: datetime,
    by: str,
    kind: RotaKind,
    note: str,
) -> Rota:
    days = [pattern_day(a, change.patterns) for lst in replaced.values() for a in lst] or [
        change.before.start
    ]
    version = Rota(
        id="pending",
        team_id=change.team_id,
        start=min(days),
        end=max(days),
        created_at=now,
        created_by=by,
        assignments=tuple(a for lst in replaced.values() for a in lst),
        policy_snapshot=dict(change.before.policy_snapshot),
    )
    return store_version(
        session, version, now=now, by=by, kind=kind, covers=tuple(sorted(replaced)), note=note
    )
