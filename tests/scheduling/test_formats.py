"""JSON scenario and rota formats: round trips, shipped schemas, refusals naming field and value."""

import json
from datetime import time, timedelta

import jsonschema
import pytest
from sched_factories import (
    START,
    day,
    local,
    make_demand,
    make_problem,
    make_shift,
    make_worker,
    model_forgets,
    run,
)

from scheduling import (
    CriticalIncident,
    DailyExposure,
    FormatError,
    History,
    PairingRequest,
    PastShift,
    Pin,
    Policy,
    Preference,
    ProblemError,
    SkillRequirement,
)
from scheduling.formats import (
    problem_from_json,
    problem_schema,
    problem_to_json,
    rota_from_json,
    rota_to_json,
    schema,
)


def rich_problem():
    w = make_worker(
        "a",
        zone="Asia/Kolkata",
        languages=frozenset({"hi", "en"}),
        skill_levels={"triage": ((START, 1), (day(2), 2))},
        unavailable=frozenset({day(3)}),
        holidays=frozenset({day(1)}),
        limits={
            "max_shifts_per_kind": {"night": 2},
            "night_window": (time(22), time(7)),
            "cleared_categories": frozenset({"c"}),
            "start_date": day(-3),
        },
    )
    s = make_shift(0)
    n = make_shift(1, 22, 8, "night")
    ds = [
        make_demand(
            s,
            required_skills=(SkillRequirement("triage", 1),),
            required_languages=frozenset({"hi"}),
            exposure_category="c",
            severity_weight=1.5,
            exposure_minutes=90,
            allow_shadows=True,
        ),
        make_demand(n, hard=False, under_weight=50, on_call=True),
    ]
    h = History(
        shifts=(PastShift("a", local(day(-1), 9), local(day(-1), 17), "day", "c", 1.0, 30, False),),
        daily_exposure=(DailyExposure("a", day(-2), 100),),
        critical_incidents=(CriticalIncident("a", local(day(-1), 12), waived=True),),
    )
    return make_problem(
        [w, make_worker("b", languages=frozenset({"en"}))],
        [s, n],
        ds,
        pol=Policy(disabled_rules=frozenset({"fairness"}), kind_order=("day", "night")),
        history=h,
        pins=(Pin("b", ds[1].id),),
        preferences=(Preference("a", False, 3, day=day(1)),),
        pairings=(PairingRequest("b", 1, mentor_ids=frozenset({"a"}), skill="triage"),),
        forbidden_successions=frozenset({("night", "day")}),
    )


def test_problem_json__round_trips_every_field():
    p = rich_problem()
    text = problem_to_json(p)
    assert json.loads(text)["format_version"] == 1
    assert problem_from_json(text) == p


def test_problem_json__output_matches_the_shipped_schema():
    jsonschema.validate(json.loads(problem_to_json(rich_problem())), schema("problem"))


def test_problem_schema__shipped_file_is_in_sync_with_the_dataclasses():
    assert schema("problem") == json.loads(json.dumps(problem_schema()))


def test_problem_json__wrong_format_version_is_refused():
    data = json.loads(problem_to_json(rich_problem()))
    data["format_version"] = 99
    with pytest.raises(FormatError) as exc:
        problem_from_json(data)
    assert exc.value.field == "format_version" and exc.value.value == 99


def test_problem_json__unknown_field_is_refused_with_its_path():
    data = json.loads(problem_to_json(rich_problem()))
    data["workers"][0]["colour"] = "red"
    with pytest.raises(FormatError) as exc:
        problem_from_json(data)
    assert exc.value.field == "workers[0].colour" and "remove" in str(exc.value)


def test_problem_json__naive_instant_is_refused_with_its_path():
    data = json.loads(problem_to_json(rich_problem()))
    data["shifts"][1]["start"] = "2026-04-07T22:00:00"
    with pytest.raises(FormatError) as exc:
        problem_from_json(data)
    assert exc.value.field == "shifts[1].start" and "offset" in str(exc.value)


def test_problem_json__wrong_types_and_missing_fields_are_refused():
    data = json.loads(problem_to_json(rich_problem()))
    data["demands"][0]["min_headcount"] = "two"
    with pytest.raises(FormatError) as exc:
        problem_from_json(data)
    assert exc.value.field == "demands[0].min_headcount" and exc.value.value == "two"
    data = json.loads(problem_to_json(rich_problem()))
    del data["workers"][1]["id"]
    with pytest.raises(FormatError) as exc:
        problem_from_json(data)
    assert exc.value.field == "workers[1].id"


def test_problem_json__well_formed_but_inconsistent_scenario_raises_problem_error():
    data = json.loads(problem_to_json(rich_problem()))
    data["workers"][0]["zone"] = "Nowhere/City"
    with pytest.raises(ProblemError) as exc:
        problem_from_json(data)
    assert "Nowhere/City" in str(exc.value)


def test_rota_json__round_trips_assignments_and_matches_the_schema():
    p = make_problem([make_worker("a"), make_worker("b")], [make_shift(0), make_shift(1)])
    r = run(p)
    text = rota_to_json(r)
    jsonschema.validate(json.loads(text), schema("rota"))
    assert rota_from_json(text) == r.assignments
    assert rota_from_json(rota_to_json(list(r.assignments))) == r.assignments


def test_rota_json__missing_assignments_is_refused():
    with pytest.raises(FormatError) as exc:
        rota_from_json('{"format_version": 1}')
    assert exc.value.field == "assignments"
    _ = timedelta


def test_rota_json__an_infeasible_result_carries_its_explanation():
    p = make_problem([make_worker()], [make_shift(0, 9, 8, sid="a"), make_shift(0, 10, 8, sid="b")])
    data = json.loads(rota_to_json(run(p)))
    jsonschema.validate(data, schema("rota"))
    assert data["status"] == "infeasible" and data["assignments"] == []
    assert data["explanation"] and all(e["message"] for e in data["explanation"])


def test_rota_json__an_invalid_result_says_so_and_carries_its_violations(monkeypatch):
    model_forgets(monkeypatch, "no-overlap")
    p = make_problem([make_worker()], [make_shift(0, 20, 8, sid="a"), make_shift(1, 2, 8, sid="b")])
    data = json.loads(rota_to_json(run(p)))
    jsonschema.validate(data, schema("rota"))
    assert data["status"] == "invalid" and len(data["assignments"]) == 2
    assert [v["rule_id"] for v in data["violations"]] == ["no-overlap"]
    assert data["violations"][0]["when"].startswith("2026-04-07T02:00")
    assert len(rota_from_json(data)) == 2  # still readable, e.g. by `tandem check`
