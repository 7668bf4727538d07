"""Use cases of the skills matrix: the matrix, gaps against role targets, coverage risk, and
recording and deciding assessments.

Each function takes a ``Session`` (and the clock as ``now`` or ``as_of``, passed in) and returns
plain frozen view objects that the ``tandem skills`` commands and the app's pages share.

* **Roles for role targets** and **who may decide an assessment**: :mod:`rota.policy.roles`.
* **Coverage windows** come from the team's shift patterns: every skill requirement and every
  language requirement of every role demand is a window named ``"<pattern> — <role>"``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.team import Team, TeamRole
from rota.errors import InputError, NotFoundError
from rota.policy.roles import DECIDER_LEVEL, DECIDING_TEAM_ROLES, target_roles
from rota.services._skills_data import (
    AssessmentView,
    Person,
    SkillsData,
    assessment_view,
    levels_on,
    load_skills_data,
    midnight,
    require_skill,
    resolve_person,
)
from rota.storage import repo
from skills.errors import NotAllowedError
from skills.levels import (
    EffectiveLevel,
    LevelFlag,
    effective_levels,
    rota_levels,
    validate_assessment,
)
from skills.levels import decide_assessment as decide
from skills.matrix import Matrix, build_matrix
from skills.model import Assessment, AssessmentSource, AssessmentStatus, RoleTarget, Skill
from skills.risk import (
    CoverageWindow,
    RiskStatus,
    SkillCoverage,
    WhatIfResult,
    WindowCoverage,
    coverage_risk,
    removal_impacts,
)
from skills.targets import Gap, SkillBurden, compute_gaps


@dataclass(frozen=True)
class MatrixView:
    """People x skills as of a date: effective level and flags per cell, and pending assessments."""

    team: Team
    as_of: date
    people: tuple[Person, ...]
    skills: tuple[Skill, ...]
    matrix: Matrix
    cells: Mapping[tuple[str, str], EffectiveLevel]
    pending: tuple[AssessmentView, ...]

    def cell(self, person_id: str, skill_id: str) -> EffectiveLevel:
        return self.cells[(person_id, skill_id)]

    def person(self, person_id: str) -> Person:
        return next(p for p in self.people if p.id == person_id)


def _approvers(
    data: SkillsData, assessment: Assessment, levels: Mapping[tuple[str, str], int], day: date
) -> tuple[Person, ...]:
    out = []
    for r in data.people_on(day):
        if r.id in (assessment.person_id, assessment.assessor_id):
            continue
        if (
            TeamRole(r.team_role) in DECIDING_TEAM_ROLES
            or levels.get((r.id, assessment.skill_id), 0) >= DECIDER_LEVEL
        ):
            out.append(Person.of(r))
    return tuple(out)


def skills_matrix(session, team_id: str, as_of: date) -> MatrixView:
    """The team's matrix on ``as_of`` with expiring / expired / pending / stale flags per cell, and
    the submitted (non-self) assessments waiting for a decision, with who may decide each."""
    data = load_skills_data(session, team_id)
    people = data.people_on(as_of)
    ids = [r.id for r in people]
    cells = effective_levels(ids, data.skills, data.assessments, as_of)
    matrix = build_matrix(ids, data.skills, data.assessments, as_of)
    levels = rota_levels(cells)
    pending = tuple(
        assessment_view(data, a, _approvers(data, a, levels, as_of))
        for a in sorted(data.assessments, key=lambda a: (a.assessed_at, a.id))
        if a.status == AssessmentStatus.SUBMITTED and a.source != AssessmentSource.SELF
    )
    return MatrixView(
        team=data.team,
        as_of=as_of,
        people=tuple(Person.of(r) for r in people),
        skills=data.skills,
        matrix=matrix,
        cells=cells,
        pending=pending,
    )


@dataclass(frozen=True)
class GapRow:
    person: Person
    skill_name: str
    gap: Gap


@dataclass(frozen=True)
class BurdenRow:
    skill_name: str
    burden: SkillBurden


@dataclass(frozen=True)
class GapsView:
    """Gaps against role targets on ``as_of`` (open gaps only) and the burden per skill."""

    team: Team
    as_of: date
    roles: Mapping[str, tuple[str, ...]]
    targets: tuple[RoleTarget, ...]
    gaps: tuple[GapRow, ...]
    burdens: tuple[BurdenRow, ...]


def skill_gaps(session, team_id: str, as_of: date) -> GapsView:
    """Who is below their role's target in which skill on ``as_of``, and the burden per skill."""
    data = load_skills_data(session, team_id)
    people = data.people_on(as_of)
    roles = {r.id: target_roles(r) for r in people}
    targets = tuple(repo.list_all(session, RoleTarget))
    levels = rota_levels(levels_on(data, as_of))
    report = compute_gaps(roles, targets, levels)
    return GapsView(
        team=data.team,
        as_of=as_of,
        roles=roles,
        targets=targets,
        gaps=tuple(
            GapRow(data.person(g.person_id), data.skill_name(g.skill_id), g)
            for g in report.open_gaps()
        ),
        burdens=tuple(BurdenRow(data.skill_name(b.skill_id), b) for b in report.burdens),
    )


@dataclass(frozen=True)
class WindowSource:
    """Where a coverage window comes from: a shift pattern's role demand and one requirement."""

    pattern: ShiftPattern
    role: str
    requirement: str


@dataclass(frozen=True)
class SkillRiskRow:
    skill: Skill
    coverage: SkillCoverage
    qualified: tuple[Person, ...]

    @property
    def flagged(self) -> bool:
        """One or no qualified person (bus factor one or worse)."""
        return self.coverage.status in (RiskStatus.NONE, RiskStatus.SINGLE_POINT)


@dataclass(frozen=True)
class WindowRiskRow:
    source: WindowSource
    coverage: WindowCoverage
    qualified: tuple[Person, ...]

    @property
    def flagged(self) -> bool:
        return self.coverage.status in (RiskStatus.NONE, RiskStatus.SINGLE_POINT)


@dataclass(frozen=True)
class RemovalRow:
    """What breaks when one person is away: windows now at risk or uncoverable, skills at risk."""

    person: Person
    result: WhatIfResult
    windows_broken: tuple[str, ...]
    skills_at_risk: tuple[str, ...]  # skill names


@dataclass(frozen=True)
class RiskView:
    team: Team
    as_of: date
    skills: tuple[SkillRiskRow, ...]
    windows: tuple[WindowRiskRow, ...]
    #: only the people whose removal breaks at least one window or puts a skill at risk
    removals: tuple[RemovalRow, ...]


def coverage_windows(
    patterns: Iterable[ShiftPattern], skills: Mapping[str, Skill]
) -> tuple[tuple[CoverageWindow, WindowSource], ...]:
    """Coverage windows from shift patterns: one per skill or language requirement of a demand."""
    out = []
    for p in sorted(patterns, key=lambda p: (p.zone, p.start, p.id)):
        for d in p.demands:
            several = len(d.required_skills) + len(d.required_languages) > 1
            for q in d.required_skills:
                skill_name = skills[q.skill_id].name if q.skill_id in skills else q.skill_id
                text = f"{q.count}× {skill_name} ≥ {q.min_level}"
                name = f"{p.name} — {d.role}" + (f" ({text})" if several else "")
                out.append(
                    (
                        CoverageWindow(
                            name, skill_id=q.skill_id, min_level=q.min_level, needed=q.count
                        ),
                        WindowSource(p, d.role, text),
                    )
                )
            for language in d.required_languages:
                text = f"speaks {language}"
                name = f"{p.name} — {d.role}" + (f" ({text})" if several else "")
                out.append(
                    (
                        CoverageWindow(name, language=language, needed=max(1, d.min_headcount)),
                        WindowSource(p, d.role, text),
                    )
                )
    return tuple(out)


def coverage_risk_view(session, team_id: str, as_of: date) -> RiskView:
    """How many people qualify per skill (level >= 3) and per coverage window on ``as_of``, flags
    at one or none, and whose absence alone would break a window."""
    data = load_skills_data(session, team_id)
    people = data.people_on(as_of)
    ids = [r.id for r in people]
    levels = rota_levels(levels_on(data, as_of))
    patterns = repo.list_all(session, ShiftPattern, team_id=team_id)
    windows = coverage_windows(patterns, data.skill_by_id)
    languages = {r.id: {ls.language for ls in r.languages if ls.covers} for r in people}
    skill_ids = [s.id for s in data.skills]
    window_list = [w for w, _ in windows]
    report = coverage_risk(ids, skill_ids, levels, window_list, languages=languages, as_of=as_of)
    sources = {w.name: s for w, s in windows}
    names = {r.id: Person.of(r) for r in people}
    skill_rows = tuple(
        SkillRiskRow(data.skill_by_id[c.skill_id], c, tuple(names[p] for p in c.qualified))
        for c in sorted(
            report.skills,
            key=lambda c: (c.count, [s.id for s in data.skills].index(c.skill_id)),
        )
    )
    window_rows = tuple(
        WindowRiskRow(sources[c.window.name], c, tuple(names[p] for p in c.qualified))
        for c in report.windows
    )
    removals = []
    for result in removal_impacts(
        ids, skill_ids, levels, window_list, languages=languages, as_of=as_of
    ):
        broken = tuple(dict.fromkeys(result.became_at_risk + result.became_unsatisfiable))
        if broken or result.skills_became_at_risk:
            removals.append(
                RemovalRow(
                    person=names[result.changes[0].person_id],
                    result=result,
                    windows_broken=broken,
                    skills_at_risk=tuple(data.skill_name(s) for s in result.skills_became_at_risk),
                )
            )
    removals.sort(key=lambda r: (-len(r.windows_broken), -len(r.skills_at_risk), r.person.name))
    return RiskView(data.team, as_of, skill_rows, window_rows, tuple(removals))


def record_assessment(
    session,
    team_id: str,
    person: str,
    skill_id: str,
    level: int | None,
    *,
    now: datetime,
    source: str = AssessmentSource.MANAGER.value,
    by: str | None = None,
    on: date | None = None,
    comment: str = "",
    evidence: str = "",
) -> AssessmentView:
    """Record a submitted assessment (it counts once approved). ``person`` and ``by`` are e-mails
    or ids; ``on`` is the day it was made (default: ``now``); a future day, an unknown skill or a
    level outside 0-4 is refused."""
    data = load_skills_data(session, team_id)
    subject = resolve_person(data, person)
    require_skill(data, skill_id)
    if level is not None and (
        isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4
    ):
        raise InputError("level", level, "use a whole number 0-4, or N/A for not applicable")
    if on is not None and on > now.date():
        raise InputError(
            "date",
            on.isoformat(),
            f"an assessment cannot be in the future (today is {now.date()}); "
            "use the day it was made",
        )
    try:
        kind = AssessmentSource(source)
    except ValueError:
        allowed = ", ".join(s.value for s in AssessmentSource if s != AssessmentSource.PROGRESSION)
        raise InputError("source", source, f"use one of: {allowed}") from None
    if kind == AssessmentSource.PROGRESSION:
        raise InputError(
            "source", source, "progression assessments are written by advancing a track"
        )
    assessor = subject if kind == AssessmentSource.SELF and by is None else None
    if by is not None:
        assessor = resolve_person(data, by, "assessor (--by)")
    made_at = now if on is None or on == now.date() else midnight(on)
    assessment = Assessment(
        id=f"as-{uuid.uuid4().hex[:12]}",
        person_id=subject.id,
        skill_id=skill_id,
        level=level,
        source=kind,
        assessor_id=None if assessor is None else assessor.id,
        assessed_at=made_at,
        status=AssessmentStatus.SUBMITTED,
        comment=comment,
        evidence=evidence,
    )
    validate_assessment(assessment, data.skill_by_id, now)
    repo.save(session, assessment)
    return assessment_view(data, assessment)


def decide_assessment(
    session, assessment_id: str, by: str, *, approve: bool, now: datetime
) -> AssessmentView:
    """Approve (or reject) a submitted assessment. ``by`` (e-mail or id) must be a manager or lead
    of the person's team or at level 4 in the skill, and neither the person nor the assessor."""
    assessment = repo.get(session, Assessment, assessment_id)
    if assessment is None:
        raise NotFoundError(
            "assessment", assessment_id, "see `tandem skills matrix` for pending assessment ids"
        )
    subject = repo.get(session, Responder, assessment.person_id)
    if subject is None:
        raise NotFoundError("person", assessment.person_id, "the assessed person is not stored")
    data = load_skills_data(session, subject.team_id)
    decider = resolve_person(data, by, "approver (--by)")
    if decider.id == assessment.person_id:
        raise NotAllowedError(
            "--by",
            by,
            "nobody may approve or reject an assessment of themselves",
            "ask a mentor, a level-4 colleague or a manager to decide",
        )
    level = rota_levels(levels_on(data, now.date())).get((decider.id, assessment.skill_id), 0)
    if TeamRole(decider.team_role) not in DECIDING_TEAM_ROLES and level < DECIDER_LEVEL:
        raise NotAllowedError(
            "--by",
            by,
            f"{decider.name} is at level {level} in {data.skill_name(assessment.skill_id)} "
            f"and is not a manager or lead",
            f"ask a level-{DECIDER_LEVEL} person in the skill or a manager to decide",
        )
    decided = decide(assessment, decider.id, approve, now)
    repo.save(session, decided)
    return assessment_view(data, decided)


def approve_assessment(session, assessment_id: str, by: str, *, now: datetime) -> AssessmentView:
    """Approve a submitted assessment (see :func:`decide_assessment`)."""
    return decide_assessment(session, assessment_id, by, approve=True, now=now)


def reject_assessment(session, assessment_id: str, by: str, *, now: datetime) -> AssessmentView:
    """Reject a submitted assessment (see :func:`decide_assessment`)."""
    return decide_assessment(session, assessment_id, by, approve=False, now=now)


FLAG_MARKS: dict[LevelFlag, str] = {
    LevelFlag.EXPIRED: "✗",
    LevelFlag.EXPIRING: "⌛",
    LevelFlag.STALE: "~",
    LevelFlag.PENDING: "•",
}


def flag_marks(flags: Iterable[LevelFlag]) -> str:
    """Short marks for a cell's flags: ✗ expired, ⌛ expiring, ~ stale, • pending."""
    present = set(flags)
    return "".join(mark for flag, mark in FLAG_MARKS.items() if flag in present)


def team_people(session, team_id: str, as_of: date) -> tuple[Person, ...]:
    """The team's people on ``as_of``, by name (for pickers)."""
    data = load_skills_data(session, team_id)
    return tuple(Person.of(r) for r in data.people_on(as_of))


def catalogue(session) -> tuple[Skill, ...]:
    """The skills catalogue, in catalogue order."""
    return tuple(repo.list_all(session, Skill))
