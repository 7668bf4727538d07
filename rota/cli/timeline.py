"""CLI commands on the published timeline: shifts, versions, override, swap ..., undo.

`tandem shifts` lists the timeline with the assignment ids the other commands take (a unique
prefix of 6+ characters will do); people are named by id, e-mail address or full name. Every
change is checked against every hard rule first (refused in plain words, nothing written), then
published as a new version of just the shifts it touches.
"""

from __future__ import annotations

import argparse

from rota.cli.common import EXIT_ERROR, EXIT_OK, Context, add_team_option
from rota.cli.timeline_common import (
    assignment_id,
    counted,
    nothing_published,
    print_candidates,
    print_refused,
    print_table,
    published_row,
    responder_named,
    shift_words,
    swap_id,
    team_of,
    when_words,
)
from rota.domain.swaps import SwapState
from rota.errors import InputError, RotaBreaksRules

# ---------------------------------------------------------------------------------------------
# shifts, versions


def cmd_shifts(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import planning, published, rotas

    with ctx.database.session() as session:
        team = team_of(session, args)
        person = responder_named(session, team, args.person, "--person") if args.person else None
        first = args.first if args.first is not None else planning.local_today(team, ctx.now)
        last = args.last
        if last is not None and last < first:
            raise InputError("--to", last.isoformat(), f"give a day on or after {first}")
        timeline = rotas.rota_timeline(session, team.id, "published")
        kinds = {v.version: v.kind for v in published.version_history(session, team.id)}
    if timeline.rota is None:
        return nothing_published(ctx, team)
    rows = [
        r
        for r in timeline.rows
        if (person is None or r.responder_id == person.id)
        and first <= r.local_day
        and (last is None or r.local_day <= last)
    ]
    whose = f" of {person.name}" if person else ""
    since = " (today)" if args.first is None else ""
    until = f" to {last}" if last is not None else ""
    ctx.print(
        f"{team.name}: {counted(len(rows), 'published shift')}{whose} from {first}{since}{until}, "
        "in each person's own zone"
    )
    if not rows:
        if args.first is None:
            ctx.print("  none from today; give --from YYYY-MM-DD to see earlier days")
        return EXIT_OK
    print_table(
        ctx,
        ["ASSIGNMENT ID", "PERSON", "PATTERN", "ROLE", "LOCAL START–END", "ZONE", "SET BY"],
        [
            [
                r.assignment_id,
                r.responder,
                r.pattern,
                r.role + (" (shadow)" if r.shadow else ""),
                when_words(r),
                r.display_zone,
                f"v{r.version} {kinds.get(r.version, '')}".rstrip() if r.version else "",
            ]
            for r in rows
        ],
    )
    return EXIT_OK


def cmd_versions(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import published

    with ctx.database.session() as session:
        team = team_of(session, args)
        lines = published.version_history(session, team.id)
    if not lines:
        return nothing_published(ctx, team)
    ctx.print(f"{team.name}: {counted(len(lines), 'published version')}, newest first")
    print_table(
        ctx,
        ["VERSION", "KIND", "WHAT", "PUBLISHED AT", "BY", "STATE", "CURRENT", "NOTE"],
        [
            [
                str(v.version),
                v.kind,
                v.what,
                f"{v.published_at:%Y-%m-%d %H:%M} UTC",
                v.by or "-",
                v.state,
                f"{v.current}/{v.total}",
                v.note or "-",
            ]
            for v in lines
        ],
    )
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# override, undo


def cmd_override(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import published

    if not args.candidates:
        if args.to is None:
            fix = "name who takes it (id, e-mail or name), or --candidates to list who could"
            raise InputError("--to", "(not given)", fix)
        if not (args.reason or "").strip():
            fix = 'say why it changes, e.g. --reason "covering a sick day" (kept in the history)'
            raise InputError("--reason", args.reason or "", fix)
    try:
        with ctx.database.session() as session:
            team = team_of(session, args)
            aid = assignment_id(session, team, args.assignment_id)
            row = published_row(session, team, aid)
            words = shift_words(row) if row else aid
            if args.candidates:
                found = published.override_candidates(session, team.id, aid, with_refused=args.all)
            else:
                person = responder_named(session, team, args.to, "--to")
                by = responder_named(session, team, args.by, "--as").id if args.by else "cli"
                version = published.override(
                    session, team.id, aid, person.id, reason=args.reason, now=ctx.now, by=by
                )
    except RotaBreaksRules as refused:
        return print_refused(ctx, refused)
    if args.candidates:
        ok = [c for c in found if c.ok]
        print_candidates(ctx, ok, "person/people", words)
        refused = [c for c in found if not c.ok]
        if refused:
            ctx.print(f"{counted(len(refused), 'other')} would break a hard rule:")
            for c in refused:
                ctx.print(f"  {c.name} ({c.responder_id}):")
                for b in c.breaches:
                    ctx.print(f"    - {b}")
        if ok:
            ctx.print(
                f"Give it to one with `tandem override {aid} --to PERSON --reason TEXT`; "
                "nothing was changed."
            )
        return EXIT_OK
    ctx.print(f"published version {version.version} (override of this shift only): {version.note}")
    return EXIT_OK


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import published

    try:
        with ctx.database.session() as session:
            team = team_of(session, args)
            by = responder_named(session, team, args.by, "--as").id if args.by else "cli"
            version = published.undo_last(session, team.id, now=ctx.now, by=by)
    except RotaBreaksRules as refused:
        return print_refused(ctx, refused)
    ctx.print(f"published version {version.version}: {version.note}")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# swaps


def cmd_swap_candidates(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import published

    with ctx.database.session() as session:
        team = team_of(session, args)
        me = responder_named(session, team, args.as_person, "--as")
        aid = assignment_id(session, team, args.assignment_id)
        row = published_row(session, team, aid)
        words = shift_words(row) if row else aid
        if args.with_person:
            colleague = responder_named(session, team, args.with_person, "--with")
            options = published.trade_options(
                session, team.id, aid, me.id, colleague.id, now=ctx.now
            )
        else:
            found = published.swap_candidates(session, team.id, aid, me.id, now=ctx.now)
    if args.with_person:
        ctx.print(
            f"{counted(len(options), 'shift')} of {colleague.name}'s {me.name} could take in "
            f"exchange for {words}, keeping every hard rule" + (":" if options else "")
        )
        for o in options:
            ctx.print(f"  {o.assignment_id}  {o.label}")
        if options:
            ctx.print(
                f"Ask with `tandem swap request {aid} --as {me.id} --with {colleague.id} "
                "--their ASSIGNMENT_ID`."
            )
        return EXIT_OK
    print_candidates(ctx, found, "colleague", words)
    if found:
        ctx.print(f"Ask one with `tandem swap request {aid} --as {me.id} --with PERSON`.")
    return EXIT_OK


def cmd_swap_request(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import published

    try:
        with ctx.database.session() as session:
            team = team_of(session, args)
            me = responder_named(session, team, args.as_person, "--as")
            colleague = responder_named(session, team, args.with_person, "--with")
            aid = assignment_id(session, team, args.assignment_id)
            theirs = assignment_id(session, team, args.their, "--their") if args.their else None
            asked = dict(now=ctx.now, their_assignment_id=theirs, reason=args.reason or "")
            swap = published.request_swap(session, team.id, me.id, aid, colleague.id, **asked)
            lines = published.swaps_of(session, team.id, responder_id=me.id, open_only=True)
            words = next(x.words for x in lines if x.swap.id == swap.id)
    except RotaBreaksRules as refused:
        return print_refused(ctx, refused)
    ctx.print(f"asked {colleague.name}: {words} (swap {swap.id}, keeps every hard rule now)")
    ctx.print(
        f"{colleague.name} answers with `tandem swap accept {swap.id} --as {colleague.id}` "
        f"(or `decline`); {me.name} may withdraw it with `tandem swap cancel {swap.id} "
        f"--as {me.id}`"
    )
    return EXIT_OK


def _print_step(ctx: Context, step) -> int:
    swap = step.swap
    ctx.print(f"swap {swap.id}: {step.message}")
    if swap.state == SwapState.ACCEPTED:
        ctx.print(
            f"A lead decides with `tandem swap decide {swap.id} --approve --as LEAD` "
            "(or --decline)."
        )
    if swap.state == SwapState.CANCELLED:  # the shifts changed under it: nothing was done
        return EXIT_ERROR
    return EXIT_OK


def cmd_swap_step(args: argparse.Namespace, ctx: Context) -> int:
    """The colleague asked answers (``args.accept``), or a lead decides (``args.approve``)."""
    from rota.services import published

    try:
        with ctx.database.session() as session:
            team = team_of(session, args)
            who = responder_named(session, team, args.as_person, "--as")
            sid, note = swap_id(session, team, args.swap_id), args.note or ""
            if hasattr(args, "accept"):
                step = published.answer_swap(
                    session, sid, who.id, accept=args.accept, now=ctx.now, note=note
                )
            else:
                step = published.decide_swap(
                    session, sid, approve=args.approve, by=who.id, now=ctx.now, note=note
                )
    except RotaBreaksRules as refused:
        return print_refused(ctx, refused)
    return _print_step(ctx, step)


def cmd_swap_cancel(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import published

    with ctx.database.session() as session:
        team = team_of(session, args)
        me = responder_named(session, team, args.as_person, "--as")
        sid = swap_id(session, team, args.swap_id)
        swap = published.cancel_swap(session, sid, me.id, now=ctx.now)
    ctx.print(f"swap {swap.id}: withdrawn; nothing on the rota changed")
    return EXIT_OK


def cmd_swap_list(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import published

    with ctx.database.session() as session:
        team = team_of(session, args)
        person = responder_named(session, team, args.as_person, "--as") if args.as_person else None
        rid = person.id if person else None
        lines = published.swaps_of(session, team.id, responder_id=rid, open_only=args.open)
    which = "open swap request" if args.open else "swap request"
    whose = f" asked by or of {person.name}" if person else ""
    ctx.print(f"{team.name}: {counted(len(lines), which)}{whose}, newest first")
    if lines:
        print_table(
            ctx,
            ["SWAP ID", "STATE", "ASKED AT", "WHAT", "OUTCOME"],
            [
                [
                    line.swap.id,
                    str(line.swap.state),
                    f"{line.swap.created_at:%Y-%m-%d %H:%M} UTC",
                    line.words + (f". {line.swap.reason}" if line.swap.reason else ""),
                    line.swap.outcome_note or "-",
                ]
                for line in lines
            ],
        )
    return EXIT_OK


def cmd_swap_auto_approve(args: argparse.Namespace, ctx: Context) -> int:
    from rota.services import published

    with ctx.database.session() as session:
        team = team_of(session, args)
        team = published.team_setting_auto_approve(session, team.id, args.setting == "on")
    if team.auto_approve_swaps:
        ctx.print(
            f"{team.name} now auto-approves swaps: once the colleague accepts, a swap that keeps "
            "every hard rule is published at once"
        )
    else:
        ctx.print(f"{team.name} now waits for a lead to approve each accepted swap")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Parser


def _sub(sub, name: str, handler, help_text: str, target: str = "") -> argparse.ArgumentParser:
    """A ``swap`` action with ``--team`` and its positional ``target`` ("shift" or "swap")."""
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.set_defaults(handler=handler)
    add_team_option(p)
    if target == "shift":
        p.add_argument("assignment_id", metavar="ASSIGNMENT_ID", help="from `tandem shifts`")
    elif target == "swap":
        p.add_argument("swap_id", metavar="SWAP_ID", help="from `tandem swap list`")
    return p


def _as(p: argparse.ArgumentParser, who: str, *, required: bool = True, dest="as_person"):
    p.add_argument(
        "--as", dest=dest, metavar="PERSON", required=required, help=f"{who} (id, e-mail or name)"
    )


def register(add, date_type) -> None:
    """Add the commands on the published timeline to the `tandem` parser."""
    p = add(
        "shifts",
        cmd_shifts,
        "List the current published shifts (from today by default) with their assignment ids, "
        "in each person's zone, and which version set each.",
    )
    add_team_option(p)
    p.add_argument("--person", metavar="PERSON", help="only this person's (id, e-mail or name)")
    p.add_argument(
        "--from",
        dest="first",
        type=date_type,
        metavar="DATE",
        help="first local day (default: today in the team's zone)",
    )
    p.add_argument("--to", dest="last", type=date_type, metavar="DATE", help="last local day")

    p = add(
        "versions",
        cmd_versions,
        "List the published versions, newest first: what each "
        "covers and how much of it is current.",
    )
    add_team_option(p)

    p = add(
        "override",
        cmd_override,
        "Give one published shift to someone else (checked against every hard rule, then "
        "published as a new version of that shift only), or list who could take it.",
    )
    add_team_option(p)
    p.add_argument("assignment_id", metavar="ASSIGNMENT_ID", help="from `tandem shifts`")
    p.add_argument("--to", metavar="PERSON", help="who takes the shift (id, e-mail or name)")
    p.add_argument("--reason", help="why it changes (kept in the version history)")
    _as(p, "the lead making the change (default: cli)", required=False, dest="by")
    p.add_argument(
        "--candidates",
        action="store_true",
        help="list who could take it keeping every hard rule; change nothing",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="with --candidates: also who could not, with the rules they would break",
    )

    p = add(
        "undo",
        cmd_undo,
        "Reverse the newest version when it is an override, a swap or an "
        "undo (as a new version, checked against every hard rule first).",
    )
    add_team_option(p)
    _as(p, "who undoes it (default: cli)", required=False, dest="by")

    p = add(
        "swap",
        None,
        "Swap requests: ask a colleague to take (or trade) a published "
        "shift; they accept, a lead decides.",
    )
    sub = p.add_subparsers(dest="swap_command", metavar="ACTION", required=True)

    s = _sub(sub, "candidates", cmd_swap_candidates, "list who could take your shift", "shift")
    _as(s, "whose shift it is")
    s.add_argument(
        "--with",
        dest="with_person",
        metavar="PERSON",
        help="instead: this colleague's shifts you could take in exchange",
    )

    s = _sub(
        sub, "request", cmd_swap_request, "ask a colleague to take (or trade) your shift", "shift"
    )
    _as(s, "whose shift it is")
    s.add_argument(
        "--with",
        dest="with_person",
        metavar="PERSON",
        required=True,
        help="the colleague asked (id, e-mail or name)",
    )
    s.add_argument(
        "--their",
        metavar="ASSIGNMENT_ID",
        help="a trade: the colleague's shift you take in exchange",
    )
    s.add_argument("--reason", help="why you ask (shown to the colleague and the lead)")

    for name, accept in (("accept", True), ("decline", False)):
        s = _sub(
            sub,
            name,
            cmd_swap_step,
            f"{name} a swap you were asked to take (the "
            "colleague; a lead decides with `swap decide`)",
            "swap",
        )
        s.set_defaults(accept=accept)
        _as(s, "the colleague asked")
        s.add_argument("--note", help="a note kept with the request")

    s = _sub(
        sub,
        "decide",
        cmd_swap_step,
        "approve (publish) or decline a swap the colleague accepted (a lead)",
        "swap",
    )
    choice = s.add_mutually_exclusive_group(required=True)
    choice.add_argument(
        "--approve",
        dest="approve",
        action="store_true",
        help="re-check it and publish it as a new version of those shifts",
    )
    choice.add_argument("--decline", dest="approve", action="store_false", help="decline it")
    _as(s, "the lead deciding")
    s.add_argument("--note", help="why (kept with the request)")

    s = _sub(sub, "cancel", cmd_swap_cancel, "withdraw your open swap request", "swap")
    _as(s, "who asked")

    s = _sub(sub, "list", cmd_swap_list, "list the team's swap requests, newest first")
    s.add_argument("--open", action="store_true", help="only those still waiting for someone")
    _as(s, "only those this person asked or was asked", required=False)

    s = _sub(
        sub,
        "auto-approve",
        cmd_swap_auto_approve,
        "publish accepted swaps that keep every hard rule at once (on), or wait for a lead (off)",
    )
    s.add_argument("setting", choices=["on", "off"], help="on or off")
