"""What every command group shares: exit codes, the context, dates, ``--team``, solver options."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TextIO

from rota.config import Config

#: 0 success, 1 an error Tandem explains (also `check` finding and `publish` refusing a broken
#: rota), 2 usage errors (argparse) and impossible plans, 3 an unexpected internal error, 4 the
#: engine's own rota broke a hard rule (status invalid)
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_IMPOSSIBLE = 2
EXIT_INTERNAL = 3
EXIT_BROKEN = 4

TEAM_HELP = "team id or name (may be omitted when there is only one)"


class Context:
    """What a command needs from the outside world, read once at the edge."""

    def __init__(self, config: Config, out: TextIO, now: datetime) -> None:
        self.config = config
        self.out = out
        self.now = now
        self._database = None

    @property
    def database(self):
        if self._database is None:
            from rota.services.runtime import open_configured_database

            self._database = open_configured_database(self.config)
        return self._database

    def print(self, *args: object) -> None:
        print(*args, file=self.out)


def parse_date(text: str) -> date:
    """An argparse type: a date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def add_team_option(parser: argparse.ArgumentParser) -> None:
    """``--team``: a team id or name, optional when there is only one team."""
    parser.add_argument("--team", help=TEAM_HELP)


def add_solver_options(parser: argparse.ArgumentParser, *, progress: bool = False) -> None:
    """The solver's options, the same for every command that solves: ``--time-limit``,
    ``--workers``, ``--seed`` (and ``--progress`` where a command can report improvements)."""
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    if progress:
        parser.add_argument(
            "--progress", action="store_true", help="print each improving rota found"
        )
