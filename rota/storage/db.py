"""Open Tandem's database: resolve the URL, connect, refuse a newer schema, migrate, give sessions.

The URL is read at the edge (``database_url_from_env``) and passed in; without one, Tandem uses the
local SQLite file ``default_path``. Migrations (Alembic, in the ``migrations`` package) run
programmatically on open; no ``alembic.ini`` is needed. Every failure is a
:class:`~rota.errors.TandemError` with a message that names the value and the fix:
:class:`~rota.errors.ConfigError` (malformed URL, unsupported driver),
:class:`~rota.errors.DatabaseError` (unreachable or unusable database) and
:class:`~rota.errors.SchemaTooNewError` (made by a newer Tandem; nothing is touched).

Usage::

    database = open_database(database_url_from_env(os.environ), default_path=home / "tandem.sqlite")
    with database.session() as session:   # commits on success, rolls back on an exception
        services.something(session, ...)
    database.close()
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from rota.errors import ConfigError, DatabaseError, SchemaTooNewError

ENV_VAR = "TANDEM_DATABASE_URL"
EXAMPLE_URLS = (
    "postgresql+psycopg://tandem:PASSWORD@db.example.org:5432/tandem",
    "sqlite:////var/lib/tandem/tandem.sqlite",
)
START_POSTGRES_HINT = (
    "start PostgreSQL (e.g. `sudo systemctl start postgresql`, or "
    "`pg_ctlcluster <version> main start` on Debian/Ubuntu, or `docker run -p 5432:5432 postgres`)"
)
SQLITE_BUSY_TIMEOUT_SECONDS = 30
POSTGRES_CONNECT_TIMEOUT_SECONDS = 10
#: execution option naming the statement that begins a SQLite transaction
SQLITE_BEGIN = "tandem_sqlite_begin"
#: pg_advisory_xact_lock key that serialises migrations of one PostgreSQL database ("tandem")
MIGRATION_LOCK_KEY = 0x74616E64656D


def database_url_from_env(environ: Mapping[str, str]) -> str | None:
    """The database URL in ``TANDEM_DATABASE_URL``, or None when it is unset or blank."""
    value = environ.get(ENV_VAR, "").strip()
    return value or None


class Database:
    """An opened, migrated database: the engine and a session factory."""

    def __init__(self, engine: Engine, display_url: str) -> None:
        self.engine = engine
        #: the URL with its password masked, safe to show
        self.display_url = display_url
        self.sessionmaker: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on an error.

        A lost connection or a locked database becomes a :class:`DatabaseError`.
        """
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except OperationalError as error:
            session.rollback()
            raise DatabaseError(
                f"the database at {self.display_url} failed during the work: {_reason(error)}; "
                "nothing was changed, try again"
            ) from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (None for an empty database)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"


def open_database(url: str | None, *, default_path: Path, migrate: bool = True) -> Database:
    """Open the database at ``url`` (None: the SQLite file ``default_path``) and migrate it.

    With ``migrate=False`` an out-of-date schema is a :class:`DatabaseError` instead of being
    upgraded. A database at a revision this Tandem does not know is a :class:`SchemaTooNewError`
    and is left exactly as it was.
    """
    sa_url = _resolve_url(url, default_path)
    display = sa_url.render_as_string(hide_password=True)
    engine = _create_engine(sa_url, display)
    # the engine's URL has ~ expanded: show that one from now on
    display = engine.url.render_as_string(hide_password=True)
    try:
        _check_and_migrate(engine, engine.url, display, migrate)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, display)


# ---------------------------------------------------------------------------------------------
# URL and engine


def mask_password(value: str) -> str:
    """``value`` with the password of a ``scheme://user:password@host`` URL replaced by ***."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", value)


def _resolve_url(url: str | None, default_path: Path) -> URL:
    if url is None:
        return URL.create("sqlite+pysqlite", database=str(Path(default_path).expanduser()))
    examples = " or ".join(EXAMPLE_URLS)
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError) as error:
        raise ConfigError(
            f"database URL ({ENV_VAR}): {mask_password(url)!r} is not a valid URL ({error}); "
            f"write it like {examples}, or unset {ENV_VAR} to use the local SQLite file"
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in ("postgresql", "postgres") and driver in ("", "psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and driver in ("", "pysqlite"):
        return parsed.set(drivername="sqlite+pysqlite")
    shown = mask_password(url)
    raise ConfigError(
        f"database URL ({ENV_VAR}): driver {parsed.drivername!r} in {shown!r} is not supported; "
        f"Tandem works with PostgreSQL through psycopg 3 (postgresql+psycopg://...) or SQLite "
        f"(sqlite:///...), e.g. {examples}"
    )


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:")


def _create_engine(url: URL, display: str) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            return _sqlite_engine(url, display)
        connect_args: dict[str, Any] = {"application_name": "tandem"}
        if "connect_timeout" not in url.query:
            connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_SECONDS
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except (NoSuchModuleError, ImportError) as error:
        raise ConfigError(
            f"database URL ({ENV_VAR}): the driver for {display!r} is not installed ({error}); "
            "install Tandem with its dependencies (psycopg[binary])"
        ) from None


def _sqlite_engine(url: URL, display: str) -> Engine:
    if _is_memory(url):
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        if url.query.get("uri") not in ("true", "1"):
            path = Path(url.database or "").expanduser()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(
                    f"cannot create the folder {str(path.parent)!r} for the SQLite database "
                    f"{display}: {error.strerror or error}; choose a writable place (TANDEM_HOME "
                    f"or {ENV_VAR})"
                ) from None
            url = url.set(database=str(path))
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy (not the sqlite3 module) decide when transactions begin, so DDL in
        # migrations is transactional too; enforce foreign keys; wait for a busy database
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # "BEGIN IMMEDIATE" (the write lock at once) where asked, e.g. to serialise migrations
        connection.exec_driver_sql(connection.get_execution_options().get(SQLITE_BEGIN, "BEGIN"))

    return engine


# ---------------------------------------------------------------------------------------------
# Schema check and migrations


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic ``Config`` for Tandem's migrations, built in code (no alembic.ini needed).

    The scripts are found next to the installed ``migrations`` package; ``connection``, when given,
    is the one ``migrations/env.py`` runs on.
    """
    from alembic.config import Config

    import migrations

    config = Config()
    location = str(Path(migrations.__file__).resolve().parent)
    config.set_main_option("script_location", location.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _check_and_migrate(engine: Engine, url: URL, display: str, migrate: bool) -> None:
    # one process at a time checks and migrates: SQLite takes its write lock at once, PostgreSQL
    # an advisory lock held until the migration transaction ends
    locking = engine.execution_options(**{SQLITE_BEGIN: "BEGIN IMMEDIATE"})
    connected = False
    try:
        with locking.connect() as connection:
            connected = True
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                    )
                _upgrade_in_transaction(connection, display, migrate)
    except OperationalError as error:
        if not connected:
            raise _cannot_connect(url, display, error) from error
        raise DatabaseError(
            f"the database {display} could not be checked or migrated: {_reason(error)}; nothing "
            "was changed (migrations run in one transaction). Try again; if another Tandem is "
            "upgrading the same database, wait until it has finished"
        ) from error
    except DBAPIError as error:
        raise DatabaseError(
            f"the database {display} cannot be used: {_reason(error)}; nothing was changed. "
            + _fix_for(url)
        ) from error


def _upgrade_in_transaction(connection: Connection, display: str, migrate: bool) -> None:
    """Refuse an unknown (newer) revision, else upgrade to head on ``connection``'s transaction."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config(connection)
    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    heads = set(script.get_heads())
    current = set(MigrationContext.configure(connection).get_current_heads())
    unknown = sorted(current - known)
    if unknown:
        raise SchemaTooNewError(
            f"the database {display} is at schema revision {', '.join(unknown)}, which this "
            f"Tandem ({_tandem_version()}) does not know: a newer Tandem created or upgraded it. "
            "Nothing was changed. Upgrade Tandem to the newer version, or point "
            f"{ENV_VAR} at another database."
        )
    if not current:
        _refuse_foreign_tables(connection, display)
    if current == heads:
        return
    if not migrate:
        raise DatabaseError(
            f"the database {display} is at schema revision "
            f"{', '.join(sorted(current)) or '(empty)'}, older than this Tandem's "
            f"{', '.join(sorted(heads))}; open it once with migrations enabled "
            "(e.g. `tandem db`) to upgrade it"
        )
    command.upgrade(config, "heads")


def _refuse_foreign_tables(connection: Connection, display: str) -> None:
    """An unversioned database that already holds tables of ours is not migrated blindly."""
    from rota.storage.rows import Base

    ours = set(Base.metadata.tables) & set(inspect(connection).get_table_names())
    if ours:
        raise DatabaseError(
            f"the database {display} has Tandem tables ({', '.join(sorted(ours))}) but no schema "
            "revision (alembic_version); nothing was changed. Use an empty database, or restore "
            "the alembic_version table from a backup"
        )


def _cannot_connect(url: URL, display: str, error: DBAPIError) -> DatabaseError:
    reason = _reason(error)
    if url.get_backend_name() == "sqlite":
        return DatabaseError(
            f"cannot open the SQLite database {display}: {reason}. " + _fix_for(url)
        )
    host = url.host or "localhost (Unix socket)"
    port = url.port or 5432
    database, user = url.database or "(default)", url.username or "(default)"
    where = f"PostgreSQL at {host}:{port} (database {database!r}, user {user!r})"
    lowered = reason.lower()
    if "does not exist" in lowered and 'database "' in lowered:
        fix = (
            f"create the database (e.g. `createdb -h {url.host or 'localhost'} -p {port} "
            f"-U {url.username or 'postgres'} {url.database}`) or fix {ENV_VAR} ({display})"
        )
    elif (
        "password" in lowered
        or "authentication" in lowered
        or ('role "' in lowered and "does not exist" in lowered)
    ):
        fix = f"check the user and password in {ENV_VAR} ({display})"
    else:
        fix = (
            f"check that the server is running and reachable: {START_POSTGRES_HINT}; or fix "
            f"{ENV_VAR} ({display}), or unset it to use the local SQLite file"
        )
    return DatabaseError(f"cannot connect to {where}: {reason} — fix: {fix}")


def _fix_for(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return (
            "Check that the file is a Tandem SQLite database and that its folder is writable, "
            f"or point {ENV_VAR} at another database"
        )
    return f"Check the server and {ENV_VAR}"


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return mask_password("; ".join(lines[:3])) or type(original).__name__


def _tandem_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"version {version('tandem-rota')}"
    except PackageNotFoundError:
        return "this version"
