"""Feeds follow the one published timeline: a version covers its window of days, or only the
shifts it names (an override, a swap, an undo), and never replaces the rest of the rota.

Versions are built directly as domain objects (``Rota.covers`` for the shift-level ones), as the
published-rota services store them: a version for one shift carries every place of that shift.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time

from feed_factories import (
    NOW,
    local_instants,
    make_assignment,
    make_pattern,
    make_responder,
    make_shift_version,
    make_team,
    make_window_version,
    prop,
    vevents,
)

from rota.calendar.feeds import event_uid, render_feed
from rota.calendar.versions import FeedHistory, feed_steps
from rota.domain.feed_tokens import FeedScope
from rota.domain.rotas import RotaKind

KIRI = make_responder(id="r-kiri", name="Kiri Tane", timezone="Australia/Sydney")
MERE = make_responder(
    id="r-mere", name="Mere Rāwiri", timezone="Pacific/Auckland", country="NZ", subdivision=None
)
ANA = make_responder(id="r-ana", name="Ana Folau", timezone="Pacific/Auckland", country="NZ")
RESPONDERS = [KIRI, MERE, ANA]
PATTERNS = [make_pattern()]
TEAM = make_team()
V1_AT, V2_AT, V3_AT, V4_AT = (datetime(2026, 3, d, 9, 30, 15, tzinfo=UTC) for d in (1, 2, 3, 4))


def night(day: int, who: str, role: str):
    """``who`` as ``role`` on the Sydney 17:00-07:00 night starting on ``day`` April 2026."""
    start, end = local_instants("Australia/Sydney", date(2026, 4, day), time(17), time(7))
    return make_assignment(id=f"a-{day}-{role}", responder_id=who, role=role, start=start, end=end)


def nights(first: int, last: int, *, mere: bool = True):
    """Kiri primary (and Mere secondary) on every night ``first`` .. ``last`` April."""
    shifts = [night(d, "r-kiri", "primary") for d in range(first, last + 1)]
    if mere:
        shifts += [night(d, "r-mere", "secondary") for d in range(first, last + 1)]
    return shifts


def april(first: int, last: int) -> tuple[date, date]:
    return date(2026, 4, first), date(2026, 4, last)


#: version 1 plans weeks 1-2 (1-14 April), version 2 week 3 (15-21 April)
WEEKS_1_2 = make_window_version(1, *april(1, 14), nights(1, 14))
WEEK_3 = make_window_version(2, *april(15, 21), nights(15, 21))


def given(version: int, day: int, role: str, to: str, kind: RotaKind = RotaKind.OVERRIDE):
    """A version for the one shift of ``day`` April in which ``role`` goes to ``to`` (the other
    place of the shift is carried unchanged, as the services store it)."""
    places = [night(day, "r-kiri", "primary"), night(day, "r-mere", "secondary")]
    return make_shift_version(
        version, [replace(a, responder_id=to) if a.role == role else a for a in places], kind
    )


def person(versions, who: str = "r-kiri"):
    return render_feed(FeedScope.PERSON, who, versions, RESPONDERS, PATTERNS, NOW)


def team(versions):
    return render_feed(FeedScope.TEAM, TEAM.id, versions, RESPONDERS, PATTERNS, NOW, team=TEAM)


def uid(shift_id: str, who: str = "r-kiri") -> str:
    return event_uid(FeedScope.PERSON, who, shift_id)


def team_uid(shift_id: str) -> str:
    return event_uid(FeedScope.TEAM, TEAM.id, shift_id)


def without(events: dict, *uids: str) -> dict:
    return {k: v for k, v in events.items() if k not in uids}


# --- windows -------------------------------------------------------------------------------------


def test_publishing_week_3_after_weeks_1_and_2_keeps_weeks_1_and_2_in_the_personal_feed():
    before = vevents(person([WEEKS_1_2]).body)
    after = vevents(person([WEEKS_1_2, WEEK_3]).body)
    assert len(before) == 14 and len(after) == 21
    assert {k: after[k] for k in before} == before  # weeks 1-2 byte for byte as they were
    added = after[uid("a-15-primary")]
    assert prop(added, "SEQUENCE") == "0"
    assert prop(added, "DTSTAMP") == prop(added, "LAST-MODIFIED") == "20260302T093015Z"


def test_publishing_week_3_after_weeks_1_and_2_keeps_weeks_1_and_2_in_the_team_feed():
    before = vevents(team([WEEKS_1_2]).body)
    after = vevents(team([WEEKS_1_2, WEEK_3]).body)
    assert len(before) == 28 and len(after) == 42
    assert {k: after[k] for k in before} == before
    assert {prop(after[team_uid(f"a-{d}-secondary")], "SEQUENCE") for d in range(1, 22)} == {"0"}


def test_publishing_a_week_without_someones_shifts_leaves_their_feed_and_last_modified_alone():
    week_3_kiri_only = make_window_version(2, *april(15, 21), nights(15, 21, mere=False))
    mere_before = person([WEEKS_1_2], "r-mere")
    mere_after = person([WEEKS_1_2, week_3_kiri_only], "r-mere")
    assert mere_after.body == mere_before.body and mere_after.etag == mere_before.etag
    assert mere_after.last_modified == V1_AT
    assert person([WEEKS_1_2, week_3_kiri_only]).last_modified == V2_AT
    assert team([WEEKS_1_2, week_3_kiri_only]).last_modified == V2_AT


def test_replanning_week_2_replaces_week_2_only():
    replanned = [a for a in nights(8, 14) if a.id != "a-10-primary"]  # night 10 left empty
    week_2_again = make_window_version(2, *april(8, 14), replanned)
    before = vevents(person([WEEKS_1_2]).body)
    after = vevents(person([WEEKS_1_2, week_2_again]).body)
    assert set(before) - set(after) == {uid("a-10-primary")}
    assert after == without(before, uid("a-10-primary"))  # the rest unchanged, SEQUENCE 0


def test_the_versions_may_come_in_any_order():
    versions = [WEEKS_1_2, WEEK_3, given(3, 5, "primary", "r-ana")]
    shuffled = random.Random(3).sample(versions, len(versions))
    assert team(shuffled).body == team(versions).body
    assert person(shuffled).body == person(versions).body


def test_each_step_of_the_feed_history_is_the_whole_timeline_after_that_version():
    steps = feed_steps([WEEK_3, WEEKS_1_2], PATTERNS)
    assert [(s.version, len(s.assignments), s.covers) for s in steps] == [
        (1, 28, None),
        (2, 42, None),
    ]
    assert FeedHistory.of([WEEKS_1_2, WEEK_3], PATTERNS).steps == tuple(steps)


# --- one shift: override, swap, undo --------------------------------------------------------------


def test_an_override_of_one_shift_bumps_the_sequence_of_just_that_event_and_keeps_its_uid():
    before = vevents(team([WEEKS_1_2, WEEK_3]).body)
    after = vevents(team([WEEKS_1_2, WEEK_3, given(3, 5, "primary", "r-ana")]).body)
    assert set(after) == set(before)
    changed = after[team_uid("a-5-primary")]
    assert prop(changed, "SEQUENCE") == "1"
    assert prop(changed, "SUMMARY") == "Ana Folau: Primary on-call — APAC high-severity"
    assert prop(changed, "DTSTAMP") == prop(changed, "LAST-MODIFIED") == "20260303T093015Z"
    assert without(after, team_uid("a-5-primary")) == without(before, team_uid("a-5-primary"))


def test_a_shift_given_to_someone_else_leaves_the_givers_personal_feed_and_appears_in_the_takers():
    versions = [WEEKS_1_2, WEEK_3, given(3, 5, "primary", "r-ana")]
    kiri_before = vevents(person([WEEKS_1_2, WEEK_3]).body)
    kiri_after = person(versions)
    assert vevents(kiri_after.body) == without(kiri_before, uid("a-5-primary"))
    assert kiri_after.last_modified == V3_AT  # a shift left, though no event says so
    ana = person(versions, "r-ana")
    (block,) = vevents(ana.body).values()
    assert prop(block, "UID") == uid("a-5-primary", "r-ana")
    assert prop(block, "SUMMARY") == "Primary on-call — APAC high-severity"
    assert prop(block, "DTSTART") == "20260405T070000Z"
    assert ana.last_modified == V3_AT
    assert vevents(person(versions, "r-mere").body) == vevents(person(versions[:2], "r-mere").body)


def test_an_override_changes_only_the_shift_it_covers_though_its_days_span_others():
    override = replace(
        given(3, 5, "primary", "r-ana"), start=date(2026, 4, 1), end=date(2026, 4, 21)
    )
    after = vevents(team([WEEKS_1_2, WEEK_3, override]).body)
    assert len(after) == 42
    unchanged = without(after, team_uid("a-5-primary"))
    assert {prop(b, "SEQUENCE") for b in unchanged.values()} == {"0"}


def test_a_swap_keeps_both_assignment_ids_and_moves_each_shift_between_personal_feeds():
    swap = make_shift_version(
        3,
        [
            night(6, "r-mere", "primary"),  # Kiri's primary on night 6 goes to Mere
            night(6, "r-kiri", "secondary"),  # and Mere's secondary to Kiri
        ],
        RotaKind.SWAP,
    )
    versions = [WEEKS_1_2, WEEK_3, swap]
    kiri = vevents(person(versions).body)
    mere = vevents(person(versions, "r-mere").body)
    assert uid("a-6-primary") not in kiri and uid("a-6-secondary") in kiri
    assert uid("a-6-secondary", "r-mere") not in mere and uid("a-6-primary", "r-mere") in mere
    shared = vevents(team(versions).body)
    assert len(shared) == 42
    assert prop(shared[team_uid("a-6-primary")], "SEQUENCE") == "1"
    assert prop(shared[team_uid("a-6-secondary")], "SEQUENCE") == "1"


def test_undoing_an_override_brings_the_shift_back_under_its_old_uid_with_a_higher_sequence():
    undo = given(4, 5, "primary", "r-kiri", RotaKind.UNDO)
    versions = [WEEKS_1_2, WEEK_3, given(3, 5, "primary", "r-ana"), undo]
    back = vevents(person(versions).body)
    assert set(back) == set(vevents(person([WEEKS_1_2, WEEK_3]).body))
    assert prop(back[uid("a-5-primary")], "SEQUENCE") == "2"
    assert prop(back[uid("a-5-primary")], "LAST-MODIFIED") == "20260304T093015Z"
    assert b"BEGIN:VEVENT" not in person(versions, "r-ana").body
    assert person(versions, "r-ana").last_modified == V4_AT


def test_icaljs_reads_the_timeline_after_a_new_week_and_an_override(icaljs):
    versions = [WEEKS_1_2, WEEK_3, given(3, 5, "primary", "r-ana")]
    shared = {e["uid"]: e for e in icaljs(team(versions).body)["events"]}
    assert len(shared) == 42
    changed = shared.pop(team_uid("a-5-primary"))
    assert changed["sequence"] == 1 and changed["summary"].startswith("Ana Folau: ")
    assert changed["last_modified"] == "2026-03-03T09:30:15Z"
    assert {e["sequence"] for e in shared.values()} == {0}
    assert shared[team_uid("a-1-primary")]["dtstamp"] == "2026-03-01T09:30:15Z"
    assert shared[team_uid("a-21-primary")]["dtstamp"] == "2026-03-02T09:30:15Z"
    kiri = {e["uid"] for e in icaljs(person(versions).body)["events"]}
    assert len(kiri) == 20 and uid("a-5-primary") not in kiri
    (taken,) = icaljs(person(versions, "r-ana").body)["events"]
    assert taken["uid"] == uid("a-5-primary", "r-ana")
    assert (taken["start"], taken["end"]) == ("2026-04-05T07:00:00Z", "2026-04-05T21:00:00Z")
