"""Alembic environment for Tandem.

Tandem runs migrations itself when it opens a database (``rota.storage.db.open_database``), passing
its connection in ``config.attributes["connection"]``. For developers, the Alembic command line
works too (``alembic -c migrations/alembic.ini ...``), with the URL from ``-x url=...``, the ini
file's ``sqlalchemy.url`` or ``TANDEM_DATABASE_URL``.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from rota.storage.rows import Base

config = context.config
if config.config_file_name is not None:  # the developer command line, not Tandem itself
    fileConfig(config.config_file_name, disable_existing_loggers=False)
target_metadata = Base.metadata


def _url() -> str:
    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("TANDEM_DATABASE_URL", "").strip()
    )
    if not url:
        raise SystemExit("give the database URL: alembic -x url=... or TANDEM_DATABASE_URL")
    return url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.begin() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
