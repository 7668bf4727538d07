"""A real season on the demo team, as a lead runs it week after week.

Publish weeks 1–2, plan and publish week 3, re-plan week 2 after a sickness, re-plan week 2 again
unchanged, override one shift, swap two responders' shifts with a lead's approval, undo. After
every step the team feed, each personal feed (parsed by ical.js), the Me page's shifts and the
Rota page's published view hold exactly the current timeline, and the validator passes on the
whole timeline.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rota.calendar.feeds import event_uid
from rota.calendar.versions import DEFAULT_WINDOW, TEAM_WINDOW
from rota.domain.absences import Leave, LeaveKind
from rota.domain.feed_tokens import FeedScope
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.swaps import SwapState
from rota.domain.team import TeamRole
from rota.domain.timezones import zone
from rota.services import feeds, me, planning, published, rotas, teams
from rota.storage import repo

pytestmark = pytest.mark.slow

#: the injected clock: a Thursday morning in Singapore; the season starts the Monday after
NOW = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
LIMIT = 10.0


def next_monday(now: datetime) -> date:
    today = now.date()
    return today + timedelta(days=7 - today.weekday())


def _in(window, a, now) -> bool:
    first, last = window.bounds(now)
    return a.end > first and a.start < last


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def everyone_sees_the_timeline(database, team_id: str, now: datetime, icaljs) -> dict:
    """The team feed, every personal feed, Me and the Rota page hold exactly the current
    timeline, and the validator passes on all of it. Returns the team feed's SEQUENCE by UID."""
    with database.session() as session:
        timeline = published.current_timeline(session, team_id)
        people = [r for r in repo.list_all(session, Responder, team_id=team_id) if r.active]
        team_body = feeds.team_ics(session, team_id, now)
        personal = {r.id: feeds.personal_ics(session, r.id, now) for r in people}
        mine = {r.id: me.me(session, r.id, now=now, count=10_000) for r in people}
        page = rotas.rota_timeline(session, team_id, "published")
        violations = planning.validate_timeline(session, team_id)
    assert violations == [], violations[:3]
    current = {a.id: a for a in timeline.assignments}
    # the team feed: every current shift in its window, at its instants, and nothing else
    events = icaljs(team_body)["events"]
    in_feed = {e["uid"]: e for e in events}
    expected = {
        event_uid(FeedScope.TEAM, team_id, aid): a
        for aid, a in current.items()
        if _in(TEAM_WINDOW, a, now)
    }
    assert set(in_feed) == set(expected)
    for uid, e in in_feed.items():
        a = expected[uid]
        assert (_instant(e["start"]), _instant(e["end"])) == (a.start, a.end)
    # each personal feed: exactly that person's current shifts
    for r in people:
        uids = {e["uid"] for e in icaljs(personal[r.id])["events"]}
        theirs = {
            aid
            for aid, a in current.items()
            if a.responder_id == r.id and _in(DEFAULT_WINDOW, a, now)
        }
        assert uids == {event_uid(FeedScope.PERSON, r.id, aid) for aid in theirs}, r.name
        # Me: their upcoming published shifts are the timeline's
        shown = {s.assignment_id for s in mine[r.id].next_shifts if s.status == "published"}
        assert shown == {aid for aid in theirs if current[aid].end > now}, r.name
    # the Rota page's published view: the whole timeline, each row with the version that set it
    assert {row.assignment_id for row in page.rows} == set(current)
    by_id = {v.id: v.version for v in timeline.versions}
    assert all(row.version == by_id[current[row.assignment_id].rota_id] for row in page.rows)
    # the team feed's SEQUENCE, by assignment id
    return {expected[e["uid"]].id: e["sequence"] for e in events}


def test_a_season_on_the_demo_team_keeps_one_timeline_everywhere(database, icaljs):
    now = NOW
    week1 = next_monday(now)
    week2, week3 = week1 + timedelta(days=7), week1 + timedelta(days=14)
    with database.session() as session:
        team_id = teams.seed_demo(session, now.date()).team_id

    # 1. publish weeks 1-2
    with database.session() as session:
        first = planning.plan(session, team_id, week1, 2, now=now, time_limit=LIMIT)
        assert first.draft is not None and first.baseline is None
        v1 = planning.publish(session, team_id, now=now, by="lead")
    everyone_sees_the_timeline(database, team_id, now, icaljs)

    # 2. plan and publish week 3: weeks 1-2 stay published
    with database.session() as session:
        third = planning.plan(session, team_id, week3, 1, now=now, time_limit=LIMIT)
        assert third.draft is not None and third.changes == ()
        planning.publish(session, team_id, now=now, by="lead")
        timeline = published.current_timeline(session, team_id)
        patterns = {p.id: p for p in repo.list_all(session, ShiftPattern, team_id=team_id)}
        assert len(timeline.on_days(week1, week3 - timedelta(days=1), patterns)) == len(
            v1.assignments
        )
        assert timeline.first_day == week1 and timeline.last_day == week3 + timedelta(days=6)
    everyone_sees_the_timeline(database, team_id, now, icaljs)

    # 3. someone falls sick on Tuesday and Wednesday of week 2: re-plan week 2
    with database.session() as session:
        timeline = published.current_timeline(session, team_id)
        people = {r.id: r for r in repo.list_all(session, Responder, team_id=team_id)}
        tuesday = week2 + timedelta(days=1)

        def local_day(a):
            return a.start.astimezone(zone(people[a.responder_id].timezone)).date()

        held = [a for a in timeline.assignments if not a.shadow and local_day(a) == tuesday]
        sick = held[0].responder_id
        forced = [
            a
            for a in timeline.assignments
            if a.responder_id == sick and tuesday <= local_day(a) <= tuesday + timedelta(days=1)
        ]
        repo.save(
            session,
            Leave(f"sick-{sick}", sick, tuesday, tuesday + timedelta(days=1), LeaveKind.SICK),
        )
        again = planning.plan(session, team_id, week2, 1, now=now, time_limit=LIMIT)
        assert again.draft is not None
        changed = [c for c in again.changes if c.kind != "unchanged"]
        # only what the sickness forces, plus a few knock-on changes
        assert len([c for c in changed if c.before_responder_id == sick]) >= len(forced)
        assert len(changed) <= 2 * len(forced) + 6, changed
        assert all(
            c.after_responder_id != sick
            for c in again.changes
            if c.after_start
            and tuesday
            <= c.after_start.astimezone(zone(people[sick].timezone)).date()
            <= tuesday + timedelta(days=1)
        )
        planning.publish(session, team_id, now=now, by="lead")
    before = everyone_sees_the_timeline(database, team_id, now, icaljs)

    # 4. re-plan week 2 again, nothing having changed: nothing changes
    with database.session() as session:
        unchanged = planning.plan(session, team_id, week2, 1, now=now, time_limit=LIMIT)
        assert unchanged.changed == 0 and unchanged.kept_published
        planning.publish(session, team_id, now=now, by="lead")
    assert everyone_sees_the_timeline(database, team_id, now, icaljs) == before

    # 5. a lead overrides one shift of week 3: the feed keeps its UID and bumps its SEQUENCE
    with database.session() as session:
        timeline = published.current_timeline(session, team_id)
        for shift in [a for a in timeline.assignments if not a.shadow and a.start.date() >= week3]:
            offered = published.override_candidates(session, team_id, shift.id)
            if offered:
                break
        else:
            pytest.fail("nobody could take any shift of week 3")
        taker = offered[0].responder_id
        giver = shift.responder_id
        published.override(
            session,
            team_id,
            shift.id,
            taker,
            reason="giver is at a court hearing",
            now=now,
            by="lead",
        )
    after = everyone_sees_the_timeline(database, team_id, now, icaljs)
    uid = shift.id
    assert after[uid] == before[uid] + 1
    assert {u: s for u, s in after.items() if u != uid} == {
        u: s for u, s in before.items() if u != uid
    }
    with database.session() as session:
        assert (
            event_uid(FeedScope.PERSON, giver, shift.id)
            not in feeds.personal_ics(session, giver, now).decode()
        )
        assert (
            event_uid(FeedScope.PERSON, taker, shift.id)
            in feeds.personal_ics(session, taker, now).decode()
        )

    # 6. two responders trade shifts: asked, accepted, approved by a lead
    with database.session() as session:
        timeline = published.current_timeline(session, team_id)
        lead = next(
            r
            for r in repo.list_all(session, Responder, team_id=team_id)
            if r.team_role == TeamRole.LEAD
        )
        trade = None
        mine_first = [
            a
            for a in timeline.assignments
            if not a.shadow and a.start.date() >= week2 and a.responder_id != lead.id
        ]
        for a in mine_first[::7]:
            for colleague in published.swap_candidates(
                session, team_id, a.id, a.responder_id, now=now
            )[:3]:
                if colleague.responder_id == lead.id:
                    continue
                options = published.trade_options(
                    session, team_id, a.id, a.responder_id, colleague.responder_id, now=now
                )
                if options:
                    trade = (a, colleague.responder_id, options[0].assignment_id)
                    break
            if trade:
                break
        assert trade is not None, "no two responders could trade any shift"
        a, colleague_id, theirs = trade
        asked = published.request_swap(
            session,
            team_id,
            a.responder_id,
            a.id,
            colleague_id,
            now=now,
            their_assignment_id=theirs,
            reason="family visit",
        )
        step = published.answer_swap(session, asked.id, colleague_id, accept=True, now=now)
        assert step.swap.state == SwapState.ACCEPTED and step.version is None
        done = published.decide_swap(session, asked.id, approve=True, by=lead.id, now=now)
        assert done.swap.state == SwapState.APPROVED and done.version is not None
        timeline = published.current_timeline(session, team_id)
        assert timeline.find(a.id).responder_id == colleague_id
        assert timeline.find(theirs).responder_id == a.responder_id
    swapped = everyone_sees_the_timeline(database, team_id, now, icaljs)
    for moved in (a.id, theirs):
        assert swapped[moved] == after[moved] + 1

    # 7. undo the swap: both shifts go back, their SEQUENCE moves on again
    with database.session() as session:
        published.undo_last(session, team_id, now=now, by="lead")
        timeline = published.current_timeline(session, team_id)
        assert timeline.find(a.id).responder_id == a.responder_id
        assert timeline.find(theirs).responder_id == colleague_id
        states = {line.version: line.state for line in published.version_history(session, team_id)}
        assert states[done.version.version] == "superseded"
    everyone_sees_the_timeline(database, team_id, now, icaljs)
