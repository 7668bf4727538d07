"""What the skills and mentoring use cases share (private to :mod:`rota.services`): a team's
people, skills and assessments loaded once, people found by id, e-mail or name, and the views of
people and assessments.

People are the team's active responders employed on the date asked; levels come from approved,
non-self assessments as of that date (the same rules the planner uses).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from rota.domain.responders import Responder
from rota.domain.team import Team, TeamRole
from rota.errors import NotFoundError
from rota.storage import repo
from skills.errors import UnknownReferenceError
from skills.levels import EffectiveLevel, effective_levels
from skills.model import LEVEL_LABELS, Assessment, Skill


@dataclass(frozen=True)
class Person:
    """A person as the skills views show them."""

    id: str
    name: str
    email: str
    zone: str
    team_role: str

    @property
    def label(self) -> str:
        """Name and zone, e.g. ``Aiko Tanaka (Asia/Tokyo)``."""
        return f"{self.name} ({self.zone})"

    @classmethod
    def of(cls, r: Responder) -> Person:
        return cls(r.id, r.name, r.email, r.timezone, TeamRole(r.team_role).value)


def _unknown_person(person_id: str) -> Person:
    return Person(person_id, person_id, "", "", "")


@dataclass(frozen=True)
class SkillsData:
    """Everything the skills use cases need about one team, loaded once."""

    team: Team
    responders: tuple[Responder, ...]
    skills: tuple[Skill, ...]
    assessments: tuple[Assessment, ...]

    @property
    def skill_by_id(self) -> dict[str, Skill]:
        return {s.id: s for s in self.skills}

    def people_on(self, day: date) -> tuple[Responder, ...]:
        return tuple(r for r in self.responders if r.active and r.employed_on(day))

    def person(self, person_id: str | None) -> Person:
        for r in self.responders:
            if r.id == person_id:
                return Person.of(r)
        return _unknown_person(person_id or "")

    def skill_name(self, skill_id: str) -> str:
        skill = self.skill_by_id.get(skill_id)
        return skill.name if skill else skill_id


def load_skills_data(session, team_id: str) -> SkillsData:
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id, "run `tandem demo` or name a known team")
    responders = tuple(
        sorted(repo.list_all(session, Responder, team_id=team_id), key=lambda r: r.name)
    )
    ids = [r.id for r in responders]
    assessments = tuple(repo.list_all(session, Assessment, person_id=ids)) if ids else ()
    return SkillsData(team, responders, tuple(repo.list_all(session, Skill)), assessments)


def resolve_person(data: SkillsData, key: str, what: str = "person") -> Responder:
    wanted = key.strip().lower()
    for r in data.responders:
        if wanted in (r.id.lower(), r.email.lower(), r.name.lower()):
            return r
    example = data.responders[0].email if data.responders else "someone@example.org"
    raise NotFoundError(
        what, key, f"use the e-mail or id of someone on team {data.team.id} (e.g. {example})"
    )


def require_skill(data: SkillsData, skill_id: str) -> Skill:
    skill = data.skill_by_id.get(skill_id)
    if skill is None:
        known = ", ".join(s.id for s in data.skills[:8])
        raise UnknownReferenceError(
            "skill", skill_id, f"use a skill id from the catalogue (e.g. {known})"
        )
    return skill


def levels_on(data: SkillsData, day: date) -> dict[tuple[str, str], EffectiveLevel]:
    ids = [r.id for r in data.people_on(day)]
    return effective_levels(ids, data.skills, data.assessments, day)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


@dataclass(frozen=True)
class AssessmentView:
    """An assessment with the names of the people involved and the skill."""

    assessment: Assessment
    person: Person
    skill_name: str
    assessor: Person | None
    decided_by: Person | None = None
    #: people who may approve or reject it (only for submitted assessments in views that list them)
    approvers: tuple[Person, ...] = ()

    @property
    def level_text(self) -> str:
        level = self.assessment.level
        return "N/A" if level is None else f"{level} ({LEVEL_LABELS[level]})"


def assessment_view(data: SkillsData, a: Assessment, approvers=()) -> AssessmentView:
    return AssessmentView(
        assessment=a,
        person=data.person(a.person_id),
        skill_name=data.skill_name(a.skill_id),
        assessor=None if a.assessor_id is None else data.person(a.assessor_id),
        decided_by=None if a.decided_by is None else data.person(a.decided_by),
        approvers=tuple(approvers),
    )
