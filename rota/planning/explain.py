"""Why no rota exists, in words a lead can act on.

The engine names the hard rule instances that conflict (rule id, worker ids, an instant, a terse
message). This module puts them in the team's words: the shift by its pattern name and local
hours, the requirement by skill and language names, each person by name with the reason they
cannot take the shift (which leave, which holiday, which limit), and what would make a plan
possible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import scheduling as engine
from rota.domain.absences import Leave
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.timezones import public_holidays, zone
from rota.planning.snapshot import PlanIndex, TeamSnapshot
from scheduling.diagnose import CAPACITY, UNFILLABLE
from skills.model import Skill

LANGUAGE_NAMES = {
    "en": "English",
    "ja": "Japanese",
    "ko": "Korean",
    "zh": "Chinese",
    "id": "Bahasa Indonesia",
    "ms": "Malay",
    "tl": "Tagalog",
    "th": "Thai",
    "hi": "Hindi",
    "vi": "Vietnamese",
    "ta": "Tamil",
    "kn": "Kannada",
    "mi": "Māori",
    "fil": "Filipino",
    "yue": "Cantonese",
    "bn": "Bengali",
}

RULE_WORDS = {
    "availability": "unavailable",
    "exposure-7-days": "at the weekly high-severity exposure ceiling",
    "exposure-per-day": "at the daily high-severity exposure limit",
    "consecutive-exposure-days": "at the limit of consecutive days on high-severity queues",
    "critical-incident-recovery": "recovering from a critical incident",
    "category-opt-out": "opted out of this content category",
    "category-clearance": "without training and consent for this content category",
    "min-rest": "would not have their minimum rest between shifts",
    "consecutive-days": "at the limit of consecutive working days",
    "total-minutes": "at their contract hours for the period",
    "night-consent": "has not consented to night work",
    "holiday-agreement": "on a public holiday they have not agreed to work",
}


def rule_words(rule_id: str, policy: engine.Policy) -> str:
    """Why a person cannot take a slot under ``rule_id``, with the team's own numbers."""
    if rule_id == "on-call-share":
        return f"at the {policy.max_on_call_percent}% on-call share"
    return RULE_WORDS.get(rule_id, rule_id.replace("-", " "))


#: the engine's root causes (too few qualified people; unfillable slots of one kind), said first
ROOT_CAUSES = (CAPACITY, UNFILLABLE)


@dataclass(frozen=True)
class PlainExplanation:
    lines: tuple[str, ...]
    relaxations: tuple[str, ...]


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def day_text(day: date) -> str:
    """A local day as a lead reads it: "Tue 1 Dec 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _slot_text(shift: engine.ShiftInstance, pattern: ShiftPattern | None) -> str:
    start, end = shift.start, shift.end
    utc = f"{start:%a} {start.day} {start:%b} {start:%H:%M}–{end:%H:%M} UTC"
    if pattern is None:
        return utc
    local_start = shift.start.astimezone(zone(pattern.zone))
    local_end = shift.end.astimezone(zone(pattern.zone))
    city = pattern.zone.split("/")[-1].replace("_", " ")
    return f"{pattern.name}, {utc} ({local_start:%H:%M}–{local_end:%H:%M} in {city})"


def _why_unavailable(person: Responder, day: date, leave: Iterable[Leave]) -> str:
    for entry in leave:
        if entry.responder_id == person.id and entry.covers(day):
            return f"on {entry.kind} leave {entry.start:%d %b}–{entry.end:%d %b}"
    holidays = public_holidays(person.country, person.subdivision, day, day)
    if day in holidays:
        return f"on a public holiday ({holidays[day]})"
    if day.weekday() not in person.working_days:
        return f"{day:%A} is not one of their contract working days"
    if day < person.start_date:
        return f"starts on {person.start_date:%d %b}"
    if person.end_date is not None and day > person.end_date:
        return f"left on {person.end_date:%d %b}"
    return "unavailable"


def _requirement(rule_id: str, demand: engine.Demand, skills: Mapping[str, Skill]) -> str:
    if rule_id == "languages" and demand.required_languages:
        langs = " or ".join(language_name(code) for code in sorted(demand.required_languages))
        return f"a {langs} speaker as {demand.role}"
    if rule_id == "skills" and demand.required_skills:
        parts = [
            f"{r.count} with {skills[r.skill].name if r.skill in skills else r.skill} "
            f"at level ≥ {r.min_level}"
            for r in demand.required_skills
        ]
        return f"{' and '.join(parts)} as {demand.role}"
    people = "person" if demand.min_headcount == 1 else "people"
    return f"{demand.min_headcount} {people} as {demand.role}"


def _root_text(e: engine.Explanation, reasons, name, skill_by_id) -> str:
    """A root cause in the team's words; each person's reason is left to the lines that say it
    with their leave."""
    text = e.message
    if e.rule_id == UNFILLABLE and e.workers and all(w in reasons for w in e.workers):
        text = text.split(" — ")[0]
    for worker_id in sorted(e.workers, key=len, reverse=True):
        text = text.replace(worker_id, name(worker_id))
    for code in LANGUAGE_NAMES:
        for end in (" ", ";", ")"):
            text = text.replace(f"speaking {code}{end}", f"speaking {language_name(code)}{end}")
        if text.endswith(f"speaking {code}"):
            text = text.removesuffix(code) + language_name(code)
    for skill_id, skill in skill_by_id.items():
        text = text.replace(f"holding {skill_id} ", f"holding {skill.name} ")
    return text[:1].upper() + text[1:] + "."


def explain_plainly(
    explanations: Iterable[engine.Explanation],
    problem: engine.Problem,
    responders: Iterable[Responder],
    patterns: Iterable[ShiftPattern],
    leave: Iterable[Leave],
    skills: Iterable[Skill],
    shift_pattern: Mapping[str, str],
) -> PlainExplanation:
    """The engine's conflicting rule instances as sentences about shifts and people."""
    explanations = list(explanations)
    people = {r.id: r for r in responders}
    pattern_by_id = {p.id: p for p in patterns}
    skill_by_id = {s.id: s for s in skills}
    leave = list(leave)
    shifts = {s.id: s for s in problem.shifts}

    def name(worker_id: str) -> str:
        person = people.get(worker_id)
        return person.name if person else worker_id

    by_id = {d.id: d for d in problem.demands}

    slot_lines: list[tuple[engine.Demand, str]] = []
    reasons: dict[str, list[str]] = {}
    other: list[str] = []
    root: list[engine.Explanation] = []
    for e in explanations:
        if e.rule_id in ROOT_CAUSES:  # already a sentence: said first, in the team's names
            root.append(e)
            continue
        demand = by_id.get(e.demand_id) if e.demand_id else None
        if demand is not None and not e.workers:
            shift = shifts[demand.shift_id]
            pattern = pattern_by_id.get(shift_pattern.get(shift.id, ""))
            slot_lines.append(
                (
                    demand,
                    f"{_slot_text(shift, pattern)} needs "
                    f"{_requirement(e.rule_id, demand, skill_by_id)}",
                )
            )
            continue
        for worker in e.workers:
            person = people.get(worker)
            day = e.when.date() if isinstance(e.when, datetime) else e.when
            if e.rule_id == "availability" and person is not None and day is not None:
                reason = _why_unavailable(person, day, leave)
            else:
                reason = rule_words(e.rule_id, problem.policy)
            reasons.setdefault(worker, [])
            if reason not in reasons[worker]:
                reasons[worker].append(reason)
        if not e.workers:
            text = e.message
            for worker_id in people:
                text = text.replace(worker_id, name(worker_id))
            other.append(f"{text} [{e.rule_id}]")

    lines: list[str] = [_root_text(e, reasons, name, skill_by_id) for e in root]
    if root:  # the root causes say which slots cannot be filled; the reasons per person stay
        slot_lines = []
    people_text = "; ".join(f"{name(w)} is {' and '.join(rs)}" for w, rs in reasons.items())
    for _demand, text in slot_lines:
        if reasons:
            count = len(reasons)
            who = "the only person who could" if count == 1 else f"the {count} people who could"
            lines.append(f"{text}, but {who} take it cannot: {people_text}.")
        else:
            lines.append(f"{text}, and nobody on the team qualifies.")
    if reasons and not slot_lines:
        lines.append(f"{people_text}.")
    lines.extend(other)
    relaxations = tuple(dict.fromkeys(e.relaxation for e in explanations if e.relaxation))
    return PlainExplanation(tuple(lines), relaxations)


def plain_explanation(
    result: engine.SolveResult, problem: engine.Problem, snapshot: TeamSnapshot, index: PlanIndex
) -> PlainExplanation | None:
    """The plain-words explanation of an infeasible result (None for any other status)."""
    if result.status != engine.Status.INFEASIBLE:
        return None
    return explain_plainly(
        result.explanation,
        problem,
        snapshot.responders,
        snapshot.patterns,
        snapshot.leave,
        snapshot.skills,
        index.shift_pattern,
    )
