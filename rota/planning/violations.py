"""Broken hard rules in plain words: who, which shift (local and UTC time), the rule in words.

The independent validator (:func:`scheduling.validate`) reports violations with engine ids
(worker ids, ``pattern@day#role`` demand ids). Planning, publishing and editing a draft turn them
into :class:`Breach` lines a lead can act on, and refuse with
:class:`rota.errors.RotaBreaksRules` when a rota they would store or publish breaks one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import scheduling as engine
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Rota
from rota.domain.timezones import zone


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


def scenario_violation_lines(
    violations: Iterable[engine.Violation],
    problem: engine.Problem,
    assignments: Sequence[engine.Assignment] = (),
) -> list[str]:
    """Each violation of a scenario's rota in plain words, where only the engine's problem is
    known (scenario files): the rule id, the person's name, the shift in their zone and in UTC,
    what is wrong (ids replaced by names), the rule in words."""
    workers = {w.id: w for w in problem.workers}
    shifts = {s.id: s for s in problem.shifts}
    ids = sorted(workers, key=len, reverse=True)
    swap = re.compile("|".join(rf"(?<![\w-]){re.escape(i)}(?![\w-])" for i in ids) or "(?!)")
    lines = []
    for v in violations:
        w = workers.get(v.worker_id or "")
        tz = ZoneInfo(w.zone) if w is not None else UTC
        where = w.zone if w is not None else "UTC"
        who = (w.name or w.id) if w is not None else (v.worker_id or "")
        when = ""
        if isinstance(v.when, datetime):
            held = [
                shifts[a.shift_id]
                for a in assignments
                if a.worker_id == v.worker_id
                and a.shift_id in shifts
                and shifts[a.shift_id].start == v.when
            ]
            if held:
                s = held[0]
                when = (
                    f"shift {s.label or s.id}, {s.start.astimezone(tz):%a %d %b %H:%M}–"
                    f"{s.end.astimezone(tz):%H:%M} {where} = {s.start:%a %d %b %H:%M}–"
                    f"{s.end:%H:%M} UTC"
                )
            else:
                when = (
                    f"{v.when.astimezone(tz):%a %d %b %H:%M} {where} = "
                    f"{v.when.astimezone(UTC):%a %d %b %H:%M} UTC"
                )
        elif isinstance(v.when, date):
            when = f"{v.when:%a %d %b %Y}"
        message = swap.sub(lambda m: workers[m[0]].name or m[0], v.message)
        head = ", ".join(part for part in (who, when) if part)
        lines.append(
            f"[{v.rule_id}] {head + ': ' if head else ''}{message} — rule: "
            f"{rule_statement(v.rule_id)}"
        )
    return lines
