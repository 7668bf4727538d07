"""Use cases on the published timeline: its versions, overrides, swaps and undo.

Every change here is re-checked by the independent validator against the team's data as it is
now, over the changed shifts' days with the published timeline around them as history and
context; a change that would break a hard rule the timeline did not already break is refused
with the rules in plain words (:class:`~rota.errors.RotaBreaksRules`) and nothing is written.
A change that passes is published as a new version of just the shifts it touches
(``Rota.covers``), keeping each assignment's id (the feeds' UID) so calendars bump SEQUENCE.

- Override: a lead gives a published shift to someone else, with a reason (:func:`override`);
  only people for whom the change keeps every hard rule are offered
  (:func:`override_candidates`).
- Swap: a responder asks a colleague to take their shift, or to trade one of the colleague's
  for it (:func:`request_swap`); the colleague accepts (:func:`answer_swap`); a lead approves
  (:func:`decide_swap`), or the team auto-approves rule-clean swaps; each step is re-checked.
- Undo: the last override, swap or undo is reversed by a new version (:func:`undo_last`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota, RotaKind
from rota.domain.swaps import SwapRequest, SwapState
from rota.domain.team import Team, TeamRole
from rota.domain.timeline import PublishedTimeline, pattern_day, published_timeline, version_states
from rota.errors import InputError, NotFoundError, RotaBreaksRules
from rota.services._changes import (
    Candidate,
    CheckedChange,
    candidates_for,
    current_timeline,
    describe_shift,
    given_to,
    name_of,
    publish_shifts,
    published_shift,
    refuse_started,
)
from rota.services._common import get_team, patterns_of, responders_of
from rota.services._timeline import as_newest_version
from rota.services.planning import (
    published_versions,
)
from rota.storage import repo

# ---------------------------------------------------------------------------------------------
# The timeline and its versions


@dataclass(frozen=True)
class VersionLine:
    """One published version as the history shows it."""

    version: int
    rota_id: str
    kind: str
    what: str  # "7 Dec – 20 Dec" or "1 shift" / "2 shifts"
    published_at: datetime
    by: str
    note: str
    state: str  # "current", "partly superseded", "superseded"
    current: int
    total: int


def version_history(session, team_id: str) -> list[VersionLine]:
    """Every published version, newest first, with what it covers and how much is current."""
    lines = []
    for vs in version_states(current_timeline(session, team_id)):
        v = vs.version
        if v.covers is not None:
            n = len(v.covers)
            what = f"{n} shift{'s' if n != 1 else ''} on {v.start:%d %b}" + (
                f" – {v.end:%d %b}" if v.end != v.start else ""
            )
        else:
            what = f"{v.start:%d %b %Y} – {v.end:%d %b %Y}"
        assert v.version is not None and v.published_at is not None
        lines.append(
            VersionLine(
                v.version,
                v.id,
                str(v.kind),
                what,
                v.published_at,
                v.created_by,
                v.note,
                vs.label,
                vs.current,
                vs.total,
            )
        )
    return lines


# ---------------------------------------------------------------------------------------------
# Checking a change of some published shifts


def draft_candidates(
    session, team_id: str, draft: Rota, assignment_id: str, *, with_refused: bool = False
) -> list[Candidate]:
    """Who could take ``assignment_id`` of ``draft`` keeping every hard rule, checked in the
    timeline the draft would make (published versions with the draft on top)."""
    virtual = as_newest_version(draft)
    patterns = patterns_of(session, team_id)
    timeline = published_timeline(
        team_id, [*published_versions(session, team_id), virtual], patterns
    )
    a = published_shift(timeline, assignment_id)
    change = CheckedChange(
        session, team_id, timeline, [pattern_day(a, patterns)], on_top=(virtual,)
    )
    return candidates_for(change, a, {a.responder_id}, with_refused)


def override_candidates(
    session, team_id: str, assignment_id: str, *, with_refused: bool = False
) -> list[Candidate]:
    """Who could take the published shift ``assignment_id`` keeping every hard rule (and, with
    ``with_refused``, everyone else with the rules they would break)."""
    timeline = current_timeline(session, team_id)
    a = published_shift(timeline, assignment_id)
    change = CheckedChange(
        session, team_id, timeline, [pattern_day(a, patterns_of(session, team_id))]
    )
    return candidates_for(change, a, {a.responder_id}, with_refused)


def override(
    session,
    team_id: str,
    assignment_id: str,
    responder_id: str,
    *,
    reason: str,
    now: datetime,
    by: str,
) -> Rota:
    """A lead gives one published shift to ``responder_id``, with a reason; published at once as
    a new version of that shift (checked first: a change that breaks a hard rule is refused)."""
    if not reason or not reason.strip():
        raise InputError("reason", reason, "say why the shift changes (it goes in the history)")
    timeline = current_timeline(session, team_id)
    a = published_shift(timeline, assignment_id)
    refuse_started(a, now)
    people = responders_of(session, team_id)
    person = people.get(responder_id)
    if person is None or not person.active:
        raise InputError("responder", responder_id, "pick an active responder of this team")
    if person.id == a.responder_id:
        raise InputError("responder", person.name, "pick someone other than the current holder")
    patterns = patterns_of(session, team_id)
    change = CheckedChange(session, team_id, timeline, [pattern_day(a, patterns)])
    replaced = {a.shift: given_to(timeline.of_shift(a.shift), a, person.id)}
    what = describe_shift(a, people, patterns)
    new = change.new_violations(replaced)
    if new:
        raise RotaBreaksRules(
            f"not changed: giving {what} from {name_of(people, a.responder_id)} to {person.name}",
            change.breaches(new, replaced),
            "pick someone from the offered list",
        )
    return publish_shifts(
        session,
        change,
        replaced,
        now=now,
        by=by,
        kind=RotaKind.OVERRIDE,
        note=f"{what}: {name_of(people, a.responder_id)} → {person.name}. {reason.strip()}",
    )


# ---------------------------------------------------------------------------------------------
# Swaps


def _swap(session, swap_id: str) -> SwapRequest:
    found = repo.get(session, SwapRequest, swap_id)
    if found is None:
        raise NotFoundError("swap request", swap_id, "pick one from the list of swap requests")
    return found


def swap_candidates(
    session, team_id: str, assignment_id: str, requester_id: str, *, now: datetime
) -> list[Candidate]:
    """The colleagues who could take ``requester_id``'s published shift keeping every hard rule."""
    timeline = current_timeline(session, team_id)
    a = _own(timeline, assignment_id, requester_id, now)
    change = CheckedChange(
        session, team_id, timeline, [pattern_day(a, patterns_of(session, team_id))]
    )
    return candidates_for(change, a, {requester_id}, False)


def _own(timeline: PublishedTimeline, assignment_id: str, requester_id: str, now) -> Assignment:
    a = published_shift(timeline, assignment_id)
    if a.responder_id != requester_id:
        raise InputError("shift", assignment_id, "ask to swap one of your own published shifts")
    refuse_started(a, now)
    return a


@dataclass(frozen=True)
class TradeOption:
    """One of the colleague's shifts the requester could take in exchange, keeping every rule."""

    assignment_id: str
    label: str  # in the requester's zone
    start: datetime


def trade_options(
    session,
    team_id: str,
    assignment_id: str,
    requester_id: str,
    colleague_id: str,
    *,
    now: datetime,
    days: int = 14,
) -> list[TradeOption]:
    """The colleague's published shifts within ``days`` of the requester's that the two could
    exchange keeping every hard rule."""
    timeline = current_timeline(session, team_id)
    a = _own(timeline, assignment_id, requester_id, now)
    patterns = patterns_of(session, team_id)
    people = responders_of(session, team_id)
    theirs = [
        b
        for b in timeline.assignments
        if b.responder_id == colleague_id
        and b.start > now
        and abs(b.start - a.start) <= timedelta(days=days)
        and b.shift != a.shift
    ]
    if not theirs:
        return []
    days = [pattern_day(x, patterns) for x in [a, *theirs]]
    change = CheckedChange(session, team_id, timeline, days)  # one problem for every option
    out = []
    for b in theirs:
        if not change.new_violations(_traded(timeline, a, b)):
            # described in the requester's zone: they are choosing what they would work
            seen_by = {b.responder_id: people[requester_id]} if requester_id in people else {}
            out.append(TradeOption(b.id, describe_shift(b, seen_by, patterns), b.start))
    return out


def _traded(timeline: PublishedTimeline, a: Assignment, b: Assignment) -> dict[str, list]:
    """``a``'s holder takes ``b`` and ``b``'s holder takes ``a``."""
    return {
        a.shift: given_to(timeline.of_shift(a.shift), a, b.responder_id),
        b.shift: given_to(timeline.of_shift(b.shift), b, a.responder_id),
    }


def _swap_change(session, swap: SwapRequest, timeline: PublishedTimeline, now: datetime):
    """The change a swap makes, checked against the timeline as it is now; raises when the shifts
    moved under it (then the request is cancelled by the caller)."""
    a = timeline.find(swap.assignment_id)
    if a is None or a.responder_id != swap.requester_id:
        raise _Overtaken("the shift is no longer theirs")
    if a.start <= now:
        raise _Overtaken("the shift has started")
    patterns = patterns_of(session, swap.team_id)
    if swap.their_assignment_id is None:
        change = CheckedChange(session, swap.team_id, timeline, [pattern_day(a, patterns)])
        return change, {a.shift: given_to(timeline.of_shift(a.shift), a, swap.colleague_id)}
    b = timeline.find(swap.their_assignment_id)
    if b is None or b.responder_id != swap.colleague_id:
        raise _Overtaken("the colleague's shift is no longer theirs")
    if b.start <= now:
        raise _Overtaken("the colleague's shift has started")
    change = CheckedChange(
        session, swap.team_id, timeline, [pattern_day(a, patterns), pattern_day(b, patterns)]
    )
    return change, _traded(timeline, a, b)


class _Overtaken(Exception):
    pass


def _swap_words(session, swap: SwapRequest) -> str:
    people = responders_of(session, swap.team_id)
    patterns = patterns_of(session, swap.team_id)
    timeline = current_timeline(session, swap.team_id)
    a = timeline.find(swap.assignment_id)
    what = describe_shift(a, people, patterns) if a else swap.assignment_id
    who = f"{name_of(people, swap.requester_id)} → {name_of(people, swap.colleague_id)}"
    if swap.their_assignment_id:
        b = timeline.find(swap.their_assignment_id)
        theirs = describe_shift(b, people, patterns) if b else swap.their_assignment_id
        return f"swap: {what} ({who}) for {theirs}"
    return f"give-away: {what} ({who})"


def request_swap(
    session,
    team_id: str,
    requester_id: str,
    assignment_id: str,
    colleague_id: str,
    *,
    now: datetime,
    their_assignment_id: str | None = None,
    reason: str = "",
) -> SwapRequest:
    """``requester_id`` asks ``colleague_id`` to take their published shift (or to trade it for
    ``their_assignment_id``). Refused unless the change keeps every hard rule now."""
    timeline = current_timeline(session, team_id)
    _own(timeline, assignment_id, requester_id, now)
    people = responders_of(session, team_id)
    colleague = people.get(colleague_id)
    if colleague is None or not colleague.active or colleague_id == requester_id:
        raise InputError("colleague", colleague_id, "pick an active colleague of this team")
    for other in repo.list_all(session, SwapRequest, team_id=team_id):
        if other.open and other.assignment_id == assignment_id:
            raise InputError(
                "shift",
                assignment_id,
                f"it already has an open swap request ({other.id}); cancel that one first",
            )
    swap = SwapRequest(
        id=f"swap-{uuid.uuid4().hex[:10]}",
        team_id=team_id,
        assignment_id=assignment_id,
        requester_id=requester_id,
        colleague_id=colleague_id,
        created_at=now,
        their_assignment_id=their_assignment_id,
        reason=reason.strip(),
    )
    change, replaced = _swap_change(session, swap, timeline, now)
    new = change.new_violations(replaced)
    if new:
        raise RotaBreaksRules(
            f"not asked: {_swap_words(session, swap)}",
            change.breaches(new, replaced),
            "pick a colleague from the offered list",
        )
    repo.save(session, swap)
    return swap


@dataclass(frozen=True)
class SwapStep:
    """A swap request after a step, and the version that carried it out (if it was approved)."""

    swap: SwapRequest
    version: Rota | None = None
    message: str = ""


def answer_swap(
    session, swap_id: str, colleague_id: str, *, accept: bool, now: datetime, note: str = ""
) -> SwapStep:
    """The colleague accepts or declines. On accept the change is re-checked; a team that
    auto-approves rule-clean swaps publishes it at once."""
    swap = _swap(session, swap_id)
    if swap.colleague_id != colleague_id:
        raise InputError(
            "colleague", colleague_id, "only the colleague asked can answer this request"
        )
    if swap.state != SwapState.REQUESTED:
        raise InputError("swap state", str(swap.state), "only a new request can be answered")
    if not accept:
        declined = replace(
            swap,
            state=SwapState.DECLINED,
            decided_at=now,
            decided_by=colleague_id,
            outcome_note=note.strip() or "declined by the colleague",
        )
        repo.save(session, declined)
        return SwapStep(declined, None, "declined")
    checked = _recheck(session, swap, now)
    if isinstance(checked, SwapStep):
        return checked
    accepted = replace(swap, state=SwapState.ACCEPTED, accepted_at=now)
    repo.save(session, accepted)
    team = get_team(session, swap.team_id)
    if team.auto_approve_swaps:
        return _approve(session, accepted, now=now, by="auto-approved (keeps every hard rule)")
    return SwapStep(accepted, None, "accepted; waiting for a lead to approve")


def _recheck(session, swap: SwapRequest, now: datetime):
    """The swap's change checked now: (change, replaced), or a SwapStep if it was cancelled;
    raises RotaBreaksRules if it would now break a hard rule."""
    timeline = current_timeline(session, swap.team_id)
    try:
        change, replaced = _swap_change(session, swap, timeline, now)
    except _Overtaken as gone:
        cancelled = replace(swap, state=SwapState.CANCELLED, decided_at=now, outcome_note=str(gone))
        repo.save(session, cancelled)
        return SwapStep(cancelled, None, f"cancelled: {gone}")
    new = change.new_violations(replaced)
    if new:
        raise RotaBreaksRules(
            f"not done: {_swap_words(session, swap)}",
            change.breaches(new, replaced),
            "decline it; the rota has changed since it was asked",
        )
    return change, replaced


def _approve(session, swap: SwapRequest, *, now: datetime, by: str) -> SwapStep:
    checked = _recheck(session, swap, now)
    if isinstance(checked, SwapStep):
        return checked
    change, replaced = checked
    words = _swap_words(session, swap)
    version = publish_shifts(
        session,
        change,
        replaced,
        now=now,
        by=by,
        kind=RotaKind.SWAP,
        note=words + (f". {swap.reason}" if swap.reason else ""),
    )
    done = replace(
        swap,
        state=SwapState.APPROVED,
        decided_at=now,
        decided_by=by,
        version_id=version.id,
    )
    repo.save(session, done)
    return SwapStep(done, version, f"approved and published as version {version.version}")


def decide_swap(
    session, swap_id: str, *, approve: bool, by: str, now: datetime, note: str = ""
) -> SwapStep:
    """A lead approves (re-checked, then published as a new version of just those shifts) or
    declines an accepted swap. The requester and the colleague cannot decide their own swap."""
    swap = _swap(session, swap_id)
    if by in (swap.requester_id, swap.colleague_id):
        raise InputError("decided by", by, "a lead other than the two people swapping decides")
    lead = repo.get(session, Responder, by)
    if lead is None or lead.team_id != swap.team_id or lead.team_role != TeamRole.LEAD:
        raise InputError(
            "decided by",
            lead.name if lead is not None else by,
            "a lead of the team decides swaps: act as one of its leads",
        )
    if swap.state != SwapState.ACCEPTED:
        raise InputError(
            "swap state",
            str(swap.state),
            "a lead decides once the colleague has accepted",
        )
    if not approve:
        declined = replace(
            swap,
            state=SwapState.DECLINED,
            decided_at=now,
            decided_by=by,
            outcome_note=note.strip() or "declined by a lead",
        )
        repo.save(session, declined)
        return SwapStep(declined, None, "declined")
    return _approve(session, swap, now=now, by=by)


def cancel_swap(session, swap_id: str, requester_id: str, *, now: datetime) -> SwapRequest:
    """The requester withdraws an open request."""
    swap = _swap(session, swap_id)
    if swap.requester_id != requester_id:
        raise InputError("requester", requester_id, "only the person who asked can cancel it")
    if not swap.open:
        raise InputError("swap state", str(swap.state), "only an open request can be cancelled")
    cancelled = replace(
        swap, state=SwapState.CANCELLED, decided_at=now, outcome_note="withdrawn by the requester"
    )
    repo.save(session, cancelled)
    return cancelled


@dataclass(frozen=True)
class SwapLine:
    swap: SwapRequest
    words: str
    requester: str
    colleague: str


def swaps_of(
    session, team_id: str, *, responder_id: str | None = None, open_only: bool = False
) -> list[SwapLine]:
    """The team's swap requests (newest first), or those one responder asked or was asked."""
    people = responders_of(session, team_id)
    out = []
    for s in repo.list_all(session, SwapRequest, team_id=team_id):
        if open_only and not s.open:
            continue
        if responder_id is not None and responder_id not in (s.requester_id, s.colleague_id):
            continue
        out.append(
            SwapLine(
                s,
                _swap_words(session, s),
                name_of(people, s.requester_id),
                name_of(people, s.colleague_id),
            )
        )
    out.sort(key=lambda line: line.swap.created_at, reverse=True)
    return out


# ---------------------------------------------------------------------------------------------
# Undo


def undo_last(session, team_id: str, *, now: datetime, by: str) -> Rota:
    """Reverse the newest version when it is an override, a swap or an undo: a new version puts
    its shifts back as they were before it (re-checked against today's data first)."""
    versions = published_versions(session, team_id)
    if not versions:
        raise NotFoundError("published rota for team", team_id, "nothing to undo")
    last = versions[-1]
    if last.kind not in (RotaKind.OVERRIDE, RotaKind.SWAP, RotaKind.UNDO) or last.covers is None:
        raise InputError(
            "last change",
            f"version {last.version} ({last.kind})",
            "undo reverses the last override or swap; to change a published plan, re-plan "
            "its window",
        )
    patterns = patterns_of(session, team_id)
    earlier = published_timeline(team_id, versions[:-1], patterns)
    timeline = current_timeline(session, team_id)
    keys = set(last.covers)
    restored = {k: [a for a in earlier.assignments if a.shift == k] for k in keys}
    for k, lst in restored.items():
        for a in lst:
            refuse_started(a, now, "change to undo")
        if not lst:
            restored[k] = []
    days = [pattern_day(a, patterns) for lst in restored.values() for a in lst] or [last.start]
    change = CheckedChange(session, team_id, timeline, days)
    new = change.new_violations(restored)
    if new:
        raise RotaBreaksRules(
            f"not undone: version {last.version}",
            change.breaches(new, restored),
            "override the shift instead",
        )
    return publish_shifts(
        session,
        change,
        restored,
        now=now,
        by=by,
        kind=RotaKind.UNDO,
        note=f"undo of version {last.version}: {last.note}",
    )


def team_setting_auto_approve(session, team_id: str, on: bool) -> Team:
    """Switch the team's auto-approval of rule-clean swaps."""
    team = get_team(session, team_id)
    changed = replace(team, auto_approve_swaps=bool(on))
    repo.save(session, changed)
    return changed


__all__ = [
    "Candidate",
    "SwapLine",
    "SwapStep",
    "TradeOption",
    "VersionLine",
    "answer_swap",
    "cancel_swap",
    "current_timeline",
    "decide_swap",
    "draft_candidates",
    "override",
    "override_candidates",
    "request_swap",
    "swap_candidates",
    "swaps_of",
    "team_setting_auto_approve",
    "trade_options",
    "undo_last",
    "version_history",
]
