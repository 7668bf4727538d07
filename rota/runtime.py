"""Start-up of the edges (CLI, app, feed server): open the database, seed it on first use."""

from __future__ import annotations

from datetime import date

from rota import services
from rota.config import Config


def open_configured_database(config: Config):
    """Open (and migrate) the configured database; raises a ``TandemError`` subclass."""
    from rota.storage.db import open_database

    return open_database(config.database_url, default_path=config.sqlite_path)


def open_with_demo(config: Config, today: date):
    """Open the database and seed the demo team when it holds no team yet (the app's first open)."""
    database = open_configured_database(config)
    with database.session() as session:
        if services.database_is_empty(session):
            services.seed_demo(session, today)
    return database
