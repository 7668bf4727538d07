"""Use cases for looking at and editing rotas, for wellbeing, for "me", and for team membership.

One function per use case; each takes a ``Session`` and owns its unit of work inside it (the
caller's ``database.session()`` block commits or rolls back), like :mod:`rota.services`. They return
plain domain objects or small frozen view objects, never rows, so the pages only lay them out.

- Timeline: the assignments of a draft or published rota with UTC and local times, local night,
  weekend and holiday flags, queue and severity (:func:`rota_timeline`).
- Diff: the draft against the latest published version, matched by assignment id
  (:func:`diff_rotas`, :func:`draft_changes`).
- Edits of the draft: pin / unpin, reassign, delete; each is checked with the validator against
  the team's current data *before* it is saved (:func:`rota.services.rota_problem`): an edit that
  would break a hard rule the draft did not already break is refused, nothing is written, and the
  rules come back in plain words.
- Wellbeing: weighted high-severity hours per local day and per rolling 7 days against the policy,
  nights, weekend days, holidays and on-call share per 28 days, per responder, with the team's
  distribution this period and the previous ones (:func:`wellbeing`). Past days come from the
  exposure log where it has an entry; other days from the published rota (and the draft).
- Me: a responder's next shifts in their zone, their load against the limits, skills and goals.
- Repair: re-plan the published rota around a responder's sick days, keeping what came before.
- Team membership: add, edit and offboard responders, with input checks that name the fix.

Local facts (night, weekend, holiday) are decided in the responder's own IANA zone; instants stay
in UTC. The clock is always passed in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import available_timezones

from rota import feeds_service, services
from rota.domain.absences import Leave
from rota.domain.exposure import ExposureEntry
from rota.domain.patterns import RoleDemand, Severity, ShiftPattern
from rota.domain.responders import LanguageSkill, Proficiency, Responder
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.domain.team import WEEKDAYS, Team
from rota.domain.timezones import public_holidays, zone
from rota.errors import InputError, NotFoundError
from rota.planning.drafts import engine_assignments
from rota.planning.engine_policy import severity_weight
from rota.planning.violations import Breach, hard_rules, plain_violations
from rota.policy.countries import country_rule
from rota.policy.team_policy import resolve_policy
from rota.storage import repo
from skills.levels import effective_levels
from skills.model import Assessment, Goal, MentoringRelationship, MentoringStatus, Skill

HIGH_SEVERITIES = (Severity.HIGH, Severity.EXTREME)


# ---------------------------------------------------------------------------------------------
# Shared loading helpers


def _team(session, team_id: str) -> Team:
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id)
    return team


def _patterns(session, team_id: str) -> dict[str, ShiftPattern]:
    return {p.id: p for p in repo.list_all(session, ShiftPattern, team_id=team_id)}


def _responders(session, team_id: str) -> dict[str, Responder]:
    return {r.id: r for r in repo.list_all(session, Responder, team_id=team_id)}


def _demand(pattern: ShiftPattern | None, role: str) -> RoleDemand | None:
    if pattern is None:
        return None
    return next((d for d in pattern.demands if d.role == role), None)


def _pattern_day(a: Assignment, patterns: Mapping[str, ShiftPattern]) -> date:
    """The local day (in the pattern's zone) the assignment's shift occurrence starts on."""
    p = patterns.get(a.pattern_id)
    return a.start.astimezone(zone(p.zone if p else "UTC")).date()


@lru_cache(maxsize=512)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    try:
        found = public_holidays(country, subdivision, date(year, 1, 1), date(year, 12, 31))
    except InputError:
        return frozenset()
    return frozenset(found)


def _is_holiday(person: Responder, day: date) -> bool:
    return day in _holidays(person.country, person.subdivision, day.year)


def _night_window(person: Responder, effective: Mapping) -> tuple[time, time]:
    rule = country_rule(person.country, person.subdivision)
    if rule.night_window is not None:
        return rule.night_window
    return time(int(effective["night_window_start_hour"])), time(
        int(effective["night_window_end_hour"])
    )


def night_minutes(start: datetime, end: datetime, zone_name: str, window: tuple[time, time]) -> int:
    """Minutes of the UTC interval [start, end) inside the local night window of ``zone_name``."""
    tz = zone(zone_name)
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    total = 0.0
    day = first
    while day <= last:
        w0 = datetime.combine(day, window[0], tz).astimezone(UTC)
        end_day = day + timedelta(days=1) if window[1] <= window[0] else day
        w1 = datetime.combine(end_day, window[1], tz).astimezone(UTC)
        overlap = (min(end, w1) - max(start, w0)).total_seconds()
        if overlap > 0:
            total += overlap
        day += timedelta(days=1)
    return round(total / 60)


@dataclass(frozen=True)
class _Facts:
    """What one assignment means for its responder (local day, night, exposure, on call)."""

    local_day: date
    night: bool
    weekend: bool
    holiday: bool
    hours: float
    exposure_hours: float  # weighted
    high_severity: bool
    on_call_hours: float


def _facts(
    a: Assignment,
    person: Responder,
    demand: RoleDemand | None,
    effective: Mapping,
) -> _Facts:
    tz = zone(person.timezone)
    local_day = a.start.astimezone(tz).date()
    in_window = night_minutes(a.start, a.end, person.timezone, _night_window(person, effective))
    hours = a.hours
    weight = severity_weight(demand.severity, effective) if demand else 0.0
    exposed = 0.0
    if demand is not None and demand.content_category and weight > 0:
        exposed = (hours if demand.queue_hours is None else demand.queue_hours) * weight
    return _Facts(
        local_day=local_day,
        night=in_window >= float(effective["night_min_hours_in_window"]) * 60,
        weekend=local_day.weekday() >= 5,
        holiday=_is_holiday(person, local_day),
        hours=hours,
        exposure_hours=exposed,
        high_severity=bool(demand and demand.severity in HIGH_SEVERITIES),
        on_call_hours=hours if demand is not None and demand.on_call and not a.shadow else 0.0,
    )


def _rota(session, team_id: str, which: str) -> Rota | None:
    """``which``: "draft", "published" (the latest version) or a rota id."""
    if which == "draft":
        return repo.latest_rota(session, team_id, RotaStatus.DRAFT)
    if which == "published":
        return repo.latest_rota(session, team_id, RotaStatus.PUBLISHED)
    found = repo.get(session, Rota, which)
    if found is None or found.team_id != team_id:
        raise NotFoundError("rota", which, "pick the draft or a published version")
    return found


# ---------------------------------------------------------------------------------------------
# Timeline


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

    ``which`` is "draft", "published" (the latest version) or a rota id. No such rota: no rows.
    """
    team = _team(session, team_id)
    if view_zone is not None:
        zone(view_zone)
    rota = _rota(session, team_id, which)
    if rota is None:
        return Timeline(None, (), view_zone)
    effective = resolve_policy(team.policy_overrides)
    patterns = _patterns(session, team_id)
    people = _responders(session, team_id)
    rows = []
    for a in rota.assignments:
        person = people.get(a.responder_id)
        if person is None:
            continue
        pattern = patterns.get(a.pattern_id)
        demand = _demand(pattern, a.role)
        f = _facts(a, person, demand, effective)
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
    team = _team(session, team_id)
    effective = resolve_policy(team.policy_overrides)
    people = _responders(session, team_id)
    bands = []
    for rid in responder_ids:
        person = people.get(rid)
        if person is None:
            continue
        tz = zone(person.timezone)
        shown = zone(view_zone or person.timezone)
        w0, w1 = _night_window(person, effective)

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


# ---------------------------------------------------------------------------------------------
# Diff against the published version


@dataclass(frozen=True)
class Change:
    """One difference between the draft and the published version, matched by assignment id.

    ``kind``: "added" (only in the draft), "removed" (only in the published version), "moved"
    (same id and person, other times or pattern), "reassigned" (same id, another person; it may
    also have moved), "unchanged".
    """

    kind: str
    assignment_id: str
    role: str
    pattern_id: str
    before_responder_id: str | None
    after_responder_id: str | None
    before_start: datetime | None
    after_start: datetime | None
    before_end: datetime | None = None
    after_end: datetime | None = None


def diff_rotas(
    draft: Rota, published: Rota | None, patterns: Mapping[str, ShiftPattern] | None = None
) -> list[Change]:
    """What the draft changes against ``published``, assignment by assignment (by id).

    Only the published assignments on the draft's days (the pattern's local day) are compared, so a
    draft of one week is not said to remove the other weeks of a longer published rota.
    """
    patterns = patterns or {}
    before: dict[str, Assignment] = {}
    if published is not None:
        for a in published.assignments:
            if draft.start <= _pattern_day(a, patterns) <= draft.end:
                before[a.id] = a
    after = {a.id: a for a in draft.assignments}
    changes = []
    for aid, a in after.items():
        b = before.get(aid)
        if b is None:
            kind = "added"
        elif b.responder_id != a.responder_id:
            kind = "reassigned"
        elif (b.start, b.end, b.pattern_id, b.role) != (a.start, a.end, a.pattern_id, a.role):
            kind = "moved"
        else:
            kind = "unchanged"
        changes.append(
            Change(
                kind,
                aid,
                a.role,
                a.pattern_id,
                b.responder_id if b else None,
                a.responder_id,
                b.start if b else None,
                a.start,
                b.end if b else None,
                a.end,
            )
        )
    for aid, b in before.items():
        if aid not in after:
            changes.append(
                Change(
                    "removed",
                    aid,
                    b.role,
                    b.pattern_id,
                    b.responder_id,
                    None,
                    b.start,
                    None,
                    b.end,
                    None,
                )
            )
    order = {"reassigned": 0, "moved": 1, "added": 2, "removed": 3, "unchanged": 4}
    changes.sort(
        key=lambda c: (
            order[c.kind],
            c.after_start or c.before_start or datetime.min.replace(tzinfo=UTC),
        )
    )
    return changes


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


def draft_changes(session, team_id: str) -> DraftDiff:
    """The team's draft against its latest published version (no draft: no changes)."""
    draft = repo.latest_rota(session, team_id, RotaStatus.DRAFT)
    published = repo.latest_rota(session, team_id, RotaStatus.PUBLISHED)
    names = {r.id: r.name for r in repo.list_all(session, Responder, team_id=team_id)}
    if draft is None:
        return DraftDiff(None, published, (), names)
    changes = diff_rotas(draft, published, _patterns(session, team_id))
    return DraftDiff(draft, published, tuple(changes), names)


# ---------------------------------------------------------------------------------------------
# Editing the draft


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


def _draft(session, team_id: str) -> Rota:
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
    problem, index = services.rota_problem(session, before)
    was = services.validate_assignments(problem, engine_assignments(before, index))
    now = services.validate_assignments(problem, engine_assignments(after, index))
    people = _responders(session, before.team_id)
    patterns = _patterns(session, before.team_id)
    known = set(was)
    new = [v for v in now if v not in known]
    if new:
        return EditOutcome(
            before,
            f"not saved: {attempt} would break {hard_rules(len(new))}",
            plain_violations(was, people, patterns, before),
            plain_violations(new, people, patterns, after),
        )
    repo.save_rota(session, after)
    return EditOutcome(after, done, plain_violations(now, people, patterns, after))


def check_rota(session, rota: Rota) -> tuple[Breach, ...]:
    """Every hard rule ``rota`` breaks today, in plain words (``services.validate_rota``)."""
    violations = services.validate_rota(session, rota)
    return plain_violations(
        violations, _responders(session, rota.team_id), _patterns(session, rota.team_id), rota
    )


def check_draft(session, team_id: str) -> tuple[Breach, ...]:
    """The hard rules the team's draft breaks (no draft: none)."""
    draft = repo.latest_rota(session, team_id, RotaStatus.DRAFT)
    return () if draft is None else check_rota(session, draft)


def _describe(a: Assignment, people: Mapping[str, Responder], patterns) -> str:
    person = people.get(a.responder_id)
    tz = zone(person.timezone) if person else UTC
    pattern = patterns.get(a.pattern_id)
    return (
        f"{pattern.name if pattern else a.pattern_id} ({a.role}) on "
        f"{a.start.astimezone(tz):%a %d %b %H:%M}"
    )


def set_pinned(session, team_id: str, assignment_id: str, pinned: bool) -> EditOutcome:
    """Pin (keep through re-plans) or unpin one assignment of the draft (checked first)."""
    draft = before = _draft(session, team_id)
    a = _find(draft, assignment_id)
    changed = replace(a, pinned=pinned)
    draft = replace(
        draft, assignments=tuple(changed if x.id == a.id else x for x in draft.assignments)
    )
    people = _responders(session, team_id)
    what = _describe(a, people, _patterns(session, team_id))
    name = people[a.responder_id].name if a.responder_id in people else a.responder_id
    verb = "pinned" if pinned else "unpinned"
    attempt = f"{'pinning' if pinned else 'unpinning'} {name} on {what}"
    return _save_if_valid(session, before, draft, f"{verb} {name} on {what}", attempt)


def reassign(session, team_id: str, assignment_id: str, responder_id: str) -> EditOutcome:
    """Give one assignment of the draft to another responder, unless that breaks a hard rule:
    then nothing is saved and the outcome names the rules (``EditOutcome.refused``)."""
    draft = before = _draft(session, team_id)
    a = _find(draft, assignment_id)
    people = _responders(session, team_id)
    person = people.get(responder_id)
    if person is None or not person.active:
        raise InputError("responder", responder_id, "pick an active responder of this team")
    if person.id == a.responder_id:
        raise InputError("responder", person.name, "pick someone other than the current holder")
    holder = people[a.responder_id].name if a.responder_id in people else a.responder_id
    changed = replace(a, responder_id=person.id)
    draft = replace(
        draft, assignments=tuple(changed if x.id == a.id else x for x in draft.assignments)
    )
    what = _describe(a, people, _patterns(session, team_id))
    return _save_if_valid(
        session,
        before,
        draft,
        f"reassigned {what} from {holder} to {person.name}",
        f"giving {what} from {holder} to {person.name}",
    )


def delete_assignment(session, team_id: str, assignment_id: str) -> EditOutcome:
    """Remove one assignment from the draft, unless that breaks a hard rule (e.g. it leaves a
    required place empty): then nothing is saved and the outcome names the rules."""
    draft = before = _draft(session, team_id)
    a = _find(draft, assignment_id)
    people = _responders(session, team_id)
    what = _describe(a, people, _patterns(session, team_id))
    name = people[a.responder_id].name if a.responder_id in people else a.responder_id
    draft = replace(draft, assignments=tuple(x for x in draft.assignments if x.id != a.id))
    return _save_if_valid(
        session, before, draft, f"removed {name} from {what}", f"removing {name} from {what}"
    )


# ---------------------------------------------------------------------------------------------
# Wellbeing


@dataclass(frozen=True)
class Limits:
    """The policy limits the wellbeing view compares against (from the team's effective policy)."""

    exposure_hours_per_day: float
    exposure_hours_per_7_days_target: float
    exposure_hours_per_7_days_ceiling: float
    on_call_share_28_days: float
    nights_per_14_days_target: int
    nights_per_14_days_ceiling: int

    @classmethod
    def from_policy(cls, effective: Mapping) -> Limits:
        return cls(
            float(effective["max_high_severity_hours_per_day"]),
            float(effective["high_severity_hours_per_7_days_target"]),
            float(effective["high_severity_hours_per_7_days_ceiling"]),
            float(effective["max_on_call_share_28_days"]),
            int(effective["nights_per_14_days_target"]),
            int(effective["nights_per_14_days_ceiling"]),
        )


@dataclass(frozen=True)
class DayLoad:
    """One responder's local day: weighted exposure (and where it comes from) and rolling sums."""

    day: date
    exposure_hours: float
    rolling_7_hours: float
    source: str  # "log", "published", "draft" or "" (nothing that day)
    shifts: int
    hours: float
    night: bool
    weekend: bool
    holiday: bool
    on_call_hours: float
    on_call_share_28: float


@dataclass(frozen=True)
class PersonWellbeing:
    responder: Responder
    days: tuple[DayLoad, ...]
    hours: float
    shifts: int
    nights: int
    weekend_days: int
    holidays: int
    exposure_hours: float
    peak_day_hours: float
    peak_7_day_hours: float
    peak_on_call_share_28: float
    on_call_hours: float
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DistributionRow:
    """Who carried the load in one period."""

    period: str
    period_start: date
    responder: str
    hours: float
    exposure_hours: float
    on_call_hours: float
    nights: int
    weekend_days: int


@dataclass(frozen=True)
class Wellbeing:
    team: Team
    start: date
    end: date
    limits: Limits
    people: tuple[PersonWellbeing, ...]
    distribution: tuple[DistributionRow, ...]
    include_draft: bool = True
    sources: dict[str, str] = field(default_factory=dict)


def _planned(
    published: Sequence[Rota], draft: Rota | None, patterns: Mapping[str, ShiftPattern]
) -> list[tuple[Assignment, str]]:
    """Assignments that are the plan for their day: the latest version covering the pattern's
    local day, with the draft on top for its days."""
    layers: list[tuple[Rota, str]] = [
        (r, "published") for r in sorted(published, key=lambda r: r.version or 0)
    ]
    if draft is not None:
        layers.append((draft, "draft"))
    owner: dict[date, int] = {}
    for i, (rota, _label) in enumerate(layers):
        day = rota.start
        while day <= rota.end:
            owner[day] = i
            day += timedelta(days=1)
    out = []
    for i, (rota, label) in enumerate(layers):
        for a in rota.assignments:
            if owner.get(_pattern_day(a, patterns)) == i:
                out.append((a, label))
    return out


@dataclass
class _Acc:
    exposure: float = 0.0
    source: str = ""
    shifts: int = 0
    hours: float = 0.0
    night: bool = False
    weekend: bool = False
    holiday: bool = False
    on_call: float = 0.0


def _daily(
    people: Sequence[Responder],
    planned: Iterable[tuple[Assignment, str]],
    exposure: Iterable[ExposureEntry],
    patterns: Mapping[str, ShiftPattern],
    effective: Mapping,
    today: date,
) -> dict[str, dict[date, _Acc]]:
    by_id = {p.id: p for p in people}
    acc: dict[str, dict[date, _Acc]] = {p.id: defaultdict(_Acc) for p in people}
    logged: dict[tuple[str, date], float] = defaultdict(float)
    for e in exposure:
        if e.responder_id in by_id and e.day < today:
            logged[(e.responder_id, e.day)] += e.hours * severity_weight(e.severity, effective)
    for a, label in planned:
        person = by_id.get(a.responder_id)
        if person is None:
            continue
        f = _facts(a, person, _demand(patterns.get(a.pattern_id), a.role), effective)
        x = acc[person.id][f.local_day]
        x.shifts += 1
        x.hours += f.hours
        x.night = x.night or f.night
        x.weekend = x.weekend or f.weekend
        x.holiday = x.holiday or f.holiday
        x.on_call += f.on_call_hours
        if (person.id, f.local_day) not in logged:
            x.exposure += f.exposure_hours
            if f.exposure_hours and x.source != "draft":
                x.source = label
    for (rid, day), hours in logged.items():
        x = acc[rid][day]
        x.exposure = hours
        x.source = "log"
    return acc


def _day_loads(acc: Mapping[date, _Acc], first: date, last: date) -> list[DayLoad]:
    out = []
    day = first
    while day <= last:
        x = acc.get(day) or _Acc()
        seven = sum((acc[d].exposure if d in acc else 0.0) for d in _span(day, 7))
        oc28 = sum((acc[d].on_call if d in acc else 0.0) for d in _span(day, 28))
        out.append(
            DayLoad(
                day,
                round(x.exposure, 2),
                round(seven, 2),
                x.source,
                x.shifts,
                round(x.hours, 2),
                x.night,
                x.weekend and x.shifts > 0,
                x.holiday and x.shifts > 0,
                round(x.on_call, 2),
                round(oc28 / (28 * 24), 4),
            )
        )
        day += timedelta(days=1)
    return out


def _span(day: date, length: int) -> list[date]:
    return [day - timedelta(days=i) for i in range(length)]


def _person(person: Responder, days: Sequence[DayLoad], limits: Limits) -> PersonWellbeing:
    peak_day = max((d.exposure_hours for d in days), default=0.0)
    peak_7 = max((d.rolling_7_hours for d in days), default=0.0)
    peak_oc = max((d.on_call_share_28 for d in days), default=0.0)
    warnings = []
    if peak_day > limits.exposure_hours_per_day + 1e-9:
        warnings.append(
            f"{peak_day:g} h high-severity on one day (limit {limits.exposure_hours_per_day:g} h)"
        )
    if peak_7 > limits.exposure_hours_per_7_days_ceiling + 1e-9:
        warnings.append(
            f"{peak_7:g} h high-severity in 7 days (ceiling "
            f"{limits.exposure_hours_per_7_days_ceiling:g} h)"
        )
    elif peak_7 > limits.exposure_hours_per_7_days_target + 1e-9:
        warnings.append(
            f"{peak_7:g} h high-severity in 7 days (target "
            f"{limits.exposure_hours_per_7_days_target:g} h)"
        )
    if peak_oc > limits.on_call_share_28_days + 1e-9:
        warnings.append(
            f"on call {peak_oc:.0%} of 28 days (limit {limits.on_call_share_28_days:.0%})"
        )
    return PersonWellbeing(
        responder=person,
        days=tuple(days),
        hours=round(sum(d.hours for d in days), 2),
        shifts=sum(d.shifts for d in days),
        nights=sum(d.night for d in days),
        weekend_days=sum(d.weekend for d in days),
        holidays=sum(d.holiday for d in days),
        exposure_hours=round(sum(d.exposure_hours for d in days), 2),
        peak_day_hours=peak_day,
        peak_7_day_hours=peak_7,
        peak_on_call_share_28=peak_oc,
        on_call_hours=round(sum(d.on_call_hours for d in days), 2),
        warnings=tuple(warnings),
    )


def wellbeing(
    session,
    team_id: str,
    start: date,
    end: date,
    *,
    today: date,
    include_draft: bool = True,
    previous_periods: int = 3,
    responder_ids: Iterable[str] | None = None,
) -> Wellbeing:
    """Per responder over local days ``start`` .. ``end``: exposure against the limits, nights,
    weekend days, holidays and on-call share; and the team's distribution for this period and the
    ``previous_periods`` before it (each as long as this one).

    Days before ``today`` use the exposure log where it has an entry for that person and day; other
    days use the plan (published versions, and the draft on top when ``include_draft``).
    """
    if end < start:
        raise InputError("period end", end.isoformat(), f"give a day on or after {start}")
    if (end - start).days > 366:
        raise InputError("period", f"{start} – {end}", "look at a year or less at a time")
    team = _team(session, team_id)
    effective = resolve_policy(team.policy_overrides)
    limits = Limits.from_policy(effective)
    patterns = _patterns(session, team_id)
    people = [r for r in _responders(session, team_id).values()]
    wanted = None if responder_ids is None else set(responder_ids)
    people = [r for r in people if (wanted is None and r.active) or (wanted and r.id in wanted)]
    ids = {r.id for r in people}
    published = services.published_versions(session, team_id)
    draft = repo.latest_rota(session, team_id, RotaStatus.DRAFT) if include_draft else None
    planned = _planned(published, draft, patterns)
    exposure = [e for e in repo.list_all(session, ExposureEntry) if e.responder_id in ids]
    acc = _daily(people, planned, exposure, patterns, effective, today)
    length = (end - start).days + 1
    result = []
    for person in sorted(people, key=lambda r: r.name):
        days = _day_loads(acc[person.id], start, end)
        result.append(_person(person, days, limits))
    distribution = []
    for k in range(previous_periods + 1):
        p0 = start - timedelta(days=k * length)
        p1 = end - timedelta(days=k * length)
        label = "this period" if k == 0 else f"{p0:%d %b} – {p1:%d %b}"
        for person in people:
            days = _day_loads(acc[person.id], p0, p1)
            distribution.append(
                DistributionRow(
                    label,
                    p0,
                    person.name,
                    round(sum(d.hours for d in days), 2),
                    round(sum(d.exposure_hours for d in days), 2),
                    round(sum(d.on_call_hours for d in days), 2),
                    sum(d.night for d in days),
                    sum(d.weekend for d in days),
                )
            )
    sources = {
        "published": ", ".join(f"v{r.version}" for r in published) or "none",
        "draft": draft.id if draft else "none",
    }
    return Wellbeing(
        team, start, end, limits, tuple(result), tuple(distribution), include_draft, sources
    )


# ---------------------------------------------------------------------------------------------
# Me


@dataclass(frozen=True)
class MyShift:
    assignment_id: str
    pattern: str
    role: str
    start_local: datetime
    end_local: datetime
    start_utc: datetime
    end_utc: datetime
    night: bool
    weekend: bool
    holiday: bool
    queue: str
    severity: str
    on_call: bool
    shadow: bool
    status: str  # "published" or "draft"


@dataclass(frozen=True)
class MySkill:
    skill_id: str
    name: str
    level: int | None
    assessed_level: int | None
    flags: tuple[str, ...]
    expires_on: date | None


@dataclass(frozen=True)
class MyGoal:
    skill: str
    target_level: int
    current_level: int | None
    target_date: date | None
    mentor: str
    done: int
    total: int


@dataclass(frozen=True)
class Me:
    responder: Responder
    local_now: datetime
    next_shifts: tuple[MyShift, ...]
    load: PersonWellbeing
    limits: Limits
    period: tuple[date, date]
    skills: tuple[MySkill, ...]
    goals: tuple[MyGoal, ...]
    mentors: tuple[str, ...] = ()
    mentees: tuple[str, ...] = ()


def list_responders(session, team_id: str, *, include_inactive: bool = False) -> list[Responder]:
    """The team's responders by name (active only unless asked)."""
    people = _responders(session, team_id).values()
    return sorted((r for r in people if include_inactive or r.active), key=lambda r: r.name)


def me(
    session,
    responder_id: str,
    *,
    now: datetime,
    count: int = 10,
    days_back: int = 13,
    days_ahead: int = 14,
) -> Me:
    """A responder's own view: next ``count`` shifts in their zone (published, and the draft's
    where it differs, marked so), their load over the past ``days_back`` and next ``days_ahead``
    local days against the limits, their effective skill levels and their goals."""
    person = repo.get(session, Responder, responder_id)
    if person is None:
        raise NotFoundError("responder", responder_id)
    team = _team(session, person.team_id)
    effective = resolve_policy(team.policy_overrides)
    tz = zone(person.timezone)
    local = now.astimezone(tz)
    today = local.date()
    patterns = _patterns(session, team.id)
    published = services.published_versions(session, team.id)
    draft = repo.latest_rota(session, team.id, RotaStatus.DRAFT)
    shifts = []
    for a, label in _planned(published, None, patterns):
        if a.responder_id == person.id and a.end > now:
            shifts.append((a, label))
    published_ids = {a.id for a, _ in shifts}
    if draft is not None:
        for a in draft.assignments:
            if a.responder_id == person.id and a.end > now and a.id not in published_ids:
                shifts.append((a, "draft"))
    shifts.sort(key=lambda x: x[0].start)
    mine = []
    for a, label in shifts[:count]:
        pattern = patterns.get(a.pattern_id)
        demand = _demand(pattern, a.role)
        f = _facts(a, person, demand, effective)
        mine.append(
            MyShift(
                a.id,
                pattern.name if pattern else a.pattern_id,
                a.role,
                a.start.astimezone(tz),
                a.end.astimezone(tz),
                a.start,
                a.end,
                f.night,
                f.weekend,
                f.holiday,
                (demand.content_category or "") if demand else "",
                str(demand.severity) if demand else "",
                bool(demand and demand.on_call),
                a.shadow,
                label,
            )
        )
    first, last = today - timedelta(days=days_back), today + timedelta(days=days_ahead)
    report = wellbeing(
        session,
        team.id,
        first,
        last,
        today=today,
        include_draft=True,
        previous_periods=0,
        responder_ids=[person.id],
    )
    skills = {s.id: s for s in repo.list_all(session, Skill)}
    assessments = repo.list_all(session, Assessment, person_id=person.id)
    levels = effective_levels([person.id], skills.values(), assessments, today)
    my_skills = tuple(
        sorted(
            (
                MySkill(
                    sid,
                    skills[sid].name,
                    lvl.level,
                    lvl.assessed_level,
                    tuple(sorted(str(f) for f in lvl.flags)),
                    lvl.expires_on,
                )
                for (_pid, sid), lvl in levels.items()
                if lvl.source is not None or lvl.pending
            ),
            key=lambda s: (-(s.level or 0), s.name),
        )
    )
    names = {r.id: r.name for r in repo.list_all(session, Responder)}
    goals = []
    for g in repo.list_all(session, Goal, person_id=person.id):
        current = levels.get((person.id, g.skill_id))
        goals.append(
            MyGoal(
                skills[g.skill_id].name if g.skill_id in skills else g.skill_id,
                g.target_level,
                current.level if current else None,
                g.target_date,
                names.get(g.mentor_id or "", ""),
                sum(1 for c in g.checklist if c.done),
                len(g.checklist),
            )
        )
    pairs = [
        m
        for m in repo.list_all(session, MentoringRelationship)
        if m.status == MentoringStatus.ACTIVE and person.id in (m.mentor_id, m.mentee_id)
    ]
    return Me(
        responder=person,
        local_now=local,
        next_shifts=tuple(mine),
        load=report.people[0] if report.people else _person(person, (), report.limits),
        limits=report.limits,
        period=(first, last),
        skills=my_skills,
        goals=tuple(goals),
        mentors=tuple(names.get(m.mentor_id, "") for m in pairs if m.mentee_id == person.id),
        mentees=tuple(names.get(m.mentee_id, "") for m in pairs if m.mentor_id == person.id),
    )


# ---------------------------------------------------------------------------------------------
# Repair: re-plan around sick days


@dataclass(frozen=True)
class RepairOutcome:
    """The re-plan (as :class:`rota.services.PlanOutcome`) and what it changed against the
    published version."""

    outcome: services.PlanOutcome
    published: Rota
    sick_leave: Leave
    freeze: datetime
    changes: tuple[Change, ...]

    @property
    def changed(self) -> int:
        return sum(1 for c in self.changes if c.kind != "unchanged")


def repair(
    session,
    team_id: str,
    responder_id: str,
    sick_from: date,
    sick_to: date,
    *,
    now: datetime,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    created_by: str = "",
    on_progress: Callable[[float, float, float], None] | None = None,
) -> RepairOutcome:
    """Re-plan the latest published rota because ``responder_id`` is sick ``sick_from`` ..
    ``sick_to`` (see :func:`rota.services.repair`), with the changes matched by assignment id."""
    base = services.repair(
        session,
        team_id,
        responder_id,
        sick_from,
        sick_to,
        now=now,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        created_by=created_by,
        on_progress=on_progress,
    )
    leave = repo.get(session, Leave, f"sick-{responder_id}-{sick_from.isoformat()}")
    draft = base.outcome.draft
    changes = tuple(diff_rotas(draft, base.baseline, _patterns(session, team_id))) if draft else ()
    return RepairOutcome(base.outcome, base.baseline, leave, base.freeze, changes)


# ---------------------------------------------------------------------------------------------
# Team membership


_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@lru_cache(maxsize=1)
def known_zones() -> tuple[str, ...]:
    """IANA zones a responder can have (region/city names, sorted)."""
    return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/")))


@dataclass(frozen=True)
class ResponderInput:
    """What the team page's add / edit form sends."""

    name: str
    email: str
    timezone: str
    country: str
    subdivision: str | None = None
    languages: str = ""  # "ja:native en:fluent"
    contract_hours_per_week: float = 40.0
    working_days: tuple[int, ...] = WEEKDAYS
    night_work_consent: bool = False
    start_date: date | None = None


def parse_languages(text: str) -> tuple[LanguageSkill, ...]:
    """``"ja:native, en:fluent"`` (code and proficiency, default fluent) as language skills."""
    out = []
    for item in re.split(r"[,\s]+", text.strip()):
        if not item:
            continue
        code, _, level = item.partition(":")
        code = code.strip().lower()
        if not re.fullmatch(r"[a-z]{2,3}", code):
            raise InputError(
                "languages", item, "give ISO 639-1 codes with a level, e.g. 'ja:native, en:fluent'"
            )
        try:
            proficiency = Proficiency((level or "fluent").strip().lower())
        except ValueError:
            levels = ", ".join(p.value for p in Proficiency)
            raise InputError("languages", item, f"use one of these levels: {levels}") from None
        out.append(LanguageSkill(code, proficiency))
    return tuple(out)


def languages_text(languages: Iterable[LanguageSkill]) -> str:
    return ", ".join(f"{ls.language}:{ls.proficiency}" for ls in languages)


def _check(session, team_id: str, data: ResponderInput, *, exclude_id: str | None) -> None:
    if not data.name.strip():
        raise InputError("name", data.name, "give the responder's name")
    email = data.email.strip()
    if not _EMAIL.match(email):
        raise InputError("e-mail", data.email, "give an address like aiko.tanaka@example.org")
    for other in repo.list_all(session, Responder):
        if other.id != exclude_id and other.email.lower() == email.lower():
            raise InputError(
                "e-mail", email, f"{other.name} already uses it; give each responder their own"
            )
    if data.timezone not in known_zones():
        zone(data.timezone)  # names the closest zones
        raise InputError("zone", data.timezone, "pick an IANA zone such as Asia/Tokyo")
    country = data.country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise InputError("country", data.country, "give an ISO 3166-1 alpha-2 code, e.g. JP")
    public_holidays(
        country,
        (data.subdivision or "").strip().upper() or None,
        date(2026, 1, 1),
        date(2026, 1, 1),
    )
    if country == "AU" and not (data.subdivision or "").strip():
        raise InputError(
            "subdivision", data.subdivision, "give the Australian state (e.g. NSW) for its holidays"
        )
    if not 1 <= data.contract_hours_per_week <= 80:
        raise InputError(
            "contract hours per week", data.contract_hours_per_week, "give 1 to 80 hours"
        )
    if not data.working_days or any(d not in range(7) for d in data.working_days):
        raise InputError("working days", data.working_days, "pick at least one day (0 = Monday)")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "responder"


def add_responder(session, team_id: str, data: ResponderInput, *, today: date) -> Responder:
    """Add a responder to the team after checking the input (zone, e-mail, country, hours)."""
    _team(session, team_id)
    _check(session, team_id, data, exclude_id=None)
    base = _slug(data.name)
    rid, n = base, 2
    while repo.get(session, Responder, rid) is not None:
        rid, n = f"{base}-{n}", n + 1
    person = Responder(
        id=rid,
        team_id=team_id,
        name=data.name.strip(),
        email=data.email.strip(),
        timezone=data.timezone,
        country=data.country.strip().upper(),
        subdivision=(data.subdivision or "").strip().upper() or None,
        languages=parse_languages(data.languages),
        contract_hours_per_week=float(data.contract_hours_per_week),
        working_days=tuple(sorted(set(data.working_days))),
        start_date=data.start_date or today,
        night_work_consent=data.night_work_consent,
    )
    repo.save(session, person)
    return person


def update_responder(session, responder_id: str, data: ResponderInput) -> Responder:
    """Change a responder's details (skills, clearances and history stay as they are)."""
    person = repo.get(session, Responder, responder_id)
    if person is None:
        raise NotFoundError("responder", responder_id)
    _check(session, person.team_id, data, exclude_id=person.id)
    changed = replace(
        person,
        name=data.name.strip(),
        email=data.email.strip(),
        timezone=data.timezone,
        country=data.country.strip().upper(),
        subdivision=(data.subdivision or "").strip().upper() or None,
        languages=parse_languages(data.languages),
        contract_hours_per_week=float(data.contract_hours_per_week),
        working_days=tuple(sorted(set(data.working_days))),
        night_work_consent=data.night_work_consent,
        start_date=data.start_date or person.start_date,
    )
    repo.save(session, changed)
    return changed


@dataclass(frozen=True)
class OffboardOutcome:
    responder: Responder
    #: assignments of the draft on or after the last day that now need someone else
    draft_assignments_after: int
    #: what else offboarding did, in words (e.g. calendar-feed links revoked)
    notes: tuple[str, ...] = ()


def offboard(session, responder_id: str, *, last_day: date, now: datetime) -> OffboardOutcome:
    """Offboard a responder: inactive from now on with ``last_day`` as their end date.

    History (published rotas, assessments, exposure log) is kept; the responder's calendar-feed
    links are revoked in the same transaction.
    """
    person = repo.get(session, Responder, responder_id)
    if person is None:
        raise NotFoundError("responder", responder_id)
    if last_day < person.start_date:
        raise InputError(
            "last day",
            last_day.isoformat(),
            f"give a day on or after their start {person.start_date}",
        )
    changed = replace(person, active=False, end_date=last_day)
    repo.save(session, changed)
    draft = repo.latest_rota(session, person.team_id, RotaStatus.DRAFT)
    after = 0
    if draft is not None:
        tz = zone(person.timezone)
        after = sum(
            1
            for a in draft.assignments
            if a.responder_id == person.id and a.start.astimezone(tz).date() > last_day
        )
    revoked = feeds_service.offboard_revoke(session, person.id, now)
    notes = (
        (f"revoked {revoked} calendar-feed link{'s' if revoked != 1 else ''}",) if revoked else ()
    )
    return OffboardOutcome(changed, after, notes)
