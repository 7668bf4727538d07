"""Use cases of the skills matrix, mentoring and progression: one function per use case.

Each function takes a ``Session`` (and the clock as ``now`` or ``as_of``, passed in) and returns
plain frozen view objects that the ``tandem skills`` / ``tandem mentoring`` commands and the app's
pages share: no printing, no Streamlit. Errors are :class:`rota.errors.TandemError` or
:class:`skills.errors.SkillsError` subclasses whose message names the field, value and fix.

Conventions of this module (team policy, documented here because the stored data does not say it):

* **People** are the team's active responders employed on the date asked; a person is named by
  id, e-mail or exact name. Levels come from approved, non-self assessments as of that date (the
  same rules the planner uses); recency is not applied, as in planning.
* **Roles for role targets**: every responder holds their team role (``responder``, ``lead``,
  ``manager``); responders and leads hold ``on-call responder``; leads and managers hold
  ``incident lead``; a responder whose country runs a regulatory desk holds that desk's role
  (``regulatory desk (Australia)`` for AU, ``regulatory desk (Japan)`` for JP). See
  :data:`ROLES_BY_TEAM_ROLE` and :data:`DESK_ROLES_BY_COUNTRY`.
* **Coverage windows** come from the team's shift patterns: every skill requirement and every
  language requirement of every role demand is a window named ``"<pattern> — <role>"``.
* **Deciding an assessment** needs a manager or lead of the team, or someone at level 4 in the
  skill on the day; nobody decides an assessment of themselves or one they made.
* **Working hours** for mentoring overlap are 09:00-17:00 local on each person's working days.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path

from rota.domain.patterns import ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Rota, RotaStatus
from rota.domain.team import Team, TeamRole
from rota.errors import InputError, NotFoundError
from rota.io.skills_export import export_skills_data, export_xlsx
from rota.io.skills_import import ImportPreview, ImportRecords, preview_tables
from rota.io.skills_tables import (
    NOT_APPLICABLE,
    ImportProblem,
    PersonRecord,
    Table,
    read_tables,
    tables_from_bytes,
)
from rota.planning.history import worked_before
from rota.policy.roles import DECIDER_LEVEL, DECIDING_TEAM_ROLES, target_roles
from rota.storage import repo
from skills.errors import NotAllowedError, UnknownReferenceError
from skills.levels import (
    EffectiveLevel,
    LevelFlag,
    effective_levels,
    level_steps,
    rota_levels,
    validate_assessment,
)
from skills.levels import (
    decide_assessment as decide,
)
from skills.matrix import Matrix, build_matrix
from skills.mentoring import (
    DEFAULT_POLICY,
    PairSuggestion,
    WorkingHours,
    is_active,
    mentor_load,
    suggest_pairs,
)
from skills.model import (
    LEVEL_LABELS,
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    EvidenceKind,
    Interest,
    MentoringRelationship,
    MentoringStatus,
    ProgressionTrack,
    RoleTarget,
    Skill,
    Stage,
)
from skills.progression import (
    CriterionStatus,
    ShiftKind,
    WorkedShift,
    advance,
    criteria_status,
    harvest_evidence,
)
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

#: Usual working hours assumed for mentoring overlap (local time on a person's working days).
WORKDAY_START, WORKDAY_END = time(9), time(17)


# ---------------------------------------------------------------------------------------------
# Shared views and loading


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
class _Team:
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


def _load(session, team_id: str) -> _Team:
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id, "run `tandem demo` or name a known team")
    responders = tuple(
        sorted(repo.list_all(session, Responder, team_id=team_id), key=lambda r: r.name)
    )
    ids = [r.id for r in responders]
    assessments = tuple(repo.list_all(session, Assessment, person_id=ids)) if ids else ()
    return _Team(team, responders, tuple(repo.list_all(session, Skill)), assessments)


def _resolve_person(data: _Team, key: str, what: str = "person") -> Responder:
    wanted = key.strip().lower()
    for r in data.responders:
        if wanted in (r.id.lower(), r.email.lower(), r.name.lower()):
            return r
    example = data.responders[0].email if data.responders else "someone@example.org"
    raise NotFoundError(
        what, key, f"use the e-mail or id of someone on team {data.team.id} (e.g. {example})"
    )


def _require_skill(data: _Team, skill_id: str) -> Skill:
    skill = data.skill_by_id.get(skill_id)
    if skill is None:
        known = ", ".join(s.id for s in data.skills[:8])
        raise UnknownReferenceError(
            "skill", skill_id, f"use a skill id from the catalogue (e.g. {known})"
        )
    return skill


def _levels(data: _Team, day: date) -> dict[tuple[str, str], EffectiveLevel]:
    ids = [r.id for r in data.people_on(day)]
    return effective_levels(ids, data.skills, data.assessments, day)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


# ---------------------------------------------------------------------------------------------
# Matrix


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
    data: _Team, assessment: Assessment, levels: Mapping[tuple[str, str], int], day: date
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


def _assessment_view(data: _Team, a: Assessment, approvers=()) -> AssessmentView:
    return AssessmentView(
        assessment=a,
        person=data.person(a.person_id),
        skill_name=data.skill_name(a.skill_id),
        assessor=None if a.assessor_id is None else data.person(a.assessor_id),
        decided_by=None if a.decided_by is None else data.person(a.decided_by),
        approvers=tuple(approvers),
    )


def skills_matrix(session, team_id: str, as_of: date) -> MatrixView:
    """The team's matrix on ``as_of`` with expiring / expired / pending / stale flags per cell, and
    the submitted (non-self) assessments waiting for a decision, with who may decide each."""
    data = _load(session, team_id)
    people = data.people_on(as_of)
    ids = [r.id for r in people]
    cells = effective_levels(ids, data.skills, data.assessments, as_of)
    matrix = build_matrix(ids, data.skills, data.assessments, as_of)
    levels = rota_levels(cells)
    pending = tuple(
        _assessment_view(data, a, _approvers(data, a, levels, as_of))
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


# ---------------------------------------------------------------------------------------------
# Gaps


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
    data = _load(session, team_id)
    people = data.people_on(as_of)
    roles = {r.id: target_roles(r) for r in people}
    targets = tuple(repo.list_all(session, RoleTarget))
    levels = rota_levels(_levels(data, as_of))
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


# ---------------------------------------------------------------------------------------------
# Coverage risk


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
    data = _load(session, team_id)
    people = data.people_on(as_of)
    ids = [r.id for r in people]
    levels = rota_levels(_levels(data, as_of))
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


# ---------------------------------------------------------------------------------------------
# Recording and deciding assessments


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
    data = _load(session, team_id)
    subject = _resolve_person(data, person)
    _require_skill(data, skill_id)
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
        assessor = _resolve_person(data, by, "assessor (--by)")
    made_at = now if on is None or on == now.date() else _midnight(on)
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
    return _assessment_view(data, assessment)


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
    data = _load(session, subject.team_id)
    decider = _resolve_person(data, by, "approver (--by)")
    if decider.id == assessment.person_id:
        raise NotAllowedError(
            "--by",
            by,
            "nobody may approve or reject an assessment of themselves",
            "ask a mentor, a level-4 colleague or a manager to decide",
        )
    level = rota_levels(_levels(data, now.date())).get((decider.id, assessment.skill_id), 0)
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
    return _assessment_view(data, decided)


def approve_assessment(session, assessment_id: str, by: str, *, now: datetime) -> AssessmentView:
    """Approve a submitted assessment (see :func:`decide_assessment`)."""
    return decide_assessment(session, assessment_id, by, approve=True, now=now)


def reject_assessment(session, assessment_id: str, by: str, *, now: datetime) -> AssessmentView:
    """Reject a submitted assessment (see :func:`decide_assessment`)."""
    return decide_assessment(session, assessment_id, by, approve=False, now=now)


# ---------------------------------------------------------------------------------------------
# Import and export


@dataclass(frozen=True)
class ImportView:
    """A dry run of an import: what would be written, every problem, rows skipped as unchanged."""

    preview: ImportPreview
    problems: tuple[ImportProblem, ...]
    unchanged: int
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def records(self) -> ImportRecords | None:
        return self.preview.records if self.ok else None

    def counts(self) -> dict[str, int]:
        r = self.preview.records
        if r is None or not self.ok:
            return {}
        return {
            "skills": len(r.skills),
            "role targets": len(r.targets),
            "assessments": len(r.assessments),
            "people matched": len(r.people),
        }


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell(row: Sequence, header: Sequence, name: str) -> str:
    """The text of column ``name`` (case-insensitive) in a raw row, "" when absent."""
    for index, raw in enumerate(header):
        if _text(raw).lower() == name:
            return _text(row[index]) if index < len(row) else ""
    return ""


def _team_problems_and_unchanged(
    tables: Sequence[Table], data: _Team
) -> tuple[list[Table], list[ImportProblem], int]:
    """People rows must be people of the team (the import cannot create responders); assessment
    rows that repeat a stored assessment exactly (same id, person, skill, level, status) are
    skipped as unchanged, so an export can be imported back."""
    by_id = {r.id.lower(): r for r in data.responders}
    by_email = {r.email.lower(): r for r in data.responders}
    stored = {a.id: a for a in data.assessments}
    emails = {r.id: r.email for r in data.responders}
    problems: list[ImportProblem] = []
    unchanged = 0
    kept: list[Table] = []
    for table in tables:
        if table.kind == "people":
            for offset, row in enumerate(table.rows):
                pid, email = _cell(row, table.header, "id"), _cell(row, table.header, "email")
                if not pid and not email:
                    continue
                if (pid and pid.lower() in by_id) or (email and email.lower() in by_email):
                    continue
                column, value = ("id", pid) if pid else ("email", email)
                problems.append(
                    ImportProblem(
                        table.source,
                        offset + 2,
                        column,
                        value,
                        f"not on team {data.team.id}; add the responder to the team first "
                        "(an import writes skills, targets and assessments, not people)",
                    )
                )
            kept.append(table)
        elif table.kind == "assessments":
            rows = []
            for row in table.rows:
                stored_row = stored.get(_cell(row, table.header, "id"))
                if stored_row is not None and _same_assessment(
                    row, table.header, stored_row, emails.get(stored_row.person_id, "")
                ):
                    unchanged += 1
                    rows.append([None] * len(row))  # keeps row numbers; blank rows are skipped
                else:
                    rows.append(row)
            kept.append(replace(table, rows=rows))
        else:
            kept.append(table)
    return kept, problems, unchanged


def _same_assessment(row: Sequence, header: Sequence, a: Assessment, email: str) -> bool:
    person = _cell(row, header, "person_id").lower()
    level = _cell(row, header, "level")
    status = _cell(row, header, "status").lower() or AssessmentStatus.APPROVED.value
    expected_level = NOT_APPLICABLE if a.level is None else str(a.level)
    return (
        person in (a.person_id.lower(), email.lower())
        and _cell(row, header, "skill_id") == a.skill_id
        and level.upper() == expected_level.upper()
        and status == a.status.value
    )


def _people_records(data: _Team) -> list[PersonRecord]:
    return [PersonRecord(r.id, r.email, r.name) for r in data.responders]


def preview_skills_import(
    session,
    team_id: str,
    tables: Sequence[Table],
    *,
    now: datetime,
    imported_by: str | None = None,
) -> ImportView:
    """Dry-run an import of already-read tables (see :func:`read_tables`); every
    problem with its file or sheet, row and column. Nothing is written."""
    data = _load(session, team_id)
    by = None if imported_by is None else _resolve_person(data, imported_by, "importer").id
    kept, extra, unchanged = _team_problems_and_unchanged(tables, data)
    preview = preview_tables(
        kept,
        known_people=_people_records(data),
        known_skills=data.skills,
        now=now,
        imported_by=by,
        existing_assessment_ids={a.id for a in data.assessments},
    )
    problems = tuple(
        sorted(extra + list(preview.problems), key=lambda p: (p.source, p.row, p.column))
    )
    return ImportView(preview, problems, unchanged)


def import_skills(
    session,
    team_id: str,
    tables: Sequence[Table],
    *,
    now: datetime,
    dry_run: bool = False,
    imported_by: str | None = None,
) -> ImportView:
    """Preview the import and, when it is clean and not a dry run, write its skills, role targets
    and assessments. With any problem nothing is written (``written`` is False)."""
    view = preview_skills_import(session, team_id, tables, now=now, imported_by=imported_by)
    if dry_run or not view.ok or view.records is None:
        return view
    records = view.records
    repo.save_all(session, records.skills)
    repo.save_all(session, records.targets)
    repo.save_all(session, records.assessments)
    return replace(view, written=True)


def read_import_file(path: str | Path) -> list[Table]:
    """Tables from a ``.xlsx``, a ``.csv`` or a directory of ``.csv`` files."""
    return read_tables(path)


def read_import_upload(data: bytes, filename: str) -> list[Table]:
    """Tables from uploaded bytes (``.xlsx`` or ``.csv``)."""
    return tables_from_bytes(data, filename)


def _export_args(session, team_id: str, as_of: date) -> dict:
    data = _load(session, team_id)
    ids = [r.id for r in data.people_on(as_of)]
    return {
        "matrix": build_matrix(ids, data.skills, data.assessments, as_of),
        "assessments": data.assessments,
        "people": _people_records(data),
        "skills": data.skills,
        "targets": repo.list_all(session, RoleTarget),
    }


def export_skills(session, team_id: str, path: str | Path, as_of: date) -> list[Path]:
    """Write people, skills, targets, the assessment history and the matrix on ``as_of`` to a
    ``.xlsx`` workbook or a directory of CSV files; returns the files written."""
    return export_skills_data(path, **_export_args(session, team_id, as_of))


def export_workbook_bytes(session, team_id: str, as_of: date) -> bytes:
    """The same export as one ``.xlsx`` workbook, as bytes (for a download button)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "skills.xlsx"
        export_xlsx(path, **_export_args(session, team_id, as_of))
        return path.read_bytes()


# ---------------------------------------------------------------------------------------------
# Mentoring


@dataclass(frozen=True)
class PairView:
    relationship: MentoringRelationship
    mentor: Person
    mentee: Person
    skill_names: tuple[str, ...]
    active: bool
    mentor_load: int
    max_mentees: int


@dataclass(frozen=True)
class SuggestionView:
    suggestion: PairSuggestion
    mentor: Person
    mentee: Person
    skill_name: str
    explanation: str


def _team_relationships(session, data: _Team) -> list[MentoringRelationship]:
    ids = {r.id for r in data.responders}
    return [
        m
        for m in repo.list_all(session, MentoringRelationship)
        if m.mentee_id in ids or m.mentor_id in ids
    ]


def mentoring_board(session, team_id: str, as_of: date) -> tuple[PairView, ...]:
    """Every mentoring pair of the team (open ones first) with the mentor's load on ``as_of``."""
    data = _load(session, team_id)
    rels = _team_relationships(session, data)
    order = {
        MentoringStatus.ACTIVE: 0,
        MentoringStatus.PROPOSED: 1,
        MentoringStatus.PAUSED: 2,
        MentoringStatus.ENDED: 3,
    }
    views = [
        PairView(
            relationship=m,
            mentor=data.person(m.mentor_id),
            mentee=data.person(m.mentee_id),
            skill_names=tuple(data.skill_name(s) for s in m.skill_ids),
            active=is_active(m, as_of),
            mentor_load=mentor_load(m.mentor_id, rels, as_of),
            max_mentees=DEFAULT_POLICY.max_active_mentees,
        )
        for m in rels
    ]
    views.sort(key=lambda v: (order[MentoringStatus(v.relationship.status)], v.mentee.name))
    return tuple(views)


def _named(text: str, names: Mapping[str, str]) -> str:
    for key in sorted(names, key=len, reverse=True):
        text = text.replace(key, names[key])
    return text


def mentoring_suggestions(
    session, team_id: str, as_of: date, *, limit: int | None = None
) -> tuple[SuggestionView, ...]:
    """Suggested mentor-mentee pairs on ``as_of``, ranked (interest, shared hours, mentor load),
    each with its explanation in names."""
    data = _load(session, team_id)
    people = data.people_on(as_of)
    ids = [r.id for r in people]
    levels = rota_levels(_levels(data, as_of))
    hours = {
        r.id: WorkingHours(r.timezone, WORKDAY_START, WORKDAY_END, tuple(r.working_days))
        for r in people
    }
    interests = [i for i in repo.list_all(session, Interest) if i.person_id in set(ids)]
    suggestions = suggest_pairs(
        ids,
        [s.id for s in data.skills],
        levels,
        _team_relationships(session, data),
        as_of,
        interests=interests,
        working_hours=hours,
    )
    if limit is not None:
        suggestions = suggestions[:limit]
    names = {r.id: r.name for r in data.responders} | {s.id: s.name for s in data.skills}
    return tuple(
        SuggestionView(
            suggestion=s,
            mentor=data.person(s.mentor_id),
            mentee=data.person(s.mentee_id),
            skill_name=data.skill_name(s.skill_id),
            explanation=_named(s.explanation, names),
        )
        for s in suggestions
    )


# ---------------------------------------------------------------------------------------------
# Progression


@dataclass(frozen=True)
class HarvestReport:
    tracks_updated: int
    evidence_added: int


def _roles_demanding(patterns: Iterable[ShiftPattern]) -> dict[tuple[str, str], set[str]]:
    """(pattern id, role) -> skill ids the role demands."""
    return {
        (p.id, d.role): {q.skill_id for q in d.required_skills} for p in patterns for d in p.demands
    }


def _published(session, team_id: str) -> list[Rota]:
    return [
        r
        for r in repo.list_all(session, Rota, team_id=team_id)
        if r.status in (RotaStatus.PUBLISHED, RotaStatus.SUPERSEDED)
    ]


def harvest_worked_shifts(session, team_id: str, as_of: date | datetime) -> HarvestReport:
    """Turn worked shadow shifts into evidence on the trainees' progression tracks (idempotent).

    A shadow assignment of a published rota (for each day, the latest version covering it) that
    ended before ``as_of`` (a date: midnight UTC starting that day) becomes shadow-shift evidence
    on the trainee's track in a skill the assignment's role demands.
    """
    data = _load(session, team_id)
    ids = {r.id for r in data.responders}
    tracks = [t for t in repo.list_all(session, ProgressionTrack) if t.person_id in ids]
    if not tracks:
        return HarvestReport(0, 0)
    cutoff = as_of if isinstance(as_of, datetime) else _midnight(as_of)
    worked = worked_before(_published(session, team_id), datetime(1970, 1, 1, tzinfo=UTC), cutoff)
    demands = _roles_demanding(repo.list_all(session, ShiftPattern, team_id=team_id))
    shifts = [
        WorkedShift(
            ref=a.id,
            on=a.start.date(),
            kind=ShiftKind.SHADOW,
            skill_id=skill_id,
            person_id=a.responder_id,
            ends_at=a.end,
        )
        for a in worked
        if a.shadow
        for skill_id in sorted(demands.get((a.pattern_id, a.role), ()))
    ]
    updated = added = 0
    for track in tracks:
        harvested = harvest_evidence(track, shifts, cutoff)
        if harvested is not track:
            repo.save(session, harvested)
            updated += 1
            added += len(harvested.evidence) - len(track.evidence)
    return HarvestReport(updated, added)


@dataclass(frozen=True)
class PlannedShift:
    assignment_id: str
    rota_id: str
    pattern_name: str
    role: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class TrackView:
    track: ProgressionTrack
    person: Person
    skill_name: str
    mentor: Person | None
    level: int
    criteria: tuple[CriterionStatus, ...]
    evidence_count: int
    shadow_shifts_done: int
    planned: tuple[PlannedShift, ...]

    @property
    def met(self) -> tuple[CriterionStatus, ...]:
        return tuple(c for c in self.criteria if c.met)

    @property
    def unmet(self) -> tuple[CriterionStatus, ...]:
        return tuple(c for c in self.criteria if not c.met)


@dataclass(frozen=True)
class ProgressView:
    team: Team
    as_of: date
    harvest: HarvestReport
    tracks: tuple[TrackView, ...] = field(default_factory=tuple)


def progression_progress(session, team_id: str, now: datetime) -> ProgressView:
    """Harvest worked shadow shifts, then each track of the team: stage, criteria to leave it (met
    or unmet, with numbers; sign-off judged for the track's mentor), evidence, shadow shifts done
    and planned (shadow assignments after ``now`` in the latest draft, else published, rota)."""
    harvest = harvest_worked_shifts(session, team_id, now)
    data = _load(session, team_id)
    as_of = now.date()
    ids = {r.id for r in data.responders}
    levels = rota_levels(_levels(data, as_of))
    patterns = repo.list_all(session, ShiftPattern, team_id=team_id)
    pattern_names = {p.id: p.name for p in patterns}
    demands = _roles_demanding(patterns)
    upcoming = repo.latest_rota(session, team_id, RotaStatus.DRAFT) or repo.latest_rota(
        session, team_id, RotaStatus.PUBLISHED
    )
    future = [a for a in (upcoming.assignments if upcoming else ()) if a.shadow and a.start > now]
    names = {r.id: r.name for r in data.responders} | {s.id: s.name for s in data.skills}
    views = []
    tracks = [t for t in repo.list_all(session, ProgressionTrack) if t.person_id in ids]
    for track in sorted(tracks, key=lambda t: (data.person(t.person_id).name, t.skill_id)):
        skill = data.skill_by_id.get(track.skill_id)
        if skill is None:
            continue
        criteria = tuple(
            replace(c, description=_named(c.description, names), detail=_named(c.detail, names))
            for c in criteria_status(track, skill, levels, as_of, signer_id=track.mentor_id)
        )
        planned = tuple(
            PlannedShift(
                a.id,
                a.rota_id,
                pattern_names.get(a.pattern_id, a.pattern_id),
                a.role,
                a.start,
                a.end,
            )
            for a in sorted(future, key=lambda a: a.start)
            if a.responder_id == track.person_id
            and track.skill_id in demands.get((a.pattern_id, a.role), ())
        )
        views.append(
            TrackView(
                track=track,
                person=data.person(track.person_id),
                skill_name=skill.name,
                mentor=None if track.mentor_id is None else data.person(track.mentor_id),
                level=levels.get((track.person_id, track.skill_id), 0),
                criteria=criteria,
                evidence_count=len(track.evidence),
                shadow_shifts_done=sum(
                    e.count
                    for e in track.evidence
                    if e.kind in (EvidenceKind.SHADOW_SHIFT, EvidenceKind.REVERSE_SHADOW_SHIFT)
                ),
                planned=planned,
            )
        )
    return ProgressView(data.team, as_of, harvest, tuple(views))


@dataclass(frozen=True)
class AdvanceView:
    track: ProgressionTrack
    assessment: AssessmentView
    from_stage: Stage
    criteria: tuple[CriterionStatus, ...]


def advance_track(session, track_id: str, signer_email: str, now: datetime) -> AdvanceView:
    """Move a track to its next stage, signed off by ``signer_email``; stores the new track and the
    approved assessment at the new stage's level, so matrix and track agree."""
    track = repo.get(session, ProgressionTrack, track_id)
    if track is None:
        raise NotFoundError("progression track", track_id, "see `tandem mentoring progress`")
    trainee = repo.get(session, Responder, track.person_id)
    if trainee is None:
        raise NotFoundError("person", track.person_id, "the trainee is not stored")
    data = _load(session, trainee.team_id)
    signer = _resolve_person(data, signer_email, "signer")
    skill = _require_skill(data, track.skill_id)
    levels = rota_levels(_levels(data, now.date()))
    result = advance(track, signer.id, now.date(), skill=skill, levels=levels, at=now)
    assessment = result.assessment
    if repo.get(session, Assessment, assessment.id) is not None:
        assessment = replace(assessment, id=f"{assessment.id}:{uuid.uuid4().hex[:6]}")
    repo.save(session, assessment)
    repo.save(session, result.track)
    return AdvanceView(
        result.track, _assessment_view(data, assessment), track.stage, result.criteria
    )


# ---------------------------------------------------------------------------------------------
# Level over time


@dataclass(frozen=True)
class LevelPoint:
    person: Person
    skill_id: str
    skill_name: str
    day: date
    level: int


def level_history(
    session,
    team_id: str,
    start: date,
    end: date,
    *,
    person_ids: Sequence[str] | None = None,
    skill_ids: Sequence[str] | None = None,
) -> tuple[LevelPoint, ...]:
    """The rota level per person and skill over ``start..end`` as points of a step function (one
    per change, plus the last day so a line reaches the end); people and skills without any level
    in the period are left out."""
    data = _load(session, team_id)
    if end < start:
        raise InputError("start", start, f"give a start on or before the end {end}")
    people = [
        r.id
        for r in data.responders
        if r.active and (person_ids is None or r.id in set(person_ids))
    ]
    skills = [s for s in data.skills if skill_ids is None or s.id in set(skill_ids)]
    steps = level_steps(people, skills, data.assessments, start, end)
    points = []
    for (pid, sid), entries in steps.items():
        if all(level == 0 for _, level in entries):
            continue
        for day, level in entries:
            points.append(LevelPoint(data.person(pid), sid, data.skill_name(sid), day, level))
        if entries and entries[-1][0] < end:
            points.append(
                LevelPoint(data.person(pid), sid, data.skill_name(sid), end, entries[-1][1])
            )
    return tuple(points)


# ---------------------------------------------------------------------------------------------
# Small helpers the edges share


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
    data = _load(session, team_id)
    return tuple(Person.of(r) for r in data.people_on(as_of))


def catalogue(session) -> tuple[Skill, ...]:
    """The skills catalogue, in catalogue order."""
    return tuple(repo.list_all(session, Skill))


__all__ = [
    "AssessmentView",
    "GapsView",
    "ImportView",
    "MatrixView",
    "Person",
    "ProgressView",
    "RiskView",
    "advance_track",
    "approve_assessment",
    "coverage_risk_view",
    "decide_assessment",
    "export_skills",
    "export_workbook_bytes",
    "harvest_worked_shifts",
    "import_skills",
    "level_history",
    "mentoring_board",
    "mentoring_suggestions",
    "preview_skills_import",
    "progression_progress",
    "record_assessment",
    "reject_assessment",
    "skill_gaps",
    "skills_matrix",
]
