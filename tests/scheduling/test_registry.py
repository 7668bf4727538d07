"""Meta-tests keep the registry honest: ids, docstrings, sources, validator checks, tests."""

import pathlib
import re

from scheduling import RULE_IDS, RULES
from scheduling.validate import CHECKS

TESTS = pathlib.Path(__file__).parent


def test_registry__rule_ids_are_unique_and_kebab_case():
    assert len(set(RULE_IDS)) == len(RULE_IDS)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in RULE_IDS)


def test_registry__every_rule_states_itself_its_source_and_its_kind():
    for rule in RULES:
        doc = rule.doc
        assert rule.summary.strip(), rule.id
        assert "Source:" in doc, rule.id
        kind = doc.split("Kind:", 1)[1].lower() if "Kind:" in doc else ""
        assert kind, rule.id
        if rule.hard:
            assert "hard" in kind, rule.id
        if rule.soft and not rule.hard:
            assert "soft" in kind and "hard" not in kind.split(";")[0].split(".")[0], rule.id


def test_registry__every_hard_rule_has_a_validator_check_and_every_check_a_rule():
    hard = {r.id for r in RULES if r.hard}
    assert hard == set(CHECKS), hard ^ set(CHECKS)
    soft_only = {r.id for r in RULES if not r.hard}
    assert soft_only and all(r.soft for r in RULES if not r.hard)


def test_registry__every_rule_is_exercised_by_a_test():
    text = "".join(
        p.read_text() for p in TESTS.glob("test_*.py") if p.name != pathlib.Path(__file__).name
    )
    names = "".join(re.findall(r"def (test_\w+)", text))
    for rule in RULES:
        snake = rule.id.replace("-", "_")
        assert f'"{rule.id}"' in text or f"test_{snake}__" in names, rule.id


def test_registry__every_rule_is_documented_in_the_package_readme():
    readme = (pathlib.Path(__file__).parents[2] / "scheduling" / "README.md").read_text()
    for rule in RULES:
        assert f"| `{rule.id}` |" in readme, rule.id
