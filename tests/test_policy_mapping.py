"""One policy, mapped to the engine field by field: every team policy field reaches the engine,
each exactly where the table says (issue 12)."""

import dataclasses

import pytest

import scheduling as engine
from rota.planning import engine_policy as planning
from rota.policy.team_policy import POLICY_FIELDS, resolve_policy

NAMES = [f.name for f in POLICY_FIELDS]


def test_every_team_policy_field_is_mapped_to_the_engine_or_named_as_read_elsewhere():
    mapped = set(planning.ENGINE_POLICY_FIELDS)
    elsewhere = set(planning.POLICY_FIELDS_ELSEWHERE)
    assert mapped.isdisjoint(elsewhere)
    assert mapped | elsewhere == set(NAMES)


def test_every_mapping_names_a_field_of_the_engines_policy_once():
    engine_fields = {f.name for f in dataclasses.fields(engine.Policy)}
    targets = [target for target, _ in planning.ENGINE_POLICY_FIELDS.values()]
    assert len(targets) == len(set(targets))
    assert set(targets) <= engine_fields


def _changed(field) -> object:
    """A different valid value of ``field``."""
    if isinstance(field.default, bool):
        return not field.default
    step = 1 if isinstance(field.default, int) else 0.5
    value = field.default + step
    if field.maximum is not None and value > field.maximum:
        value = field.default - step
    return type(field.default)(value)


@pytest.mark.parametrize("name", sorted(planning.ENGINE_POLICY_FIELDS))
def test_changing_a_team_limit_changes_exactly_its_engine_field(name):
    field = next(f for f in POLICY_FIELDS if f.name == name)
    before = planning.engine_policy(resolve_policy({}))
    after = planning.engine_policy(resolve_policy({name: _changed(field)}))
    target, _ = planning.ENGINE_POLICY_FIELDS[name]
    differ = {
        f.name
        for f in dataclasses.fields(engine.Policy)
        if getattr(before, f.name) != getattr(after, f.name)
    }
    assert differ == {target}


def test_the_severity_weights_reach_the_engine_through_each_demand():
    from rota.domain.patterns import Severity

    effective = resolve_policy({"extreme_severity_weight": 2.0, "medium_severity_weight": 0.75})
    assert planning.severity_weight(Severity.EXTREME, effective) == 2.0
    assert planning.severity_weight(Severity.MEDIUM, effective) == 0.75
