"""What every page shares: the database (opened once per server), the team, the clock, errors."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import streamlit as st

from rota.config import Config
from rota.errors import REPORTED_ERRORS, RotaBreaksRules, TandemError, hard_rules
from rota.services import teams
from rota.services.runtime import open_with_demo

T = TypeVar("T")


@st.cache_resource(show_spinner="Opening the database…")
def _database(database_url: str | None, home: str):
    config = Config.from_env({"TANDEM_DATABASE_URL": database_url or "", "TANDEM_HOME": home})
    return open_with_demo(config, datetime.now(UTC).date())


def database():
    """The app's database, opened, migrated and seeded with the demo team on first open."""
    config = Config.from_env(os.environ)
    try:
        return _database(config.database_url, str(config.home))
    except TandemError as error:
        st.error(f"Tandem cannot open its database. {error}")
        st.stop()


def now() -> datetime:
    return datetime.now(UTC)


def run(service: Callable[..., T], *args, **kwargs) -> T:
    """Call a service in a session; its error is shown as a clear message and stops the page."""
    try:
        with database().session() as session:
            return service(session, *args, **kwargs)
    except REPORTED_ERRORS as error:  # shown as a clear message, never a traceback
        st.error(str(error))
        st.stop()


def attempt(service: Callable[..., T], *args, **kwargs) -> tuple[T | None, Exception | None]:
    """Call a service in a session like :func:`run`, but hand a refusal back (``(None, error)``)
    to be shown next to the action that was refused (:func:`show_refusal`); nothing is written."""
    try:
        with database().session() as session:
            return service(session, *args, **kwargs), None
    except REPORTED_ERRORS as error:
        return None, error


def show_refusal(error: Exception, limit: int = 20) -> None:
    """A refusal as a clear error: a change that breaks hard rules lists each broken rule."""
    if isinstance(error, RotaBreaksRules):
        st.error(
            f"Refused, {error.what}: it would break {hard_rules(len(error.breaches))}. "
            f"Nothing was changed; {error.fix}."
        )
        for breach in error.breaches[:limit]:
            st.markdown(f"- {breach}")
        if len(error.breaches) > limit:
            st.caption(f"… and {len(error.breaches) - limit} more.")
    else:
        st.error(str(error))


def flash(kind: str, message: str) -> None:
    """Keep a message (``"success"``, ``"info"``, ``"warning"``, ``"error"``) for the next run of
    the page, to show after ``st.rerun()`` (:func:`show_flashes`)."""
    st.session_state.setdefault("_flashes", []).append((kind, message))


def show_flashes() -> None:
    for kind, message in st.session_state.pop("_flashes", []):
        getattr(st, kind)(message)


def current_team():
    """The team the viewer works on (the only team, or the one picked in the sidebar)."""
    known = run(teams.list_teams)
    if not known:
        st.info("There is no team yet. Run `tandem demo` to load the demo team.")
        st.stop()
    if len(known) == 1:
        return known[0]
    names = {t.name: t for t in known}
    return names[st.sidebar.selectbox("Team", list(names))]
