"""``tandem``: the parser of every command group, and :func:`main`, which runs one command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TextIO

from rota.cli import app, bench, feeds, plan, skills, team, timeline
from rota.cli.common import EXIT_ERROR, EXIT_INTERNAL, Context, parse_date
from rota.config import Config
from rota.errors import REPORTED_ERRORS

#: The command groups, in the order `tandem --help` lists their commands.
COMMAND_GROUPS = (team, app, plan, timeline, skills, feeds, bench)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tandem",
        description="On-call rotas and mentoring for Trust & Safety incident-response teams. "
        "Uses TANDEM_DATABASE_URL when set, else a SQLite file in TANDEM_HOME (~/.tandem).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, handler: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if handler is not None:
            p.set_defaults(handler=handler)
        return p

    for group in COMMAND_GROUPS:
        group.register(add, parse_date)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    environ=None,
    out: TextIO | None = None,
    now: datetime | None = None,
) -> int:
    """Run one `tandem` command; `now` is the clock (UTC), injected by tests, else the wall
    clock."""
    environ = os.environ if environ is None else environ
    out = sys.stdout if out is None else out
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(Config.from_env(environ), out, datetime.now(UTC) if now is None else now)
    try:
        return args.handler(args, ctx)
    except REPORTED_ERRORS as error:
        print(f"tandem: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("tandem: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        if environ.get("TANDEM_DEBUG"):
            raise
        print(
            f"tandem: internal error: {type(error).__name__}: {error} "
            "(run with TANDEM_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
