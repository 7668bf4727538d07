"""The layers reach only the way ARCHITECTURE.md says: a test walks every import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"scheduling", "skills", "rota", "app_pages", "streamlit_app", "migrations"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ["scheduling", "skills"])
def test_pure_libraries_import_nothing_of_ours_nor_streamlit_nor_sqlalchemy(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            _imports(path) & ((OURS - {package}) | {"streamlit", "sqlalchemy", "alembic"})
        )
        for path in _modules(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_engine_and_skills_library_have_modules_to_check():
    assert _modules("scheduling") and _modules("skills")


def test_only_storage_and_migrations_import_sqlalchemy():
    offenders = []
    for package in ("rota", "app_pages", "scheduling", "skills"):
        for path in _modules(package):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("rota/storage/"):
                continue
            if _imports(path) & {"sqlalchemy", "alembic"}:
                offenders.append(rel)
    assert offenders == []


def test_only_the_app_imports_streamlit():
    offenders = [
        path.relative_to(ROOT).as_posix()
        for package in ("rota", "scheduling", "skills", "migrations")
        for path in _modules(package)
        if "streamlit" in _imports(path) and path.relative_to(ROOT).as_posix() != "rota/cli/app.py"
    ]
    assert offenders == []


def test_pages_call_rota_and_never_reach_into_storage():
    offenders = []
    for path in _modules("app_pages") + [ROOT / "streamlit_app.py"]:
        text = path.read_text(encoding="utf-8")
        if "rota.storage" in text or "scheduling." in text and "import scheduling" in text:
            offenders.append(path.name)
    assert offenders == []


@pytest.mark.parametrize(
    "args", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"]
)
def test_the_code_keeps_the_house_lint_and_format(args):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
