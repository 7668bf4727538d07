"""Use cases for looking at and editing rotas.

- Timeline: the assignments of a draft or published rota with UTC and local times, local night,
  weekend and holiday flags, queue and severity (:func:`rota_timeline`).
- Diff: the draft against the latest published version, matched by assignment id
  (:func:`draft_changes`).
- Edits of the draft: pin / unpin, reassign, delete; each is checked with the validator against
  the team's current data *before* it is saved (:func:`rota.services.planning.rota_problem`): an
  edit that would break a hard rule the draft did not already break is refused, nothing is
  written, and the rules come back in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.domain.timezones import zone
from rota.errors import InputError, NotFoundError, hard_rules
from rota.planning.drafts import Change, diff_rotas, engine_assignments
from rota.planning.violations import Breach, plain_violations
from rota.policy.team_policy import resolve_policy
from rota.services._common import (
    assignment_facts,
    demand_for,
    get_team,
    night_window,
    patterns_of,
    responders_of,
    rota_of,
)
from rota.services.planning import (
    published_timeline,
    rota_problem,
    validate_assignments,
    validate_rota,
    window_rota,
)
from rota.services.published import draft_candidates
from rota.storage import repo


@dataclass(frozen=True)
class TimelineRow:
    """One assignment as a bar on the timeline, in UTC and in the display zone."""

    assignment_id: str
    responder_id: str
    responder: str
    responder_zone: str
    role: str
    pattern: str
    queue: str
    severity: str
    on_call: bool
    shadow: bool
    pinned: bool
    start_utc: datetime
    end_utc: datetime
    display_zone: str
    start_local: datetime
    end_local: datetime
    local_day: date  # in the responder's own zone
    night: bool
    weekend: bool
    holiday: bool
    hours: float
    exposure_hours: float
    #: the published version that set this shift (None: a draft)
    version: int | None = None


@dataclass(frozen=True)
class Timeline:
    rota: Rota | None
    rows: tuple[TimelineRow, ...]
    #: None: each responder's own zone
    view_zone: str | None
    responders: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


def rota_timeline(
    session, team_id: str, which: str = "draft", view_zone: str | None = None
) -> Timeline:
    """The rota's assignments as timeline rows, shown in ``view_zone`` or (None) each person's own.

    ``which`` is "draft" (the newest draft), "published" (the current published timeline: for
    every shift the latest version covering it, each row saying which version set it) or a rota
    id. No such rota: no rows.
    """
    team = get_team(session, team_id)
    if view_zone is not None:
        zone(view_zone)
    rota = rota_of(session, team_id, which)
    if rota is None:
        return Timeline(None, (), view_zone)
    effective = resolve_policy(team.policy_overrides)
    patterns = patterns_of(session, team_id)
    people = responders_of(session, team_id)
    numbers = {
        v.id: v.version
        for v in repo.list_all(session, Rota, team_id=team_id)
        if v.status != RotaStatus.DRAFT
    }
    rows = []
    for a in rota.assignments:
        person = people.get(a.responder_id)
        if person is None:
            continue
        pattern = patterns.get(a.pattern_id)
        demand = demand_for(pattern, a.role)
        f = assignment_facts(a, person, pattern, demand, effective)
        shown = zone(view_zone or person.timezone)
        rows.append(
            TimelineRow(
                assignment_id=a.id,
                responder_id=person.id,
                responder=person.name,
                responder_zone=person.timezone,
                role=a.role,
                pattern=pattern.name if pattern else a.pattern_id,
                queue=(demand.content_category or "") if demand else "",
                severity=str(demand.severity) if demand else "",
                on_call=bool(demand and demand.on_call),
                shadow=a.shadow,
                pinned=a.pinned,
                start_utc=a.start,
                end_utc=a.end,
                display_zone=view_zone or person.timezone,
                start_local=a.start.astimezone(shown),
                end_local=a.end.astimezone(shown),
                local_day=f.local_day,
                night=f.night,
                weekend=f.weekend,
                holiday=f.holiday,
                hours=round(f.hours, 2),
                exposure_hours=round(f.exposure_hours, 2),
                version=numbers.get(a.rota_id),
            )
        )
    rows.sort(key=lambda r: (r.start_utc, r.responder))
    return Timeline(
        rota,
        tuple(rows),
        view_zone,
        tuple(sorted({r.responder for r in rows})),
        tuple(sorted({r.role for r in rows})),
    )


@dataclass(frozen=True)
class ShadeBand:
    """A stretch of one responder's local night or weekend, in UTC and in the display zone."""

    responder: str
    kind: str  # "night" or "weekend"
    start_utc: datetime
    end_utc: datetime
    start_local: datetime
    end_local: datetime


def shade_bands(
    session,
    team_id: str,
    responder_ids: Iterable[str],
    first: date,
    last: date,
    view_zone: str | None = None,
) -> list[ShadeBand]:
    """Each responder's local nights (their night window) and weekends from ``first`` to ``last``,
    shown in ``view_zone`` or (None) the responder's own zone."""
    team = get_team(session, team_id)
    effective = resolve_policy(team.policy_overrides)
    people = responders_of(session, team_id)
    bands = []
    for rid in responder_ids:
        person = people.get(rid)
        if person is None:
            continue
        tz = zone(person.timezone)
        shown = zone(view_zone or person.timezone)
        w0, w1 = night_window(person, effective)

        def band(
            kind: str, start: datetime, end: datetime, name: str = person.name, shown=shown
        ) -> ShadeBand:
            s, e = start.astimezone(UTC), end.astimezone(UTC)
            return ShadeBand(name, kind, s, e, s.astimezone(shown), e.astimezone(shown))

        day = first - timedelta(days=1)
        while day <= last:
            end_day = day + timedelta(days=1) if w1 <= w0 else day
            bands.append(
                band("night", datetime.combine(day, w0, tz), datetime.combine(end_day, w1, tz))
            )
            if day.weekday() == 5:
                bands.append(
                    band(
                        "weekend",
                        datetime.combine(day, time(0), tz),
                        datetime.combine(day + timedelta(days=2), time(0), tz),
                    )
                )
            day += timedelta(days=1)
    return bands


@dataclass(frozen=True)
class DraftDiff:
    draft: Rota | None
    published: Rota | None
    changes: tuple[Change, ...]
    names: dict[str, str]

    @property
    def counts(self) -> dict[str, int]:
        counts = {"added": 0, "removed": 0, "moved": 0, "reassigned": 0, "unchanged": 0}
        for c in self.changes:
            counts[c.kind] += 1
        return counts

    @property
    def changed(self) -> int:
        return sum(n for k, n in self.counts.items() if k != "unchanged")


def draft_changes(session, team_id: str, draft_id: str | None = None) -> DraftDiff:
    """A draft (``draft_id``, or the newest) against what is published on its days (no draft: no
    changes)."""
    draft = (
        repo.latest_rota(session, team_id, RotaStatus.DRAFT)
        if draft_id is None
        else _draft(session, team_id, draft_id)
    )
    names = {r.id: r.name for r in repo.list_all(session, Responder, team_id=team_id)}
    if draft is None:
        return DraftDiff(None, None, (), names)
    patterns = patterns_of(session, team_id)
    published = window_rota(
        published_timeline(session, team_id), team_id, draft.start, draft.end, patterns
    )
    changes = diff_rotas(draft, published, patterns)
    return DraftDiff(draft, published, tuple(changes), names)


@dataclass(frozen=True)
class PersonChange:
    """What publishing a draft does to one person's published shifts, in their zone and the
    lead's (the team's display zone)."""

    responder_id: str
    name: str
    zone: str
    gains: tuple[str, ...]
    losses: tuple[str, ...]
    moves: tuple[str, ...]


@dataclass(frozen=True)
class PublishPreview:
    """Before publishing: who is affected, and shifts added, removed and moved."""

    draft: Rota
    counts: dict[str, int]
    people: tuple[PersonChange, ...]
    lead_zone: str

    @property
    def changed(self) -> int:
        return sum(n for k, n in self.counts.items() if k != "unchanged")

    def summary(self) -> str:
        c = self.counts
        if not self.changed:
            return (
                f"{self.draft.start} – {self.draft.end}: no published shift changes "
                f"({c['unchanged']} kept)"
            )
        return (
            f"{self.draft.start} – {self.draft.end}: {len(self.people)} "
            f"{'person' if len(self.people) == 1 else 'people'} affected; {c['added']} added, "
            f"{c['removed']} removed, {c['moved']} moved, {c['reassigned']} given to someone "
            f"else, {c['unchanged']} kept"
        )


def _when(start: datetime, end: datetime, own: str, lead: str) -> str:
    a, b = start.astimezone(zone(own)), end.astimezone(zone(own))
    text = f"{a:%a %d %b %H:%M}–{b:%H:%M} {own}"
    if lead != own:
        la, lb = start.astimezone(zone(lead)), end.astimezone(zone(lead))
        text += f" ({la:%a %d %b %H:%M}–{lb:%H:%M} {lead})"
    return text


def publish_preview(session, team_id: str, draft_id: str | None = None) -> PublishPreview:
    """What publishing the draft (``draft_id``, or the team's only one) changes, person by person,
    against what is published on its days."""
    from rota.services.planning import pick_draft

    team = get_team(session, team_id)
    draft = pick_draft(session, team_id, draft_id)
    diff = draft_changes(session, team_id, draft.id)
    people = responders_of(session, team_id)
    patterns = patterns_of(session, team_id)
    lead = team.display_zone
    gains: dict[str, list[str]] = {}
    losses: dict[str, list[str]] = {}
    moves: dict[str, list[str]] = {}

    def label(pattern_id: str, role: str) -> str:
        p = patterns.get(pattern_id)
        return f"{p.name if p else pattern_id} ({role})"

    def own(rid: str | None) -> str:
        return people[rid].timezone if rid in people else "UTC"

    for c in diff.changes:
        what = label(c.pattern_id, c.role)
        if c.kind in ("added", "reassigned") and c.after_responder_id:
            assert c.after_start and c.after_end
            z = own(c.after_responder_id)
            gains.setdefault(c.after_responder_id, []).append(
                f"{what} {_when(c.after_start, c.after_end, z, lead)}"
            )
        if c.kind in ("removed", "reassigned") and c.before_responder_id:
            assert c.before_start and c.before_end
            z = own(c.before_responder_id)
            losses.setdefault(c.before_responder_id, []).append(
                f"{what} {_when(c.before_start, c.before_end, z, lead)}"
            )
        if c.kind == "moved" and c.after_responder_id:
            assert c.before_start and c.before_end and c.after_start and c.after_end
            z = own(c.after_responder_id)
            moves.setdefault(c.after_responder_id, []).append(
                f"{what} {_when(c.before_start, c.before_end, z, lead)} → "
                f"{_when(c.after_start, c.after_end, z, lead)}"
            )
    ids = sorted(set(gains) | set(losses) | set(moves), key=lambda i: diff.names.get(i, i))
    return PublishPreview(
        draft,
        diff.counts,
        tuple(
            PersonChange(
                i,
                diff.names.get(i, i),
                own(i),
                tuple(gains.get(i, ())),
                tuple(losses.get(i, ())),
                tuple(moves.get(i, ())),
            )
            for i in ids
        ),
        lead,
    )


@dataclass(frozen=True)
class EditOutcome:
    """The stored draft after an edit, what was done (or refused), and the hard rules at stake.

    ``refused``: the hard rules the edit would have broken; then it was not saved and ``draft``
    is the draft as it was. ``problems``: the hard rules the stored draft breaks (e.g. leave
    recorded since planning), which an edit may fix one at a time."""

    draft: Rota
    message: str
    problems: tuple[Breach, ...]
    refused: tuple[Breach, ...] = ()

    @property
    def saved(self) -> bool:
        return not self.refused

    @property
    def ok(self) -> bool:
        return not self.refused and not self.problems


def _draft(session, team_id: str, draft_id: str | None = None) -> Rota:
    """The draft ``draft_id`` of the team, or its newest draft."""
    if draft_id is not None:
        found = repo.get(session, Rota, draft_id)
        if found is None or found.team_id != team_id or found.status != RotaStatus.DRAFT:
            raise NotFoundError("draft of the team", draft_id, "pick a draft on the Rota page")
        return found
    draft = repo.latest_rota(session, team_id, RotaStatus.DRAFT)
    if draft is None:
        raise NotFoundError(
            "draft rota for team", team_id, "plan a rota first (Plan page or `tandem plan`)"
        )
    return draft


def _find(draft: Rota, assignment_id: str) -> Assignment:
    for a in draft.assignments:
        if a.id == assignment_id:
            return a
    raise NotFoundError("assignment in the draft", assignment_id, "pick one from the draft rota")


def _save_if_valid(session, before: Rota, after: Rota, done: str, attempt: str) -> EditOutcome:
    """Save ``after`` (the draft ``before`` with one edit) unless, checked against the team's
    current data, it breaks a hard rule that ``before`` does not: then nothing is written."""
    problem, index = rota_problem(session, before)
    was = validate_assignments(problem, engine_assignments(before, index))
    now = validate_assignments(problem, engine_assignments(after, index))
    people = responders_of(session, before.team_id)
    patterns = patterns_of(session, before.team_id)
    known = set(was)
    new = [v for v in now if v not in known]
    if new:
        return EditOutcome(
            before,
            f"not saved: {attempt} would break {hard_rules(len(new))}",
            plain_violations(was, people, patterns, before),
            plain_violations(new, people, patterns, after),
        )
    after = replace(after, edits=before.edits + 1)
    repo.save_rota(session, after)
    return EditOutcome(after, done, plain_violations(now, people, patterns, after))


def check_rota(session, rota: Rota) -> tuple[Breach, ...]:
    """Every hard rule ``rota`` breaks today, in plain words (``validate_rota``)."""
    violations = validate_rota(session, rota)
    return plain_violations(
        violations, responders_of(session, rota.team_id), patterns_of(session, rota.team_id), rota
    )


def check_draft(session, team_id: str, draft_id: str | None = None) -> tuple[Breach, ...]:
    """The hard rules a draft (``draft_id`` or the newest) breaks (no draft: none)."""
    draft = (
        repo.latest_rota(session, team_id, RotaStatus.DRAFT)
        if draft_id is None
        else _draft(session, team_id, draft_id)
    )
    return () if draft is None else check_rota(session, draft)


def _describe(a: Assignment, people: Mapping[str, Responder], patterns) -> str:
    person = people.get(a.responder_id)
    tz = zone(person.timezone) if person else UTC
    pattern = patterns.get(a.pattern_id)
    return (
        f"{pattern.name if pattern else a.pattern_id} ({a.role}) on "
        f"{a.start.astimezone(tz):%a %d %b %H:%M}"
    )


def set_pinned(
    session, team_id: str, assignment_id: str, pinned: bool, draft_id: str | None = None
) -> EditOutcome:
    """Pin (keep through re-plans) or unpin one assignment of the draft (checked first)."""
    draft = before = _draft(session, team_id, draft_id)
    a = _find(draft, assignment_id)
    changed = replace(a, pinned=pinned)
    draft = replace(
        draft, assignments=tuple(changed if x.id == a.id else x for x in draft.assignments)
    )
    people = responders_of(session, team_id)
    what = _describe(a, people, patterns_of(session, team_id))
    name = people[a.responder_id].name if a.responder_id in people else a.responder_id
    verb = "pinned" if pinned else "unpinned"
    attempt = f"{'pinning' if pinned else 'unpinning'} {name} on {what}"
    return _save_if_valid(session, before, draft, f"{verb} {name} on {what}", attempt)


def reassign_candidates(session, team_id: str, assignment_id: str, draft_id: str | None = None):
    """Who could take one assignment of the draft keeping every hard rule (the "Give to"
    choices): nobody on leave, resting, unskilled or over a limit is offered."""
    draft = _draft(session, team_id, draft_id)
    _find(draft, assignment_id)
    return draft_candidates(session, team_id, draft, assignment_id)


def reassign(
    session, team_id: str, assignment_id: str, responder_id: str, draft_id: str | None = None
) -> EditOutcome:
    """Give one assignment of the draft to another responder (pinned, so it survives a re-plan),
    unless that breaks a hard rule: then nothing is saved and the outcome names the rules
    (``EditOutcome.refused``)."""
    draft = before = _draft(session, team_id, draft_id)
    a = _find(draft, assignment_id)
    people = responders_of(session, team_id)
    person = people.get(responder_id)
    if person is None or not person.active:
        raise InputError("responder", responder_id, "pick an active responder of this team")
    if person.id == a.responder_id:
        raise InputError("responder", person.name, "pick someone other than the current holder")
    holder = people[a.responder_id].name if a.responder_id in people else a.responder_id
    # a lead's hand edit survives re-planning: it is pinned
    changed = replace(a, responder_id=person.id, pinned=True)
    draft = replace(
        draft, assignments=tuple(changed if x.id == a.id else x for x in draft.assignments)
    )
    what = _describe(a, people, patterns_of(session, team_id))
    return _save_if_valid(
        session,
        before,
        draft,
        f"reassigned {what} from {holder} to {person.name}",
        f"giving {what} from {holder} to {person.name}",
    )


def delete_assignment(
    session, team_id: str, assignment_id: str, draft_id: str | None = None
) -> EditOutcome:
    """Remove one assignment from the draft, unless that breaks a hard rule (e.g. it leaves a
    required place empty): then nothing is saved and the outcome names the rules."""
    draft = before = _draft(session, team_id, draft_id)
    a = _find(draft, assignment_id)
    people = responders_of(session, team_id)
    what = _describe(a, people, patterns_of(session, team_id))
    name = people[a.responder_id].name if a.responder_id in people else a.responder_id
    draft = replace(draft, assignments=tuple(x for x in draft.assignments if x.id != a.id))
    return _save_if_valid(
        session, before, draft, f"removed {name} from {what}", f"removing {name} from {what}"
    )
