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


# ---------------------------------------------------------------------------------------------
# Layering inside rota/ (and the edges around it), on the AST's imports


def _imported(tree: ast.AST, package: str = "") -> set[tuple[str, str | None]]:
    """Every import as (module, name): ``import a.b`` is ("a.b", None); ``from a import b`` is
    ("a", "b"). A relative import is resolved against ``package``."""
    found: set[tuple[str, str | None]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.update((module, alias.name) for alias in node.names)
    return found


def _targets(imports: set[tuple[str, str | None]]) -> set[str]:
    """The dotted names reached: ``from rota import storage`` reaches ``rota.storage``."""
    return {
        module if name is None or name == "*" else f"{module}.{name}" for module, name in imports
    }


def _under(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _ours(name: str) -> bool:
    return _under(name, OURS)


#: What the edges may use besides the use cases: plain data types and the configuration. From
#: the pure skills library only its data vocabulary (skills, levels' labels, assessment sources)
#: and the flags of a matrix cell.
EDGE_ALLOWED = ("rota.services", "rota.domain", "rota.policy", "rota.errors", "rota.config")
EDGE_SKILLS_DATA = ("skills.model", "skills.levels.LevelFlag")
EDGES = ("rota.cli", "app_pages", "streamlit_app")

#: For each layer: the only parts of our code it may import (itself included).
LAYERS: dict[str, tuple[str, ...]] = {
    # plain data and pure rules: no use cases, planning, storage, CLI, calendar, files or demo
    "rota.domain": ("rota.domain", "rota.errors"),
    "rota.policy": ("rota.domain", "rota.policy", "rota.errors"),
    # pure translations beside the domain
    "rota.planning": (
        "rota.domain",
        "rota.policy",
        "rota.planning",
        "rota.errors",
        "scheduling",
        "skills",
    ),
    "rota.calendar": ("rota.domain", "rota.calendar", "rota.errors"),
    "rota.io": ("rota.io", "rota.errors", "skills"),
    "rota.demo": ("rota.domain", "rota.demo", "skills"),
    "rota.storage": ("rota.domain", "rota.storage", "rota.errors", "skills", "migrations"),
    # the use cases: anything of rota but the CLI; never the app
    "rota.services": (
        "rota.domain",
        "rota.policy",
        "rota.planning",
        "rota.calendar",
        "rota.io",
        "rota.demo",
        "rota.storage",
        "rota.services",
        "rota.errors",
        "rota.config",
        "scheduling",
        "skills",
    ),
    # the edges: use cases, plain data, configuration
    "rota.cli": ("rota.cli", *EDGE_ALLOWED, *EDGE_SKILLS_DATA),
    "app_pages": ("app_pages", *EDGE_ALLOWED, *EDGE_SKILLS_DATA),
    "streamlit_app": ("app_pages", *EDGE_ALLOWED),
    "rota.errors": ("rota.errors", "scheduling.errors", "skills.errors"),
    "rota.config": ("rota.config",),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer_of(module: str) -> str | None:
    return max((layer for layer in LAYERS if _under(module, [layer])), key=len, default=None)


def _layer_offenses(source: str, module: str, package: str | None = None) -> list[str]:
    """The imports of ``module`` (its ``source``) that its layer does not allow; ``package``
    resolves relative imports (default: the module's parent)."""
    layer = _layer_of(module)
    if layer is None:
        return []
    package = module.rsplit(".", 1)[0] if package is None else package
    reached = _targets(_imported(ast.parse(source), package))
    allowed = LAYERS[layer]
    bad = [name for name in sorted(reached) if _ours(name) and not _under(name, allowed)]
    if layer in ("rota.services", "rota.domain", "rota.policy", "rota.planning", "rota.storage"):
        bad += [name for name in sorted(reached) if _under(name, ["streamlit"])]
    if layer in EDGES:  # what the use cases share stays theirs
        bad += [name for name in sorted(reached) if name.startswith("rota.services._")]
    return bad


def _layered_modules() -> list[Path]:
    return [*_modules("rota"), *_modules("app_pages"), ROOT / "streamlit_app.py"]


def test_every_module_of_rota_and_of_the_app_belongs_to_a_layer():
    unplaced = [
        path.relative_to(ROOT).as_posix()
        for path in _layered_modules()
        if path.name != "__init__.py" or path.parent.name != "rota"
        if _layer_of(_module_name(path)) is None
    ]
    assert unplaced == []


def test_each_layer_imports_only_what_it_may():
    """``rota.domain`` and ``rota.policy`` import no use cases, planning, storage, CLI, calendar
    (feeds or feed server), files or demo; ``rota.services`` imports no ``rota.cli`` and never the
    app or streamlit; ``rota.cli``, ``app_pages/`` and ``streamlit_app.py`` import only
    ``rota.services``, the plain data of ``rota.domain`` and ``rota.policy``, ``rota.errors`` and
    ``rota.config`` (and of the skills library only ``skills.model`` and
    ``skills.levels.LevelFlag``): never ``rota.storage``, ``rota.planning``, ``rota.calendar``,
    ``rota.io``, ``rota.demo`` or ``scheduling``."""
    offenders = {
        path.relative_to(ROOT).as_posix(): bad
        for path in _layered_modules()
        if (
            bad := _layer_offenses(
                path.read_text(encoding="utf-8"),
                _module_name(path),
                _module_name(path) if path.name == "__init__.py" else None,
            )
        )
    }
    assert offenders == {}


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("rota.domain.team", "from rota.services import teams"),
        ("rota.domain.team", "from rota.planning.problem import build_problem"),
        ("rota.policy.roles", "import rota.storage.repo"),
        ("rota.policy.roles", "from rota import cli"),
        ("rota.domain.rotas", "from rota.calendar.feed_server import build_server"),
        ("rota.services.teams", "from rota.cli.main import main"),
        ("rota.services.teams", "import app_pages._common"),
        ("rota.services.teams", "import streamlit as st"),
        ("rota.cli.plan", "import scheduling as engine"),
        ("rota.cli.plan", "from rota.planning.violations import rule_statement"),
        ("rota.cli.feeds", "from rota.calendar.feed_server import build_server"),
        ("rota.cli.team", "from rota.storage.db import open_database"),
        ("app_pages.plan", "from skills.levels import effective_levels"),
        ("app_pages.plan", "from rota import storage"),
        ("app_pages.plan", "from rota.services._common import get_team"),
    ],
)
def test_the_layering_check_fails_on_an_import_the_layer_does_not_allow(module, source):
    assert _layer_offenses(source, module) != []


def test_the_layering_check_lets_the_allowed_imports_through():
    assert _layer_offenses("from rota.services import planning, teams", "app_pages.plan") == []
    assert _layer_offenses("from skills.levels import LevelFlag", "rota.cli.skills") == []
    assert _layer_offenses("from rota.domain.team import DAY_NAMES", "app_pages.team") == []
    assert _layer_offenses("from rota.storage import repo", "rota.services.teams") == []


def _page_offenses(source: str) -> list[str]:
    """What a page (or the router) imports from storage or the engine."""
    reached = _targets(_imported(ast.parse(source)))
    return sorted(name for name in reached if _under(name, ["rota.storage", "scheduling"]))


def test_pages_call_rota_and_never_reach_into_storage():
    offenders = {
        path.name: bad
        for path in _modules("app_pages") + [ROOT / "streamlit_app.py"]
        if (bad := _page_offenses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        "import scheduling",
        "import scheduling as engine",
        "from scheduling.errors import SchedulingError",
        "from scheduling import formats",
        "from rota.storage import repo",
        "from rota import storage",
        "import rota.storage.db",
        "def f():\n    from rota.storage.db import open_database\n",
    ],
)
def test_the_pages_check_fails_on_a_page_that_imports_storage_or_the_engine(source):
    assert _page_offenses(source) != []


def test_the_old_text_check_missed_a_page_importing_the_engine():
    """The check this replaces read ``"rota.storage" in text or "scheduling." in text and
    "import scheduling" in text``: ``and`` binds tighter than ``or``, so an engine import without
    the words "import scheduling" passed."""
    source = "from scheduling.errors import SchedulingError\n"
    old = "rota.storage" in source or "scheduling." in source and "import scheduling" in source
    assert not old
    assert _page_offenses(source) == ["scheduling.errors.SchedulingError"]
    assert _page_offenses("from rota.services import teams\n") == []


#: The flat modules the sub-packages replaced; none may come back, not even as a shim.
OLD_FLAT_MODULES = (
    "services",
    "rota_service",
    "skills_service",
    "feeds_service",
    "demo",
    "domain",
    "policy",
    "planning",
    "timezones",
    "coverage",
    "countries",
    "explain",
    "violations",
    "feeds",
    "tokens",
    "feed_server",
    "skills_io",
    "runtime",
    "cli",
    "cli_plan",
    "cli_skills",
    "cli_feeds",
    "cli_bench",
)


def test_the_old_flat_modules_are_gone():
    assert [m for m in OLD_FLAT_MODULES if (ROOT / "rota" / f"{m}.py").exists()] == []
    flat = {f"rota.{m}" for m in OLD_FLAT_MODULES if not (ROOT / "rota" / m).is_dir()}
    offenders = {}
    for path in [*_layered_modules(), *_modules("tests"), *_modules("bench")]:
        if "tests/scheduling/" in path.as_posix():
            continue
        reached = _targets(_imported(ast.parse(path.read_text(encoding="utf-8"))))
        if bad := sorted(name for name in reached if _under(name, flat)):
            offenders[path.relative_to(ROOT).as_posix()] = bad
    assert offenders == {}


def test_no_module_of_rota_is_over_about_600_lines():
    long = {
        path.relative_to(ROOT).as_posix(): n
        for path in _modules("rota")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 620
    }
    assert long == {}


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
