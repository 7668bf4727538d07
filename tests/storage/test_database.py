"""Opening the database: URL resolution, clear errors, migrations, and refusing a newer schema."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from storage_factories import make_team

from rota.domain.team import Team
from rota.errors import ConfigError, DatabaseError, SchemaTooNewError
from rota.storage import repo
from rota.storage.db import Database, alembic_config, database_url_from_env, open_database
from rota.storage.rows import Base


def _head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _raw_engine(url: str):
    """A plain engine on the test database, bypassing Tandem (for setting up odd states)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url)


def _unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# URL resolution


def test_database_url_from_env__blank_or_missing_means_none():
    assert database_url_from_env({}) is None
    assert database_url_from_env({"TANDEM_DATABASE_URL": "   "}) is None
    url = "postgresql+psycopg://u@h/db"
    assert database_url_from_env({"TANDEM_DATABASE_URL": f" {url}\n"}) == url


def test_open_database__without_url_uses_the_default_sqlite_file_and_creates_its_folder(tmp_path):
    path = tmp_path / "home" / "nested" / "tandem.sqlite"
    with open_database(None, default_path=path) as database:
        assert isinstance(database, Database)
        assert database.dialect == "sqlite"
        assert str(path) in database.display_url
        assert database.schema_revision() == _head()
    assert path.is_file()


def test_open_database__works_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_database(f"sqlite:///{tmp_path / 'x.sqlite'}", default_path=Path("unused")) as db:
        assert db.schema_revision() == _head()


def test_open_database__sqlite_enforces_foreign_keys_and_waits_when_busy(tmp_path):
    with open_database(None, default_path=tmp_path / "t.sqlite") as database:
        with database.session() as session:
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://tandem:s3cret@db.example.org:notaport/tandem",
        "not a url at all",
        "://tandem:s3cret@host/db",
    ],
)
def test_open_database__malformed_url_is_a_config_error_with_an_example(tmp_path, url):
    with pytest.raises(ConfigError) as caught:
        open_database(url, default_path=tmp_path / "unused.sqlite")
    message = str(caught.value)
    assert "s3cret" not in message
    assert "not a valid URL" in message
    assert "postgresql+psycopg://" in message and "sqlite:///" in message
    if "tandem:" in url:
        assert "tandem:***@" in message


@pytest.mark.parametrize(
    "url",
    [
        "mysql+pymysql://tandem:s3cret@127.0.0.1/tandem",
        "postgresql+asyncpg://tandem:s3cret@127.0.0.1/tandem",
        "oracle://tandem:s3cret@127.0.0.1/tandem",
    ],
)
def test_open_database__unknown_driver_is_a_config_error(tmp_path, url):
    with pytest.raises(ConfigError, match="not supported") as caught:
        open_database(url, default_path=tmp_path / "unused.sqlite")
    assert "s3cret" not in str(caught.value)
    assert "postgresql+psycopg://" in str(caught.value)


def test_open_database__unreachable_server_names_host_and_port_and_how_to_start_it(tmp_path):
    port = _unused_port()
    url = f"postgresql+psycopg://tandem:s3cret@127.0.0.1:{port}/tandem"
    with pytest.raises(DatabaseError) as caught:
        open_database(url, default_path=tmp_path / "unused.sqlite")
    message = str(caught.value)
    assert not isinstance(caught.value, SchemaTooNewError)
    assert f"127.0.0.1:{port}" in message
    assert "start PostgreSQL" in message
    assert "s3cret" not in message


def test_open_database__sqlite_file_that_is_not_a_database_is_a_database_error(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(DatabaseError, match="notes.sqlite"):
        open_database(None, default_path=path)
    assert path.read_text().startswith("this is not a database")


def test_open_database__unwritable_folder_is_a_database_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DatabaseError, match="cannot create the folder"):
        open_database(None, default_path=blocker / "sub" / "tandem.sqlite")


# ---------------------------------------------------------------------------------------------
# Migrations and the schema


def test_open_database__migrates_to_head_and_schema_matches_the_models(database_url, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with open_database(database_url, default_path=tmp_path / "unused.sqlite") as database:
        assert database.schema_revision() == _head()
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []


def test_open_database__reopening_keeps_data_and_changes_nothing(database_url, tmp_path):
    with open_database(database_url, default_path=tmp_path / "unused.sqlite") as database:
        with database.session() as session:
            repo.save(session, make_team())
    with open_database(database_url, default_path=tmp_path / "unused.sqlite") as database:
        assert database.schema_revision() == _head()
        with database.session() as session:
            assert repo.get(session, Team, "apac") == make_team()


def test_migrations__downgrade_to_base_and_upgrade_again(database_url, tmp_path):
    from alembic import command

    with open_database(database_url, default_path=tmp_path / "unused.sqlite") as database:
        with database.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        with database.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        assert database.schema_revision() == _head()


def test_open_database__without_migrating_an_empty_database_is_refused(database_url, tmp_path):
    with pytest.raises(DatabaseError, match="older than this Tandem"):
        open_database(database_url, default_path=tmp_path / "unused.sqlite", migrate=False)


def test_open_database__schema_from_a_newer_tandem_is_refused_and_left_untouched(
    database_url, tmp_path
):
    with open_database(database_url, default_path=tmp_path / "unused.sqlite") as database:
        with database.session() as session:
            repo.save(session, make_team())
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))

    with pytest.raises(SchemaTooNewError) as caught:
        open_database(database_url, default_path=tmp_path / "unused.sqlite")
    message = str(caught.value)
    assert "9999_future" in message
    assert "newer Tandem" in message and "Nothing was changed" in message

    engine = _raw_engine(database_url)
    try:
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            teams = connection.execute(text("SELECT id, name FROM teams")).all()
    finally:
        engine.dispose()
    assert revision == [("9999_future",)]
    assert teams == [("apac", make_team().name)]


def test_open_database__tables_without_a_revision_are_refused(database_url, tmp_path):
    engine = _raw_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE teams (id VARCHAR PRIMARY KEY)"))
            connection.execute(text("INSERT INTO teams (id) VALUES ('kept')"))
        with pytest.raises(DatabaseError, match="no schema revision"):
            open_database(database_url, default_path=tmp_path / "unused.sqlite")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT id FROM teams")).all() == [("kept",)]
    finally:
        engine.dispose()


def test_session__rolls_back_on_error(database):
    with pytest.raises(RuntimeError):
        with database.session() as session:
            repo.save(session, make_team())
            raise RuntimeError("boom")
    with database.session() as session:
        assert repo.list_all(session, Team) == []


def test_open_database__several_processes_opening_a_new_database_at_once_all_succeed(
    database_url, tmp_path
):
    import threading

    results: list[object] = []

    def open_and_read() -> None:
        try:
            with open_database(database_url, default_path=tmp_path / "unused.sqlite") as db:
                results.append(db.schema_revision())
        except Exception as error:  # reported below
            results.append(error)

    # daemon threads joined with a deadline: a regression fails the test instead of hanging it
    threads = [threading.Thread(target=open_and_read, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [_head()] * 4


def test_locked_sqlite_database__open_and_session_give_database_errors(tmp_path, monkeypatch):
    import sqlite3

    import rota.storage.db as db_module

    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.2)
    path = tmp_path / "locked.sqlite"
    with open_database(None, default_path=path) as database:
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            with pytest.raises(DatabaseError, match="could not be checked or migrated"):
                open_database(None, default_path=path)
            with pytest.raises(DatabaseError, match="nothing was changed"):
                with database.session() as session:
                    repo.save(session, make_team())
        finally:
            holder.rollback()
            holder.close()
        with database.session() as session:
            repo.save(session, make_team())
            assert repo.list_all(session, Team) == [make_team()]


def test_migration_0002__a_recorded_waiver_keeps_who_and_when_and_a_flag_becomes_the_responders(
    database_url, tmp_path
):
    from alembic import command
    from storage_factories import make_incident, make_responder

    from rota.domain.exposure import CriticalIncident

    with open_database(database_url, default_path=tmp_path / "unused.sqlite") as database:
        with database.session() as session:
            repo.save(session, make_team())
            repo.save(session, make_responder())
            repo.save(session, make_incident())
            repo.save(session, make_incident(id="ci-2", waived_by="a-lead"))
        with database.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0001")
            rows = connection.execute(
                text("SELECT id, waived_by_responder FROM critical_incidents")
            ).all()
            flags = {row[0]: row[1] for row in rows}
        assert {k: bool(v) for k, v in flags.items()} == {"ci-1": True, "ci-2": False}
        with database.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        with database.session() as session:
            first = repo.get(session, CriticalIncident, "ci-1")
            second = repo.get(session, CriticalIncident, "ci-2")
    assert first.waived_by == first.responder_id and first.waived_at == first.occurred_at
    assert first.waived_by_responder and not second.waived_by_responder
