"""Broken hard rules in plain words: who, which shift (local and UTC time), the rule in words.

The independent validator (:func:`scheduling.validate`) reports violations with engine ids
(worker ids, ``pattern@day#role`` demand ids). Planning, publishing and editing a draft turn them
into :class:`Breach` lines a lead can act on, and refuse with
:class:`rota.errors.RotaBreaksRules` when a rota they would store or publish breaks one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import scheduling as engine
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Rota
from rota.domain.timezones import zone
from rota.planning.explain import day_text
from rota.planning.snapshot import slot_of


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
        said = self.when and self.when in self.message  # "... from Mon 30 Nov to Sun 6 Dec"
        where = f" — {self.shift}" if self.shift else (f" ({self.when})" if not said else "")
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


_UNITS = {
    "days": ("day", "days"),
    "nights": ("night", "nights"),
    "shifts": ("shift", "shifts"),
    "people": ("person", "people"),
    "weekends": ("weekend", "weekends"),
    "shadows": ("shadow", "shadows"),
}

#: what a broken rule without a number means for the person, said after their name
_WHAT = {
    "availability": "is unavailable",
    "holiday-agreement": "is on a public holiday they have not agreed to work",
    "night-consent": "has not consented to night work",
    "category-opt-out": "has opted out of this content category",
    "category-clearance": "has no training and consent for this content category",
    "critical-incident-recovery": "is recovering from a critical incident",
    "no-overlap": "would work two shifts at the same time",
    "forbidden-succession": "would start a shift the day after one it may not follow",
    "days-off-after-nights": "would work too soon after a run of nights",
    "night-page-rest": "would start a shift too soon after a night page",
    "trainee-pairing": "would shadow without an eligible mentor",
    "pins": "has a pinned assignment that is not kept",
    "skills": "is on a shift that lacks the required skill level",
    "languages": "is on a shift that lacks a required language",
    "unknown-reference": "is no longer an active responder of the team on these days",
}


#: the verb before a rule's number: "Aiko Tanaka rests 8 h, at least 11 h"
_VERB = {
    "min-rest": "rests",
    "weekly-rest": "has a longest rest of",
    "coverage": "is staffed with",
    "shifts-per-day": "starts",
    "exposure-per-day": "has weighted exposure of",
    "exposure-7-days": "has weighted exposure of",
    "consecutive-exposure-days": "does high-severity work on",
    "on-call-share": "is on call for",
    "min-consecutive-days": "has a run of",
    "min-consecutive-days-off": "has a run of",
    "trainee-pairing": "has",
}


def quantity(amount: int, unit: str) -> str:
    """``480, "minutes"`` -> ``"8 h"``; ``1, "people"`` -> ``"1 person"``."""
    if unit == "minutes":
        hours, minutes = divmod(amount, 60)
        if not hours:
            return f"{minutes} min"
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    one, many = _UNITS.get(unit, (unit, unit))
    return f"{amount} {one if amount == 1 else many}"


def _measure(v: engine.Violation) -> str:
    """The number the rule breaks, from the violation's data: "13 h on Tue 1 Dec 2026, at most
    12 h", "8 h before the shift, at least 11 h", "7 days from Mon 30 Nov 2026 to ..."."""
    if v.value is None or v.limit is None:
        return ""
    where = ""
    if v.first_day is not None and isinstance(v.when, date) and not isinstance(v.when, datetime):
        where = f" from {day_text(v.first_day)} to {day_text(v.when)}"
    elif isinstance(v.when, date) and not isinstance(v.when, datetime):
        where = f" on {day_text(v.when)}"
    bound = "at most" if v.value > v.limit else "at least"
    return f"{quantity(v.value, v.unit)}{where}, {bound} {quantity(v.limit, v.unit)}"


def _slot_text(demand: str | None, patterns: Mapping[str, ShiftPattern]) -> str:
    """ "Sydney on-call on Thu 3 Dec 2026 (primary)" for an engine demand id, or ""."""
    if not demand:
        return ""
    try:
        pattern_id, day, role = slot_of(demand)
    except ValueError:
        return ""
    pattern = patterns.get(pattern_id)
    return f"{pattern.name if pattern else pattern_id} on {day_text(day)} ({role})"


def describe(v: engine.Violation, subject: str) -> str:
    """What is wrong, from the violation's data, about ``subject`` (a person's name, a slot's
    words, or "" for neither): "Aiko Tanaka rests 8 h, at least 11 h"."""
    measure = _measure(v)
    if measure:
        verb = _VERB.get(v.rule_id, "works")
        return f"{subject} {verb} {measure}" if subject else f"{verb} {measure}".capitalize()
    what = _WHAT.get(v.rule_id)
    if what is None:
        return subject
    message = f"{subject} {what}" if subject else what.capitalize()
    if isinstance(v.when, date) and not isinstance(v.when, datetime):
        message += f" on {day_text(v.when)}"
    return message


def plain_violations(
    violations: Iterable[engine.Violation],
    people: Mapping[str, Responder],
    patterns: Mapping[str, ShiftPattern],
    rota: Rota | None = None,
) -> tuple[Breach, ...]:
    """Engine violations in the team's words, made from each violation's data (rule, person,
    shift, value, limit, unit, days) — never by rewriting the engine's message.

    With ``rota``, a violation at the start of one of the person's shifts names that shift."""
    out = []
    starts: dict[tuple[str, datetime], list] = {}
    held_by: dict[str, list] = {}
    for a in rota.assignments if rota is not None else ():
        starts.setdefault((a.responder_id, a.start), []).append(a)
        held_by.setdefault(a.responder_id, []).append(a)
    for v in violations:
        person = people.get(v.worker_id or "")
        name = person.name if person else (v.worker_id or "")
        when = shift = ""
        if v.rule_id == "unknown-reference" and person is not None:
            # the person is not among the rota's workers (offboarded, or outside their dates):
            # the validator reports each of their assignments, in the rota's order
            mine = held_by.get(person.id, [])
            if mine:
                shift = _shift_text(mine.pop(0), patterns, person)
        elif isinstance(v.when, datetime):
            when = _instant(v.when, person)
            held = starts.get((v.worker_id or "", v.when), [])
            shift = "; ".join(_shift_text(a, patterns, person) for a in held)
        elif isinstance(v.when, date):
            when = day_text(v.when)
        slot = _slot_text(v.demand_id, patterns) if not name else ""
        message = describe(v, name or slot)
        out.append(Breach(v.rule_id, rule_statement(v.rule_id), name, when, message, shift))
    return tuple(out)


def scenario_violation_lines(
    violations: Iterable[engine.Violation],
    problem: engine.Problem,
    assignments: Sequence[engine.Assignment] = (),
) -> list[str]:
    """Each violation of a scenario's rota in plain words, where only the engine's problem is
    known (scenario files): the rule id, the person's name, the shift in their zone and in UTC,
    what is wrong (made from the violation's data), the rule in words."""
    workers = {w.id: w for w in problem.workers}
    shifts = {s.id: s for s in problem.shifts}
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
        slot = ""
        if not who and v.shift_id in shifts:
            slot = f"shift {shifts[v.shift_id].label or v.shift_id}"
        message = describe(v, who or slot) or v.message
        where_text = f" — {when}" if when and when not in message else ""
        lines.append(f"[{v.rule_id}] {message}{where_text} — rule: {rule_statement(v.rule_id)}")
    return lines
