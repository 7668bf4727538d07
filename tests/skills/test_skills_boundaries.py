"""The skills library stays pure: it imports only the standard library and itself."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_top_level_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_skills_package__imports_only_the_standard_library_and_itself():
    allowed = set(sys.stdlib_module_names) | {"skills", "__future__"}
    offenders = {
        path.name: sorted(imported_top_level_names(path) - allowed)
        for path in sorted((ROOT / "skills").glob("*.py"))
    }
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_skills_io__imports_neither_sqlalchemy_nor_streamlit():
    modules = sorted((ROOT / "rota" / "io").glob("*.py"))
    assert modules
    names = set().union(*(imported_top_level_names(path) for path in modules))
    assert not names & {"sqlalchemy", "streamlit", "scheduling", "ortools"}
    assert "skills" in names
