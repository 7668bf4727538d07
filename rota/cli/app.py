"""CLI command ``tandem app``: open the Streamlit app (the one CLI module importing streamlit)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rota.cli.common import Context


def cmd_app(args: argparse.Namespace, ctx: Context) -> int:
    import importlib.util

    from streamlit.web import cli as streamlit_cli

    # Open (and migrate, and seed) before the server starts, so a bad URL fails here, clearly.
    from rota.services import teams

    with ctx.database.session() as session:
        if teams.database_is_empty(session):
            ctx.print(teams.seed_demo(session, ctx.now.date()).summary())
    spec = importlib.util.find_spec("streamlit_app")  # locate the app without running it
    assert spec is not None and spec.origin is not None
    argv = [
        "streamlit",
        "run",
        str(Path(spec.origin)),
        "--server.port",
        str(args.port),
        "--browser.gatherUsageStats",
        "false",
    ]
    if args.headless:
        argv += ["--server.headless", "true"]
    sys.argv = argv
    return int(streamlit_cli.main() or 0)


def register(add, date_type) -> None:
    """Add ``tandem app`` to the `tandem` parser."""
    p = add("app", cmd_app, "Open the Tandem app in the browser (seeds the demo team if empty).")
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--headless", action="store_true", help="do not open a browser")
