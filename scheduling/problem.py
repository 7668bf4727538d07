"""The problem model: workers, UTC shift instances, demands, history, pins, preferences, pairing.

Everything is a frozen dataclass. Instants are timezone-aware ``datetime`` objects (stored and
compared in UTC); local facts (local day, night, weekend, holiday) are derived by the engine from
each worker's IANA zone (see :mod:`scheduling.facts`). A :class:`Problem` is checked on
construction and raises :class:`~scheduling.errors.ProblemError` listing every issue found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import Issue, ProblemError
from .policy import Policy


def _in_utc(obj, *names: str) -> None:
    """Store zone-aware instants in UTC (a Sydney-zone night across the DST end then has its
    real length: Python subtracts datetimes of one zone by wall clock). Naive ones are left for
    :func:`check_problem` to refuse."""
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, datetime) and value.tzinfo is not None:
            object.__setattr__(obj, name, value.astimezone(UTC))


@dataclass(frozen=True)
class MonthlyCap:
    """A country's monthly ceiling: normal weekly hours pro rata plus the monthly overtime cap."""

    normal_minutes_per_week: int
    overtime_minutes_per_month: int

    def minutes(self, days_in_month: int) -> int:
        """The cap for a month of ``days_in_month`` days."""
        return self.normal_minutes_per_week * days_in_month // 7 + self.overtime_minutes_per_month


@dataclass(frozen=True)
class WorkerLimits:
    """Per-worker limits and consents. ``None`` means "use the policy value" (or "no limit")."""

    #: at most this many shifts of a kind over the horizon, e.g. {"night": 4, "late": 0}
    max_shifts_per_kind: Mapping[str, int] = field(default_factory=dict)
    min_total_minutes: int | None = None
    max_total_minutes: int | None = None
    max_consecutive_working_days: int | None = None
    #: minimum run lengths (runs touching the first or last horizon day are not constrained)
    min_consecutive_working_days: int | None = None
    min_consecutive_days_off: int | None = None
    max_weekends: int | None = None
    #: contracted minutes per week; fairness compares loads relative to this (0 = excluded)
    contract_minutes_per_week: int = 2400
    #: overrides of policy values (country floors: e.g. Vietnam rest 720, Malaysia shift 600)
    min_rest_minutes: int | None = None
    max_shift_minutes: int | None = None
    max_avg_weekly_minutes: int | None = None
    max_minutes_per_7_days: int | None = None
    #: local night window override, e.g. (time(22), time(7)) in Indonesia
    night_window: tuple[time, time] | None = None
    #: may work night shifts at all
    night_consent: bool = True
    #: exposure categories this worker never works (no reason needed)
    opted_out_categories: frozenset[str] = frozenset()
    #: exposure categories with training and consent on record
    cleared_categories: frozenset[str] = frozenset()
    #: first and last working local day (unavailable before/after); start drives the new-joiner ramp
    start_date: date | None = None
    end_date: date | None = None
    #: False: never work on a local holiday without agreement (e.g. Australia, FWA s.114)
    holiday_work_agreed: bool = True
    #: limit fields (e.g. "max_consecutive_working_days") for which the person opted into a value
    #: looser than the team policy (recorded upstream with who and when); every other override is
    #: stricter only: see :func:`scheduling.policy.effective_limit`
    opted_in: frozenset[str] = frozenset()
    #: country cap on the minutes of shifts starting on one local day, history included
    max_minutes_per_local_day: int | None = None
    #: country cap on the minutes of shifts starting in one local calendar month
    monthly_cap: MonthlyCap | None = None


@dataclass(frozen=True)
class Worker:
    """A person who can be rostered."""

    id: str
    name: str = ""
    #: IANA zone name, e.g. "Australia/Sydney", "Asia/Kolkata"
    zone: str = "UTC"
    languages: frozenset[str] = frozenset()
    #: per skill, a step function ((from_day, level), ...) sorted by day; level 0 before the first
    skill_levels: Mapping[str, tuple[tuple[date, int], ...]] = field(default_factory=dict)
    #: local dates on which the worker cannot work (leave, non-working contract days, ...)
    unavailable: frozenset[date] = frozenset()
    #: local public holidays (soft avoidance, fairness; hard if not ``holiday_work_agreed``)
    holidays: frozenset[date] = frozenset()
    limits: WorkerLimits = field(default_factory=WorkerLimits)

    def level(self, skill: str, day: date) -> int:
        """The worker's level in ``skill`` on local ``day`` (0 if none recorded yet)."""
        current = 0
        for since, lvl in self.skill_levels.get(skill, ()):
            if since <= day:
                current = lvl
            else:
                break
        return current

    @property
    def tz(self) -> ZoneInfo:
        """The worker's zone as a ZoneInfo."""
        return ZoneInfo(self.zone)


@dataclass(frozen=True)
class ShiftInstance:
    """A concrete shift: a UTC interval with a kind (e.g. "early", "night")."""

    id: str
    kind: str
    start: datetime
    end: datetime
    label: str = ""

    def __post_init__(self) -> None:
        _in_utc(self, "start", "end")

    @property
    def minutes(self) -> int:
        """Length in minutes, computed in UTC (so a DST night has its real length)."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class SkillRequirement:
    """At least ``count`` workers filling a demand have ``skill`` at ``min_level`` or more."""

    skill: str
    min_level: int = 1
    count: int = 1


@dataclass(frozen=True)
class Demand:
    """How many workers a shift needs in a role, and what they must bring.

    Coverage is hard (``min_headcount`` <= filled <= ``max_headcount``) or soft (each missing
    worker costs ``under_weight``, each worker above ``max_headcount`` costs ``over_weight``).
    ``max_headcount=None`` means "same as ``min_headcount``" (see :attr:`cap`).
    Exposure: ``exposure_minutes`` (default: the whole shift) of ``exposure_category`` material
    weighted by ``severity_weight`` (1.5 most severe, 1.0 other high, 0.5 medium, 0 low).
    """

    id: str
    shift_id: str
    role: str = "primary"
    min_headcount: int = 1
    max_headcount: int | None = None
    hard: bool = True
    #: soft demands: cost per missing worker (large, so staffing outweighs wellbeing preferences)
    under_weight: int = 10_000
    #: soft demands: cost per worker above ``cap``
    over_weight: int = 100
    required_skills: tuple[SkillRequirement, ...] = ()
    #: at least one worker filling the demand speaks each of these
    required_languages: frozenset[str] = frozenset()
    exposure_category: str | None = None
    severity_weight: float = 0.0
    exposure_minutes: int | None = None
    on_call: bool = False
    #: trainees with a PairingRequest may shadow this demand (at most ``max_shadows``)
    allow_shadows: bool = False
    max_shadows: int = 1

    @property
    def cap(self) -> int:
        """The most workers wanted: ``max_headcount``, or ``min_headcount`` when not set."""
        return self.max_headcount if self.max_headcount is not None else self.min_headcount


@dataclass(frozen=True)
class PastShift:
    """A shift worked before the horizon (for rest, runs, nights, exposure, on-call windows)."""

    worker_id: str
    start: datetime
    end: datetime
    kind: str = ""
    exposure_category: str | None = None
    severity_weight: float = 0.0
    exposure_minutes: int | None = None
    on_call: bool = False

    def __post_init__(self) -> None:
        _in_utc(self, "start", "end")


@dataclass(frozen=True)
class DailyExposure:
    """Extra weighted exposure minutes on a past local day (e.g. from the exposure log)."""

    worker_id: str
    day: date
    weighted_minutes: int
    high_severity: bool = True


@dataclass(frozen=True)
class CriticalIncident:
    """A critical incident handled by a worker at ``at``.

    The recovery after it can be waived only by the worker themselves: ``waived_by`` (who) and
    ``waived_at`` (when) record the waiver, and it counts only if ``waived_by == worker_id``.
    ``waived=True`` without ``waived_by`` is shorthand for a waiver by the worker; ``waived`` always
    ends up saying whether a valid waiver is on record.
    """

    worker_id: str
    at: datetime
    waived: bool = False
    waived_by: str | None = None
    waived_at: datetime | None = None

    def __post_init__(self) -> None:
        _in_utc(self, "at", "waived_at")
        if self.waived and self.waived_by is None:
            object.__setattr__(self, "waived_by", self.worker_id)
        object.__setattr__(self, "waived", self.waived_by == self.worker_id)


@dataclass(frozen=True)
class Page:
    """A worker was paged (actively working an alert) from ``start`` to ``end``."""

    worker_id: str
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        _in_utc(self, "start", "end")


@dataclass(frozen=True)
class History:
    """What happened before the horizon; rolling windows reach back into it."""

    shifts: tuple[PastShift, ...] = ()
    daily_exposure: tuple[DailyExposure, ...] = ()
    critical_incidents: tuple[CriticalIncident, ...] = ()
    pages: tuple[Page, ...] = ()


@dataclass(frozen=True)
class Pin:
    """Fix an assignment: worker on demand (``assigned=False`` forbids it instead)."""

    worker_id: str
    demand_id: str
    assigned: bool = True
    shadow: bool = False


@dataclass(frozen=True)
class Preference:
    """A wish: work (``want=True``) or not work a shift, or any shift on a local day. Soft."""

    worker_id: str
    want: bool
    weight: int
    shift_id: str | None = None
    day: date | None = None


@dataclass(frozen=True)
class PairingRequest:
    """A trainee wants ``wanted_shifts`` shadow shifts next to an eligible mentor.

    A mentor is eligible if listed in ``mentor_ids`` (empty: anyone) and, if ``skill`` is set,
    has at least ``mentor_min_level`` in it on the shift's local day. Shortfall costs ``weight``.
    """

    trainee_id: str
    wanted_shifts: int
    weight: int = 50
    mentor_ids: frozenset[str] = frozenset()
    skill: str | None = None
    mentor_min_level: int = 1


@dataclass(frozen=True)
class Assignment:
    """One worker on one demand (``shadow``: observing, never counted toward coverage)."""

    worker_id: str
    demand_id: str
    shift_id: str
    role: str
    shadow: bool = False


@dataclass(frozen=True)
class Problem:
    """A rostering problem over the local days ``start`` .. ``start + days - 1``."""

    start: date
    days: int
    workers: tuple[Worker, ...]
    shifts: tuple[ShiftInstance, ...]
    demands: tuple[Demand, ...]
    policy: Policy = field(default_factory=Policy)
    history: History = field(default_factory=History)
    pins: tuple[Pin, ...] = ()
    preferences: tuple[Preference, ...] = ()
    pairings: tuple[PairingRequest, ...] = ()
    #: (kind a, kind b): kind b may not start on the local day after kind a
    forbidden_successions: frozenset[tuple[str, str]] = frozenset()
    #: known skills / languages; None: those any worker has
    skill_catalogue: frozenset[str] | None = None
    language_catalogue: frozenset[str] | None = None
    #: the rota being re-planned (e.g. the last published one); dropping its assignments costs
    #: ``policy.stability_weight`` each (rule "stability")
    previous: tuple[Assignment, ...] = ()

    def __post_init__(self) -> None:
        issues = check_problem(self)
        if issues:
            raise ProblemError(issues)

    @property
    def end(self) -> date:
        """The last local day of the horizon (inclusive)."""
        return self.start + timedelta(days=self.days - 1)

    def worker(self, worker_id: str) -> Worker:
        """The worker with this id."""
        for w in self.workers:
            if w.id == worker_id:
                return w
        raise KeyError(worker_id)

    def shift(self, shift_id: str) -> ShiftInstance:
        """The shift with this id."""
        for s in self.shifts:
            if s.id == shift_id:
                return s
        raise KeyError(shift_id)

    def demand(self, demand_id: str) -> Demand:
        """The demand with this id."""
        for d in self.demands:
            if d.id == demand_id:
                return d
        raise KeyError(demand_id)


def _aware(dt: object) -> bool:
    return isinstance(dt, datetime) and dt.tzinfo is not None and dt.utcoffset() is not None


def check_problem(p: Problem) -> list[Issue]:
    """Every inconsistency in ``p`` as an Issue naming the field, the value and the fix."""
    out: list[Issue] = list(p.policy.issues())
    if not isinstance(p.start, date) or isinstance(p.start, datetime):
        out.append(Issue("start", p.start, "use a datetime.date"))
    if p.days < 1:
        out.append(Issue("days", p.days, "use at least 1 day"))

    def dupes(items: tuple, what: str) -> set[str]:
        seen: set[str] = set()
        for i, it in enumerate(items):
            if it.id in seen:
                out.append(Issue(f"{what}[{i}].id", it.id, f"use a unique id for each {what[:-1]}"))
            seen.add(it.id)
        return seen

    worker_ids = dupes(p.workers, "workers")
    shift_ids = dupes(p.shifts, "shifts")
    demand_ids = dupes(p.demands, "demands")
    skills_known = (
        p.skill_catalogue
        if p.skill_catalogue is not None
        else frozenset(s for w in p.workers for s in w.skill_levels)
    )
    langs_known = (
        p.language_catalogue
        if p.language_catalogue is not None
        else frozenset(lang for w in p.workers for lang in w.languages)
    )

    for i, w in enumerate(p.workers):
        f = f"workers[{i}]"
        try:
            ZoneInfo(w.zone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            out.append(Issue(f"{f}.zone", w.zone, "use an IANA zone name such as 'Asia/Kolkata'"))
        for skill, steps in w.skill_levels.items():
            days = [d for d, _ in steps]
            if days != sorted(days) or len(set(days)) != len(days):
                out.append(
                    Issue(
                        f"{f}.skill_levels[{skill!r}]",
                        steps,
                        "list (from_day, level) steps in strictly increasing day order",
                    )
                )
            if any(lvl < 0 for _, lvl in steps):
                out.append(Issue(f"{f}.skill_levels[{skill!r}]", steps, "use levels >= 0"))
            if p.skill_catalogue is not None and skill not in p.skill_catalogue:
                out.append(Issue(f"{f}.skill_levels", skill, "use a skill from skill_catalogue"))
        lim = w.limits
        for name in (
            "min_total_minutes",
            "max_total_minutes",
            "max_consecutive_working_days",
            "min_consecutive_working_days",
            "min_consecutive_days_off",
            "max_weekends",
            "min_rest_minutes",
            "max_shift_minutes",
            "max_avg_weekly_minutes",
            "max_minutes_per_7_days",
            "contract_minutes_per_week",
        ):
            v = getattr(lim, name)
            if v is not None and v < 0:
                out.append(Issue(f"{f}.limits.{name}", v, "use a value >= 0 or None"))
        for kind, v in lim.max_shifts_per_kind.items():
            if v < 0:
                out.append(Issue(f"{f}.limits.max_shifts_per_kind[{kind!r}]", v, "use >= 0"))
        if (
            lim.min_total_minutes is not None
            and lim.max_total_minutes is not None
            and lim.min_total_minutes > lim.max_total_minutes
        ):
            out.append(
                Issue(
                    f"{f}.limits.min_total_minutes",
                    lim.min_total_minutes,
                    f"use at most max_total_minutes ({lim.max_total_minutes})",
                )
            )
        if lim.start_date and lim.end_date and lim.start_date > lim.end_date:
            out.append(
                Issue(
                    f"{f}.limits.start_date",
                    lim.start_date,
                    f"use a date on or before end_date ({lim.end_date})",
                )
            )
        if lim.night_window is not None and (
            len(lim.night_window) != 2 or not all(isinstance(t, time) for t in lim.night_window)
        ):
            out.append(
                Issue(
                    f"{f}.limits.night_window",
                    lim.night_window,
                    "use a pair (start time, end time)",
                )
            )

    for i, s in enumerate(p.shifts):
        f = f"shifts[{i}]"
        if not _aware(s.start) or not _aware(s.end):
            out.append(Issue(f"{f}.start", s.start, "use timezone-aware datetimes (tzinfo=UTC)"))
            continue
        if s.end <= s.start:
            out.append(
                Issue(
                    f"{f}.end",
                    s.end.isoformat(),
                    f"use an end after the start ({s.start.isoformat()})",
                )
            )
        if isinstance(p.start, date) and p.days >= 1:
            utc_day = s.start.astimezone(UTC).date()
            if not p.start - timedelta(days=1) <= utc_day <= p.end + timedelta(days=1):
                out.append(
                    Issue(
                        f"{f}.start",
                        s.start.isoformat(),
                        f"use a start within the horizon {p.start}..{p.end} (or widen it)",
                    )
                )

    for i, d in enumerate(p.demands):
        f = f"demands[{i}]"
        if d.shift_id not in shift_ids:
            out.append(Issue(f"{f}.shift_id", d.shift_id, "use the id of a shift in shifts"))
        if d.min_headcount < 0:
            out.append(Issue(f"{f}.min_headcount", d.min_headcount, "use a value >= 0"))
        if d.max_headcount is not None and d.max_headcount < d.min_headcount and d.hard:
            out.append(
                Issue(
                    f"{f}.max_headcount",
                    d.max_headcount,
                    f"use at least min_headcount ({d.min_headcount}) or None",
                )
            )
        if d.under_weight < 0 or d.over_weight < 0:
            out.append(
                Issue(f"{f}.under_weight", (d.under_weight, d.over_weight), "use weights >= 0")
            )
        if d.severity_weight < 0:
            out.append(Issue(f"{f}.severity_weight", d.severity_weight, "use a weight >= 0"))
        if d.exposure_minutes is not None and d.exposure_minutes < 0:
            out.append(Issue(f"{f}.exposure_minutes", d.exposure_minutes, "use minutes >= 0"))
        if d.severity_weight > 0 and not d.exposure_category:
            out.append(
                Issue(
                    f"{f}.exposure_category",
                    d.exposure_category,
                    "name the category when severity_weight > 0",
                )
            )
        for j, r in enumerate(d.required_skills):
            if r.skill not in skills_known:
                out.append(
                    Issue(
                        f"{f}.required_skills[{j}].skill",
                        r.skill,
                        "use a known skill (one in skill_catalogue or held by a worker)",
                    )
                )
            if r.count < 0 or r.min_level < 0:
                out.append(Issue(f"{f}.required_skills[{j}]", r, "use count and level >= 0"))
        for lang in sorted(d.required_languages):
            if lang not in langs_known:
                out.append(
                    Issue(
                        f"{f}.required_languages",
                        lang,
                        "use a known language (in language_catalogue or spoken by a worker)",
                    )
                )
        if d.max_shadows < 0:
            out.append(Issue(f"{f}.max_shadows", d.max_shadows, "use a value >= 0"))

    by_worker: dict[str, list[PastShift]] = {}
    aware_starts = [s.start for s in p.shifts if _aware(s.start)]
    first_start = min(aware_starts) if aware_starts else None
    for i, ps in enumerate(p.history.shifts):
        f = f"history.shifts[{i}]"
        if ps.worker_id not in worker_ids:
            out.append(Issue(f"{f}.worker_id", ps.worker_id, "use the id of a worker"))
        if not _aware(ps.start) or not _aware(ps.end):
            out.append(Issue(f"{f}.start", ps.start, "use timezone-aware datetimes"))
            continue
        if ps.end <= ps.start:
            out.append(Issue(f"{f}.end", ps.end.isoformat(), "use an end after the start"))
        by_worker.setdefault(ps.worker_id, []).append(ps)
        if first_start is not None and ps.start >= first_start:
            out.append(
                Issue(
                    f"{f}.start",
                    ps.start.isoformat(),
                    "history holds shifts that started before the first shift of the horizon",
                )
            )
    for wid, lst in by_worker.items():
        lst.sort(key=lambda s: s.start)
        for a, b in zip(lst, lst[1:], strict=False):
            if b.start < a.end:
                out.append(
                    Issue(
                        "history.shifts",
                        f"{wid}: {a.start.isoformat()} and {b.start.isoformat()}",
                        "past shifts of a worker must not overlap",
                    )
                )
    for i, de in enumerate(p.history.daily_exposure):
        if de.worker_id not in worker_ids:
            out.append(
                Issue(
                    f"history.daily_exposure[{i}].worker_id", de.worker_id, "use the id of a worker"
                )
            )
        if de.weighted_minutes < 0:
            out.append(
                Issue(
                    f"history.daily_exposure[{i}].weighted_minutes",
                    de.weighted_minutes,
                    "use minutes >= 0",
                )
            )
    for i, ci in enumerate(p.history.critical_incidents):
        if ci.worker_id not in worker_ids:
            out.append(
                Issue(
                    f"history.critical_incidents[{i}].worker_id",
                    ci.worker_id,
                    "use the id of a worker",
                )
            )
        if not _aware(ci.at):
            out.append(
                Issue(f"history.critical_incidents[{i}].at", ci.at, "use a timezone-aware datetime")
            )
    for i, pg in enumerate(p.history.pages):
        if pg.worker_id not in worker_ids:
            out.append(Issue(f"history.pages[{i}].worker_id", pg.worker_id, "use a worker id"))
        if not _aware(pg.start) or not _aware(pg.end):
            out.append(Issue(f"history.pages[{i}].start", pg.start, "use timezone-aware datetimes"))
        elif pg.end <= pg.start:
            out.append(
                Issue(f"history.pages[{i}].end", pg.end.isoformat(), "use an end after the start")
            )
    for i, pin in enumerate(p.pins):
        if pin.worker_id not in worker_ids:
            out.append(Issue(f"pins[{i}].worker_id", pin.worker_id, "use the id of a worker"))
        if pin.demand_id not in demand_ids:
            out.append(Issue(f"pins[{i}].demand_id", pin.demand_id, "use the id of a demand"))
    for i, prev in enumerate(p.previous):
        if prev.worker_id not in worker_ids:
            out.append(Issue(f"previous[{i}].worker_id", prev.worker_id, "use the id of a worker"))
        if prev.demand_id not in demand_ids:
            out.append(Issue(f"previous[{i}].demand_id", prev.demand_id, "use the id of a demand"))
    for i, pr in enumerate(p.preferences):
        if pr.worker_id not in worker_ids:
            out.append(Issue(f"preferences[{i}].worker_id", pr.worker_id, "use the id of a worker"))
        if (pr.shift_id is None) == (pr.day is None):
            out.append(
                Issue(
                    f"preferences[{i}].shift_id", pr.shift_id, "set exactly one of shift_id and day"
                )
            )
        if pr.shift_id is not None and pr.shift_id not in shift_ids:
            out.append(Issue(f"preferences[{i}].shift_id", pr.shift_id, "use the id of a shift"))
        if pr.weight < 0:
            out.append(Issue(f"preferences[{i}].weight", pr.weight, "use a weight >= 0"))
    for i, pq in enumerate(p.pairings):
        if pq.trainee_id not in worker_ids:
            out.append(Issue(f"pairings[{i}].trainee_id", pq.trainee_id, "use the id of a worker"))
        for m in sorted(pq.mentor_ids - worker_ids):
            out.append(Issue(f"pairings[{i}].mentor_ids", m, "use ids of workers"))
        if pq.wanted_shifts < 0 or pq.weight < 0:
            out.append(Issue(f"pairings[{i}].wanted_shifts", pq.wanted_shifts, "use values >= 0"))
        if pq.skill is not None and pq.skill not in skills_known:
            out.append(Issue(f"pairings[{i}].skill", pq.skill, "use a known skill"))
    for i, pair in enumerate(sorted(p.forbidden_successions)):
        if len(pair) != 2:
            out.append(Issue(f"forbidden_successions[{i}]", pair, "use (kind a, kind b) pairs"))
    return out


#: limit fields that are minimums (a stricter value is a larger one); all others are caps
_MINIMUM_LIMITS = frozenset({"min_rest_minutes"})


def effective_limit(worker: Worker, policy: Policy, name: str) -> int | None:
    """The limit ``name`` that applies to ``worker``: their override, stricter only.

    A per-person value looser than the team policy is applied only if the person opted in to it
    (``name in worker.limits.opted_in``, recorded upstream with who and when); otherwise the
    stricter of the two applies. ``None`` on either side means "no value there".
    Source: shared domain notes, "Per-person limits are stricter than the team's, never looser,
    unless the person opted in".
    """
    mine = getattr(worker.limits, name, None)
    team = getattr(policy, name, None)
    if mine is None:
        return team
    if team is None or name in worker.limits.opted_in:
        return mine
    return max(mine, team) if name in _MINIMUM_LIMITS else min(mine, team)
