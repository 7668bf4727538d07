"""Broken hard rules in plain words: who, which shift (local and UTC time), the rule in words.

The independent validator (:func:`scheduling.validate`) reports violations with engine ids
(worker ids, ``pattern@day#role`` demand ids). Planning, publishing and editing a draft turn them
into :class:`Breach` lines a lead can act on, and refuse with :class:`RotaBreaksRules` when a
rota they would store or publish breaks one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

import scheduling as engine
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Rota
from rota.domain.timezones import zone
from rota.errors import TandemError


def hard_rules(count: int) -> str:
    """``"1 hard rule"``, ``"3 hard rules"``."""
    return f"{count} hard rule" + ("" if count == 1 else "s")


@dataclass(frozen=True)
class Breach:
    """A broken hard rule, for a person: which rule (in plain words), who, when, what.

    ``when`` is the instant in the person's zone and in UTC (or the local day); ``shift`` names
    the shift it concerns when the rota is known (pattern, role, local and UTC times)."""

    rule_id: str
    rule: str
    who: str
    when: str
    message: str
    shift: str = ""

    def __str__(self) -> str:
        # the message often names the person already ("Thuy Pham is unavailable ..."): once
        who = f"{self.who}: " if self.who and not self.message.startswith(self.who) else ""
        where = f" — {self.shift}" if self.shift else (f" ({self.when})" if self.when else "")
        return f"{who}{self.message}{where} — rule: {self.rule}"


class RotaBreaksRules(TandemError):
    """A rota would break hard rules if stored or published; nothing was changed.

    ``str()`` is one line saying what was refused, then one line per broken rule."""

    def __init__(self, what: str, breaches: Iterable[Breach], fix: str) -> None:
        self.what = what
        self.breaches = tuple(breaches)
        self.fix = fix
        lines = [f"{what}: it breaks {hard_rules(len(self.breaches))}; {fix}"]
        lines += [f"  - {b}" for b in self.breaches]
        super().__init__("\n".join(lines))


def rule_statement(rule_id: str) -> str:
    """The first line of the rule's docstring: the rule in plain words."""
    for rule in engine.RULES:
        if rule.id == rule_id:
            first = rule.doc.strip().splitlines()
            return first[0].strip() if first else rule_id
    if rule_id == "unknown-reference":
        return "Every assignment names a current responder and a shift of the team's patterns"
    return rule_id


def _instant(at: datetime, person: Responder | None) -> str:
    utc = at.astimezone(UTC).strftime("%a %d %b %H:%M UTC")
    if person is None:
        return utc
    local = at.astimezone(zone(person.timezone)).strftime("%a %d %b %H:%M ")
    return f"{local}{person.timezone} ({utc})"


def _shift_text(a, patterns: Mapping[str, ShiftPattern], person: Responder | None) -> str:
    pattern = patterns.get(a.pattern_id)
    name = pattern.name if pattern else a.pattern_id
    tz = zone(person.timezone) if person else UTC
    start, end = a.start.astimezone(tz), a.end.astimezone(tz)
    where = person.timezone if person else "UTC"
    utc = f"{a.start.astimezone(UTC):%a %d %b %H:%M}–{a.end.astimezone(UTC):%H:%M} UTC"
    return f"shift {name} ({a.role}), {start:%a %d %b %H:%M}–{end:%H:%M} {where} = {utc}"


def plain_violations(
    violations: Iterable[engine.Violation],
    people: Mapping[str, Responder],
    patterns: Mapping[str, ShiftPattern],
    rota: Rota | None = None,
) -> tuple[Breach, ...]:
    """Engine violations with people's names, shift names and local times instead of ids.

    With ``rota``, a violation at the start of one of the person's shifts names that shift."""
    out = []
    day = r"(\d{4}-\d{2}-\d{2})"
    swaps: list[tuple[re.Pattern, Callable[[re.Match], str]]] = []
    for p in sorted(patterns.values(), key=lambda p: -len(p.id)):
        for role in sorted({d.role for d in p.demands}, key=len, reverse=True):
            swaps.append(
                (
                    re.compile(rf"{re.escape(p.id)}@{day}#{re.escape(role)}"),
                    lambda m, name=p.name, role=role: f"{name} on {m.group(1)} ({role})",
                )
            )
        swaps.append(
            (re.compile(rf"{re.escape(p.id)}@{day}"), lambda m, name=p.name: f"{name} on {m[1]}")
        )
    for person in sorted(people.values(), key=lambda r: -len(r.id)):
        swaps.append(
            (
                re.compile(rf"(?<![\w-]){re.escape(person.id)}(?![\w-])"),
                lambda m, name=person.name: name,
            )
        )

    def words(text: str) -> str:
        for pattern, replace_with in swaps:
            text = pattern.sub(replace_with, text)
        return text

    starts: dict[tuple[str, datetime], list] = {}
    held_by: dict[str, list] = {}
    for a in rota.assignments if rota is not None else ():
        starts.setdefault((a.responder_id, a.start), []).append(a)
        held_by.setdefault(a.responder_id, []).append(a)
    for v in violations:
        person = people.get(v.worker_id or "")
        when = shift = ""
        message = words(v.message)
        if v.rule_id == "unknown-reference" and person is not None:
            # the person is not among the rota's workers (offboarded, or outside their dates):
            # the validator reports each of their assignments, in the rota's order
            message = f"{person.name} is no longer an active responder of the team on these days"
            mine = held_by.get(person.id, [])
            if mine:
                shift = _shift_text(mine.pop(0), patterns, person)
        elif isinstance(v.when, datetime):
            when = _instant(v.when, person)
            held = starts.get((v.worker_id or "", v.when), [])
            shift = "; ".join(_shift_text(a, patterns, person) for a in held)
        elif isinstance(v.when, date):
            when = v.when.strftime("%a %d %b %Y")
        out.append(
            Breach(
                v.rule_id,
                rule_statement(v.rule_id),
                person.name if person else (v.worker_id or ""),
                when,
                message,
                shift,
            )
        )
    return tuple(out)
