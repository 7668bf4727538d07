"""Coverage risk: how many people qualify per skill and per coverage window, and "what if".

A person qualifies for a skill at ``min_level`` (default 3, Independent: levels 1 and 2 never count
toward coverage) when their rota level is at least that. A :class:`CoverageWindow` is whatever the
team must cover (e.g. "ja business hours": Japanese speakers; "self-harm nights": two people at
level >= 3 in self-harm escalation); the caller supplies the windows and, for language windows, who
covers which language. A window with both a skill and a language needs both in one person.

Status of a count: 0 -> ``NONE``; 1 -> ``SINGLE_POINT`` (bus factor one, even when one is all the
window needs); below ``needed`` -> ``SHORT``; otherwise ``OK``. "At risk" means not ``OK``;
"satisfiable" means ``count >= needed``.

"What if" applies changes (remove a person, set a level) to a level table and reports which windows
went from OK to at risk, became satisfiable or unsatisfiable. An optional ``feasibility_check``
callback (the solver, wired in ``rota``) is asked before and after: ``check(person_ids, levels) ->
bool`` says whether the coverage rules can still be met on a real schedule.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from skills.errors import InvalidValueError
from skills.levels import LevelTable
from skills.model import MAX_LEVEL, MIN_LEVEL

#: Default level that counts toward coverage (Independent).
COVERAGE_MIN_LEVEL = 3

#: ``check(person_ids, levels) -> bool``: can the coverage rules be met with these people/levels?
FeasibilityCheck = Callable[[tuple[str, ...], LevelTable], bool]


class RiskStatus(StrEnum):
    OK = "ok"
    SHORT = "short"
    SINGLE_POINT = "single point of failure"
    NONE = "none"


def risk_status(count: int, needed: int = 1) -> RiskStatus:
    """Status of a qualifying head count against the number needed (see module doc)."""
    if count == 0:
        return RiskStatus.NONE
    if count == 1:
        return RiskStatus.SINGLE_POINT
    if count < needed:
        return RiskStatus.SHORT
    return RiskStatus.OK


@dataclass(frozen=True)
class CoverageWindow:
    """Something the team must cover: a skill at ``min_level`` and/or a language, ``needed`` people.

    ``name`` identifies the window in reports (e.g. "ja Tokyo business hours").
    """

    name: str
    skill_id: str | None = None
    language: str | None = None
    min_level: int = COVERAGE_MIN_LEVEL
    needed: int = 1
    description: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            raise InvalidValueError("name", self.name, "give the window a name")
        if self.skill_id is None and self.language is None:
            raise InvalidValueError(
                "skill_id", None, f"window {self.name!r} needs a skill_id, a language, or both"
            )
        if not MIN_LEVEL <= self.min_level <= MAX_LEVEL:
            raise InvalidValueError(
                "min_level", self.min_level, f"use {MIN_LEVEL}-{MAX_LEVEL} (default 3)"
            )
        if self.needed < 1:
            raise InvalidValueError("needed", self.needed, "a window needs at least 1 person")


@dataclass(frozen=True)
class SkillCoverage:
    skill_id: str
    min_level: int
    qualified: tuple[str, ...]
    status: RiskStatus

    @property
    def count(self) -> int:
        return len(self.qualified)


@dataclass(frozen=True)
class WindowCoverage:
    window: CoverageWindow
    qualified: tuple[str, ...]
    status: RiskStatus

    @property
    def count(self) -> int:
        return len(self.qualified)

    @property
    def satisfiable(self) -> bool:
        """True when at least ``needed`` people qualify."""
        return self.count >= self.window.needed

    @property
    def at_risk(self) -> bool:
        return self.status != RiskStatus.OK


@dataclass(frozen=True)
class RiskReport:
    """Coverage per skill and per window; ``as_of`` is the date the levels were taken on."""

    as_of: date | None
    skills: tuple[SkillCoverage, ...]
    windows: tuple[WindowCoverage, ...]

    def skill(self, skill_id: str) -> SkillCoverage:
        return next(s for s in self.skills if s.skill_id == skill_id)

    def window(self, name: str) -> WindowCoverage:
        return next(w for w in self.windows if w.window.name == name)


def _qualifies(
    person_id: str,
    window: CoverageWindow,
    levels: LevelTable,
    languages: Mapping[str, Collection[str]] | None,
) -> bool:
    if (
        window.skill_id is not None
        and levels.get((person_id, window.skill_id), 0) < window.min_level
    ):
        return False
    if window.language is not None:
        if languages is None:
            raise InvalidValueError(
                "languages",
                None,
                f"window {window.name!r} needs language {window.language!r}: pass who covers "
                "which language (person_id -> language codes)",
            )
        if window.language not in languages.get(person_id, ()):
            return False
    return True


def coverage_risk(
    person_ids: Iterable[str],
    skill_ids: Iterable[str],
    levels: LevelTable,
    windows: Iterable[CoverageWindow] = (),
    *,
    languages: Mapping[str, Collection[str]] | None = None,
    min_level: int = COVERAGE_MIN_LEVEL,
    as_of: date | None = None,
) -> RiskReport:
    """Who qualifies per skill (at ``min_level``) and per window, with a status for each.

    ``levels`` is a level table as of the date of interest (:func:`skills.levels.levels_as_of`);
    ``languages`` maps person_id to the language codes the person can cover a window in.
    """
    people = tuple(sorted(set(person_ids)))
    skills = tuple(
        SkillCoverage(
            skill_id=skill_id,
            min_level=min_level,
            qualified=(q := tuple(p for p in people if levels.get((p, skill_id), 0) >= min_level)),
            status=risk_status(len(q)),
        )
        for skill_id in sorted(set(skill_ids))
    )
    covered = []
    for window in windows:
        qualified = tuple(p for p in people if _qualifies(p, window, levels, languages))
        covered.append(
            WindowCoverage(window, qualified, risk_status(len(qualified), window.needed))
        )
    return RiskReport(as_of=as_of, skills=skills, windows=tuple(covered))


@dataclass(frozen=True)
class RemovePerson:
    """What if this person were not available (left, on long leave)?"""

    person_id: str


@dataclass(frozen=True)
class SetLevel:
    """What if this person had this level in this skill (e.g. trained to 3)?"""

    person_id: str
    skill_id: str
    level: int

    def __post_init__(self) -> None:
        if not MIN_LEVEL <= self.level <= MAX_LEVEL:
            raise InvalidValueError("level", self.level, f"use {MIN_LEVEL}-{MAX_LEVEL}")


Change = RemovePerson | SetLevel


@dataclass(frozen=True)
class WhatIfResult:
    """Coverage before and after ``changes``, and the windows and skills whose state moved.

    Window lists hold window names; skill lists hold skill ids. ``feasible_before`` and
    ``feasible_after`` are the callback's answers, None when no callback was given.
    """

    changes: tuple[Change, ...]
    before: RiskReport
    after: RiskReport
    became_at_risk: tuple[str, ...]
    no_longer_at_risk: tuple[str, ...]
    became_unsatisfiable: tuple[str, ...]
    became_satisfiable: tuple[str, ...]
    skills_became_at_risk: tuple[str, ...]
    skills_no_longer_at_risk: tuple[str, ...]
    feasible_before: bool | None = None
    feasible_after: bool | None = None

    def summary(self) -> str:
        """One line in plain words, for the CLI and the app."""
        parts = []
        if self.became_at_risk:
            parts.append("now at risk: " + ", ".join(self.became_at_risk))
        if self.became_unsatisfiable:
            parts.append("cannot be covered: " + ", ".join(self.became_unsatisfiable))
        if self.became_satisfiable:
            parts.append("can now be covered: " + ", ".join(self.became_satisfiable))
        if self.no_longer_at_risk:
            parts.append("no longer at risk: " + ", ".join(self.no_longer_at_risk))
        if self.skills_became_at_risk:
            parts.append("skills now at risk: " + ", ".join(self.skills_became_at_risk))
        if self.skills_no_longer_at_risk:
            parts.append("skills no longer at risk: " + ", ".join(self.skills_no_longer_at_risk))
        if self.feasible_before is not None and self.feasible_after is not None:
            if self.feasible_before and not self.feasible_after:
                parts.append("the rota can no longer meet its coverage rules")
            elif not self.feasible_before and self.feasible_after:
                parts.append("the rota can now meet its coverage rules")
        return "; ".join(parts) if parts else "no change in coverage"


def apply_changes(
    person_ids: Iterable[str], levels: LevelTable, changes: Sequence[Change]
) -> tuple[tuple[str, ...], dict[tuple[str, str], int]]:
    """The people and level table after ``changes`` (inputs untouched)."""
    people = list(dict.fromkeys(person_ids))
    new_levels = dict(levels)
    for change in changes:
        if isinstance(change, RemovePerson):
            people = [p for p in people if p != change.person_id]
            new_levels = {k: v for k, v in new_levels.items() if k[0] != change.person_id}
        else:
            if change.person_id not in people:
                people.append(change.person_id)
            new_levels[(change.person_id, change.skill_id)] = change.level
    return tuple(people), new_levels


def _compare(
    changes: tuple[Change, ...],
    before: RiskReport,
    after: RiskReport,
    feasible_before: bool | None,
    feasible_after: bool | None,
) -> WhatIfResult:
    pairs = list(zip(before.windows, after.windows, strict=True))
    skill_pairs = list(zip(before.skills, after.skills, strict=True))
    return WhatIfResult(
        changes=changes,
        before=before,
        after=after,
        became_at_risk=tuple(a.window.name for b, a in pairs if not b.at_risk and a.at_risk),
        no_longer_at_risk=tuple(a.window.name for b, a in pairs if b.at_risk and not a.at_risk),
        became_unsatisfiable=tuple(
            a.window.name for b, a in pairs if b.satisfiable and not a.satisfiable
        ),
        became_satisfiable=tuple(
            a.window.name for b, a in pairs if not b.satisfiable and a.satisfiable
        ),
        skills_became_at_risk=tuple(
            a.skill_id
            for b, a in skill_pairs
            if b.status == RiskStatus.OK and a.status != RiskStatus.OK
        ),
        skills_no_longer_at_risk=tuple(
            a.skill_id
            for b, a in skill_pairs
            if b.status != RiskStatus.OK and a.status == RiskStatus.OK
        ),
        feasible_before=feasible_before,
        feasible_after=feasible_after,
    )


def what_if(
    person_ids: Iterable[str],
    skill_ids: Iterable[str],
    levels: LevelTable,
    windows: Iterable[CoverageWindow],
    changes: Sequence[Change],
    *,
    languages: Mapping[str, Collection[str]] | None = None,
    min_level: int = COVERAGE_MIN_LEVEL,
    as_of: date | None = None,
    feasibility_check: FeasibilityCheck | None = None,
) -> WhatIfResult:
    """Recompute coverage after ``changes`` (RemovePerson / SetLevel) and report what moved."""
    people = tuple(dict.fromkeys(person_ids))
    skill_list = tuple(skill_ids)
    window_list = tuple(windows)
    new_people, new_levels = apply_changes(people, levels, changes)
    before = coverage_risk(
        people,
        skill_list,
        levels,
        window_list,
        languages=languages,
        min_level=min_level,
        as_of=as_of,
    )
    after = coverage_risk(
        new_people,
        skill_list,
        new_levels,
        window_list,
        languages=languages,
        min_level=min_level,
        as_of=as_of,
    )
    feasible_before = feasible_after = None
    if feasibility_check is not None:
        feasible_before = feasibility_check(people, levels)
        feasible_after = feasibility_check(new_people, new_levels)
    return _compare(tuple(changes), before, after, feasible_before, feasible_after)


def removal_impacts(
    person_ids: Iterable[str],
    skill_ids: Iterable[str],
    levels: LevelTable,
    windows: Iterable[CoverageWindow],
    *,
    languages: Mapping[str, Collection[str]] | None = None,
    min_level: int = COVERAGE_MIN_LEVEL,
    as_of: date | None = None,
    feasibility_check: FeasibilityCheck | None = None,
) -> tuple[WhatIfResult, ...]:
    """Remove each person in turn: one :class:`WhatIfResult` per person, in person_id order.

    The feasibility callback (if any) is asked once for the full team and once per removal.
    """
    people = tuple(sorted(set(person_ids)))
    skill_list = tuple(skill_ids)
    window_list = tuple(windows)
    before = coverage_risk(
        people,
        skill_list,
        levels,
        window_list,
        languages=languages,
        min_level=min_level,
        as_of=as_of,
    )
    feasible_before = None if feasibility_check is None else feasibility_check(people, levels)
    results = []
    for person_id in people:
        changes: tuple[Change, ...] = (RemovePerson(person_id),)
        new_people, new_levels = apply_changes(people, levels, changes)
        after = coverage_risk(
            new_people,
            skill_list,
            new_levels,
            window_list,
            languages=languages,
            min_level=min_level,
            as_of=as_of,
        )
        feasible_after = (
            None if feasibility_check is None else feasibility_check(new_people, new_levels)
        )
        results.append(_compare(changes, before, after, feasible_before, feasible_after))
    return tuple(results)
