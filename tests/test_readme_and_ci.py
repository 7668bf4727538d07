"""A newcomer's path: the README's first commands exist, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:sh|bash|shell)\n(.*?)\n```", text, flags=re.S)


def test_readme_opens_with_two_commands_one_for_the_app_and_one_for_the_tests():
    first_two = _readme_commands()[:2]
    assert len(first_two) == 2
    assert "tandem app" in first_two[0]
    assert "pytest" in first_two[1]


def test_ci_runs_exactly_the_readme_test_command():
    test_command = _readme_commands()[1].strip()
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci_script


def test_every_cli_command_is_documented_in_the_readme():
    from rota.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    undocumented = [name for name in sub.choices if f"tandem {name}" not in readme]
    assert undocumented == []
