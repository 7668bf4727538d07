"""From the demo team to the engine's problem and back: plans that hold, impossible ones told."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest

import scheduling as engine
from rota.cli.main import main
from rota.demo import build_demo, impossible_leave, japanese_blackout_week
from rota.planning.engine_policy import engine_policy
from rota.planning.problem import build_problem
from rota.planning.snapshot import PlanRequest, TeamSnapshot
from rota.planning.violations import rule_statement
from rota.services import planning, teams
from rota.storage.db import open_database

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 30)


def snapshot(**overrides) -> TeamSnapshot:
    data = build_demo(TODAY)
    fields = dict(
        team=data.team,
        responders=data.responders,
        patterns=data.shift_patterns,
        leave=data.leave,
        incidents=data.incidents,
        exposure=data.exposure,
        skills=data.skills,
        assessments=data.assessments,
        tracks=data.tracks,
        mentoring=data.mentoring,
    )
    fields.update(overrides)
    return TeamSnapshot(**fields)


@pytest.fixture
def database(tmp_path):
    db = open_database(None, default_path=tmp_path / "t.sqlite")
    with db.session() as session:
        teams.seed_demo(session, TODAY)
    return db


def test_every_pattern_occurrence_becomes_a_utc_shift_with_its_role_demands():
    problem, index = build_problem(snapshot(), PlanRequest(MONDAY, 1))
    tokyo = [s for s in problem.shifts if s.id.startswith("lang-ja@")]
    assert len(tokyo) == 5  # weekdays only
    assert tokyo[0].start == datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # 09:00 Asia/Tokyo
    assert {d.role for d in problem.demands if d.shift_id == tokyo[0].id} == {
        "language desk (Japanese)"
    }
    assert all(s.start.tzinfo is UTC for s in problem.shifts)
    assert index.shift_pattern[tokyo[0].id] == "lang-ja"


def test_only_covering_speakers_count_as_speaking_a_language():
    problem, _ = build_problem(snapshot(), PlanRequest(MONDAY, 1))
    data = build_demo(TODAY)
    for worker, person in zip(problem.workers, data.responders, strict=True):
        assert worker.languages == {ls.language for ls in person.languages if ls.covers}


def test_leave_and_non_working_days_make_a_responder_unavailable():
    data = build_demo(TODAY)
    entry = data.leave[0]
    problem, _ = build_problem(
        snapshot(), PlanRequest(entry.start - timedelta(days=entry.start.weekday()), 2)
    )
    worker = next(w for w in problem.workers if w.id == entry.responder_id)
    assert entry.start in worker.unavailable


def test_australian_responders_need_agreement_to_work_public_holidays():
    problem, _ = build_problem(snapshot(), PlanRequest(MONDAY, 1))
    sydney = [w for w in problem.workers if w.zone == "Australia/Sydney"]
    assert sydney and not any(w.limits.holiday_work_agreed for w in sydney)


def test_the_team_policy_reaches_the_engine_in_minutes():
    policy = engine_policy(
        {
            **__import__("rota.policy.team_policy", fromlist=["resolve_policy"]).resolve_policy({}),
            "min_rest_hours": 12,
        }
    )
    assert policy.min_rest_minutes == 720
    assert policy.max_exposure_minutes_per_day == 240
    assert policy.max_on_call_percent == 25


def test_the_documented_defaults_equal_the_engines_defaults():
    from rota.policy.team_policy import resolve_policy

    ours = engine_policy(resolve_policy({}))
    theirs = engine.Policy(kind_order=ours.kind_order)
    assert ours == theirs


def test_the_exposure_log_becomes_history_for_rolling_windows():
    problem, _ = build_problem(snapshot(), PlanRequest(MONDAY, 1))
    assert problem.history.daily_exposure
    assert all(e.day < MONDAY for e in problem.history.daily_exposure)
    assert problem.history.critical_incidents


def test_trainees_in_the_shadow_stage_ask_for_shadow_shifts_with_their_mentors():
    problem, _ = build_problem(snapshot(), PlanRequest(MONDAY, 2))
    pairing = {p.trainee_id: p for p in problem.pairings}
    assert "kavya-shetty" in pairing
    assert "vikram-hegde" in pairing["kavya-shetty"].mentor_ids
    assert pairing["kavya-shetty"].wanted_shifts >= 2


def test_a_repair_request_closes_every_place_outside_the_sickness_window():
    freeze = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
    thaw = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
    request = PlanRequest(MONDAY, 1, freeze=freeze, thaw=thaw)
    problem, _ = build_problem(snapshot(), request)
    starts = {s.id: s.start for s in problem.shifts}
    off = {(p.worker_id, p.demand_id, p.shadow) for p in problem.pins if not p.assigned}
    assert any(d.allow_shadows for d in problem.demands)
    for d in problem.demands:
        inside = freeze <= starts[d.shift_id] < thaw
        for w in problem.workers:
            assert ((w.id, d.id, False) in off) is not inside, (w.id, d.id)
            if d.allow_shadows:  # no shadow shift is added outside the window either
                assert ((w.id, d.id, True) in off) is not inside, (w.id, d.id)


def test_a_week_when_every_japanese_speaker_is_away_is_impossible_and_says_why():
    data = build_demo(TODAY)
    first, _last = japanese_blackout_week(TODAY)
    snap = snapshot(leave=data.leave + impossible_leave(data, TODAY))
    problem, _ = build_problem(snap, PlanRequest(first, 1))
    result = engine.solve(problem, time_limit=60, workers=2, seed=1)
    assert result.status == engine.Status.INFEASIBLE
    # the root cause first: every Japanese desk slot of the week in one line, then the leave
    first_line = result.explanation[0]
    assert first_line.rule_id == "unfillable-slots" and "speaking ja" in first_line.message
    assert first_line.count == 5
    rules = {e.rule_id for e in result.explanation}
    assert "availability" in rules
    speakers = {r.id for r in data.responders if r.speaks("ja")}
    assert speakers <= set(first_line.workers)
    named = {w for e in result.explanation for w in e.workers}
    assert speakers <= named


def test_skill_levels_hold_on_a_workers_first_local_day_before_the_start():
    # a block cut in Auckland time starts the evening before in Bengaluru: same levels that day
    problem, _ = build_problem(snapshot(), PlanRequest(MONDAY, 1))
    day_before = MONDAY - timedelta(days=1)
    levels = [(w, skill, steps) for w in problem.workers for skill, steps in w.skill_levels.items()]
    assert levels and all(steps[0][0] <= day_before for _, _, steps in levels)
    assert any(w.level(skill, day_before) > 0 for w, skill, _ in levels)


@pytest.mark.slow
def test_the_demo_teams_next_four_weeks_plan_with_no_violations_and_publish(database):
    with database.session() as session:
        outcome = planning.plan(
            session, "apac-ir", MONDAY, 4, now=NOW, time_limit=90, workers=2, seed=1
        )
    assert outcome.result.has_rota
    assert outcome.violations == ()
    assert outcome.draft is not None and len(outcome.draft.assignments) > 100
    with database.session() as session:
        published = planning.publish(session, "apac-ir", now=NOW)
        assert published.version == 1
        assert planning.validate_rota(session, published) == []


def test_scenario_export_solve_and_check_round_trip_and_tampering_is_named(tmp_path, capsys):
    env = {"TANDEM_HOME": str(tmp_path / "home")}
    out = io.StringIO()
    assert main(["demo"], environ=env, now=NOW, out=out) == 0
    scenario = tmp_path / "scenario.json"
    rota = tmp_path / "rota.json"
    assert (
        main(
            ["scenario", "export", "--start", "2026-11-30", "--weeks", "1", "--out", str(scenario)],
            environ=env,
            now=NOW,
            out=out,
        )
        == 0
    )
    assert (
        main(
            ["solve", str(scenario), "--out", str(rota), "--time-limit", "40"],
            environ=env,
            now=NOW,
            out=out,
        )
        == 0
    )
    checked = io.StringIO()
    assert main(["check", str(scenario), str(rota)], environ=env, now=NOW, out=checked) == 0
    assert "0 violations" in checked.getvalue()

    # Tamper: a reviewer on the weekday high-severity queue also takes a second queue of the
    # same shift: two overlapping shifts, and more than 4 weighted high-severity hours that day.
    from scheduling import formats

    problem = formats.problem_from_json(scenario.read_text())
    data = json.loads(rota.read_text())
    queue = next(a for a in data["assignments"] if a["shift_id"].startswith("hs-review-weekday@"))
    other = next(
        d for d in problem.demands if d.shift_id == queue["shift_id"] and d.id != queue["demand_id"]
    )
    tampered = {
        **data,
        "assignments": data["assignments"] + [{**queue, "demand_id": other.id, "role": other.role}],
    }
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(tampered))
    report = io.StringIO()
    assert main(["check", str(scenario), str(bad)], environ=env, now=NOW, out=report) == 1
    text = report.getvalue()
    assert "[no-overlap]" in text and "[exposure-per-day]" in text
    name = next(w.name for w in problem.workers if w.id == queue["worker_id"])
    assert name in text


def test_planning_the_impossible_demo_week_exits_2_and_names_each_speakers_leave(tmp_path):
    env = {"TANDEM_HOME": str(tmp_path / "home")}
    seeded = io.StringIO()
    assert main(["demo", "--impossible"], environ=env, now=NOW, out=seeded) == 0
    first, _last = japanese_blackout_week(NOW.date())
    assert str(first) in seeded.getvalue()
    out = io.StringIO()
    code = main(
        ["plan", "--start", str(first), "--weeks", "1", "--time-limit", "60"],
        environ=env,
        now=NOW,
        out=out,
    )
    text = out.getvalue()
    assert code == 2
    # the root cause first, every slot of the week in one line, then each speaker's leave
    lines = [line for line in text.splitlines() if line.startswith("  - ")]
    assert "Japanese language desk, 5 slots every day" in lines[0]
    assert "nobody available speaking Japanese" in lines[0]
    assert "Aiko Tanaka is on annual leave" in text
    assert "Any of these would make a rota possible" in text


def test_a_time_limit_too_short_for_any_rota_says_unknown_and_what_was_tried(tmp_path):
    env = {"TANDEM_HOME": str(tmp_path / "home")}
    assert main(["demo"], environ=env, now=NOW, out=io.StringIO()) == 0
    out = io.StringIO()
    code = main(
        ["plan", "--start", "2026-11-30", "--weeks", "4", "--time-limit", "0.05"],
        environ=env,
        now=NOW,
        out=out,
    )
    assert code == 1
    assert "status: unknown" in out.getvalue() and "--time-limit" in out.getvalue()


# ---------------------------------------------------------------------------------------------
# Never valid when broken: solve, plan and publish refuse a rota that breaks a hard rule


def model_forgets(monkeypatch, rule_id: str) -> None:
    """The CP-SAT model leaves out ``rule_id``; the independent validator keeps it (a stand-in
    for a defect of the model, which then returns rotas breaking that rule)."""
    import scheduling.rules as rules

    monkeypatch.setattr(rules, "RULES", tuple(r for r in rules.RULES if r.id != rule_id))


def next_monday(now: datetime) -> date:
    today = now.date()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def overlapping_scenario() -> engine.Problem:
    """Asha in Tokyo must take both shifts; they overlap 18:00-20:00 UTC (local days differ)."""
    first = date(2026, 12, 7)
    late = engine.ShiftInstance(
        "late", "late", datetime(2026, 12, 7, 10, tzinfo=UTC), datetime(2026, 12, 7, 20, tzinfo=UTC)
    )
    night = engine.ShiftInstance(
        "night",
        "night",
        datetime(2026, 12, 7, 18, tzinfo=UTC),
        datetime(2026, 12, 8, 2, tzinfo=UTC),
    )
    return engine.Problem(
        start=first,
        days=2,
        workers=(engine.Worker("asha", "Asha Rao", "Asia/Tokyo"),),
        shifts=(late, night),
        demands=tuple(engine.Demand(f"{s.id}:review", s.id, "review") for s in (late, night)),
        policy=engine.Policy(
            enabled_rules=frozenset({"coverage", "pins", "no-overlap", "shifts-per-day"})
        ),
    )


def test_solve__a_rota_breaking_a_hard_rule_exits_4_names_each_violation_and_is_marked_invalid(
    tmp_path, monkeypatch
):
    from scheduling import formats

    scenario, rota = tmp_path / "scenario.json", tmp_path / "rota.json"
    scenario.write_text(formats.problem_to_json(overlapping_scenario()))
    model_forgets(monkeypatch, "no-overlap")
    out = io.StringIO()
    code = main(
        ["solve", str(scenario), "--out", str(rota), "--time-limit", "5"], environ={}, out=out
    )
    text = out.getvalue()
    assert code == 4, text
    assert "status: invalid" in text and "not a usable rota" in text
    line = next(x for x in text.splitlines() if "[no-overlap]" in x)
    assert "Asha Rao" in line and "asha " not in line  # the name, not the id
    assert "Asia/Tokyo" in line and "UTC" in line  # the shift in local and UTC time
    assert rule_statement("no-overlap") in line  # the rule in words
    data = json.loads(rota.read_text())
    assert data["status"] == "invalid" and data["violations"][0]["rule_id"] == "no-overlap"


def test_solve__an_impossible_scenario_writes_a_rota_file_with_the_explanation_and_exits_2(
    tmp_path,
):
    import jsonschema

    from scheduling import formats

    scenario, rota = tmp_path / "scenario.json", tmp_path / "rota.json"
    scenario.write_text(formats.problem_to_json(overlapping_scenario()))
    out = io.StringIO()
    code = main(
        ["solve", str(scenario), "--out", str(rota), "--time-limit", "5"], environ={}, out=out
    )
    assert code == 2, out.getvalue()
    data = json.loads(rota.read_text())
    jsonschema.validate(data, formats.schema("rota"))
    assert data["status"] == "infeasible" and data["assignments"] == []
    assert "no-overlap" in {e["rule_id"] for e in data["explanation"]}
    assert f"wrote {rota}" in out.getvalue()


def test_plan__a_rota_breaking_a_hard_rule_stores_nothing_publishable_and_exits_4(
    tmp_path, monkeypatch
):
    env = {"TANDEM_HOME": str(tmp_path / "home")}
    assert main(["demo"], environ=env, now=NOW, out=io.StringIO()) == 0
    model_forgets(monkeypatch, "coverage")  # the model forgets to staff the shifts
    start = next_monday(NOW)
    out = io.StringIO()
    code = main(
        ["plan", "--start", str(start), "--weeks", "1", "--time-limit", "10"],
        environ=env,
        now=NOW,
        out=out,
    )
    text = out.getvalue()
    assert code == 4, text
    assert "status: invalid" in text and "[coverage]" not in text  # plain words, not ids
    assert rule_statement("coverage") in text
    assert "Nothing was stored" in text and "tandem publish" not in text
    published = io.StringIO()
    assert main(["publish"], environ=env, now=NOW, out=published) == 1  # no draft to publish
    with open_database(None, default_path=tmp_path / "home" / "tandem.sqlite").session() as s:
        assert planning.published_versions(s, "apac-ir") == []


def test_publish__after_leave_recorded_for_an_assigned_person_is_refused_naming_them_and_shift(
    tmp_path,
):
    from rota.domain.absences import Leave
    from rota.domain.patterns import ShiftPattern
    from rota.domain.responders import Responder
    from rota.domain.rotas import RotaStatus
    from rota.domain.timezones import zone
    from rota.storage import repo

    env = {"TANDEM_HOME": str(tmp_path / "home")}
    assert main(["demo"], environ=env, now=NOW, out=io.StringIO()) == 0
    start = next_monday(NOW)
    planned = io.StringIO()
    code = main(
        ["plan", "--start", str(start), "--weeks", "1", "--time-limit", "10", "--seed", "1"],
        environ=env,
        now=NOW,
        out=planned,
    )
    assert code == 0, planned.getvalue()
    database = open_database(None, default_path=tmp_path / "home" / "tandem.sqlite")
    with database.session() as session:
        draft = repo.latest_rota(session, "apac-ir", RotaStatus.DRAFT)
        a = next(x for x in sorted(draft.assignments, key=lambda x: x.start) if not x.shadow)
        person = repo.get(session, Responder, a.responder_id)
        pattern = repo.get(session, ShiftPattern, a.pattern_id)
        day = a.start.astimezone(zone(person.timezone)).date()
        repo.save(session, Leave("sick-since-planning", person.id, day, day, note="after plan"))

    out = io.StringIO()
    code = main(["publish"], environ=env, now=NOW, out=out)
    text = out.getvalue()
    assert code == 1, text
    assert "nothing was published" in text
    line = next(x for x in text.splitlines() if person.name in x and "unavailable" in x)
    assert pattern.name in line and a.role in line  # the shift, by name and role
    local = a.start.astimezone(zone(person.timezone))
    assert f"{local:%a %d %b %H:%M}" in line and f"{a.start:%H:%M}" in line and "UTC" in line
    assert rule_statement("availability") in line
    with database.session() as session:
        assert planning.published_versions(session, "apac-ir") == []
        assert repo.latest_rota(session, "apac-ir", RotaStatus.DRAFT).id == draft.id
    database.close()
