"""From the engine's answer back to a draft rota, and a stored rota back into the engine's terms.

Assignment ids are stable and opaque (:func:`assignment_id`): a person who keeps their place in a
re-plan keeps their id, which calendar feeds rely on. :func:`diff_rotas` says what a draft
changes against a published version, assignment by assignment.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import scheduling as engine
from rota.domain.patterns import ShiftPattern
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.domain.team import Team
from rota.domain.timeline import pattern_day
from rota.errors import InputError
from rota.planning.snapshot import PlanIndex, PlanRequest, demand_id
from rota.policy.team_policy import resolve_policy

_NAMESPACE = uuid.UUID("6f1e3d2c-3b7a-4d0e-9a51-7d1c2b0f4a10")


def assignment_id(team_id: str, demand: str, slot: int) -> str:
    """Stable, opaque id of the ``slot``-th person in a demand; survives re-plans and moves."""
    return str(uuid.uuid5(_NAMESPACE, f"{team_id}/{demand}/{slot}"))


def draft_from_assignments(
    team: Team,
    request: PlanRequest,
    chosen: Iterable[engine.Assignment],
    index: PlanIndex,
    *,
    rota_id: str,
    created_at: datetime,
    created_by: str,
    solver_stats: Mapping[str, Any],
    previous: Rota | None = None,
) -> Rota:
    """A draft rota from the engine's assignments. People who keep their place keep their id."""
    previous_slots: dict[tuple[str, str, bool], str] = {}
    if previous is not None:
        for a in previous.assignments:
            key = (_demand_of(a, index), a.responder_id, a.shadow)
            previous_slots[key] = a.id
    # places kept by a pin (a lead's hand edit) stay pinned in the new draft
    pinned = {(_demand_of(a, index), a.responder_id, a.shadow) for a in request.pinned}
    by_demand: dict[tuple[str, bool], list[engine.Assignment]] = defaultdict(list)
    for a in chosen:
        if a.shift_id in index.context_shifts:  # fixed published context, not the window's
            continue
        by_demand[(a.demand_id, a.shadow)].append(a)
    result: list[Assignment] = []
    for (did, shadow), group in sorted(by_demand.items()):
        used: set[str] = set()
        pending = []
        for a in sorted(group, key=lambda x: x.worker_id):
            kept = previous_slots.get((did, a.worker_id, shadow))
            if kept is not None:
                used.add(kept)
                result.append(_assignment(kept, rota_id, a, index, pinned))
            else:
                pending.append(a)
        slot = 0
        for a in pending:
            while True:
                candidate = assignment_id(team.id, did + ("/shadow" if shadow else ""), slot)
                slot += 1
                if candidate not in used:
                    break
            used.add(candidate)
            result.append(_assignment(candidate, rota_id, a, index, pinned))
    return Rota(
        id=rota_id,
        team_id=team.id,
        start=request.start,
        end=request.end,
        status=RotaStatus.DRAFT,
        created_at=created_at,
        created_by=created_by,
        solver_stats=dict(solver_stats),
        policy_snapshot=resolve_policy(team.policy_overrides),
        assignments=tuple(sorted(result, key=lambda a: (a.start, a.role, a.responder_id))),
    )


def _assignment(
    aid: str, rota_id: str, a: engine.Assignment, index: PlanIndex, pinned=frozenset()
) -> Assignment:
    start, end = index.shift_times[a.shift_id]
    return Assignment(
        id=aid,
        rota_id=rota_id,
        responder_id=a.worker_id,
        pattern_id=index.shift_pattern[a.shift_id],
        role=a.role,
        start=start,
        end=end,
        shadow=a.shadow,
        pinned=(a.demand_id, a.worker_id, a.shadow) in pinned,
    )


def _demand_of(a: Assignment, index: PlanIndex) -> str:
    for sid, (start, _end) in index.shift_times.items():
        if start == a.start and index.shift_pattern[sid] == a.pattern_id:
            return demand_id(sid, a.role)
    return ""


def engine_assignments(
    rota: Rota, index: PlanIndex, *, strict: bool = True
) -> list[engine.Assignment]:
    """A stored rota's assignments in the engine's terms (for the validator and repair), with
    the fixed published context around its window (``index.context``) after them.

    ``strict``: an assignment that matches no shift of the window is an error; otherwise it is
    left out (repair keeps only what lies inside the re-planned window)."""
    by_start = {
        (index.shift_pattern[s], t[0]): s
        for s, t in index.shift_times.items()
        if s not in index.context_shifts
    }
    result = []
    for a in rota.assignments:
        sid = by_start.get((a.pattern_id, a.start))
        if sid is None and not strict:
            continue
        if sid is None:
            raise InputError(
                f"assignment {a.id}: start",
                a.start.isoformat(),
                f"no occurrence of pattern {a.pattern_id} starts then; re-plan the rota",
            )
        result.append(
            engine.Assignment(a.responder_id, demand_id(sid, a.role), sid, a.role, a.shadow)
        )
    return result + list(index.context)


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
            if draft.start <= pattern_day(a, patterns) <= draft.end:
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
