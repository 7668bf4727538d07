"""Meta-tests keep the registry honest: ids, docstrings, sources, validator checks, tests."""

import ast
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


def _test_functions(sources: dict[str, str]) -> list[ast.FunctionDef]:
    return [
        n
        for text in sources.values()
        for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
    ]


def _calls(node: ast.AST, name: str) -> list[ast.Call]:
    return [
        c
        for c in ast.walk(node)
        if isinstance(c, ast.Call) and getattr(c.func, "id", getattr(c.func, "attr", None)) == name
    ]


def _names_rule(call: ast.Call, rule_id: str) -> bool:
    values = [*call.args, *(k.value for k in call.keywords)]
    return any(isinstance(v, ast.Constant) and v.value == rule_id for v in values)


def _exact_penalty(fn: ast.FunctionDef, rule_id: str) -> bool:
    """``fn`` prices ``rule_id`` with ``_cost(p, rule_id)`` and asserts a number with ``==``."""
    if not any(_names_rule(c, rule_id) for c in _calls(fn, "_cost")):
        return False
    return any(
        isinstance(c, ast.Compare)
        and any(isinstance(op, ast.Eq) for op in c.ops)
        and any(_is_number(x) for x in [c.left, *c.comparators])
        for c in ast.walk(fn)
    )


def _is_number(node: ast.AST) -> bool:
    """A whole number written out: ``40`` or ``2 * 20``."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and not isinstance(node.value, bool)
    if isinstance(node, ast.BinOp):
        return _is_number(node.left) and _is_number(node.right)
    return isinstance(node, ast.UnaryOp) and _is_number(node.operand)


def missing_tests(rules, sources: dict[str, str]) -> dict[str, list[str]]:
    """Per rule, the kinds of test it lacks: a hard rule needs a test that is refused naming it
    (``assert_refused(p, rule_id, ...)``) and a test named ``test_<rule>__…`` that solves and
    passes the validator (``assert_solved_and_valid``); a soft rule needs an exact penalty."""
    fns = _test_functions(sources)
    missing: dict[str, list[str]] = {}
    for rule in rules:
        prefix = f"test_{rule.id.replace('-', '_')}__"
        need = []
        if rule.hard:
            if not any(_names_rule(c, rule.id) for f in fns for c in _calls(f, "assert_refused")):
                need.append("infeasible")
            if not any(
                f.name.startswith(prefix) and _calls(f, "assert_solved_and_valid") for f in fns
            ):
                need.append("feasible")
        if rule.soft and not any(_exact_penalty(f, rule.id) for f in fns):
            need.append("exact penalty")
        if need:
            missing[rule.id] = need
    return missing


def test_registry__hard_rules_have_feasible_and_infeasible_tests_soft_rules_exact_penalties():
    sources = {p.name: p.read_text() for p in TESTS.glob("test_*.py")}
    assert missing_tests(RULES, sources) == {}


def test_registry__the_test_finder_notices_a_missing_kind_of_test():
    hard_soft = next(r for r in RULES if r.hard and r.soft)
    snake = hard_soft.id.replace("-", "_")
    only_refused = {
        "t.py": f"def test_{snake}__x():\n    assert_refused(p, {hard_soft.id!r})\n"
        f"def test_{snake}__y():\n    assert {hard_soft.id!r} in text\n"
        f"def test_{snake}__z():\n    cost, r = _cost(p, {hard_soft.id!r})\n    assert cost > 0\n"
    }
    assert missing_tests([hard_soft], only_refused) == {hard_soft.id: ["feasible", "exact penalty"]}
    complete = {
        "t.py": only_refused["t.py"]
        + f"def test_{snake}__w():\n    assert_solved_and_valid(p)\n"
        + f"def test_{snake}__v():\n    cost, r = _cost(p, {hard_soft.id!r})\n"
        + "    assert cost == 20\n"
    }
    assert missing_tests([hard_soft], complete) == {}


def test_registry__each_rule_and_its_check_sit_in_modules_of_the_same_name():
    for rule in RULES:
        if rule.hard:
            rule_module = rule.add.__module__.rsplit(".", 1)[-1]
            check_module = CHECKS[rule.id].__module__.rsplit(".", 1)[-1]
            assert rule_module == check_module, rule.id
            assert rule.add.__module__.startswith("scheduling.rules."), rule.id
            assert CHECKS[rule.id].__module__.startswith("scheduling.validate."), rule.id


def test_registry__every_rule_is_documented_in_the_package_readme():
    readme = (pathlib.Path(__file__).parents[2] / "scheduling" / "README.md").read_text()
    for rule in RULES:
        assert f"| `{rule.id}` |" in readme, rule.id
