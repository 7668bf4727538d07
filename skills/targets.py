"""Role targets and gaps: how far each person is from the level their role asks for.

``gap = max(0, target level - effective level)``; no level counts as 0. A person with several
roles gets, per skill, the highest target among them (mandatory if any of those targets is).
The burden of a skill is ``people with a gap x average gap`` (= the sum of their gaps): the
training effort the team still owes in that skill.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from skills.levels import LevelTable
from skills.model import RoleTarget


@dataclass(frozen=True)
class Gap:
    """One person's distance from the target in one skill (``gap`` 0 when reached)."""

    person_id: str
    skill_id: str
    role: str
    target_level: int
    level: int
    gap: int
    mandatory: bool
    importance: int


@dataclass(frozen=True)
class SkillBurden:
    """Gap summary for one skill across people with a target in it.

    ``burden = people_with_gap x average_gap``; ``mandatory_gaps`` counts people with a gap against
    a mandatory target (``mandatory`` is True when there is at least one).
    """

    skill_id: str
    people_with_target: int
    people_with_gap: int
    average_gap: float
    burden: float
    mandatory: bool
    mandatory_gaps: int


@dataclass(frozen=True)
class GapReport:
    """All gaps (including reached targets, with gap 0) and the burden per skill, largest first."""

    gaps: tuple[Gap, ...]
    burdens: tuple[SkillBurden, ...]

    def open_gaps(self) -> tuple[Gap, ...]:
        """Only the gaps greater than 0, mandatory first, then largest."""
        return tuple(
            sorted(
                (g for g in self.gaps if g.gap > 0),
                key=lambda g: (not g.mandatory, -g.gap, -g.importance, g.person_id, g.skill_id),
            )
        )


def compute_gaps(
    person_roles: Mapping[str, Iterable[str]],
    targets: Iterable[RoleTarget],
    levels: LevelTable,
) -> GapReport:
    """Gaps per person and skill, and burden per skill.

    ``person_roles`` maps person_id to the roles the person holds; ``levels`` is a level table as
    of the date of interest (see :func:`skills.levels.levels_as_of`); missing entries read as 0.
    """
    by_role: dict[str, list[RoleTarget]] = {}
    for target in targets:
        by_role.setdefault(target.role, []).append(target)

    gaps: list[Gap] = []
    for person_id in sorted(person_roles):
        best: dict[str, RoleTarget] = {}
        mandatory: dict[str, bool] = {}
        for role in sorted(set(person_roles[person_id])):
            for target in by_role.get(role, []):
                current = best.get(target.skill_id)
                if current is None or target.target_level > current.target_level:
                    best[target.skill_id] = target
                mandatory[target.skill_id] = mandatory.get(target.skill_id, False) or bool(
                    target.mandatory
                )
        for skill_id in sorted(best):
            target = best[skill_id]
            level = levels.get((person_id, skill_id), 0)
            gaps.append(
                Gap(
                    person_id=person_id,
                    skill_id=skill_id,
                    role=target.role,
                    target_level=target.target_level,
                    level=level,
                    gap=max(0, target.target_level - level),
                    mandatory=mandatory[skill_id],
                    importance=target.importance,
                )
            )

    burdens: list[SkillBurden] = []
    for skill_id in sorted({g.skill_id for g in gaps}):
        rows = [g for g in gaps if g.skill_id == skill_id]
        open_rows = [g for g in rows if g.gap > 0]
        average = sum(g.gap for g in open_rows) / len(open_rows) if open_rows else 0.0
        mandatory_gaps = sum(1 for g in open_rows if g.mandatory)
        burdens.append(
            SkillBurden(
                skill_id=skill_id,
                people_with_target=len(rows),
                people_with_gap=len(open_rows),
                average_gap=average,
                burden=len(open_rows) * average,
                mandatory=mandatory_gaps > 0,
                mandatory_gaps=mandatory_gaps,
            )
        )
    burdens.sort(key=lambda b: (-b.burden, -b.mandatory_gaps, b.skill_id))
    return GapReport(gaps=tuple(gaps), burdens=tuple(burdens))
