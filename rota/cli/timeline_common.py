"""What the timeline commands share: people, assignments and swaps named on the command line,
tables, and refusals in plain words."""

from __future__ import annotations

from collections.abc import Sequence

from rota.cli.common import EXIT_ERROR, EXIT_OK, Context
from rota.cli.plan import print_refusal
from rota.errors import InputError, NotFoundError, RotaBreaksRules

#: the shortest assignment-id prefix accepted in place of the whole id
MIN_PREFIX = 6


def responder_named(session, team, value: str, option: str):
    """The responder of ``team`` with this id, e-mail address or full name."""
    from rota.services import teams

    text = (value or "").strip()
    if not text:
        raise InputError(option, value, "give the responder's id, e-mail address or full name")
    people = teams.list_responders(session, team.id, include_inactive=True)
    wanted = text.casefold()
    for found in (
        [r for r in people if r.id == text],
        [r for r in people if r.email.strip().casefold() == wanted],
        [r for r in people if r.name.strip().casefold() == wanted],
    ):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            ids = ", ".join(r.id for r in found)
            raise InputError(option, value, f"several responders match ({ids}); give the id")
    raise NotFoundError(
        f"responder of {team.name} with id, e-mail or name",
        value,
        f"check {option}; `tandem shifts` shows who works when",
    )


def assignment_id(session, team, value: str, option: str = "ASSIGNMENT_ID") -> str:
    """The id of a current published shift: ``value`` itself or the one id it is a prefix of."""
    from rota.services import published

    text = (value or "").strip()
    timeline = published.current_timeline(session, team.id)
    if timeline.find(text) is not None:
        return text
    if len(text) >= MIN_PREFIX:
        found = sorted({a.id for a in timeline.assignments if a.id.startswith(text)})
        if len(found) == 1:
            return found[0]
        if found:
            raise InputError(
                option,
                value,
                f"{len(found)} published shifts start with it; give more of the id "
                "(`tandem shifts` lists them)",
            )
    if timeline.empty:
        fix = "nothing is published yet: plan with `tandem plan`, then `tandem publish`"
    else:
        fix = f"check {option}; `tandem shifts` lists the ids of the current published shifts"
    raise NotFoundError(f"published shift of {team.name} with assignment id", value, fix)


def swap_id(session, team, value: str) -> str:
    """A swap request of ``team``."""
    from rota.services import published

    ids = [line.swap.id for line in published.swaps_of(session, team.id)]
    if value not in ids:
        raise NotFoundError(
            f"swap request of {team.name}",
            value,
            "check SWAP_ID; `tandem swap list` lists the team's requests",
        )
    return value


def team_of(session, args):
    from rota.services import teams

    return teams.resolve_team(session, args.team)


def print_table(ctx: Context, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Columns padded to their widest cell; the last column is not padded."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row[:-1], widths[:-1], strict=True)]
        ctx.print("  ".join([*cells, str(row[-1])]).rstrip())


def counted(count: int, word: str, plural: str | None = None) -> str:
    """``"1 shift"``, ``"3 shifts"``."""
    return f"{count} {word if count == 1 else plural or word + 's'}"


def when_words(row) -> str:
    """A timeline row's local start and end (the end's day only when it differs)."""
    start, end = row.start_local, row.end_local
    tail = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %d %b %H:%M}"
    return f"{start:%a %d %b %Y %H:%M}–{tail}"


def shift_words(row) -> str:
    return (
        f"{row.pattern} ({row.role}) {when_words(row)} {row.display_zone}, held by {row.responder}"
    )


def published_row(session, team, assignment_id: str):
    from rota.services import rotas

    rows = rotas.rota_timeline(session, team.id, "published").rows
    return next((r for r in rows if r.assignment_id == assignment_id), None)


def nothing_published(ctx: Context, team) -> int:
    ctx.print(f"nothing is published for {team.name} yet: `tandem plan`, then `tandem publish`")
    return EXIT_OK


def print_candidates(ctx: Context, found, count: str, words: str) -> None:
    """People who could take a shift (``count``: what they are called, e.g. "colleague")."""
    ctx.print(
        f"{counted(len(found), *count.split('/'))} could take {words}, keeping every hard rule"
        + (":" if found else "; nobody can take it without breaking a rule")
    )
    for c in found:
        ctx.print(f"  {c.name:<24} {c.responder_id:<22} {c.zone}")


def print_refused(ctx: Context, refused: RotaBreaksRules) -> int:
    print_refusal(ctx, refused, nothing="nothing was changed", then="Instead")
    return EXIT_ERROR
