from __future__ import annotations

import pytest

from rota.errors import InputError
from rota.policy.team_policy import POLICY_FIELDS, resolve_policy


def test_every_policy_field_names_its_source_and_kind():
    for f in POLICY_FIELDS:
        assert f.source.strip(), f.name
        assert f.kind in {"hard", "soft", "soft + hard", "definition", "warning"}, f.name


def test_defaults_are_the_documented_wellbeing_numbers():
    p = resolve_policy({})
    assert p["max_high_severity_hours_per_day"] == 4
    assert (
        p["high_severity_hours_per_7_days_target"],
        p["high_severity_hours_per_7_days_ceiling"],
    ) == (16, 20)
    assert p["min_rest_hours"] == 11
    assert p["max_on_call_share_28_days"] == 0.25
    assert p["critical_incident_recovery_hours"] == 24


def test_judgement_calls_are_marked_as_such():
    judged = {f.name for f in POLICY_FIELDS if f.judgement}
    assert "max_high_severity_hours_per_day" in judged
    assert "min_rest_hours" not in judged


def test_a_team_override_replaces_the_default():
    assert resolve_policy({"min_rest_hours": 12})["min_rest_hours"] == 12


def test_an_unknown_policy_field_is_refused_with_the_known_names():
    with pytest.raises(InputError, match="min_rest_hours"):
        resolve_policy({"min_rest": 12})


def test_a_negative_limit_is_refused_naming_field_and_value():
    with pytest.raises(InputError, match=r"policy.min_rest_hours: -1"):
        resolve_policy({"min_rest_hours": -1})


def test_a_target_above_its_ceiling_is_refused():
    with pytest.raises(InputError, match="ceiling"):
        resolve_policy({"consecutive_nights_target": 5})


def test_the_policy_document_lists_every_field_with_its_source():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "policy.md").read_text(encoding="utf-8")
    for f in POLICY_FIELDS:
        assert f"`{f.name}`" in text and f.source in text, f.name
