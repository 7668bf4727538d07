"""Calendar-feed use cases on a real database, and the `tandem feeds` commands.

The demo team is seeded, then a tiny published rota is saved directly (no solver): a few shifts
of Aiko (Tokyo) and Daniel (Singapore) on the Asia on-call pattern.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from rota.calendar.tokens import hash_token
from rota.cli.main import main
from rota.domain.feed_tokens import FeedScope, FeedToken
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota, RotaKind, RotaStatus
from rota.errors import InputError, NotFoundError
from rota.services import feeds, teams
from rota.storage import repo

TEAM = "apac-ir"
TODAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
BASE = "https://tandem.example.org"
AIKO = "aiko.tanaka@example.org"
DANIEL = "daniel.koh@example.org"
URL_TOKEN = re.compile(r"/feeds/([A-Za-z0-9_-]+)\.ics")


# ---------------------------------------------------------------------------------------------
# Factories


def make_shift(id: str, responder_id: str, day: int, **overrides) -> Assignment:
    """A shift on the Asia on-call pattern (11:00-18:00 Singapore = 03:00-10:00 UTC)."""
    start = datetime(2026, 11, 2 + day, 3, 0, tzinfo=UTC)
    fields = dict(
        id=id,
        rota_id=f"{TEAM}-v1",
        responder_id=responder_id,
        pattern_id="oncall-asia",
        role="primary",
        start=start,
        end=start + timedelta(hours=7),
    )
    fields.update(overrides)
    return Assignment(**fields)


def make_version(version: int | None, shifts, published_at: datetime | None, **overrides) -> Rota:
    rota_id = overrides.pop("id", f"{TEAM}-v{version}")
    fields = dict(
        id=rota_id,
        team_id=TEAM,
        start=TODAY,
        end=TODAY + timedelta(days=13),
        status=RotaStatus.PUBLISHED,
        version=version,
        created_at=published_at or NOW,
        published_at=published_at,
        assignments=tuple(replace(a, rota_id=rota_id) for a in shifts),
    )
    fields.update(overrides)
    return Rota(**fields)


FIRST_SHIFTS = (
    make_shift("a-1", "aiko-tanaka", 1),
    make_shift("a-2", "aiko-tanaka", 2),
    make_shift("a-3", "daniel-koh", 1, role="secondary"),
    make_shift("a-4", "daniel-koh", 3),
)


def seed(database) -> None:
    """The demo team and version 1 of a tiny published rota."""
    with database.session() as session:
        teams.seed_demo(session, TODAY)
        repo.save_rota(session, make_version(1, FIRST_SHIFTS, NOW - timedelta(days=1)))


def token_of(url: str) -> str:
    return URL_TOKEN.search(url).group(1)


@pytest.fixture
def db(database):
    seed(database)
    return database


def call(db, service, *args, **kwargs):
    with db.session() as session:
        return service(session, *args, **kwargs)


# ---------------------------------------------------------------------------------------------
# Issue and look up


def test_issue_person_token__the_link_opens_the_responders_feed(db):
    link = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    assert link.https.startswith(f"{BASE}/feeds/") and link.https.endswith(".ics")
    assert link.webcal == "webcal" + link.https.removeprefix("https")
    found = call(db, feeds.lookup, token_of(link.https), NOW)
    assert found is not None
    calendar = icalendar.Calendar.from_ical(found.body)
    starts = sorted(e["dtstart"].dt for e in calendar.walk("VEVENT"))
    assert starts == [FIRST_SHIFTS[0].start, FIRST_SHIFTS[1].start]
    assert "Aiko Tanaka" in str(calendar["x-wr-calname"])


def test_issue_person_token__only_the_hash_is_stored(db):
    link = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    token = token_of(link.https)
    with db.session() as session:
        (record,) = repo.list_all(session, FeedToken, subject_id="aiko-tanaka")
    assert record.token_hash == hash_token(token) and token not in repr(record)
    assert token not in repr(link) and token not in str(link)


def test_issue_person_token__the_email_is_matched_case_insensitively(db):
    link = call(db, feeds.issue_person_token, "  Aiko.Tanaka@Example.ORG ", NOW, BASE)
    assert link.subject_id == "aiko-tanaka"


def test_issue_person_token__an_unknown_email_is_a_not_found_error_naming_it(db):
    with pytest.raises(NotFoundError, match="nobody@example.org"):
        call(db, feeds.issue_person_token, "nobody@example.org", NOW, BASE)


def test_issue_person_token__a_second_issue_revokes_the_first(db):
    first = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    second = call(db, feeds.issue_person_token, AIKO, NOW + timedelta(minutes=1), BASE)
    assert second.revoked_previous == 1
    assert call(db, feeds.lookup, token_of(first.https), NOW) is None
    assert call(db, feeds.lookup, token_of(second.https), NOW) is not None
    with db.session() as session:
        active = [
            t for t in repo.list_all(session, FeedToken, subject_id="aiko-tanaka") if t.active
        ]
    assert len(active) == 1


def test_rotate_person_token__old_link_is_404_new_link_works(db):
    old = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    new = call(db, feeds.rotate_person_token, "aiko-tanaka", NOW, BASE)
    assert token_of(old.https) != token_of(new.https)
    assert call(db, feeds.lookup, token_of(old.https), NOW) is None
    assert call(db, feeds.lookup, token_of(new.https), NOW) is not None


def test_rotate_person_token__creates_a_first_link_too(db):
    link = call(db, feeds.rotate_person_token, "daniel-koh", NOW, BASE)
    assert link.revoked_previous == 0
    assert call(db, feeds.lookup, token_of(link.https), NOW) is not None


def test_a_bad_base_url_changes_nothing(db):
    first = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    with pytest.raises(InputError, match="feed base URL"):
        call(db, feeds.issue_person_token, AIKO, NOW, "http://tandem.example.org")
    assert call(db, feeds.lookup, token_of(first.https), NOW) is not None
    with db.session() as session:
        assert len(repo.list_all(session, FeedToken)) == 1


def test_revoke_person__the_link_then_answers_none(db):
    link = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    assert call(db, feeds.revoke_person, AIKO, NOW) == 1
    assert call(db, feeds.lookup, token_of(link.https), NOW) is None
    assert call(db, feeds.revoke_person, AIKO, NOW) == 0


def test_lookup__unknown_and_malformed_tokens_are_none(db):
    assert call(db, feeds.lookup, "A" * 43, NOW) is None
    assert call(db, feeds.lookup, "../../etc/passwd", NOW) is None
    assert call(db, feeds.lookup, "", NOW) is None


def test_lookup__records_last_used_and_feed_status_shows_it_without_the_token(db):
    link = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    before = call(db, feeds.feed_status, "aiko-tanaka")
    assert before.active and before.created_at == NOW and before.last_used_at is None
    used_at = NOW + timedelta(hours=3)
    call(db, feeds.lookup, token_of(link.https), used_at)
    after = call(db, feeds.feed_status, "aiko-tanaka")
    assert after.last_used_at == used_at
    assert token_of(link.https) not in repr(after)
    assert hash_token(token_of(link.https)) not in repr(after)


def test_feed_status__no_link_then_revoked_counts(db):
    assert not call(db, feeds.feed_status, "aiko-tanaka").active
    call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    call(db, feeds.revoke_person, AIKO, NOW)
    status = call(db, feeds.feed_status, "aiko-tanaka")
    assert not status.active and status.revoked_count == 2


def test_team_feed_statuses__lists_who_has_a_personal_feed(db):
    call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    statuses = call(db, feeds.team_feed_statuses, TEAM)
    with_feed = [s.responder.id for s in statuses if s.status.active]
    assert with_feed == ["aiko-tanaka"]
    assert len(statuses) > 10


# ---------------------------------------------------------------------------------------------
# Team tokens


def test_team_tokens__several_may_be_active_and_each_opens_the_team_feed(db):
    first = call(db, feeds.issue_team_token, TEAM, NOW, BASE)
    second = call(db, feeds.issue_team_token, TEAM, NOW, BASE)
    assert first.scope is FeedScope.TEAM and second.revoked_previous == 0
    for link in (first, second):
        found = call(db, feeds.lookup, token_of(link.https), NOW)
        assert found is not None
        assert found.body.count(b"BEGIN:VEVENT") == len(FIRST_SHIFTS)
    assert len(call(db, feeds.team_links, TEAM)) == 2


def test_revoke_team__revokes_every_team_link_and_no_personal_one(db):
    personal = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    links = [call(db, feeds.issue_team_token, TEAM, NOW, BASE) for _ in range(2)]
    assert call(db, feeds.revoke_team, TEAM, NOW) == 2
    for link in links:
        assert call(db, feeds.lookup, token_of(link.https), NOW) is None
    assert call(db, feeds.lookup, token_of(personal.https), NOW) is not None


def test_revoke_team_token__revokes_only_that_link(db):
    keep = call(db, feeds.issue_team_token, TEAM, NOW, BASE)
    drop = call(db, feeds.issue_team_token, TEAM, NOW, BASE)
    call(db, feeds.revoke_team_token, TEAM, drop.token_id, NOW)
    assert call(db, feeds.lookup, token_of(drop.https), NOW) is None
    assert call(db, feeds.lookup, token_of(keep.https), NOW) is not None
    with pytest.raises(NotFoundError, match=drop.token_id):
        call(db, feeds.revoke_team_token, TEAM, drop.token_id, NOW)


def test_issue_team_token__an_unknown_team_is_a_not_found_error(db):
    with pytest.raises(NotFoundError, match="emea"):
        call(db, feeds.issue_team_token, "emea", NOW, BASE)


# ---------------------------------------------------------------------------------------------
# Offboarding, versions, downloads


def test_offboard_revoke__the_persons_links_stop_working(db):
    link = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    assert call(db, feeds.offboard_revoke, "aiko-tanaka", NOW) == 1
    assert call(db, feeds.lookup, token_of(link.https), NOW) is None
    assert call(db, feeds.offboard_revoke, "never-existed", NOW) == 0


def test_an_offboarded_responder_gets_no_new_link_and_no_feed(db):
    from rota.services import teams

    link = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    call(db, teams.offboard, "aiko-tanaka", last_day=TODAY, now=NOW)
    assert call(db, feeds.lookup, token_of(link.https), NOW) is None
    with pytest.raises(InputError, match="offboarded"):
        call(db, feeds.issue_person_token, AIKO, NOW, BASE)


def test_lookup__a_moved_shift_bumps_its_sequence_only(db):
    link = call(db, feeds.issue_person_token, AIKO, NOW, BASE)
    moved = replace(
        FIRST_SHIFTS[1],
        start=FIRST_SHIFTS[1].start + timedelta(days=1),
        end=FIRST_SHIFTS[1].end + timedelta(days=1),
    )
    with db.session() as session:
        old = repo.get(session, Rota, f"{TEAM}-v1")
        repo.save_rota(session, replace(old, status=RotaStatus.SUPERSEDED))
        repo.save_rota(session, make_version(2, (FIRST_SHIFTS[0], moved, *FIRST_SHIFTS[2:]), NOW))
    found = call(db, feeds.lookup, token_of(link.https), NOW)
    calendar = icalendar.Calendar.from_ical(found.body)
    sequences = {e["dtstart"].dt: int(e["sequence"]) for e in calendar.walk("VEVENT")}
    assert sequences == {FIRST_SHIFTS[0].start: 0, moved.start: 1}


def test_personal_ics__only_published_versions_reach_the_file(db):
    draft_shift = make_shift("a-9", "aiko-tanaka", 5)
    with db.session() as session:
        repo.save_rota(
            session,
            make_version(
                None,
                FIRST_SHIFTS + (draft_shift,),
                None,
                id=f"{TEAM}-draft",
                status=RotaStatus.DRAFT,
            ),
        )
    body = call(db, feeds.personal_ics, "aiko-tanaka", NOW)
    calendar = icalendar.Calendar.from_ical(body)
    starts = sorted(e["dtstart"].dt for e in calendar.walk("VEVENT"))
    assert starts == [FIRST_SHIFTS[0].start, FIRST_SHIFTS[1].start]


def test_personal_ics__same_data_gives_the_same_bytes(db):
    first = call(db, feeds.personal_ics, "aiko-tanaka", NOW)
    assert call(db, feeds.personal_ics, "aiko-tanaka", NOW + timedelta(minutes=5)) == first


def test_team_ics__carries_every_responders_shifts(db):
    body = call(db, feeds.team_ics, TEAM, NOW)
    summaries = [str(e["summary"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert len(summaries) == 4
    assert any("Aiko Tanaka" in s for s in summaries) and any("Daniel Koh" in s for s in summaries)


def test_team_ics__follows_the_timeline_through_a_version_for_one_shift(db):
    """An override of Aiko's day-1 shift (stored as the services do: covering that shift, with
    every place of it) changes that event only; the rest of version 1 stays published."""
    given = replace(FIRST_SHIFTS[0], responder_id="kenta-ishikawa")
    with db.session() as session:
        repo.save_rota(
            session,
            make_version(
                2,
                (given, FIRST_SHIFTS[2]),  # a-3: Daniel's secondary place on the same shift
                NOW,
                start=TODAY + timedelta(days=1),
                end=TODAY + timedelta(days=1),
                kind=RotaKind.OVERRIDE,
                covers=(given.shift,),
            ),
        )
    calendar = icalendar.Calendar.from_ical(call(db, feeds.team_ics, TEAM, NOW))
    events = calendar.walk("VEVENT")
    assert len(events) == 4  # the other shifts of version 1 are still published
    changed = [e for e in events if int(e["sequence"]) == 1]
    assert [str(e["summary"]).split(":")[0] for e in changed] == ["Kenta Ishikawa"]
    aiko = icalendar.Calendar.from_ical(call(db, feeds.personal_ics, "aiko-tanaka", NOW))
    assert [e["dtstart"].dt for e in aiko.walk("VEVENT")] == [FIRST_SHIFTS[1].start]
    kenta = icalendar.Calendar.from_ical(call(db, feeds.personal_ics, "kenta-ishikawa", NOW))
    assert [e["dtstart"].dt for e in kenta.walk("VEVENT")] == [given.start]


# ---------------------------------------------------------------------------------------------
# Reminders


def test_set_reminder__stores_the_minutes_and_the_personal_feed_carries_the_alarm(db, icaljs):
    saved = call(db, feeds.set_reminder, "aiko-tanaka", 45)
    assert saved.reminder_minutes == 45
    with db.session() as session:
        assert repo.get(session, Responder, "aiko-tanaka").reminder_minutes == 45
    calendar = icalendar.Calendar.from_ical(call(db, feeds.personal_ics, "aiko-tanaka", NOW))
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    for event in events:  # both on the on-call pattern's primary role
        assert str(event["transp"]) == "OPAQUE"
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm["trigger"].dt == timedelta(minutes=-45)
    body = call(db, feeds.personal_ics, "aiko-tanaka", NOW)
    assert body.count(b"TRIGGER:-PT45M\r\n") == 2
    assert {(e["valarms"], e["transp"]) for e in icaljs(body)["events"]} == {(1, "OPAQUE")}
    assert b"VALARM" not in call(db, feeds.team_ics, TEAM, NOW)
    assert b"VALARM" not in call(db, feeds.personal_ics, "daniel-koh", NOW)


def test_set_reminder__none_turns_it_off(db):
    call(db, feeds.set_reminder, "aiko-tanaka", 30)
    saved = call(db, feeds.set_reminder, "aiko-tanaka", None)
    assert saved.reminder_minutes is None
    assert b"VALARM" not in call(db, feeds.personal_ics, "aiko-tanaka", NOW)


def test_set_reminder__accepts_one_minute_to_one_week(db):
    assert call(db, feeds.set_reminder, "aiko-tanaka", 1).reminder_minutes == 1
    assert call(db, feeds.set_reminder, "aiko-tanaka", 10080).reminder_minutes == 10080


@pytest.mark.parametrize("minutes", [0, -15, 10081, 2.5, True])
def test_set_reminder__bad_minutes_are_an_input_error_naming_field_value_and_fix(db, minutes):
    call(db, feeds.set_reminder, "aiko-tanaka", 30)
    with pytest.raises(InputError) as raised:
        call(db, feeds.set_reminder, "aiko-tanaka", minutes)
    error = raised.value
    assert error.field == "reminder minutes" and error.value == minutes
    assert "1 to 10080" in error.fix and "reminder minutes" in str(error)
    with db.session() as session:  # nothing changed
        assert repo.get(session, Responder, "aiko-tanaka").reminder_minutes == 30


def test_set_reminder__an_unknown_responder_is_a_not_found_error(db):
    with pytest.raises(NotFoundError, match="r-nobody"):
        call(db, feeds.set_reminder, "r-nobody", 30)


# ---------------------------------------------------------------------------------------------
# CLI


def run_cli(*argv: str, env: dict[str, str]) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), environ=env, out=out, now=NOW)
    return code, out.getvalue()


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    from rota.storage.db import open_database

    home = tmp_path / "home"
    with open_database(None, default_path=home / "tandem.sqlite") as database:
        seed(database)
    return {"TANDEM_HOME": str(home)}


def test_cli_feeds_issue_person__prints_the_link_once_in_both_forms(cli_env, capsys):
    code, out = run_cli("feeds", "issue", "--person", AIKO, env=cli_env)
    assert code == 0, capsys.readouterr().err
    https = re.findall(r"http://127\.0\.0\.1:8502/feeds/[A-Za-z0-9_-]+\.ics", out)
    webcal = re.findall(r"webcal://127\.0\.0\.1:8502/feeds/[A-Za-z0-9_-]+\.ics", out)
    assert len(https) == 1 and len(webcal) == 1
    assert webcal[0] == "webcal" + https[0].removeprefix("http")
    assert "Aiko Tanaka" in out


def test_cli_feeds_issue_person__uses_the_configured_base_url(cli_env):
    env = {**cli_env, "TANDEM_FEED_BASE_URL": "https://tandem.example.org/cal/"}
    code, out = run_cli("feeds", "issue", "--person", AIKO, env=env)
    assert code == 0
    assert re.search(r"https://tandem\.example\.org/cal/feeds/[A-Za-z0-9_-]+\.ics", out)
    assert re.search(r"webcal://tandem\.example\.org/cal/feeds/[A-Za-z0-9_-]+\.ics", out)


def test_cli_feeds_issue_team__team_name_may_be_omitted_with_one_team(cli_env):
    code, out = run_cli("feeds", "issue", "--team", env=cli_env)
    assert code == 0 and "APAC Incident Response" in out
    assert len(re.findall(r"webcal://\S+/feeds/\S+\.ics", out)) == 1
    code, out = run_cli("feeds", "issue", "--team", TEAM, env=cli_env)
    assert code == 0 and "2 active team links" in out


def test_cli_feeds_revoke__person_and_team(cli_env):
    run_cli("feeds", "issue", "--person", AIKO, env=cli_env)
    run_cli("feeds", "issue", "--team", env=cli_env)
    code, out = run_cli("feeds", "revoke", "--person", AIKO, env=cli_env)
    assert code == 0 and "revoked 1 link" in out
    code, out = run_cli("feeds", "revoke", "--team", env=cli_env)
    assert code == 0 and "revoked 1 link" in out
    code, out = run_cli("feeds", "revoke", "--team", env=cli_env)
    assert code == 0 and "nothing changed" in out


def test_cli_feeds_issue__an_unknown_email_is_one_line_naming_it(cli_env, capsys):
    code, _ = run_cli("feeds", "issue", "--person", "nobody@example.org", env=cli_env)
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "nobody@example.org" in err


def test_cli_feeds_issue__person_or_team_is_required(cli_env, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_cli("feeds", "issue", env=cli_env)
    assert exit_info.value.code == 2


def test_cli_feeds_export__writes_a_file_that_icalendar_parses(cli_env, tmp_path):
    out_file = tmp_path / "aiko.ics"
    code, out = run_cli("feeds", "export", "--person", AIKO, "--out", str(out_file), env=cli_env)
    assert code == 0 and str(out_file) in out
    calendar = icalendar.Calendar.from_ical(out_file.read_bytes())
    starts = sorted(e["dtstart"].dt for e in calendar.walk("VEVENT"))
    assert starts == [FIRST_SHIFTS[0].start, FIRST_SHIFTS[1].start]
    assert "/feeds/" not in out  # an export needs no link


def test_cli_feeds_export__an_unwritable_file_is_one_clear_line(cli_env, tmp_path, capsys):
    target = tmp_path / "missing-dir" / "x.ics"
    code, _ = run_cli("feeds", "export", "--person", AIKO, "--out", str(target), env=cli_env)
    assert code == 1 and "--out" in capsys.readouterr().err
    assert not Path(target).exists()


def test_cli_feeds_reminder__sets_and_turns_off_by_email_or_id(cli_env):
    code, out = run_cli("feeds", "reminder", AIKO, "--minutes", "20", env=cli_env)
    assert code == 0 and "Aiko Tanaka" in out and "20 min" in out
    out_file = Path(cli_env["TANDEM_HOME"]) / "aiko.ics"
    run_cli("feeds", "export", "--person", AIKO, "--out", str(out_file), env=cli_env)
    assert out_file.read_bytes().count(b"TRIGGER:-PT20M\r\n") == 2
    code, out = run_cli("feeds", "reminder", "aiko-tanaka", "--off", env=cli_env)
    assert code == 0 and "no reminders" in out
    run_cli("feeds", "export", "--person", AIKO, "--out", str(out_file), env=cli_env)
    assert b"VALARM" not in out_file.read_bytes()


def test_cli_feeds_reminder__out_of_range_minutes_are_one_line_naming_the_field(cli_env, capsys):
    code, _ = run_cli("feeds", "reminder", AIKO, "--minutes", "0", env=cli_env)
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "reminder minutes" in err and "0" in err and "10080" in err


def test_cli_feeds_reminder__an_unknown_person_is_one_line_naming_them(cli_env, capsys):
    code, _ = run_cli("feeds", "reminder", "nobody", "--minutes", "5", env=cli_env)
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "nobody" in err


def test_cli_feeds_reminder__needs_minutes_or_off_but_not_both(cli_env):
    for argv in ([AIKO], [AIKO, "--minutes", "5", "--off"]):
        with pytest.raises(SystemExit) as exit_info:
            run_cli("feeds", "reminder", *argv, env=cli_env)
        assert exit_info.value.code == 2
