"""The ``tandem`` command line. Every command has ``--help``; errors are one clear line.

Configuration comes from the environment (``TANDEM_DATABASE_URL``, ``TANDEM_HOME``); see
:class:`rota.config.Config`. Exit codes: 0 success, 1 an error Tandem explains (including a rota
that breaks a hard rule: `tandem check`, and `tandem publish` refusing a draft), 2 usage errors
(argparse) and plans that are impossible, 3 an unexpected internal error, 4 the engine's own rota
broke a hard rule by the independent validator (`tandem solve`, `tandem plan`: status invalid;
nothing publishable is stored).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from rota.config import Config
from rota.errors import TandemError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_IMPOSSIBLE = 2
EXIT_INTERNAL = 3
EXIT_BROKEN = 4


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
            from rota.storage.db import open_database

            self._database = open_database(
                self.config.database_url, default_path=self.config.sqlite_path
            )
        return self._database

    def print(self, *args: object) -> None:
        print(*args, file=self.out)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


# ---------------------------------------------------------------------------------------------
# Commands


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from rota import services

    with ctx.database.session() as session:
        report = services.seed_demo(session, ctx.now.date())
        if args.impossible or args.undo_impossible:
            first, last, changed = services.seed_impossible_week(
                session, ctx.now.date(), undo=args.undo_impossible
            )
    ctx.print(report.summary())
    if args.impossible:
        ctx.print(
            f"every Japanese speaker is now on leave {first} – {last} ({changed} entries added); "
            f"`tandem plan --start {first} --weeks 1` shows why no rota exists; "
            "`tandem demo --undo-impossible` takes the leave back"
        )
    elif args.undo_impossible:
        ctx.print(f"removed the impossible week's leave ({changed} entries)")
    ctx.print(f"database: {ctx.database.display_url}")
    return EXIT_OK


def cmd_team(args: argparse.Namespace, ctx: Context) -> int:
    from rota import services

    with ctx.database.session() as session:
        team = services.resolve_team(session, args.team)
        views = services.team_overview(session, team.id, ctx.now)
    ctx.print(f"{team.name} — {len(views)} responders (local time now)")
    for v in views:
        r = v.responder
        leave = f"  on leave until {v.on_leave_today.end}" if v.on_leave_today else ""
        ctx.print(
            f"  {r.name:<22} {r.timezone:<18} {v.local_time:%a %H:%M} {v.utc_offset}  "
            f"{v.languages_text}{leave}"
        )
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace, ctx: Context) -> int:
    from rota import services

    with ctx.database.session() as session:
        team = services.resolve_team(session, args.team)
        design = services.coverage_design(session, team.id)
    ctx.print(f"{team.name} — coverage design ({len(design.patterns)} shift patterns)")
    for p in design.patterns:
        days = " ".join("MTWTFSS"[d] for d in sorted(p.days))
        ctx.print(f"  {p.name}: {p.start:%H:%M}–{p.end:%H:%M} {p.zone} [{days}] ({p.kind})")
        for d in p.demands:
            needs = [f"{s.count}× {s.skill_id} ≥{s.min_level}" for s in d.required_skills]
            needs += [f"speaks {lang}" for lang in d.required_languages]
            if d.content_category:
                needs.append(f"queue {d.content_category} ({d.severity})")
            heads = (
                f"{d.min_headcount}"
                if d.min_headcount == d.max_headcount
                else f"{d.min_headcount}–{d.max_headcount}"
            )
            ctx.print(f"      {heads}× {d.role}" + (f": {', '.join(needs)}" if needs else ""))
    return EXIT_OK


def cmd_db(args: argparse.Namespace, ctx: Context) -> int:
    database = ctx.database
    ctx.print(f"database: {database.display_url}")
    ctx.print(f"schema revision: {database.schema_revision()}")
    return EXIT_OK


def cmd_app(args: argparse.Namespace, ctx: Context) -> int:
    import importlib.util

    from streamlit.web import cli as streamlit_cli

    # Open (and migrate, and seed) before the server starts, so a bad URL fails here, clearly.
    from rota import services

    with ctx.database.session() as session:
        if services.database_is_empty(session):
            ctx.print(services.seed_demo(session, ctx.now.date()).summary())
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


# ---------------------------------------------------------------------------------------------
# Parser


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

    p = add("demo", cmd_demo, "Seed the fictional APAC demo team (safe to run again).")
    p.add_argument(
        "--impossible",
        action="store_true",
        help="also send every Japanese speaker on leave the same week (an impossible plan)",
    )
    p.add_argument("--undo-impossible", action="store_true", help="take that week's leave back")
    p = add("team", cmd_team, "List a team's responders with their local time now.")
    p.add_argument("--team", help="team id or name (may be omitted when there is only one)")
    p = add("coverage", cmd_coverage, "Show a team's shift patterns and role demands.")
    p.add_argument("--team", help="team id or name (may be omitted when there is only one)")
    add("db", cmd_db, "Show which database is used and its schema revision.")
    p = add("app", cmd_app, "Open the Tandem app in the browser (seeds the demo team if empty).")
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--headless", action="store_true", help="do not open a browser")
    from rota import cli_bench, cli_feeds, cli_plan, cli_skills

    for module in (cli_plan, cli_skills, cli_feeds, cli_bench):
        module.register(add, _date)
    return parser


def _error_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [TandemError]
    try:
        from scheduling.errors import SchedulingError

        types.append(SchedulingError)
    except ImportError:  # the engine is optional for the skeleton commands
        pass
    try:
        from skills.errors import SkillsError

        types.append(SkillsError)
    except ImportError:
        pass
    return tuple(types)


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
    except _error_types() as error:
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


if __name__ == "__main__":
    raise SystemExit(main())
