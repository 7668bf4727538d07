"""What a feed says and how it changes between published versions (pure, no clients)."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from feed_factories import (
    NOW,
    local_instants,
    make_assignment,
    make_history,
    make_pattern,
    make_responder,
    make_team,
    make_version,
    prop,
    vevents,
)

from rota.calendar.feeds import (
    calendar_uid,
    event_uid,
    personal_feed,
    render_feed,
    strong_etag,
    team_feed,
)
from rota.calendar.versions import (
    DEFAULT_WINDOW,
    TEAM_WINDOW,
    FeedWindow,
    content_changed_at,
    feed_last_modified,
    shift_histories,
)
from rota.domain.feed_tokens import FeedScope
from rota.domain.rotas import RotaStatus
from rota.errors import InputError

KIRI = make_responder(id="r-kiri", name="Kiri Tane", timezone="Australia/Sydney")
MERE = make_responder(
    id="r-mere", name="Mere Rāwiri", timezone="Pacific/Auckland", country="NZ", subdivision=None
)
RESPONDERS = [KIRI, MERE]
PATTERN = make_pattern()
PATTERNS = [PATTERN]
TEAM = make_team()
V1_AT, V2_AT, V3_AT = (datetime(2026, 3, d, 9, 30, 15, tzinfo=UTC) for d in (1, 2, 3))


def night(day: int, **overrides):
    """A Sydney 17:00-07:00 shift starting on ``day`` April 2026."""
    start, end = local_instants("Australia/Sydney", date(2026, 4, day), time(17), time(7))
    fields = dict(id=f"a-{day}", start=start, end=end)
    fields.update(overrides)
    return make_assignment(**fields)


def week(responder_id: str = "r-kiri"):
    return [night(d, responder_id=responder_id) for d in range(1, 8)]


def person(versions, who="r-kiri", now=NOW, **kw) -> bytes:
    return personal_feed(versions, who, RESPONDERS, PATTERNS, now, **kw)


def team(versions, now=NOW, **kw) -> bytes:
    return team_feed(versions, TEAM, RESPONDERS, PATTERNS, now, **kw)


def uid(shift_id: str, who: str = "r-kiri") -> str:
    return event_uid(FeedScope.PERSON, who, shift_id)


def team_uid(shift_id: str) -> str:
    return event_uid(FeedScope.TEAM, "team-apac", shift_id)


# --- content -----------------------------------------------------------------------------------


def test_each_assignment_of_the_published_timeline_is_one_utc_event_with_role_and_queue_summary():
    body = person(make_history(week()))
    events = vevents(body)
    assert len(events) == 7
    block = events[uid("a-4")]
    assert prop(block, "DTSTART") == "20260404T060000Z"
    assert prop(block, "DTEND") == "20260404T210000Z"
    assert prop(block, "SUMMARY") == "Primary on-call — APAC high-severity"
    assert prop(block, "TRANSP") == "OPAQUE"  # an on-call shift: the person is busy
    assert prop(block, "SEQUENCE") == "0"
    assert prop(block, "DTSTAMP") == prop(block, "LAST-MODIFIED") == "20260301T093015Z"


def test_description_gives_the_local_times_in_the_responder_zone_and_the_elapsed_length():
    block = vevents(person(make_history(week())))[uid("a-4")]
    assert prop(block, "DESCRIPTION") == (
        "Your time (Australia/Sydney): Sat 2026-04-04 17:00 AEDT to "
        "Sun 2026-04-05 07:00 AEST\\, 15 h"
    )


def test_the_team_feed_names_the_person_and_gives_times_in_their_zone():
    shift = night(4, id="a-nz", responder_id="r-mere")
    block = vevents(team(make_history([shift])))[team_uid("a-nz")]
    assert prop(block, "SUMMARY") == "Mere Rāwiri: Primary on-call — APAC high-severity"
    assert prop(block, "DESCRIPTION").startswith(
        "Mere Rāwiri's time (Pacific/Auckland): Sat 2026-04-04 19:00 NZDT to Sun 2026-04-05 "
        "09:00 NZST"
    )


def test_a_role_without_on_call_and_a_shadow_shift_are_worded_as_such():
    review = night(4, id="a-review", role="high-severity review")
    shadow = night(5, id="a-shadow", shadow=True)
    events = vevents(person(make_history([review, shadow])))
    assert prop(events[uid("a-review")], "SUMMARY") == "High-severity review — APAC high-severity"
    assert prop(events[uid("a-shadow")], "SUMMARY") == (
        "Primary on-call (shadow) — APAC high-severity"
    )
    assert "Shadow shift" in prop(events[uid("a-shadow")], "DESCRIPTION")


def test_personal_feed_carries_only_that_persons_shifts():
    shifts = [night(4), night(5, responder_id="r-mere")]
    assert set(vevents(person(make_history(shifts)))) == {uid("a-4")}
    assert set(vevents(person(make_history(shifts), "r-mere"))) == {uid("a-5", "r-mere")}


def test_calendar_has_fixed_prodid_uid_names_refresh_hints_and_no_timezones_alarms_or_email():
    body = person(make_history(week()))
    text = body.decode("utf-8")
    head = text.split("BEGIN:VEVENT")[0]
    assert "PRODID:-//Tandem//On-call rota feeds//EN\r\n" in head
    assert f"UID:{calendar_uid(FeedScope.PERSON, 'r-kiri')}\r\n" in head
    assert "NAME:Tandem on-call — Kiri Tane\r\n" in head
    assert "X-WR-CALNAME:Tandem on-call — Kiri Tane\r\n" in head
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in head
    assert "X-PUBLISHED-TTL:PT1H\r\n" in head
    assert "METHOD" not in head  # with METHOD, DTSTAMP would have to be the download time
    for absent in ("VTIMEZONE", "TZID", "X-WR-TIMEZONE", "VALARM", "@example.invalid", "MAILTO"):
        assert absent not in text


def test_lines_end_in_crlf_and_fold_at_75_octets_without_splitting_utf8():
    long_name = "Āwhina Te Rangi-Ōtautahi " * 4
    shifts = [night(4, responder_id="r-long")]
    people = [*RESPONDERS, make_responder(id="r-long", name=long_name.strip())]
    body = personal_feed(make_history(shifts), "r-long", people, PATTERNS, NOW)
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    lines = body.split(b"\r\n")[:-1]
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # raises if a multi-byte character was split


def test_uids_are_opaque_uuid5_and_differ_between_personal_and_team_feeds():
    personal = uid("a-4")
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}@tandem", personal
    )
    assert "kiri" not in personal.lower() and "a-4" not in personal
    assert personal != team_uid("a-4") != uid("a-4", "r-mere")


# --- versions ----------------------------------------------------------------------------------


def test_moving_one_shift_keeps_its_uid_bumps_sequence_and_leaves_every_other_event_identical():
    v1 = week()
    moved = replace(v1[3], start=v1[3].start + timedelta(hours=1))
    v2 = [*v1[:3], moved, *v1[4:]]
    before = vevents(person(make_history(v1)))
    after = vevents(person(make_history(v1, v2)))
    assert set(before) == set(after)
    changed = after[uid("a-4")]
    assert prop(changed, "SEQUENCE") == "1"
    assert prop(changed, "DTSTART") == "20260404T070000Z"
    assert prop(changed, "DTSTAMP") == prop(changed, "LAST-MODIFIED") == "20260302T093015Z"
    assert {k: v for k, v in before.items() if k != uid("a-4")} == {
        k: v for k, v in after.items() if k != uid("a-4")
    }


def test_each_version_with_a_material_change_adds_one_to_sequence():
    a = night(4)
    history = make_history(
        [a],
        [replace(a, end=a.end + timedelta(hours=1))],
        [replace(a, end=a.end + timedelta(hours=1))],  # unchanged in v3
        [replace(a, end=a.end + timedelta(hours=1), role="secondary")],
        [replace(a, end=a.end + timedelta(hours=1), role="secondary", shadow=True)],
    )
    (h,) = shift_histories(history, PATTERNS)
    assert h.sequence == 3
    assert h.changed_at == datetime(2026, 3, 5, 9, 30, 15, tzinfo=UTC)


def test_a_pinned_flag_is_not_a_material_change():
    a = night(4)
    (h,) = shift_histories(make_history([a], [replace(a, pinned=True)]), PATTERNS)
    assert (h.sequence, h.changed_at) == (0, V1_AT)


def test_removing_a_shift_drops_it_from_personal_and_team_feeds():
    v1 = week()
    v2 = [s for s in v1 if s.id != "a-5"]
    assert uid("a-5") in vevents(person(make_history(v1)))
    assert uid("a-5") not in vevents(person(make_history(v1, v2)))
    assert team_uid("a-5") not in vevents(team(make_history(v1, v2)))
    assert len(vevents(team(make_history(v1, v2)))) == 6


def test_reassigning_moves_the_shift_between_personal_feeds_and_bumps_sequence_in_the_team_feed():
    v1 = week()
    v2 = [replace(s, responder_id="r-mere") if s.id == "a-6" else s for s in v1]
    history = make_history(v1, v2)
    assert uid("a-6") not in vevents(person(history, "r-kiri"))
    mere = vevents(person(history, "r-mere"))
    assert set(mere) == {uid("a-6", "r-mere")}
    team_before = vevents(team(make_history(v1)))[team_uid("a-6")]
    team_after = vevents(team(history))[team_uid("a-6")]
    assert (prop(team_before, "SEQUENCE"), prop(team_after, "SEQUENCE")) == ("0", "1")
    assert prop(team_after, "SUMMARY").startswith("Mere Rāwiri: ")
    assert prop(team_after, "LAST-MODIFIED") == "20260302T093015Z"


def test_a_shift_reassigned_away_and_back_returns_with_a_higher_sequence():
    a = night(4)
    history = make_history([a], [replace(a, responder_id="r-mere")], [a])
    block = vevents(person(history))[uid("a-4")]
    assert prop(block, "SEQUENCE") == "2"


def test_a_shift_removed_and_restored_counts_both_versions_as_changes():
    a, b = night(4), night(5)
    (restored, _) = sorted(
        shift_histories(make_history([a, b], [b], [a, b]), PATTERNS), key=lambda h: h.identity
    )
    assert (restored.identity, restored.sequence, restored.changed_at) == ("a-4", 2, V3_AT)


def test_a_shift_added_in_a_later_version_starts_at_sequence_zero_stamped_with_that_version():
    a, b = night(4), night(5)
    block = vevents(person(make_history([a], [a, b])))[uid("a-5")]
    assert prop(block, "SEQUENCE") == "0"
    assert prop(block, "DTSTAMP") == "20260302T093015Z"


def test_a_custom_identity_follows_shifts_whose_ids_change_between_versions():
    a = night(4, id="v1-a")
    moved = replace(a, id="v2-a", start=a.start + timedelta(hours=1))
    history = make_history([a], [moved])
    (h,) = shift_histories(history, PATTERNS, identity=lambda x: x.id.split("-", 1)[1])
    assert (h.identity, h.sequence) == ("a", 1)


# --- determinism, window, validators ---------------------------------------------------------


def test_the_same_data_gives_byte_identical_feeds_and_etags_whatever_the_input_order():
    shifts = week() + week("r-mere")
    shifts = [replace(s, id=f"{s.id}-{s.responder_id}") for s in shifts]
    history = make_history(week(), shifts)
    shuffled = [
        replace(v, assignments=tuple(random.Random(7).sample(v.assignments, len(v.assignments))))
        for v in reversed(history)
    ]
    first = render_feed(FeedScope.TEAM, "team-apac", history, RESPONDERS, PATTERNS, NOW, team=TEAM)
    again = render_feed(
        FeedScope.TEAM, "team-apac", shuffled, list(reversed(RESPONDERS)), PATTERNS, NOW, team=TEAM
    )
    assert first.body == again.body and first.etag == again.etag


def test_the_feed_does_not_depend_on_now_while_the_window_holds_the_same_shifts():
    history = make_history(week())
    assert person(history, now=NOW) == person(history, now=NOW + timedelta(hours=7))


def test_events_are_sorted_by_start():
    shifts = list(reversed(week()))
    starts = [prop(b, "DTSTART") for b in vevents(person(make_history(shifts))).values()]
    assert starts == sorted(starts)


def test_the_window_keeps_shifts_from_30_days_back_to_180_days_ahead_by_default():
    now = datetime(2026, 6, 1, tzinfo=UTC)

    def shift(sid, start):
        return make_assignment(id=sid, start=start, end=start + timedelta(hours=8))

    shifts = [
        shift("ended-31-days-ago", now - timedelta(days=31, hours=8)),
        shift("ended-29-days-ago", now - timedelta(days=29, hours=8)),
        shift("starts-in-179-days", now + timedelta(days=179)),
        shift("starts-in-181-days", now + timedelta(days=181)),
    ]
    kept = set(vevents(person(make_history(shifts), now=now)))
    assert kept == {uid("ended-29-days-ago"), uid("starts-in-179-days")}
    assert (DEFAULT_WINDOW.days_back, DEFAULT_WINDOW.days_ahead) == (30, 180)


def test_a_team_feed_of_a_busy_team_stays_well_under_one_megabyte():
    people = [make_responder(id=f"r-{i}", name=f"Responder Number {i:03d}") for i in range(60)]
    patterns = [
        make_pattern(
            id=f"p-{k}", name=f"APAC queue {k}", start=time(8 * k), end=time((8 * k + 8) % 24)
        )
        for k in range(3)
    ]
    shifts = []
    for day in range(-40, 200):
        for k, pattern in enumerate(patterns):
            for r, role in enumerate(("primary", "secondary", "high-severity review", "primary")):
                start, end = local_instants(
                    "Australia/Sydney", NOW.date() + timedelta(days=day), pattern.start, pattern.end
                )
                shifts.append(
                    make_assignment(
                        id=f"a-{day}-{k}-{r}",
                        responder_id=f"r-{(day + k + r) % 60}",
                        pattern_id=pattern.id,
                        role=role,
                        start=start,
                        end=end,
                    )
                )
    body = team_feed(make_history(shifts), TEAM, people, patterns, NOW)
    days = TEAM_WINDOW.days_back + TEAM_WINDOW.days_ahead
    assert 12 * days <= body.count(b"BEGIN:VEVENT") <= 12 * (days + 2)  # 12 shifts a day
    assert len(body) < 700_000


def test_etag_is_a_strong_quoted_hash_of_the_exact_body():
    fb = render_feed(FeedScope.PERSON, "r-kiri", make_history(week()), RESPONDERS, PATTERNS, NOW)
    assert fb.etag == strong_etag(fb.body)
    assert re.fullmatch(r'"[0-9a-f]{64}"', fb.etag)
    assert strong_etag(fb.body + b" ") != fb.etag


def test_last_modified_is_the_last_change_to_that_persons_shifts():
    v1 = week() + [night(9, id="a-nz", responder_id="r-mere")]
    v2 = [*v1[:-1], replace(v1[-1], end=v1[-1].end + timedelta(hours=1))]  # only Mere's changes
    history = make_history(v1, v2)
    assert feed_last_modified(history, PATTERNS, NOW, responder_id="r-kiri") == V1_AT
    assert feed_last_modified(history, PATTERNS, NOW, responder_id="r-mere") == V2_AT
    assert feed_last_modified(history, PATTERNS, NOW) == V2_AT


def test_last_modified_moves_when_a_shift_is_removed_though_no_event_carries_that_time():
    v1 = week()
    history = make_history(v1, v1[1:])
    fb = render_feed(FeedScope.PERSON, "r-kiri", history, RESPONDERS, PATTERNS, NOW)
    stamps = {prop(b, "LAST-MODIFIED") for b in vevents(fb.body).values()}
    assert stamps == {"20260301T093015Z"}
    assert fb.last_modified == V2_AT == content_changed_at(history, PATTERNS, responder_id="r-kiri")


def test_last_modified_moves_when_a_shift_slides_out_of_the_window():
    a = night(4)
    left_at = a.end + timedelta(days=30)
    later = left_at + timedelta(hours=3)
    history = make_history([a, night(20)])
    assert feed_last_modified(history, PATTERNS, later, responder_id="r-kiri") == left_at.replace(
        microsecond=0
    )


def test_a_team_that_never_published_has_an_empty_feed_without_last_modified():
    fb = render_feed(FeedScope.TEAM, "team-apac", [], RESPONDERS, PATTERNS, NOW, team=TEAM)
    assert b"BEGIN:VEVENT" not in fb.body and fb.last_modified is None


# --- refusals ----------------------------------------------------------------------------------


def test_a_draft_is_refused_with_the_field_and_the_fix():
    draft = replace(make_version(1, week()), status=RotaStatus.DRAFT)
    with pytest.raises(InputError, match=r"status.*draft.*published"):
        person([draft])


def test_two_versions_with_the_same_number_are_refused():
    with pytest.raises(InputError, match="version"):
        person([make_version(1, week()), make_version(1, week(), id="other")])


def test_a_naive_now_is_refused():
    with pytest.raises(InputError, match="now"):
        person(make_history(week()), now=datetime(2026, 3, 20))


def test_a_shift_on_an_unknown_pattern_is_refused_naming_the_assignment():
    with pytest.raises(InputError, match=r"a-4.*pattern_id.*p-gone"):
        person(make_history([night(4, pattern_id="p-gone")]))


def test_a_personal_feed_for_someone_not_among_the_responders_is_refused():
    with pytest.raises(InputError, match="r-nobody"):
        person(make_history(week()), "r-nobody")


def test_a_team_feed_for_another_team_is_refused():
    with pytest.raises(InputError, match="team-other"):
        render_feed(FeedScope.TEAM, "team-other", make_history(week()), RESPONDERS, PATTERNS, NOW)


def test_instants_given_in_a_local_zone_are_read_as_elapsed_utc_time():
    utc_shift = night(4)
    sydney = ZoneInfo("Australia/Sydney")
    local_shift = replace(
        utc_shift, start=utc_shift.start.astimezone(sydney), end=utc_shift.end.astimezone(sydney)
    )
    assert (local_shift.end - local_shift.start) == timedelta(hours=14)  # the wall-clock pitfall
    body = person(make_history([local_shift]))
    assert body == person(make_history([utc_shift]))
    assert prop(vevents(body)[uid("a-4")], "DESCRIPTION").endswith("15 h")


def test_a_naive_or_backwards_shift_is_refused_naming_the_assignment():
    naive = night(4, start=datetime(2026, 4, 4, 6, 0))
    with pytest.raises(InputError, match=r"a-4.*start.*aware"):
        person(make_history([naive]))
    backwards = night(4)
    backwards = replace(backwards, end=backwards.start)
    with pytest.raises(InputError, match=r"a-4.*end.*after its start"):
        person(make_history([backwards]))


def test_a_custom_window_is_honoured():
    shifts = [night(4), night(20)]
    narrow = FeedWindow(days_back=0, days_ahead=20)  # NOW is 20 March: 4 April in, 20 April out
    assert set(vevents(person(make_history(shifts), window=narrow))) == {uid("a-4")}
