"""Start-up of the edges (CLI, app, feed server): open the database, seed it on first use, and
build the calendar-feed server on it."""

from __future__ import annotations

from datetime import date

from rota.config import Config
from rota.services.teams import database_is_empty, seed_demo


def open_configured_database(config: Config):
    """Open (and migrate) the configured database; raises a ``TandemError`` subclass."""
    from rota.storage.db import open_database

    return open_database(config.database_url, default_path=config.sqlite_path)


def open_with_demo(config: Config, today: date):
    """Open the database and seed the demo team when it holds no team yet (the app's first open)."""
    database = open_configured_database(config)
    with database.session() as session:
        if database_is_empty(session):
            seed_demo(session, today)
    return database


def feed_server(database, host: str, port: int, *, log_level: str = "info"):
    """The calendar-feed server (``tandem serve-feeds``) on ``database``: each request looks its
    token up in a fresh session (:func:`rota.services.feeds.lookup`); no log line carries a
    token. Returns a ``uvicorn.Server``; ``run()`` serves until interrupted."""
    from rota.calendar.feed_server import build_server
    from rota.services.feeds import lookup

    def lookup_in_a_session(token: str, now):
        with database.session() as session:  # a fresh session per request
            return lookup(session, token, now)

    return build_server(lookup_in_a_session, host, port, log_level=log_level)
