"""Use cases of planning: plan a rota, publish the draft, repair the published rota after a
sickness, and re-check a stored rota with the independent validator.

Never valid when broken: a rota the engine returns that breaks a hard rule (status ``invalid``)
is never stored; :func:`publish` re-checks the draft against the team's data as it is now and
refuses it with :class:`rota.errors.RotaBreaksRules`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial

import scheduling as engine
from rota.domain.absences import Leave, LeaveKind
from rota.domain.responders import Responder
from rota.domain.rotas import Rota, RotaKind
from rota.domain.team import Team
from rota.domain.timeline import pattern_day
from rota.domain.timeline import published_timeline as timeline_of
from rota.domain.timezones import zone
from rota.errors import DraftWasEdited, InputError, NotFoundError
from rota.planning.drafts import Change, diff_rotas, draft_from_assignments, engine_assignments
from rota.planning.explain import PlainExplanation, plain_explanation
from rota.planning.problem import build_problem
from rota.planning.snapshot import PlanRequest, TeamSnapshot
from rota.planning.violations import Breach, plain_violations
from rota.services._timeline import (  # noqa: F401 - planning's callers read these here
    check_not_past,
    drafts_of,
    load_snapshot,
    local_today,
    published_timeline,
    published_versions,
    rota_problem,
    validate_assignments,
    validate_rota,
    validate_timeline,
    window_rota,
)
from rota.services.publishing import pick_draft, publish, store_version  # noqa: F401
from rota.storage import repo


@dataclass(frozen=True)
class PlanOutcome:
    """What planning produced: the stored draft (if a rota keeping every hard rule was found)
    and the engine's report.

    ``violations`` (and ``breaches``, in plain words) are the hard rules the engine's rota breaks
    by the independent validator; such a rota (status ``invalid``) is never stored.
    ``baseline`` is what was published on the window's days (None: nothing), ``changes`` the
    draft against it assignment by assignment, ``kept_published``: what is published on the
    window keeps every hard rule, so nothing forces a change and the draft is exactly it."""

    team: Team
    request: PlanRequest
    result: engine.SolveResult
    draft: Rota | None
    violations: tuple[engine.Violation, ...]
    names: dict[str, str]
    demand_count: int
    plain: PlainExplanation | None = None
    breaches: tuple[Breach, ...] = ()
    baseline: Rota | None = None
    changes: tuple[Change, ...] = ()
    kept_published: bool = False

    @property
    def impossible(self) -> bool:
        return self.result.status == engine.Status.INFEASIBLE

    @property
    def broken(self) -> bool:
        """The engine returned a rota that breaks a hard rule (nothing was stored)."""
        return self.result.status == engine.Status.INVALID

    @property
    def changed(self) -> int:
        """How many published assignments the draft adds, removes, moves or gives to another."""
        return sum(1 for c in self.changes if c.kind != "unchanged")

    @property
    def affected(self) -> tuple[str, ...]:
        """The names of the people whose published shifts the draft changes."""
        ids = {
            rid
            for c in self.changes
            if c.kind != "unchanged"
            for rid in (c.before_responder_id, c.after_responder_id)
            if rid
        }
        return tuple(sorted(self.names.get(i, i) for i in ids))


def _overlapping(drafts: Sequence[Rota], start: date, end: date) -> list[Rota]:
    return [d for d in drafts if d.start <= end and d.end >= start]


def plan(
    session,
    team_id: str,
    start: date,
    weeks: int,
    *,
    now: datetime,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    created_by: str = "",
    on_progress=None,
    extra_leave: Sequence[Leave] = (),
    fresh: bool = False,
    replace_edited: bool = False,
) -> PlanOutcome:
    """Plan ``weeks`` weeks from ``start``; store the rota as the draft of that window.

    Any window can be planned: before, inside, overlapping or after published weeks. History is
    the published timeline before the window; the published shifts after it are fixed context
    the plan must fit. A window starting before today (the team's zone) is refused.

    Minimal change by default: the published assignments of the window are kept unless a rule, a
    demand or an absence forces a change: when what is published keeps every hard rule the draft
    is exactly it (an unchanged window changes nothing); otherwise the days around what it breaks
    are re-planned first, then the whole window (each published assignment dropped costs
    ``REPAIR_STABILITY_WEIGHT``). ``fresh``: plan the window anew, ignoring what is
    published there (shifts already started stay). The outcome lists the changes.

    Drafts belong to their window: a new plan replaces the drafts it overlaps, keeping their
    pinned assignments; a draft a lead edited by hand is replaced only with ``replace_edited``
    (else :class:`~rota.errors.DraftWasEdited`). The independent validator re-checks every rota
    the engine returns; a rota that breaks a hard rule is never stored.
    """
    if time_limit <= 0:
        raise InputError("time limit", time_limit, "give a positive number of seconds")
    if weeks < 1:
        raise InputError("weeks", weeks, "plan at least 1 week")
    snapshot = load_snapshot(session, team_id)
    check_not_past(snapshot.team, start, now)
    request = PlanRequest(start=start, weeks=weeks)
    return _plan_window(
        session,
        snapshot,
        request,
        now=now,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        created_by=created_by,
        on_progress=on_progress,
        extra_leave=extra_leave,
        fresh=fresh,
        replace_edited=replace_edited,
    )


def _plan_window(
    session,
    snapshot: TeamSnapshot,
    request: PlanRequest,
    *,
    now: datetime,
    time_limit: float,
    workers: int,
    seed: int,
    created_by: str,
    on_progress,
    extra_leave: Sequence[Leave] = (),
    fresh: bool = False,
    replace_edited: bool = False,
    kind: RotaKind = RotaKind.PLAN,
    freeze: datetime | None = None,
    extra_stats: dict | None = None,
) -> PlanOutcome:
    team = snapshot.team
    if extra_leave:
        snapshot = replace(snapshot, leave=snapshot.leave + tuple(extra_leave))
    start, end = request.start, request.end
    overlapping = _overlapping(drafts_of(session, team.id), start, end)
    edited = [d for d in overlapping if d.edits]
    if edited and not replace_edited:
        d = edited[0]
        raise DraftWasEdited(
            f"draft {d.start} – {d.end}",
            f"{d.edits} hand edit{'s' if d.edits != 1 else ''}",
            "planning would replace it: confirm (app) or add --replace (CLI); its pinned "
            "assignments are kept",
        )
    patterns = {p.id: p for p in snapshot.patterns}
    timeline = timeline_of(team.id, snapshot.published, patterns)
    published_here = window_rota(timeline, team.id, start, end, patterns)
    baseline = published_here if published_here.assignments else None
    pinned = [a for d in overlapping for a in d.assignments if a.pinned]
    if baseline is not None:
        pinned += [a for a in baseline.assignments if a.pinned]
    request = replace(
        request,
        pinned=tuple(a for a in pinned if start <= pattern_day(a, patterns) <= end),
        baseline=baseline,
        # published shifts that have started are history: kept as they are
        freeze=(freeze or now) if baseline is not None else None,
    )
    solve = partial(
        _solve_and_store,
        session,
        snapshot,
        now=now,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        on_progress=on_progress,
        created_by=created_by,
        previous=overlapping[-1] if overlapping and baseline is None else baseline,
        replaces=overlapping,
        stability_weight=0 if fresh or baseline is None else REPAIR_STABILITY_WEIGHT,
        keep_published=baseline is not None and not fresh,
        kind=kind,
    )
    if baseline is not None and not fresh and freeze is None:
        # minimal change: when what is published breaks rules now (an absence, a new demand),
        # first re-plan only the days around what it breaks, keeping everything else
        for local, margin in _local_repairs(snapshot, request, baseline, now):
            outcome = solve(local, extra_stats={**(extra_stats or {}), "local_repair_days": margin})
            if outcome.draft is not None:
                return outcome
    return solve(request, extra_stats=extra_stats)


#: The margins (days either side of what the published window breaks) tried, in order, before
#: the whole window is re-planned.
LOCAL_REPAIR_MARGINS = (1, 3)


def _local_repairs(snapshot: TeamSnapshot, request: PlanRequest, baseline: Rota, now: datetime):
    """Narrow re-plans of a published window that breaks hard rules now: only the shifts within
    a margin of the breaches are free; everything else stays as published."""
    problem, index = build_problem(snapshot, request)
    broken = engine.validate(problem, engine_assignments(baseline, index, strict=False))
    instants = [_instant_of(v) for v in broken]
    if not broken or any(t is None for t in instants):
        return
    lo = min(t for t in instants if t is not None)
    hi = max(t for t in instants if t is not None)
    for margin in LOCAL_REPAIR_MARGINS:
        freeze = max(now, lo - timedelta(days=margin))
        thaw = hi + timedelta(days=margin)
        yield (
            replace(
                request,
                freeze=freeze,
                thaw=thaw,
                pinned=request.pinned + tuple(a for a in baseline.assignments if a.start >= thaw),
            ),
            margin,
        )


def _instant_of(v: engine.Violation) -> datetime | None:
    """When a violation happens, as a UTC instant (a day: its start in UTC)."""
    when = getattr(v, "first_day", None) or v.when
    if isinstance(when, datetime):
        return when.astimezone(UTC)
    if isinstance(when, date):
        return datetime.combine(when, datetime.min.time(), UTC)
    return None


def _solve_and_store(
    session,
    snapshot: TeamSnapshot,
    request: PlanRequest,
    *,
    now: datetime,
    time_limit: float,
    workers: int,
    seed: int,
    on_progress,
    created_by: str,
    previous: Rota | None,
    replaces: Sequence[Rota] = (),
    extra_stats: dict | None = None,
    stability_weight: int | None = None,
    keep_published: bool = False,
    kind: RotaKind = RotaKind.PLAN,
) -> PlanOutcome:
    """Solve the team's problem (the engine re-checks its rota with the independent validator)
    and store it as the draft of its window in place of ``replaces`` (assignment ids carried
    over from ``previous``). An impossible plan, and a rota that breaks a hard rule, store
    nothing. ``keep_published``: when the baseline keeps every hard rule, the draft is the
    baseline itself (``result`` then describes the solver's alternative, not the draft)."""
    team = snapshot.team
    problem, index = build_problem(snapshot, request)
    if stability_weight is not None:
        problem = replace(
            problem, policy=replace(problem.policy, stability_weight=stability_weight)
        )
    result = engine.solve(
        problem, time_limit=time_limit, workers=workers, seed=seed, on_progress=on_progress
    )
    names = {r.id: r.name for r in snapshot.responders}
    patterns = {p.id: p for p in snapshot.patterns}
    baseline = request.baseline
    if not result.has_rota and result.status != engine.Status.INVALID:
        plain = plain_explanation(result, problem, snapshot, index)
        return PlanOutcome(
            team, request, result, None, (), names, len(problem.demands), plain, baseline=baseline
        )
    violations = result.violations
    chosen = result.assignments
    kept = False
    if keep_published and baseline is not None and not violations:
        as_published = engine_assignments(baseline, index, strict=False)
        # what is published keeps every hard rule: nothing forces a change, so nothing changes
        # (not even an added optional place the solver's rota would buy)
        if not engine.validate(problem, as_published):
            chosen, kept = tuple(as_published), True
    stats = solver_stats(result, violations, time_limit=time_limit, workers=workers, seed=seed)
    stats.update(extra_stats or {})
    if kept:
        stats["kept_published"] = True
    draft = draft_from_assignments(
        team,
        request,
        chosen,
        index,
        rota_id=f"{team.id}-draft-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}",
        created_at=now,
        created_by=created_by,
        solver_stats=stats,
        previous=previous,
    )
    draft = replace(draft, kind=kind)
    if violations:  # the engine's rota breaks a hard rule: named, never stored
        people = {r.id: r for r in snapshot.responders}
        breaches = plain_violations(violations, people, patterns, draft)
        return PlanOutcome(
            team,
            request,
            result,
            None,
            violations,
            names,
            len(problem.demands),
            None,
            breaches,
            baseline=baseline,
        )
    for old in replaces:
        repo.delete(session, Rota, old.id)
    repo.save_rota(session, draft)
    changes = tuple(diff_rotas(draft, baseline, patterns)) if baseline is not None else ()
    return PlanOutcome(
        team,
        request,
        result,
        draft,
        violations,
        names,
        len(problem.demands),
        baseline=baseline,
        changes=changes,
        kept_published=kept,
    )


def solver_stats(
    result: engine.SolveResult, violations, *, time_limit: float, workers: int, seed: int
) -> dict:
    """What to keep with a draft about how it was made (JSON-friendly)."""
    return {
        "status": str(result.status),
        "objective": result.objective,
        "best_bound": result.best_bound,
        "penalties_by_rule": dict(result.penalties_by_rule),
        "unfilled": len(result.unfilled),
        "validator_violations": len(violations),
        "time_limit_s": time_limit,
        "workers": workers,
        "seed": seed,
        "build_s": round(result.timings.build, 3),
        "solve_s": round(result.timings.solve, 3),
        "engine": "OR-Tools CP-SAT",
    }


#: When re-planning published days every published assignment the new rota drops costs this
#: much: more than any single soft gain a reshuffle could buy (moving a 7-hour on-call block into
#: someone's local daytime saves at most 840), so a re-plan changes what a rule, a demand or an
#: absence forces and little else. Source: team policy (a published rota changes as little as
#: possible).
REPAIR_STABILITY_WEIGHT = 2000


#: The one default time limit of :func:`repair`, in seconds. The app (its time-limit field starts
#: here), the benchmark (``bench/scaling.py --repair-limit``) and any other caller may pass their
#: own ``time_limit``.
REPAIR_TIME_LIMIT = 30.0


@dataclass(frozen=True)
class RepairOutcome:
    """The re-plan after a sickness (as a :class:`PlanOutcome`) and what it changed against the
    published timeline of its window, matched by assignment id."""

    outcome: PlanOutcome
    #: what was published on the re-planned days
    published: Rota
    #: the sick leave recorded for the repair
    sick_leave: Leave | None
    freeze: datetime
    #: the new draft against ``published``, assignment by assignment (``()`` when no draft)
    changes: tuple[Change, ...] = ()
    #: assignments the absent responder held after the freeze, on their sick days
    forced: int = 0

    @property
    def changed(self) -> int:
        """How many assignments were added, removed, moved or given to someone else."""
        return sum(1 for c in self.changes if c.kind != "unchanged")


def repair(
    session,
    team_id: str,
    responder_id: str,
    first_day: date,
    last_day: date,
    *,
    now: datetime,
    time_limit: float = REPAIR_TIME_LIMIT,
    workers: int = 2,
    seed: int = 0,
    created_by: str = "",
    on_progress: Callable[[float, float, float], None] | None = None,
    replace_edited: bool = False,
) -> RepairOutcome:
    """Re-plan the published timeline after ``responder_id`` falls sick from ``first_day`` to
    ``last_day`` (their local days), recording the sick leave.

    The window re-planned runs from the day before the sickness (or today, whichever is later)
    to the day after it; what was published there and starts before the sickness (or before
    ``now``) stays, the published days around it are fixed context, and inside it the engine
    keeps as many published assignments as it can (``REPAIR_STABILITY_WEIGHT`` each). The result
    is stored as the draft of that window (a hand-edited draft there is replaced only with
    ``replace_edited``). The outcome lists the changes against what was published by assignment
    id and how many of the responder's assignments the sickness forced off them."""
    if time_limit <= 0:
        raise InputError("time limit", time_limit, "give a positive number of seconds")
    if last_day < first_day:
        raise InputError(
            "last sick day", last_day.isoformat(), f"give a day on or after {first_day}"
        )
    timeline = published_timeline(session, team_id)
    if timeline.empty:
        raise NotFoundError(
            "published rota for team", team_id, "publish a rota before repairing it"
        )
    person = repo.get(session, Responder, responder_id)
    if person is None or person.team_id != team_id:
        raise NotFoundError("responder in team", responder_id)
    assert timeline.first_day is not None and timeline.last_day is not None
    if last_day < timeline.first_day or first_day > timeline.last_day:
        raise InputError(
            "sick days",
            f"{first_day} – {last_day}",
            f"pick days inside the published rota ({timeline.first_day} – {timeline.last_day})",
        )
    team = repo.get(session, Team, team_id)
    today = local_today(team, now)
    if last_day < today:
        raise InputError(
            "sick days",
            f"{first_day} – {last_day}",
            f"the past is history, not a plan: pick days from today, {today}, on",
        )
    sick_start = datetime.combine(first_day, datetime.min.time(), zone(person.timezone))
    freeze = max(now, sick_start.astimezone(UTC))
    sick = Leave(
        id=f"sick-{responder_id}-{first_day}",
        responder_id=responder_id,
        start=first_day,
        end=last_day,
        kind=LeaveKind.SICK,
        note="recorded by repair",
    )
    recorded = repo.get(session, Leave, sick.id)
    if recorded is None or recorded.end != last_day:
        repo.save(session, sick)
    snapshot = load_snapshot(session, team_id)
    # the re-planned window: a day's margin either side lets rest rules settle; local days of the
    # sick person and of the patterns differ by at most a day
    start = max(first_day - timedelta(days=1), today)
    end = last_day + timedelta(days=1)
    request = PlanRequest(start=start, weeks=1, length_days=(end - start).days + 1)
    outcome = _plan_window(
        session,
        snapshot,
        request,
        now=now,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        created_by=created_by,
        on_progress=on_progress,
        replace_edited=replace_edited,
        kind=RotaKind.REPAIR,
        freeze=freeze,
        extra_stats={
            "repair": {
                "responder": responder_id,
                "sick_from": first_day.isoformat(),
                "sick_to": last_day.isoformat(),
                "freeze": freeze.isoformat(),
            }
        },
    )
    patterns = {p.id: p for p in snapshot.patterns}
    baseline = outcome.baseline or window_rota(timeline, team_id, start, end, patterns)
    leave = repo.get(session, Leave, sick.id)
    if outcome.draft is None:
        return RepairOutcome(outcome, baseline, leave, freeze)
    tz = zone(person.timezone)
    forced = sum(
        1
        for a in baseline.assignments
        if a.responder_id == responder_id
        and a.end > freeze
        and a.start.astimezone(tz).date() <= last_day
        and a.end.astimezone(tz).date() >= first_day
    )
    return RepairOutcome(outcome, baseline, leave, freeze, outcome.changes, forced)
