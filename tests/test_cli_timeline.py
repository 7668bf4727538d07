"""`tandem` on the one published timeline: plan and publish windows, see the shifts and the
versions, override a shift, swap one, undo; every bad input is one clear line and exit 1.

The clock is fixed (``NOW``) and every date is computed from it. Most tests start from a copy of
one SQLite database, made once for the module, where the demo team's next two weeks are planned
and published (one version each); the first test plans and publishes on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rota.cli.main import main
from rota.services import published, rotas, teams
from rota.storage.db import open_database

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)  # a Sunday
MONDAY = NOW.date() + timedelta(days=7 - NOW.weekday())  # the Monday after NOW
NEXT_MONDAY = MONDAY + timedelta(days=7)
TEAM = "apac-ir"
LEAD = "arjun-pillai"  # the demo team's lead
SOLVER = ("--weeks", "1", "--time-limit", "5", "--seed", "1")


def tandem(env: dict[str, str], *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), environ=env, out=out, now=NOW)
    return code, out.getvalue()


def plan_and_publish(env: dict[str, str], start) -> tuple[str, str]:
    code, planned = tandem(env, "plan", "--start", str(start), *SOLVER)
    assert code == 0, planned
    code, done = tandem(env, "publish")
    assert code == 0, done
    return planned, done


def plan_and_publish_two_weeks(env: dict[str, str]) -> list[str]:
    """Seed the demo team, then plan and publish the week from ``MONDAY`` and the next one:
    what `tandem` printed (plan, publish, plan, publish)."""
    assert tandem(env, "demo")[0] == 0
    return [*plan_and_publish(env, MONDAY), *plan_and_publish(env, NEXT_MONDAY)]


def database_of(env: dict[str, str]):
    return open_database(None, default_path=Path(env["TANDEM_HOME"]) / "tandem.sqlite")


@pytest.fixture(scope="module")
def _two_weeks_printed(tmp_path_factory) -> tuple[Path, list[str]]:
    home = tmp_path_factory.mktemp("two-weeks") / "home"
    return home, plan_and_publish_two_weeks({"TANDEM_HOME": str(home)})


@pytest.fixture(scope="module")
def _two_published_weeks(_two_weeks_printed) -> Path:
    """A TANDEM_HOME (SQLite) where the demo team's next two weeks are published as versions 1
    and 2."""
    return _two_weeks_printed[0]


@pytest.fixture
def env(_two_published_weeks: Path, tmp_path: Path) -> dict[str, str]:
    """A copy of the database with two published weeks, for one test to change."""
    home = tmp_path / "home"
    shutil.copytree(_two_published_weeks, home)
    return {"TANDEM_HOME": str(home)}


@pytest.fixture(scope="module")
def override_pick(_two_published_weeks: Path):
    """(assignment, candidate): a published shift of the first week and someone who could take
    it (the same in every copy of the database)."""
    return a_shift_someone_else_could_take(
        {"TANDEM_HOME": str(_two_published_weeks)}, first_week=True
    )


@pytest.fixture(scope="module")
def swap_pick(_two_published_weeks: Path):
    """(assignment, colleague): a published shift and a colleague who could take it."""
    return a_shift_someone_else_could_take({"TANDEM_HOME": str(_two_published_weeks)}, swap=True)


def email_of(env: dict[str, str], responder_id: str) -> str:
    with database_of(env).session() as session:
        people = teams.list_responders(session, TEAM, include_inactive=True)
    return next(r.email for r in people if r.id == responder_id)


def a_shift_someone_else_could_take(
    env: dict[str, str], *, swap: bool = False, first_week: bool = False
):
    """A published shift not yet started, not the lead's, and a colleague (not the lead) who
    could take it keeping every hard rule: (assignment, candidate). ``first_week``: a shift of
    the week from ``MONDAY``."""
    first_week_ends = datetime.combine(MONDAY + timedelta(days=6), datetime.min.time(), UTC)
    with database_of(env).session() as session:
        timeline = published.current_timeline(session, TEAM)
        for a in timeline.assignments:
            if a.shadow or a.start <= NOW or a.responder_id == LEAD:
                continue
            if first_week and a.start >= first_week_ends:
                continue
            if swap:
                found = published.swap_candidates(session, TEAM, a.id, a.responder_id, now=NOW)
            else:
                found = published.override_candidates(session, TEAM, a.id)
            found = [c for c in found if c.responder_id != LEAD]
            if found:
                return a, found[0]
    raise AssertionError("no published shift anyone else could take")


def holder_of(env: dict[str, str], assignment_id: str) -> str:
    with database_of(env).session() as session:
        return published.current_timeline(session, TEAM).find(assignment_id).responder_id


def versions(env: dict[str, str]) -> list:
    with database_of(env).session() as session:
        return published.version_history(session, TEAM)


def swap_id_in(text: str) -> str:
    found = re.search(r"\(swap (swap-\w+)", text)
    assert found, text
    return found.group(1)


# ---------------------------------------------------------------------------------------------
# plan and publish


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_two_windows_planned_and_published_both_stay_published_and_shifts_lists_both(
    backend, request, tmp_path
):
    if backend == "sqlite":  # the module's database, planned and published once
        home, printed = request.getfixturevalue("_two_weeks_printed")
        env = {"TANDEM_HOME": str(home)}
    else:
        url = request.getfixturevalue("postgres_schema_factory")()
        env = {"TANDEM_DATABASE_URL": url, "TANDEM_HOME": str(tmp_path / "home")}
        printed = plan_and_publish_two_weeks(env)
    planned, first, _, second = printed
    assert "nothing was published on these days" in planned
    assert "version 1" in first and "earlier and later weeks stay as published" in first
    assert "version 2" in second

    code, history = tandem(env, "versions")
    assert code == 0
    rows = [line.split() for line in history.splitlines() if re.match(r"^\d+\s", line)]
    assert [r[0] for r in rows] == ["2", "1"]
    assert all("plan" in r and "current" in r for r in rows)

    last = NEXT_MONDAY + timedelta(days=6)
    code, shifts = tandem(env, "shifts", "--from", str(MONDAY), "--to", str(last))
    assert code == 0
    assert "v1 plan" in shifts and "v2 plan" in shifts
    assert f"{MONDAY:%d %b %Y}" in shifts and f"{NEXT_MONDAY:%d %b %Y}" in shifts
    ids = re.findall(r"^([0-9a-f-]{36}) ", shifts, re.M)
    assert len(ids) == len(set(ids)) > 100


def test_replanning_a_published_week_the_solver_cannot_improve_keeps_every_assignment(env):
    # first the week as a re-plan leaves it: a re-plan keeps every published assignment but may
    # still add places (e.g. shadow shifts) the first plan had no time to find
    plan_and_publish(env, NEXT_MONDAY)
    code, planned = tandem(env, "plan", "--start", str(NEXT_MONDAY), *SOLVER)
    assert code == 0, planned
    assert "keeps every published assignment of the window" in planned
    code, preview = tandem(env, "publish", "--dry-run")
    assert code == 0 and "no published shift changes" in preview


def test_publish_dry_run_shows_each_persons_gains_and_losses_and_publishes_nothing(
    env, override_pick
):
    a, candidate = override_pick
    assert tandem(env, "plan", "--start", str(MONDAY), *SOLVER)[0] == 0
    with database_of(env).session() as session:
        draft = rotas.publish_preview(session, TEAM).draft
        assert rotas.reassign(session, TEAM, a.id, candidate.responder_id, draft.id).saved

    code, preview = tandem(env, "publish", "--dry-run")
    assert code == 0, preview
    assert "1 given to someone else" in preview
    after_candidate = preview.split(f"{candidate.name} ({candidate.zone}):", 1)[1]
    assert after_candidate.lstrip().startswith("+ gains")
    assert "- loses" in preview
    assert "dry run" in preview and "nothing was published" in preview
    assert len(versions(env)) == 2 and holder_of(env, a.id) == a.responder_id

    code, done = tandem(env, "publish", "--draft", draft.id)
    assert code == 0 and "version 3" in done
    assert holder_of(env, a.id) == candidate.responder_id


def test_planning_over_a_hand_edited_draft_asks_for_replace_in_one_line(env, capsys):
    assert tandem(env, "plan", "--start", str(MONDAY), *SOLVER)[0] == 0
    with database_of(env).session() as session:
        draft = rotas.publish_preview(session, TEAM).draft
        assert rotas.set_pinned(session, TEAM, draft.assignments[0].id, True, draft.id).saved
    capsys.readouterr()

    code, _ = tandem(env, "plan", "--start", str(MONDAY), *SOLVER)
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "1 hand edit" in err and "add --replace" in err

    code, planned = tandem(env, "plan", "--start", str(MONDAY), "--replace", *SOLVER)
    assert code == 0, planned
    assert "stored draft" in planned


# ---------------------------------------------------------------------------------------------
# override and undo


def test_an_override_gives_the_shift_to_someone_else_with_the_reason_in_the_history(
    env, override_pick
):
    a, candidate = override_pick
    code, out = tandem(
        env,
        "override",
        a.id,
        "--to",
        email_of(env, candidate.responder_id),
        "--reason",
        "covering a dentist visit",
    )
    assert code == 0, out
    assert "published version 3" in out and candidate.name in out
    assert holder_of(env, a.id) == candidate.responder_id
    newest = versions(env)[0]
    assert newest.kind == "override" and "covering a dentist visit" in newest.note
    code, shifts = tandem(env, "shifts", "--person", candidate.responder_id)
    line = next(x for x in shifts.splitlines() if x.startswith(a.id))
    assert "v3 override" in line


def test_an_override_without_a_reason_is_refused_naming_the_option_and_changes_nothing(
    env, capsys, override_pick
):
    a, candidate = override_pick
    code, _ = tandem(env, "override", a.id, "--to", candidate.responder_id)
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "--reason" in err
    assert len(versions(env)) == 2 and holder_of(env, a.id) == a.responder_id


def test_override_candidates_lists_who_could_take_the_shift_and_changes_nothing(env, override_pick):
    a, candidate = override_pick
    code, out = tandem(env, "override", a.id[:8], "--candidates")
    assert code == 0, out
    assert "keeping every hard rule" in out and candidate.responder_id in out
    assert "nothing was changed" in out
    assert len(versions(env)) == 2


def test_an_override_that_breaks_a_hard_rule_is_refused_with_the_rule_in_plain_words(env):
    with database_of(env).session() as session:
        timeline = published.current_timeline(session, TEAM)
        a = next(x for x in timeline.assignments if x.start > NOW and not x.shadow)
        refused = next(
            c
            for c in published.override_candidates(session, TEAM, a.id, with_refused=True)
            if not c.ok
        )
    code, out = tandem(env, "override", a.id, "--to", refused.responder_id, "--reason", "try")
    assert code == 1
    assert "nothing was changed" in out and "  - " in out and refused.name in out
    assert len(versions(env)) == 2 and holder_of(env, a.id) == a.responder_id


def test_undo_puts_an_overridden_shift_back_as_a_new_version(env, override_pick):
    a, candidate = override_pick
    assert tandem(env, "override", a.id, "--to", candidate.responder_id, "--reason", "r")[0] == 0
    code, out = tandem(env, "undo", "--as", LEAD)
    assert code == 0, out
    assert "published version 4" in out and "undo of version 3" in out
    assert holder_of(env, a.id) == a.responder_id
    assert [v.kind for v in versions(env)][:2] == ["undo", "override"]


def test_undo_refuses_when_the_last_version_is_a_plan_and_says_to_replan(env, capsys):
    code, _ = tandem(env, "undo")
    err = capsys.readouterr().err
    assert code == 1 and "version 2 (plan)" in err and "re-plan" in err
    assert len(versions(env)) == 2


# ---------------------------------------------------------------------------------------------
# swaps


def test_a_swap_asked_accepted_by_the_colleague_and_approved_by_a_lead_is_published(
    env, capsys, swap_pick
):
    a, colleague = swap_pick
    code, listed = tandem(env, "swap", "candidates", a.id, "--as", a.responder_id)
    assert code == 0 and colleague.responder_id in listed

    code, asked = tandem(
        env,
        "swap",
        "request",
        a.id,
        "--as",
        email_of(env, a.responder_id),
        "--with",
        colleague.name,
        "--reason",
        "family visit",
    )
    assert code == 0, asked
    swap = swap_id_in(asked)
    code, listed = tandem(env, "swap", "list", "--open")
    assert swap in listed and "requested" in listed and "family visit" in listed

    # a lead decides only once the colleague has accepted
    assert tandem(env, "swap", "decide", swap, "--approve", "--as", LEAD)[0] == 1
    assert "accepted" in capsys.readouterr().err

    code, accepted = tandem(env, "swap", "accept", swap, "--as", colleague.responder_id)
    assert code == 0 and "waiting for a lead" in accepted
    assert holder_of(env, a.id) == a.responder_id

    code, decided = tandem(env, "swap", "decide", swap, "--approve", "--as", LEAD)
    assert code == 0, decided
    assert "approved and published as version 3" in decided
    assert holder_of(env, a.id) == colleague.responder_id
    assert versions(env)[0].kind == "swap"
    code, listed = tandem(env, "swap", "list", "--as", colleague.responder_id)
    assert swap in listed and "approved" in listed


def test_the_colleague_and_the_lead_each_decline_in_their_own_words(env, swap_pick):
    a, colleague = swap_pick
    me = a.responder_id
    asked = tandem(env, "swap", "request", a.id, "--as", me, "--with", colleague.responder_id)[1]
    first = swap_id_in(asked)
    code, out = tandem(env, "swap", "decline", first, "--as", colleague.responder_id)
    assert code == 0 and "declined" in out

    asked = tandem(env, "swap", "request", a.id, "--as", me, "--with", colleague.responder_id)[1]
    second = swap_id_in(asked)
    assert tandem(env, "swap", "accept", second, "--as", colleague.responder_id)[0] == 0
    code, out = tandem(env, "swap", "decide", second, "--decline", "--as", LEAD, "--note", "no")
    assert code == 0 and "declined" in out
    assert holder_of(env, a.id) == me and len(versions(env)) == 2

    asked = tandem(env, "swap", "request", a.id, "--as", me, "--with", colleague.responder_id)[1]
    third = swap_id_in(asked)
    code, out = tandem(env, "swap", "cancel", third, "--as", me)
    assert code == 0 and "withdrawn" in out
    code, listed = tandem(env, "swap", "list")
    states = {line.split()[0]: line.split()[1] for line in listed.splitlines()[2:]}
    assert states == {first: "declined", second: "declined", third: "cancelled"}


def test_with_auto_approve_on_an_accepted_swap_is_published_at_once(env, swap_pick):
    code, out = tandem(env, "swap", "auto-approve", "on")
    assert code == 0 and "auto-approves" in out
    a, colleague = swap_pick
    asked = tandem(
        env, "swap", "request", a.id, "--as", a.responder_id, "--with", colleague.responder_id
    )[1]
    code, out = tandem(env, "swap", "accept", swap_id_in(asked), "--as", colleague.responder_id)
    assert code == 0 and "published as version 3" in out
    assert holder_of(env, a.id) == colleague.responder_id


def test_only_a_lead_other_than_the_two_people_swapping_decides(env, capsys, swap_pick):
    a, colleague = swap_pick
    asked = tandem(
        env, "swap", "request", a.id, "--as", a.responder_id, "--with", colleague.responder_id
    )[1]
    swap = swap_id_in(asked)
    assert tandem(env, "swap", "accept", swap, "--as", colleague.responder_id)[0] == 0
    capsys.readouterr()
    code, _ = tandem(env, "swap", "decide", swap, "--approve", "--as", colleague.responder_id)
    assert code == 1 and "a lead other than the two people swapping" in capsys.readouterr().err
    assert holder_of(env, a.id) == a.responder_id


# ---------------------------------------------------------------------------------------------
# bad inputs: one line naming the field, the value and the fix; exit 1; never a traceback


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["override", "no-such-shift", "--to", LEAD, "--reason", "r"], ["no-such-shift", "shifts"]),
        (["override", "{aid}", "--to", "nobody@example.org", "--reason", "r"], ["nobody", "--to"]),
        (["override", "{aid}", "--reason", "r"], ["--to", "--candidates"]),
        (["swap", "candidates", "no-such-shift", "--as", LEAD], ["no-such-shift", "shifts"]),
        (["swap", "request", "{aid}", "--as", "{holder}", "--with", "zed"], ["zed", "--with"]),
        (["swap", "accept", "swap-nope", "--as", LEAD], ["swap-nope", "swap list"]),
        (["shifts", "--person", "ghost"], ["ghost", "--person"]),
        (
            ["shifts", "--from", str(NEXT_MONDAY), "--to", str(MONDAY)],
            ["--to", str(MONDAY), str(NEXT_MONDAY)],
        ),
        (
            ["plan", "--start", str(NOW.date() - timedelta(days=7)), *SOLVER],
            ["start", str(NOW.date() - timedelta(days=7)), "today", str(NOW.date())],
        ),
        (["publish", "--draft", "no-such-draft"], ["no-such-draft"]),
    ],
)
def test_a_bad_input_is_one_line_naming_it_and_the_fix_with_exit_1(env, capsys, argv, named):
    with database_of(env).session() as session:
        a = next(x for x in published.current_timeline(session, TEAM).assignments if x.start > NOW)
    argv = [x.format(aid=a.id, holder=a.responder_id) for x in argv]
    code, out = tandem(env, *argv)
    err = capsys.readouterr().err
    assert code == 1, out
    assert err.startswith("tandem: error:") and err.count("\n") == 1, err
    assert all(word in err for word in named), err
    assert "Traceback" not in err + out
    assert len(versions(env)) == 2
