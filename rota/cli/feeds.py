"""CLI commands for calendar feeds: serve-feeds, feeds issue, feeds revoke, feeds export,
feeds reminder.

A subscription link carries a secret token: it is printed once, when issued, and never logged.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rota.cli.common import EXIT_OK

#: ``--team`` given without a value: the only team (``nargs="?"`` stores this const).
ONLY_TEAM = object()


def _team_name(value: object) -> str | None:
    return None if value is ONLY_TEAM else value  # type: ignore[return-value]


def _print_link(ctx, link, what: str) -> None:
    ctx.print(
        f"New {what} feed link for {link.subject_name} — shown only this once, keep it private:"
    )
    ctx.print(f"  subscribe (calendar URL): {link.https}")
    ctx.print(f"  one-click (webcal):       {link.webcal}")
    if link.revoked_previous:
        ctx.print("The previous personal link was revoked; it now answers 404.")
    ctx.print(
        "Calendars refresh subscribed feeds every few hours (Google: 8-24 h); a feed is a "
        "convenience view, never the paging path."
    )


# ---------------------------------------------------------------------------------------------
# Commands


def cmd_serve_feeds(args: argparse.Namespace, ctx) -> int:
    from rota.errors import ConfigError
    from rota.services import runtime

    database = ctx.database  # opened (and migrated) here, so a bad URL fails before serving
    ctx.print(
        f"serving calendar feeds on http://{args.host}:{args.port}/feeds/<token>.ics "
        f"from {database.display_url}; links use {ctx.config.feed_base_url} (Ctrl+C stops)"
    )
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        ctx.print(
            "note: this server speaks plain http; put it behind a TLS proxy and set "
            "TANDEM_FEED_BASE_URL to the public https address"
        )
    if hasattr(ctx.out, "flush"):
        ctx.out.flush()
    server = runtime.feed_server(database, args.host, args.port, log_level=args.log_level)
    try:
        server.run()
        failed = not server.started
    except SystemExit as stop:  # uvicorn exits (code 3) when it cannot bind
        failed = stop.code not in (0, None)
    if failed:  # uvicorn has logged why (e.g. the address is already in use)
        raise ConfigError(
            f"the feed server could not listen on {args.host}:{args.port}; choose another "
            "--port or stop the program using it"
        )
    return EXIT_OK


def cmd_feeds_issue(args: argparse.Namespace, ctx) -> int:
    from rota.services import feeds, teams

    base = ctx.config.feed_base_url
    with ctx.database.session() as session:
        if args.person is not None:
            link = feeds.issue_person_token(session, args.person, ctx.now, base)
            what = "personal"
        else:
            team = teams.resolve_team(session, _team_name(args.team))
            link = feeds.issue_team_token(session, team.id, ctx.now, base)
            active = len(feeds.team_links(session, team.id))
            what = "team"
    _print_link(ctx, link, what)
    if args.person is None and active > 1:
        ctx.print(
            f"The team now has {active} active team links; `tandem feeds revoke --team` "
            "revokes all of them."
        )
    return EXIT_OK


def cmd_feeds_revoke(args: argparse.Namespace, ctx) -> int:
    from rota.services import feeds, teams

    with ctx.database.session() as session:
        if args.person is not None:
            person = feeds.responder_by_email(session, args.person)
            count = feeds.revoke_person(session, args.person, ctx.now)
            whose = f"{person.name}'s personal feed"
        else:
            team = teams.resolve_team(session, _team_name(args.team))
            count = feeds.revoke_team(session, team.id, ctx.now)
            whose = f"{team.name}'s team feed"
    if count:
        noun = "link" if count == 1 else "links"
        ctx.print(f"revoked {count} {noun} of {whose}; revoked links answer 404")
    else:
        ctx.print(f"{whose} had no active link; nothing changed")
    return EXIT_OK


def cmd_feeds_export(args: argparse.Namespace, ctx) -> int:
    from rota.services import feeds, teams

    with ctx.database.session() as session:
        if args.person is not None:
            person = feeds.responder_by_email(session, args.person)
            body = feeds.personal_ics(session, person.id, ctx.now)
            whose = f"{person.name}'s shifts"
        else:
            team = teams.resolve_team(session, _team_name(args.team))
            body = feeds.team_ics(session, team.id, ctx.now)
            whose = f"{team.name}'s shifts"
    out = Path(args.out)
    try:
        out.write_bytes(body)
    except OSError as error:
        from rota.errors import InputError

        raise InputError("--out", str(out), f"choose a writable file ({error.strerror})") from None
    events = body.count(b"BEGIN:VEVENT")
    ctx.print(f"wrote {whose} ({events} events, published versions only) to {out}")
    return EXIT_OK


def cmd_feeds_reminder(args: argparse.Namespace, ctx) -> int:
    from rota.services import feeds

    minutes = None if args.off else args.minutes
    with ctx.database.session() as session:
        person = feeds.responder_by_email_or_id(session, args.who)
        person = feeds.set_reminder(session, person.id, minutes)
    if person.reminder_minutes is None:
        ctx.print(f"{person.name}'s personal feed now has no reminders")
    else:
        ctx.print(
            f"{person.name}'s personal feed now reminds them {person.reminder_minutes} min "
            "before each on-call shift"
        )
    ctx.print(
        "Calendar apps apply it at their next refresh, and some ignore reminders of subscribed "
        "calendars (Google always; Apple unless 'Remove: Alerts' is unticked): a convenience, "
        "never the paging path."
    )
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Parser


def _who(parser: argparse.ArgumentParser, verb: str) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--person", metavar="EMAIL", help=f"{verb} the personal feed of this responder"
    )
    group.add_argument(
        "--team",
        nargs="?",
        const=ONLY_TEAM,
        metavar="TEAM",
        help=f"{verb} the team feed (team id or name; may be omitted when there is only one)",
    )


def register(add, date_type) -> None:
    p = add(
        "serve-feeds",
        cmd_serve_feeds,
        "Serve calendar feeds (GET /feeds/<token>.ics) for calendar apps to subscribe to.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8502, help="port to serve on (default 8502)")
    p.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="server log level (default info); feed tokens are never logged",
    )

    feeds = add(
        "feeds", None, "Calendar feed links: issue, revoke, export an .ics file, reminders."
    )
    sub = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    p = sub.add_parser(
        "issue",
        help="issue a subscription link (printed once)",
        description="Issue a calendar subscription link and print it once (https and webcal). "
        "A new personal link revokes the person's previous one; a team may have several links.",
    )
    _who(p, "issue a link to")
    p.set_defaults(handler=cmd_feeds_issue)

    p = sub.add_parser(
        "revoke",
        help="revoke feed links (they answer 404)",
        description="Revoke a responder's personal link, or every link of the team feed.",
    )
    _who(p, "revoke")
    p.set_defaults(handler=cmd_feeds_revoke)

    p = sub.add_parser(
        "export",
        help="write the feed's .ics file",
        description="Write a personal (or the team) feed's shifts from the published rota to an "
        ".ics file, e.g. to import once into a calendar.",
    )
    _who(p, "export")
    p.add_argument("--out", required=True, metavar="FILE.ics", help="file to write")
    p.set_defaults(handler=cmd_feeds_export)

    p = sub.add_parser(
        "reminder",
        help="set or turn off a responder's reminder before on-call shifts",
        description="Remind a responder a number of minutes before each of their on-call shifts "
        "(a VALARM in their personal feed; the team feed has none), or turn it off.",
    )
    p.add_argument("who", metavar="EMAIL_OR_ID", help="the responder's e-mail address or id")
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument(
        "--minutes",
        type=int,
        metavar="N",
        help="minutes before each on-call shift, 1 to 10080 (one week)",
    )
    choice.add_argument("--off", action="store_true", help="no reminders")
    p.set_defaults(handler=cmd_feeds_reminder)
