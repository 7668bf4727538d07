"""Configuration, read once at the edge (CLI, app, feed server) and passed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Config:
    """Where Tandem keeps its data and how it is reached.

    ``database_url``: ``TANDEM_DATABASE_URL`` (e.g. ``postgresql+psycopg://user@host:5432/tandem``);
    None means the local SQLite file ``sqlite_path``. ``home``: ``TANDEM_HOME`` (default
    ``~/.tandem``).
    ``feed_base_url``: ``TANDEM_FEED_BASE_URL``, the public base of calendar-feed links.
    """

    database_url: str | None
    home: Path
    feed_base_url: str = "http://127.0.0.1:8502"

    @property
    def sqlite_path(self) -> Path:
        return self.home / "tandem.sqlite"

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Config:
        url = environ.get("TANDEM_DATABASE_URL", "").strip() or None
        home = Path(environ.get("TANDEM_HOME", "").strip() or Path.home() / ".tandem")
        base = environ.get("TANDEM_FEED_BASE_URL", "").strip() or cls.feed_base_url
        return cls(database_url=url, home=home.expanduser(), feed_base_url=base.rstrip("/"))
