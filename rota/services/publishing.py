"""Publishing: a draft becomes the next version, setting the timeline for its window only.

Every version is re-checked first by the independent validator against the team's data as it
is now; :func:`store_version` is the one place a version is written, and it cancels the open
swap requests the new version overtakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Rota, RotaKind, RotaStatus
from rota.domain.swaps import SwapRequest, SwapState
from rota.errors import InputError, NotFoundError, RotaBreaksRules
from rota.planning.drafts import engine_assignments
from rota.planning.violations import plain_violations
from rota.services._timeline import (
    drafts_of,
    published_timeline,
    rota_problem,
    validate_assignments,
)
from rota.storage import repo


def pick_draft(session, team_id: str, draft_id: str | None = None) -> Rota:
    """The draft ``draft_id``, or the team's only draft; several drafts need a choice."""
    drafts = drafts_of(session, team_id)
    if draft_id is not None:
        for d in drafts:
            if d.id == draft_id:
                return d
        raise NotFoundError(
            "draft", draft_id, "pick one of: " + ", ".join(_draft_names(drafts)) if drafts else ""
        )
    if not drafts:
        raise NotFoundError("draft rota for team", team_id, "run `tandem plan` first")
    if len(drafts) > 1:
        raise InputError(
            "draft",
            f"{len(drafts)} drafts",
            "say which to publish (--draft ID): " + ", ".join(_draft_names(drafts)),
        )
    return drafts[0]


def _draft_names(drafts: Sequence[Rota]) -> list[str]:
    return [f"{d.id} ({d.start} – {d.end})" for d in drafts]


def publish(
    session, team_id: str, *, now: datetime, by: str = "", draft_id: str | None = None
) -> Rota:
    """Publish a draft as the next version, setting the timeline for its window only; the draft
    is consumed. Earlier and later published weeks stay as they are.

    First the draft is re-checked by the independent validator against the team's data as it is
    now (leave, levels, exposure, incidents, and the published timeline around it): if it breaks
    any hard rule, nothing is published and :class:`~rota.errors.RotaBreaksRules` names each
    broken rule in plain words (person, shift in local and UTC time, the rule). Open swap requests
    whose shift the new version changes are cancelled, saying why."""
    draft = pick_draft(session, team_id, draft_id)
    problem, index = rota_problem(session, draft)
    violations = validate_assignments(problem, engine_assignments(draft, index))
    if violations:
        people = {r.id: r for r in repo.list_all(session, Responder, team_id=team_id)}
        patterns = {p.id: p for p in repo.list_all(session, ShiftPattern, team_id=team_id)}
        raise RotaBreaksRules(
            f"not published: draft {draft.id} ({draft.start} – {draft.end})",
            plain_violations(violations, people, patterns, draft),
            "change the draft on the Rota page or re-plan with `tandem plan`, then publish again",
        )
    published = store_version(session, draft, now=now, by=by or draft.created_by)
    repo.delete(session, Rota, draft.id)
    return published


def store_version(
    session,
    rota: Rota,
    *,
    now: datetime,
    by: str,
    kind: RotaKind | None = None,
    covers: tuple[str, ...] | None = None,
    note: str | None = None,
) -> Rota:
    """Store ``rota`` (checked by the caller) as the team's next published version and cancel
    the open swap requests it overtakes."""
    team_id = rota.team_id
    version = repo.next_version(session, team_id)
    vid = f"{team_id}-v{version}"
    published = replace(
        rota,
        id=vid,
        status=RotaStatus.PUBLISHED,
        version=version,
        published_at=now,
        created_by=by,
        kind=kind or rota.kind,
        covers=covers if covers is not None else rota.covers,
        note=rota.note if note is None else note,
        edits=0,
        assignments=tuple(replace(a, rota_id=vid) for a in rota.assignments),
    )
    before = {a.id: a for a in published_timeline(session, team_id).assignments}
    repo.save_rota(session, published)
    _cancel_overtaken_swaps(session, team_id, published, now, before)
    return published


def _changed(now_, holder: str, was) -> bool:
    return (
        now_ is None
        or now_.responder_id != holder
        or (was is not None and (now_.start, now_.end) != (was.start, was.end))
    )


def _cancel_overtaken_swaps(
    session, team_id: str, version: Rota, now: datetime, before: dict | None = None
) -> None:
    before = before or {}
    timeline = published_timeline(session, team_id)
    for swap in repo.list_all(session, SwapRequest, team_id=team_id):
        if not swap.open or swap.version_id == version.id:
            continue
        mine = timeline.find(swap.assignment_id)
        theirs = timeline.find(swap.their_assignment_id) if swap.their_assignment_id else None
        # only a material change overtakes a request: the shift gone, given to someone else or
        # moved; a re-published shift that stayed as it was keeps its open requests
        gone = _changed(mine, swap.requester_id, before.get(swap.assignment_id)) or (
            swap.their_assignment_id is not None
            and _changed(theirs, swap.colleague_id, before.get(swap.their_assignment_id))
        )
        if gone:
            repo.save(
                session,
                replace(
                    swap,
                    state=SwapState.CANCELLED,
                    decided_at=now,
                    outcome_note=f"the shift changed in version {version.version}",
                ),
            )
