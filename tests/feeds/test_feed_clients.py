"""Every generated feed parses in independent clients (ical.js, vobject) at the right instants.

Ground truth is Python's zoneinfo: each shift is defined by its local wall-clock times in a zone;
the instants ical.js and vobject read must be the same, across the 2026 and 2027 DST changes in
Sydney and Auckland and at +05:30 in Kolkata.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from feed_factories import (
    NOW,
    local_instants,
    make_assignment,
    make_history,
    make_pattern,
    make_responder,
    make_team,
)

from rota.calendar.feeds import event_uid, render_feed
from rota.calendar.versions import FeedWindow
from rota.domain.feed_tokens import FeedScope
from rota.domain.patterns import RoleDemand

WIDE = FeedWindow(days_back=400, days_ahead=500)

RESPONDERS = [
    make_responder(id="r-kiri", name="Kiri Tane", timezone="Australia/Sydney"),
    make_responder(
        id="r-mere", name="Mere Rāwiri", timezone="Pacific/Auckland", country="NZ", subdivision=None
    ),
    make_responder(
        id="r-anaya", name="Anaya Rao", timezone="Asia/Kolkata", country="IN", subdivision="KA"
    ),
]
PATTERNS = [
    make_pattern(
        id="p-syd-night",
        name="APAC high-severity",
        zone="Australia/Sydney",
        start=time(17),
        end=time(7),
    ),
    make_pattern(
        id="p-syd-late", name="Sydney late", zone="Australia/Sydney", start=time(22), end=time(6)
    ),
    make_pattern(
        id="p-syd-day",
        name="Sydney business hours",
        zone="Australia/Sydney",
        start=time(9),
        end=time(17),
    ),
    make_pattern(
        id="p-akl-night",
        name="Aotearoa overnight",
        zone="Pacific/Auckland",
        start=time(20),
        end=time(8),
    ),
    make_pattern(
        id="p-akl-early", name="Aotearoa early", zone="Pacific/Auckland", start=time(0), end=time(8)
    ),
    make_pattern(
        id="p-blr-day",
        name="Regulatory desk",
        zone="Asia/Kolkata",
        start=time(9),
        end=time(18),
        demands=(RoleDemand(role="regulatory desk"),),
    ),
]

SYD, AKL, BLR = "Australia/Sydney", "Pacific/Auckland", "Asia/Kolkata"

#: (assignment id, responder, pattern, zone, local start day, start, end, expected elapsed hours)
SHIFTS = [
    ("a-syd-before", "r-kiri", "p-syd-day", SYD, date(2026, 4, 3), time(9), time(17), 8),
    ("a-syd-april", "r-kiri", "p-syd-night", SYD, date(2026, 4, 4), time(17), time(7), 15),
    ("a-syd-after", "r-kiri", "p-syd-day", SYD, date(2026, 4, 6), time(9), time(17), 8),
    ("a-akl-april", "r-mere", "p-akl-night", AKL, date(2026, 4, 4), time(20), time(8), 13),
    ("a-akl-sept", "r-mere", "p-akl-early", AKL, date(2026, 9, 27), time(0), time(8), 7),
    ("a-syd-oct", "r-kiri", "p-syd-late", SYD, date(2026, 10, 3), time(22), time(6), 7),
    ("a-syd-2027", "r-kiri", "p-syd-night", SYD, date(2027, 4, 3), time(17), time(7), 15),
    ("a-akl-2027", "r-mere", "p-akl-night", AKL, date(2027, 4, 3), time(20), time(8), 13),
    ("a-blr", "r-anaya", "p-blr-day", BLR, date(2026, 12, 1), time(9), time(18), 9),
]
ZONE_OF = {sid: zone for sid, _, _, zone, *_ in SHIFTS}


def _assignments():
    result = []
    for sid, who, pattern, zone, day, start, end, _ in SHIFTS:
        s, e = local_instants(zone, day, start, end)
        role = "regulatory desk" if pattern == "p-blr-day" else "primary"
        result.append(
            make_assignment(id=sid, responder_id=who, pattern_id=pattern, role=role, start=s, end=e)
        )
    return result


def _feeds():
    versions = make_history(_assignments())
    feeds = {
        "team": (
            FeedScope.TEAM,
            "team-apac",
            render_feed(
                FeedScope.TEAM,
                "team-apac",
                versions,
                RESPONDERS,
                PATTERNS,
                NOW,
                team=make_team(),
                window=WIDE,
            ).body,
        ),
    }
    for r in RESPONDERS:
        feeds[r.id] = (
            FeedScope.PERSON,
            r.id,
            render_feed(
                FeedScope.PERSON, r.id, versions, RESPONDERS, PATTERNS, NOW, window=WIDE
            ).body,
        )
    return feeds


FEEDS = _feeds()


def _truth_by_uid(scope, subject):
    truth = {}
    for sid, who, _, zone, day, start, end, hours in SHIFTS:
        if scope is FeedScope.PERSON and who != subject:
            continue
        s, e = local_instants(zone, day, start, end)
        truth[event_uid(scope, subject, sid)] = (sid, s, e, hours)
    return truth


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_every_feed_parses_in_icaljs_with_each_instant_equal_to_zoneinfo_ground_truth(icaljs, name):
    scope, subject, body = FEEDS[name]
    parsed = icaljs(body)
    truth = _truth_by_uid(scope, subject)
    seen = {}
    for event in parsed["events"]:
        sid, start, end, hours = truth[event["uid"]]
        seen[sid] = (event["start"], event["end"], event["duration_seconds"])
        assert event["start_zone"] == "UTC" and event["end_zone"] == "UTC"
        assert (event["start"], event["end"]) == (_iso(start), _iso(end)), sid
        assert event["duration_seconds"] == hours * 3600, sid
    assert sorted(seen) == sorted(sid for sid, *_ in truth.values())


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_every_feed_reads_back_in_the_shift_zone_at_the_planned_wall_clock_times(icaljs, name):
    scope, subject, body = FEEDS[name]
    planned = {sid: (day, start, end) for sid, _, _, _, day, start, end, _ in SHIFTS}
    for event in icaljs(body)["events"]:
        sid = _truth_by_uid(scope, subject)[event["uid"]][0]
        tz = ZoneInfo(ZONE_OF[sid])
        start = datetime.fromisoformat(event["start"]).astimezone(tz)
        end = datetime.fromisoformat(event["end"]).astimezone(tz)
        day, start_time, end_time = planned[sid]
        assert (start.date(), start.time(), end.time()) == (day, start_time, end_time), sid


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_every_feed_validates_in_vobject_with_each_instant_equal_to_ground_truth(name):
    scope, subject, body = FEEDS[name]
    calendar = vobject.readOne(body.decode("utf-8"), validate=True)
    truth = _truth_by_uid(scope, subject)
    events = calendar.contents.get("vevent", [])
    assert len(events) == len(truth)
    for vevent in events:
        sid, start, end, hours = truth[vevent.uid.value]
        assert vevent.dtstart.value == start and vevent.dtend.value == end, sid
        assert vevent.dtstart.value.utcoffset() == timedelta(0)
        assert (vevent.dtend.value - vevent.dtstart.value) == timedelta(hours=hours), sid


def test_overnight_sydney_shift_across_the_april_change_lasts_15_hours_elapsed_in_icaljs(icaljs):
    _, _, body = FEEDS["r-kiri"]
    uid = event_uid(FeedScope.PERSON, "r-kiri", "a-syd-april")
    (event,) = [e for e in icaljs(body)["events"] if e["uid"] == uid]
    assert event["start"] == "2026-04-04T06:00:00Z"  # 17:00 AEDT (+11)
    assert event["end"] == "2026-04-04T21:00:00Z"  # 07:00 AEST (+10)
    assert event["duration_seconds"] == 15 * 3600


def test_kolkata_shift_starts_at_the_half_hour_in_utc_in_icaljs(icaljs):
    _, _, body = FEEDS["r-anaya"]
    (event,) = icaljs(body)["events"]
    assert (event["start"], event["end"]) == ("2026-12-01T03:30:00Z", "2026-12-01T12:30:00Z")
    assert event["summary"] == "Regulatory desk — Regulatory desk"


def test_icaljs_reads_the_calendar_properties_clients_use(icaljs):
    _, _, body = FEEDS["team"]
    calendar = icaljs(body)["calendar"]
    assert (
        calendar["name_property"]
        == calendar["x_wr_calname"]
        == "Tandem on-call — APAC Incident Response"
    )
    assert calendar["refresh_interval"] == "PT1H"
    assert calendar["refresh_interval_type"] == "duration"
    assert calendar["x_published_ttl"] == "PT1H"
    assert calendar["vtimezones"] == 0
    assert calendar["prodid"] == "-//Tandem//On-call rota feeds//EN"


def test_icaljs_sees_transparent_events_without_alarms_and_with_deterministic_stamps(icaljs):
    _, _, body = FEEDS["team"]
    events = icaljs(body)["events"]
    assert len(events) == len(SHIFTS)
    for event in events:
        assert event["transp"] == "TRANSPARENT"
        assert event["valarms"] == 0
        assert event["sequence"] == 0
        assert event["dtstamp"] == event["last_modified"] == "2026-03-01T09:30:15Z"


def test_icaljs_reads_an_empty_feed_of_a_responder_without_shifts(icaljs):
    versions = make_history(_assignments())
    extra = make_responder(id="r-sione", name="Sione Vea", timezone="Pacific/Auckland")
    body = render_feed(
        FeedScope.PERSON, "r-sione", versions, [*RESPONDERS, extra], PATTERNS, NOW
    ).body
    assert icaljs(body)["events"] == []
    assert vobject.readOne(body.decode("utf-8"), validate=True).name == "VCALENDAR"


def test_icaljs_and_vobject_see_a_moved_shift_as_the_same_event_with_a_higher_sequence(icaljs):
    v1 = _assignments()
    moved = [
        replace(a, start=a.start + timedelta(hours=1)) if a.id == "a-syd-april" else a for a in v1
    ]
    before = render_feed(
        FeedScope.TEAM,
        "team-apac",
        make_history(v1),
        RESPONDERS,
        PATTERNS,
        NOW,
        team=make_team(),
        window=WIDE,
    ).body
    after = render_feed(
        FeedScope.TEAM,
        "team-apac",
        make_history(v1, moved),
        RESPONDERS,
        PATTERNS,
        NOW,
        team=make_team(),
        window=WIDE,
    ).body
    old = {e["uid"]: e for e in icaljs(before)["events"]}
    new = {e["uid"]: e for e in icaljs(after)["events"]}
    assert set(old) == set(new)
    uid = event_uid(FeedScope.TEAM, "team-apac", "a-syd-april")
    assert (old[uid]["sequence"], new[uid]["sequence"]) == (0, 1)
    assert new[uid]["start"] == "2026-04-04T07:00:00Z" and new[uid]["duration_seconds"] == 14 * 3600
    assert new[uid]["last_modified"] == new[uid]["dtstamp"] == "2026-03-02T09:30:15Z"
    assert {k: v for k, v in old.items() if k != uid} == {k: v for k, v in new.items() if k != uid}
    vevent = next(
        e
        for e in vobject.readOne(after.decode("utf-8"), validate=True).vevent_list
        if e.uid.value == uid
    )
    assert vevent.sequence.value == "1"
