"""Use cases of wellbeing: load against the limits, and the per-person limits the planner applies.

Weighted high-severity hours per local day and per rolling 7 days against the policy, nights,
weekend days, holidays and on-call share per 28 days, per responder, with the team's distribution
this period and the previous ones (:func:`wellbeing`). Past days come from the exposure log where
it has an entry; other days from the published rota (and the draft). Also each responder's
limits (:func:`person_limits`) and the recovery waiver after a critical incident
(:func:`waive_recovery`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.patterns import Severity, ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota
from rota.domain.team import Team
from rota.domain.timeline import published_timeline, with_drafts
from rota.errors import InputError, NotFoundError
from rota.planning.engine_policy import severity_weight
from rota.policy.countries import country_rule
from rota.policy.team_policy import resolve_policy
from rota.services._common import assignment_facts, demand_for, get_team, patterns_of, responders_of
from rota.services.planning import drafts_of, published_versions
from rota.storage import repo


@dataclass(frozen=True)
class Limits:
    """The policy limits the wellbeing view compares against (from the team's effective policy)."""

    exposure_hours_per_day: float
    exposure_hours_per_7_days_target: float
    exposure_hours_per_7_days_ceiling: float
    on_call_share_28_days: float
    nights_per_14_days_target: int
    nights_per_14_days_ceiling: int
    #: severity weights of exposure (the engine's, from the same policy)
    extreme_severity_weight: float = 1.5
    high_severity_weight: float = 1.0
    medium_severity_weight: float = 0.5

    @classmethod
    def from_policy(cls, effective: Mapping) -> Limits:
        return cls(
            float(effective["max_high_severity_hours_per_day"]),
            float(effective["high_severity_hours_per_7_days_target"]),
            float(effective["high_severity_hours_per_7_days_ceiling"]),
            float(effective["max_on_call_share_28_days"]),
            int(effective["nights_per_14_days_target"]),
            int(effective["nights_per_14_days_ceiling"]),
            severity_weight(Severity.EXTREME, effective),
            severity_weight(Severity.HIGH, effective),
            severity_weight(Severity.MEDIUM, effective),
        )

    def weights_text(self) -> str:
        """How exposure is weighted, in the team's numbers: "the most violent material ... 1.5×"."""
        return (
            f"the most violent material (child abuse, live self-harm) counts "
            f"{self.extreme_severity_weight:g}×, other high-severity "
            f"{self.high_severity_weight:g}×, medium {self.medium_severity_weight:g}×"
        )

    def limits_text(self) -> str:
        """The exposure limits in the team's numbers: "4 h/day and 16/20 h per 7 days"."""
        return (
            f"{self.exposure_hours_per_day:g} h/day and {self.exposure_hours_per_7_days_target:g}"
            f"/{self.exposure_hours_per_7_days_ceiling:g} h per 7 days"
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


def planned_assignments(
    published: Sequence[Rota], drafts: Sequence[Rota], patterns: Mapping[str, ShiftPattern]
) -> list[tuple[Assignment, str]]:
    """Assignments that are the plan for their shift: the published timeline, with each draft on
    top of its window (labelled "published" or "draft")."""
    team_ids = {r.team_id for r in published}
    timeline = published_timeline(next(iter(team_ids), ""), published, patterns)
    return with_drafts(timeline, drafts, patterns)


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
        pattern = patterns.get(a.pattern_id)
        f = assignment_facts(a, person, pattern, demand_for(pattern, a.role), effective)
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


def person_wellbeing(person: Responder, days: Sequence[DayLoad], limits: Limits) -> PersonWellbeing:
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
    team = get_team(session, team_id)
    effective = resolve_policy(team.policy_overrides)
    limits = Limits.from_policy(effective)
    patterns = patterns_of(session, team_id)
    people = [r for r in responders_of(session, team_id).values()]
    wanted = None if responder_ids is None else set(responder_ids)
    people = [r for r in people if (wanted is None and r.active) or (wanted and r.id in wanted)]
    ids = {r.id for r in people}
    published = published_versions(session, team_id)
    drafts = drafts_of(session, team_id) if include_draft else []
    planned = planned_assignments(published, drafts, patterns)
    exposure = [e for e in repo.list_all(session, ExposureEntry) if e.responder_id in ids]
    acc = _daily(people, planned, exposure, patterns, effective, today)
    length = (end - start).days + 1
    result = []
    for person in sorted(people, key=lambda r: r.name):
        days = _day_loads(acc[person.id], start, end)
        result.append(person_wellbeing(person, days, limits))
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
        "draft": ", ".join(d.id for d in drafts) or "none",
    }
    return Wellbeing(
        team, start, end, limits, tuple(result), tuple(distribution), include_draft, sources
    )


@dataclass(frozen=True)
class PersonLimits:
    """The limits that differ for one responder from the team policy, and why."""

    responder: Responder
    min_rest_hours: float
    max_shift_hours: float
    night_window: str
    holiday_work: str
    night_work: str
    opted_out: tuple[str, ...]
    source: str
    #: the country's hours caps in words ("" if none), e.g. "52 h in any 7 days"
    country_caps: str = ""


def person_limits(session, team_id: str) -> list[PersonLimits]:
    """Per responder: the team policy with their country's floor applied (the stricter wins),
    their night-work consent and content opt-outs, as the planner will apply them."""
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id)
    policy = resolve_policy(team.policy_overrides)
    rows = []
    for person in sorted(
        repo.list_all(session, Responder, team_id=team_id, active=True), key=lambda r: r.name
    ):
        rule = country_rule(person.country, person.subdivision)
        rest = max(float(policy["min_rest_hours"]), (rule.min_rest_minutes or 0) / 60)
        shift = float(policy["max_shift_hours"])
        if rule.max_shift_minutes:
            shift = min(shift, rule.max_shift_minutes / 60)
        start, end = (
            (rule.night_window[0].hour, rule.night_window[1].hour)
            if rule.night_window
            else (int(policy["night_window_start_hour"]), int(policy["night_window_end_hour"]))
        )
        rows.append(
            PersonLimits(
                responder=person,
                min_rest_hours=rest,
                max_shift_hours=shift,
                night_window=f"{start:02d}:00–{end:02d}:00 local",
                holiday_work="only with their agreement (hard)"
                if rule.holiday_work_needs_agreement
                else "avoided (soft)",
                night_work="consents" if person.night_work_consent else "no night shifts",
                opted_out=tuple(sorted(person.opted_out_categories)),
                source=rule.source or "team policy",
                country_caps=rule.caps_in_words(),
            )
        )
    return rows


def waive_recovery(session, incident_id: str, *, by: str, now: datetime) -> CriticalIncident:
    """The responder waives the recovery after a critical incident they handled.

    Only the responder may (wellbeing notes: "waivable only by the responder, recorded"): a
    waiver asked for by anyone else is refused and nothing is written. The waiver is stored with
    who and when; the next plan may give them high-severity work again.
    """
    incident = repo.get(session, CriticalIncident, incident_id)
    if incident is None:
        raise NotFoundError("critical incident", incident_id)
    if by != incident.responder_id:
        raise InputError(
            "by",
            by,
            f"only {incident.responder_id}, who handled the incident, may waive its recovery",
        )
    if incident.waived_by_responder:
        return incident
    waived = replace(incident, waived_by=by, waived_at=now.astimezone(UTC))
    repo.save(session, waived)
    return waived
