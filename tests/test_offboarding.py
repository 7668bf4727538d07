"""Offboarding keeps history and closes the door: the person's calendar link stops working."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rota.domain.responders import Responder
from rota.services import feeds, teams
from rota.storage import repo
from rota.storage.db import open_database

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def test_offboarding_revokes_the_persons_calendar_link_and_keeps_their_record(tmp_path):
    db = open_database(None, default_path=tmp_path / "t.sqlite")
    with db.session() as session:
        teams.seed_demo(session, NOW.date())
        link = feeds.issue_person_token(
            session, "aiko.tanaka@example.org", NOW, "http://127.0.0.1:8502"
        )
        token = link.https.rsplit("/", 1)[-1].removesuffix(".ics")
        assert feeds.lookup(session, token, NOW) is not None  # an empty calendar so far
        done = teams.offboard(session, "aiko-tanaka", last_day=date(2026, 12, 31), now=NOW)
    assert done.notes == ("revoked 1 calendar-feed link",)
    with db.session() as session:
        assert feeds.lookup(session, token, NOW) is None
        kept = repo.get(session, Responder, "aiko-tanaka")
        assert kept is not None and not kept.active and kept.end_date == date(2026, 12, 31)
        assert not feeds.feed_status(session, "aiko-tanaka").active
