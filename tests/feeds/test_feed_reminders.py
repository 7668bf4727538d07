"""On-call shifts show as busy, and a responder may ask for a reminder (VALARM) before them.

The reminder is ``Responder.reminder_minutes``: a VALARM (ACTION:DISPLAY, DESCRIPTION,
TRIGGER:-PT<minutes>M) on each of their on-call shifts in their personal feed; never in the team
feed, never on a shift that is not on call.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, time, timedelta
from pathlib import Path

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
    prop,
    vevents,
)

from rota.calendar.feeds import MAX_REMINDER_MINUTES, check_reminder_minutes, event_uid, render_feed
from rota.domain.feed_tokens import FeedScope
from rota.domain.patterns import RoleDemand
from rota.errors import InputError

JS_DIR = Path(__file__).resolve().parents[1] / "js"

KIRI = make_responder(id="r-kiri", name="Kiri Tane", reminder_minutes=30)
MERE = make_responder(id="r-mere", name="Mere Rāwiri", timezone="Pacific/Auckland", country="NZ")
NIGHT = make_pattern()  # primary and secondary on call, "high-severity review" not
DESK = make_pattern(
    id="p-desk",
    name="Regulatory desk",
    start=time(9),
    end=time(17),
    kind="day",
    demands=(RoleDemand(role="regulatory desk"),),
)
PATTERNS = [NIGHT, DESK]
TEAM = make_team()


def shift(sid: str, day: int, *, who: str = "r-kiri", pattern=NIGHT, role="primary", **kw):
    start, end = local_instants("Australia/Sydney", date(2026, 4, day), pattern.start, pattern.end)
    return make_assignment(
        id=sid, responder_id=who, pattern_id=pattern.id, role=role, start=start, end=end, **kw
    )


SHIFTS = [
    shift("a-primary", 4),
    shift("a-secondary", 6, role="secondary"),
    shift("a-shadow", 8, shadow=True),
    shift("a-review", 10, role="high-severity review"),
    shift("a-desk", 13, pattern=DESK, role="regulatory desk"),
    shift("a-mere", 4, who="r-mere", role="secondary"),
]
ON_CALL = {"a-primary", "a-secondary", "a-shadow"}
VERSIONS = make_history(SHIFTS)


def person(who="r-kiri", people=(KIRI, MERE), versions=VERSIONS):
    return render_feed(FeedScope.PERSON, who, versions, people, PATTERNS, NOW).body


def team(people=(KIRI, MERE)):
    return render_feed(FeedScope.TEAM, TEAM.id, VERSIONS, people, PATTERNS, NOW, team=TEAM).body


def by_shift(body: bytes, scope=FeedScope.PERSON, subject="r-kiri") -> dict[str, bytes]:
    blocks = vevents(body)
    return {
        sid: blocks[event_uid(scope, subject, sid)]
        for sid in (s.id for s in SHIFTS)
        if event_uid(scope, subject, sid) in blocks
    }


def alarms(block: bytes) -> list[bytes]:
    return [part.split(b"END:VALARM")[0] for part in block.split(b"BEGIN:VALARM\r\n")[1:]]


# --- TRANSP ------------------------------------------------------------------------------------


def test_on_call_shifts_are_opaque_in_a_personal_feed_and_every_other_shift_transparent():
    events = by_shift(person())
    assert {sid: prop(b, "TRANSP") for sid, b in events.items()} == {
        "a-primary": "OPAQUE",
        "a-secondary": "OPAQUE",
        "a-shadow": "OPAQUE",  # a shadow place on an on-call demand: on call alongside
        "a-review": "TRANSPARENT",
        "a-desk": "TRANSPARENT",
    }


def test_the_team_feed_shows_other_peoples_shifts_as_transparent_even_on_call():
    events = vevents(team())
    assert len(events) == len(SHIFTS)
    assert {prop(b, "TRANSP") for b in events.values()} == {"TRANSPARENT"}


def test_a_role_the_pattern_does_not_demand_is_not_on_call():
    odd = shift("a-odd", 4, role="observer")
    events = vevents(person(versions=make_history([odd])))
    (block,) = events.values()
    assert prop(block, "TRANSP") == "TRANSPARENT" and b"VALARM" not in block


# --- VALARM ------------------------------------------------------------------------------------


def test_a_responder_with_reminder_minutes_gets_one_display_alarm_on_each_on_call_shift():
    events = by_shift(person())
    for sid, block in events.items():
        found = alarms(block)
        if sid not in ON_CALL:
            assert found == [], sid
            continue
        (alarm,) = found
        assert prop(alarm, "ACTION") == "DISPLAY"
        assert prop(alarm, "TRIGGER") == "-PT30M"
        assert prop(alarm, "DESCRIPTION") == f"In 30 min: {prop(block, 'SUMMARY')}"


def test_the_trigger_is_written_in_minutes_as_chosen():
    for minutes, text in ((1, "-PT1M"), (90, "-PT90M"), (MAX_REMINDER_MINUTES, "-PT10080M")):
        body = person(people=(make_responder(reminder_minutes=minutes), MERE))
        (alarm,) = alarms(by_shift(body)["a-primary"])
        assert prop(alarm, "TRIGGER") == text


def test_a_responder_without_reminder_minutes_gets_no_alarm():
    body = person(people=(make_responder(reminder_minutes=None), MERE))
    assert b"VALARM" not in body
    assert b"VALARM" not in person("r-mere")


def test_the_team_feed_carries_no_alarms_even_for_responders_with_reminders():
    people = (KIRI, make_responder(id="r-mere", name="Mere Rāwiri", reminder_minutes=15))
    assert b"VALARM" not in team(people)


def test_turning_a_reminder_on_changes_the_bytes_but_not_the_uid_or_sequence_of_any_event():
    off = vevents(person(people=(make_responder(reminder_minutes=None), MERE)))
    on = vevents(person())
    assert set(on) == set(off) and on != off
    assert {prop(b, "SEQUENCE") for b in on.values()} == {"0"}


def test_a_feed_with_alarms_is_still_byte_identical_for_the_same_data():
    assert person() == person()


def test_a_stored_reminder_out_of_range_is_refused_naming_the_field():
    with pytest.raises(InputError, match=r"r-kiri.*reminder_minutes.*0.*10080"):
        person(people=(make_responder(reminder_minutes=0), MERE))


@pytest.mark.parametrize("value", [0, -5, MAX_REMINDER_MINUTES + 1, 1.5, True, "30"])
def test_check_reminder_minutes_refuses_anything_but_none_or_1_to_10080(value):
    with pytest.raises(InputError) as raised:
        check_reminder_minutes(value)
    assert raised.value.field == "reminder minutes" and raised.value.value == value
    assert "10080" in raised.value.fix


def test_vobject_validates_a_feed_with_alarms():
    calendar = vobject.readOne(person().decode("utf-8"), validate=True)
    with_alarm = [e for e in calendar.vevent_list if "valarm" in e.contents]
    assert len(with_alarm) == len(ON_CALL)
    for event in with_alarm:
        (alarm,) = event.contents["valarm"]
        assert alarm.trigger.value == timedelta(minutes=-30)


# --- ical.js -------------------------------------------------------------------------------------

#: Reads an ICS document on stdin with ical.js and prints, per event, its UID, start, TRANSP and
#: each alarm's action, description, trigger (as written and in seconds) and the instant it fires.
ALARMS_JS = r"""
import ICAL from "ical.js";
let source = "";
for await (const chunk of process.stdin) source += chunk;
const root = new ICAL.Component(ICAL.parse(source));
const iso = (t) => t.toJSDate().toISOString().replace(".000Z", "Z");
const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    start: iso(event.startDate),
    transp: vevent.getFirstPropertyValue("transp"),
    alarms: vevent.getAllSubcomponents("valarm").map((valarm) => {
      const trigger = valarm.getFirstProperty("trigger");
      const fires = event.startDate.clone();
      fires.addDuration(trigger.getFirstValue());
      return {
        action: valarm.getFirstPropertyValue("action"),
        description: valarm.getFirstPropertyValue("description"),
        trigger: trigger.getFirstValue().toString(),
        trigger_type: trigger.type,
        related: trigger.getParameter("related") || "START",
        seconds: trigger.getFirstValue().toSeconds(),
        fires: iso(fires),
      };
    }),
  };
});
process.stdout.write(JSON.stringify(events));
"""


@pytest.fixture(scope="module")
def icaljs_alarms(icaljs):
    """Parse ICS bytes with ical.js (Thunderbird's parser), alarms included; ``icaljs`` first
    makes sure node and the pinned ical.js are there (or skips, failing in CI)."""
    node = shutil.which("node")

    def parse(body: bytes) -> dict[str, dict]:
        done = subprocess.run(
            [node, "--input-type=module", "-e", ALARMS_JS],
            input=body,
            cwd=JS_DIR,  # resolves "ical.js" from tests/js/node_modules
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        return {e["uid"]: e for e in json.loads(done.stdout)}

    return parse


def test_icaljs_reads_each_reminder_as_a_display_alarm_firing_the_chosen_minutes_before_start(
    icaljs, icaljs_alarms
):
    people = (make_responder(reminder_minutes=90), MERE)
    body = person(people=people)
    events = icaljs_alarms(body)
    assert {e["valarms"] for e in icaljs(body)["events"]} == {0, 1}
    for s in SHIFTS:
        if s.responder_id != "r-kiri":
            continue
        event = events[event_uid(FeedScope.PERSON, "r-kiri", s.id)]
        if s.id not in ON_CALL:
            assert event["alarms"] == [] and event["transp"] == "TRANSPARENT", s.id
            continue
        assert event["transp"] == "OPAQUE"
        (alarm,) = event["alarms"]
        assert alarm["action"] == "DISPLAY" and alarm["description"].startswith("In 1 h 30 min: ")
        assert (alarm["trigger_type"], alarm["related"]) == ("duration", "START")
        assert alarm["seconds"] == -90 * 60
        fires = (s.start - timedelta(minutes=90)).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert alarm["fires"] == fires, s.id


def test_icaljs_finds_no_alarm_in_the_team_feed(icaljs):
    events = icaljs(team())["events"]
    assert len(events) == len(SHIFTS)
    assert {(e["valarms"], e["transp"]) for e in events} == {(0, "TRANSPARENT")}
