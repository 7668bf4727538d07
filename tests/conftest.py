"""Database fixtures for the whole suite, each on SQLite and on PostgreSQL.

- ``database``: an opened, migrated, empty Tandem database. SQLite: a copy of a file migrated once
  per session. PostgreSQL: one schema migrated once per session, emptied (TRUNCATE) after each test.
- ``database_url``: the URL of a brand-new, empty (unmigrated) database, for tests of opening,
  migrating and refusing databases. SQLite: a file in ``tmp_path``. PostgreSQL: a new schema.

PostgreSQL: the server comes from ``TANDEM_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). Other test runs may share that database, so
this session only uses schemas of its own, ``tandem_test_<session>_<n>``, selected through the
connection's ``search_path`` (in the URL's ``options``); it drops every schema it created at the
end, and sweeps ``tandem_test_*`` schemas left by runs that were killed more than 6 hours ago.
The connection's time zone is set to Asia/Kolkata (+05:30) so that a round trip proves instants
come back in UTC whatever the server's session time zone is.

When the server cannot be reached the PostgreSQL tests are skipped with the reason, except in CI
(env ``CI`` set), where they fail: CI never skips them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
#: a non-UTC session time zone for PostgreSQL test connections
POSTGRES_TEST_SESSION_ZONE = "Asia/Kolkata"
#: test schemas older than this are left-overs of killed runs and are dropped
STALE_SCHEMA_SECONDS = 6 * 3600
SCHEMA_COMMENT = "tandem test schema, created at epoch "
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _libpq(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as a libpq connection URI (for psycopg itself)."""
    return re.sub(r"^postgres(?:ql)?(?:\+\w+)?://", "postgresql://", url)


def _masked(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The URL of a reachable PostgreSQL test database (skip here, fail in CI, when unreachable)."""
    url = os.environ.get("TANDEM_TEST_POSTGRES_URL", "").strip() or DEFAULT_POSTGRES_URL
    try:
        import psycopg

        with psycopg.connect(_libpq(url), connect_timeout=5, autocommit=True) as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # any failure to reach the server is reported the same way
        first_line = (str(error).strip().splitlines() or [""])[0]
        reason = (
            f"PostgreSQL test server not reachable at {_masked(url)} "
            f"({type(error).__name__}: {first_line}); "
            "start it (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main "
            "start`) or set TANDEM_TEST_POSTGRES_URL"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}", pytrace=False)
        pytest.skip(reason)
    return url


@pytest.fixture(scope="session")
def postgres_schema_factory(postgres_server_url: str) -> Iterator[Callable[[], str]]:
    """Makes a new empty schema per call and returns a URL whose connections use only it.

    Every schema made is dropped (CASCADE) when the test session ends.
    """
    import psycopg

    prefix = f"tandem_test_{uuid.uuid4().hex[:10]}"
    created: list[str] = []
    admin = psycopg.connect(_libpq(postgres_server_url), autocommit=True)
    admin.execute("SET lock_timeout = '10s'")
    _drop_stale_schemas(admin)

    def make() -> str:
        name = f"{prefix}_{len(created)}"
        admin.execute(f'CREATE SCHEMA "{name}"')
        admin.execute(f"COMMENT ON SCHEMA \"{name}\" IS '{SCHEMA_COMMENT}{int(time.time())}'")
        created.append(name)
        # lock_timeout: a test that waits on a lock fails after 30 s instead of hanging the run
        settings = (
            f"-csearch_path={name} -ctimezone={POSTGRES_TEST_SESSION_ZONE} -clock_timeout=30s"
        )
        options = quote(settings, safe="")
        separator = "&" if "?" in postgres_server_url else "?"
        return f"{postgres_server_url}{separator}options={options}"

    try:
        yield make
    finally:
        for name in created:
            admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.close()


def _drop_stale_schemas(admin: object) -> None:
    rows = admin.execute(  # type: ignore[attr-defined]
        "SELECT nspname, obj_description(oid, 'pg_namespace') FROM pg_namespace "
        "WHERE nspname LIKE 'tandem\\_test\\_%'"
    ).fetchall()
    for name, comment in rows:
        if not (comment or "").startswith(SCHEMA_COMMENT):
            continue
        created_at = int(comment.removeprefix(SCHEMA_COMMENT) or 0)
        if time.time() - created_at > STALE_SCHEMA_SECONDS:
            admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')  # type: ignore[attr-defined]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'tandem.sqlite'}"
    return request.getfixturevalue("postgres_schema_factory")()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per session; tests get copies of it."""
    from rota.storage.db import open_database

    path = tmp_path_factory.mktemp("sqlite-template") / "tandem.sqlite"
    open_database(None, default_path=path).close()
    return path


@pytest.fixture(scope="session")
def _postgres_migrated_url(postgres_schema_factory: Callable[[], str], tmp_path_factory) -> str:
    """A PostgreSQL schema migrated once per session; tests empty it when they end."""
    from rota.storage.db import open_database

    url = postgres_schema_factory()
    open_database(url, default_path=tmp_path_factory.getbasetemp() / "unused.sqlite").close()
    return url


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """An opened, migrated, empty Tandem database (``rota.storage.db.Database``)."""
    from rota.storage.db import open_database
    from rota.storage.rows import Base

    if request.param == "sqlite":
        path = tmp_path / "tandem.sqlite"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("_postgres_migrated_url")
    opened = open_database(url, default_path=tmp_path / "unused.sqlite")
    try:
        yield opened
    finally:
        if opened.dialect == "postgresql":
            tables = ", ".join(f'"{name}"' for name in Base.metadata.tables)
            with opened.engine.begin() as connection:
                connection.exec_driver_sql(f"TRUNCATE {tables} CASCADE")
        opened.close()


# ---------------------------------------------------------------------------------------------
# Say, at the end of every run, that the tests needing outside services ran (CI must show it).

_SERVICE_MARKERS = ("postgres", "browser")
_service_outcomes: dict[str, dict[str, int]] = {m: {} for m in _SERVICE_MARKERS}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
        return
    for marker in _SERVICE_MARKERS:
        if marker in report.keywords:
            counts = _service_outcomes[marker]
            counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter) -> None:
    names = {"postgres": "PostgreSQL tests", "browser": "Chromium browser tests"}
    for marker, counts in _service_outcomes.items():
        if counts:
            text = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
            terminalreporter.write_line(f"{names[marker]}: {text}")


# ---------------------------------------------------------------------------------------------
# ical.js (Thunderbird's parser) run through node, for every test that checks a feed.
# ``tests/js`` pins ical.js in package.json and package-lock.json; ``npm ci`` runs there when
# node_modules is missing. Without node or npm these tests skip with the reason, except in CI
# (env ``CI`` set), where they fail.

JS_DIR = Path(__file__).resolve().parent / "js"
PARSER = JS_DIR / "parse_ics.mjs"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the ical.js feed tests: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def icaljs() -> Callable[[bytes], dict]:
    """Parse ICS bytes with ical.js; returns ``{"calendar": {...}, "events": [...]}``."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = " and ".join(n for n, p in (("node", node), ("npm", npm)) if p is None)
        _unavailable(
            f"{missing} not found on PATH; install Node.js 18+ to check feeds with ical.js"
        )
    if not (JS_DIR / "node_modules" / "ical.js" / "package.json").exists():
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            _unavailable(f"`npm ci` in {JS_DIR} failed: {done.stderr.strip()[-500:]}")

    def parse(body: bytes) -> dict:
        done = subprocess.run([node, str(PARSER)], input=body, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        return json.loads(done.stdout)

    return parse
