"""Reading an import: raw tables → checked records, and **every** problem with file, row, column.

Import is two-step: :func:`preview_import` (or :func:`preview_tables`) reads everything and lists
every problem (unknown person, unknown skill, level out of range, duplicate row, bad date, ...);
only a preview with zero problems carries ``records`` to write. Nothing is written here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from rota.errors import InputError
from rota.io.skills_tables import (
    COLUMNS,
    IGNORED_KINDS,
    KINDS,
    NOT_APPLICABLE,
    REQUIRED,
    ImportProblem,
    PersonRecord,
    Table,
    read_tables,
)
from skills.errors import SkillsError
from skills.levels import validate_assessment
from skills.model import (
    MAX_LEVEL,
    MIN_LEVEL,
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    RoleTarget,
    Skill,
    SkillCategory,
)

_TRUE = {"yes", "y", "true", "1", "x"}

_FALSE = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class ImportRecords:
    """What a clean import writes: new or updated people and skills, targets, new assessments."""

    people: tuple[PersonRecord, ...] = ()
    skills: tuple[Skill, ...] = ()
    targets: tuple[RoleTarget, ...] = ()
    assessments: tuple[Assessment, ...] = ()


@dataclass(frozen=True)
class ImportPreview:
    """Result of reading an import: rows read per kind, every problem, records iff no problem."""

    sources: tuple[str, ...]
    rows_read: dict[str, int]
    problems: tuple[ImportProblem, ...]
    records: ImportRecords | None

    @property
    def ok(self) -> bool:
        return not self.problems

    def require_records(self) -> ImportRecords:
        """The records to write; raises :class:`rota.errors.InputError` when there are problems."""
        if self.records is None:
            shown = "; ".join(str(p) for p in self.problems[:5])
            more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
            raise InputError(
                "import",
                ", ".join(self.sources),
                f"{len(self.problems)} problem(s), nothing written: {shown}{more}",
            )
        return self.records


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _int(value: Any, low: int | None = None, high: int | None = None, what: str = "") -> int:
    if isinstance(value, bool):
        raise _CellError(f"use a whole number{what}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = _text(value)
        if not re.fullmatch(r"[+-]?\d+", text):
            raise _CellError(f"not a whole number; use a whole number{what}")
        number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        raise _CellError(f"out of range; use a whole number{what}")
    return number


def _level(value: Any) -> int | None:
    text = _text(value)
    if text == "":
        raise _CellError(f"missing level; use {MIN_LEVEL}-{MAX_LEVEL} or {NOT_APPLICABLE}")
    if text.upper() in {"N/A", "NA"}:
        return None
    return _int(value, MIN_LEVEL, MAX_LEVEL, f" {MIN_LEVEL}-{MAX_LEVEL} or {NOT_APPLICABLE}")


def _instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), UTC)
    text = _text(value)
    if not text:
        raise _CellError("missing date; use YYYY-MM-DD or an ISO 8601 date-time")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.combine(date.fromisoformat(text), time(0), UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise _CellError("bad date; use YYYY-MM-DD or an ISO 8601 date-time") from error
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _CellError("use yes or no")


def _enum(enum: Any, value: Any, default: Any) -> Any:
    text = _text(value).lower()
    if not text:
        return default
    try:
        return enum(text)
    except ValueError as error:
        allowed = ", ".join(member.value for member in enum)
        raise _CellError(f"unknown value; use one of: {allowed}") from error


class _Reader:
    """Collects problems while turning tables into domain records."""

    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []

    def problem(self, table: Table, row: int, column: str, value: Any, message: str) -> None:
        self.problems.append(ImportProblem(table.source, row, column, _text(value), message))

    def rows(self, table: Table) -> Iterable[tuple[int, dict[str, Any]]]:
        """Data rows as dicts keyed by known column names; header problems reported once."""
        assert table.kind in COLUMNS
        allowed = COLUMNS[table.kind]
        positions: dict[str, int] = {}
        for index, raw in enumerate(table.header):
            name = _text(raw).lower()
            if not name:
                continue
            if name not in allowed:
                self.problem(
                    table,
                    1,
                    _text(raw),
                    raw,
                    f"unknown column for {table.kind}; use: {', '.join(allowed)}",
                )
            elif name in positions:
                self.problem(table, 1, name, raw, "column appears twice; keep one")
            else:
                positions[name] = index
        missing = [c for c in REQUIRED[table.kind] if c not in positions]
        if table.kind == "people" and "id" not in positions and "email" not in positions:
            missing.insert(0, "id or email")
        for column in missing:
            self.problem(table, 1, column, "", f"required column {column!r} is missing; add it")
        if missing:
            return
        for offset, raw_row in enumerate(table.rows):
            values = {
                name: raw_row[index] if index < len(raw_row) else None
                for name, index in positions.items()
            }
            width = len(table.header)
            for index, extra in enumerate(raw_row[width:], start=width + 1):
                if _text(extra):
                    self.problem(
                        table,
                        offset + 2,
                        f"#{index}",
                        extra,
                        "value outside any named column; add a column name or remove it",
                    )
            if all(_text(v) == "" for v in values.values()):
                continue
            yield offset + 2, values

    def cell(self, table: Table, row: int, column: str, value: Any, parse: Any) -> Any:
        try:
            return parse(value)
        except _CellError as error:
            self.problem(table, row, column, value, error.message)
            return _CellError


def preview_tables(
    tables: Sequence[Table],
    *,
    known_people: Iterable[PersonRecord] = (),
    known_skills: Iterable[Skill] = (),
    now: datetime,
    imported_by: str | None = None,
    existing_assessment_ids: Collection[str] = (),
) -> ImportPreview:
    """Read tables (see :func:`read_tables`) into records, listing every problem.

    ``known_people`` / ``known_skills`` are those already stored; ``now`` (UTC) rejects future
    dates; ``imported_by`` becomes ``decided_by`` of approved rows without one;
    ``existing_assessment_ids`` are ids already stored (a row reusing one is a duplicate).
    """
    reader = _Reader()
    by_kind: dict[str, list[Table]] = {k: [] for k in KINDS}
    rows_read = {k: 0 for k in KINDS}
    for table in tables:
        if table.kind in IGNORED_KINDS:
            continue
        if table.kind not in KINDS:
            reader.problem(
                table,
                1,
                "",
                table.source,
                "cannot tell what this holds; name the sheet or file people, skills, targets "
                "or assessments",
            )
            continue
        by_kind[table.kind].append(table)

    # people ---------------------------------------------------------------------------------
    known_people = list(known_people)
    person_ids = {p.id for p in known_people}
    email_to_id = {p.email.lower(): p.id for p in known_people if p.email}
    people: list[PersonRecord] = []
    seen_people: dict[tuple[str, str], int] = {}
    for table in by_kind["people"]:
        for row, values in reader.rows(table):
            rows_read["people"] += 1
            person_id = _text(values.get("id"))
            email = _text(values.get("email"))
            name = _text(values.get("name"))
            bad = False
            if not person_id and not email:
                reader.problem(table, row, "id", "", "give an id or an email")
                bad = True
            if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
                reader.problem(
                    table, row, "email", email, "not an email address; fix or leave blank"
                )
                bad = True
            if not name:
                reader.problem(table, row, "name", "", "give the person's name")
                bad = True
            owner = email_to_id.get(email.lower()) if email else None
            if person_id and owner is not None and owner != person_id:
                reader.problem(
                    table,
                    row,
                    "email",
                    email,
                    f"already the email of person {owner!r}; fix the id or the email",
                )
                bad = True
            person_id = person_id or owner or email.lower()
            for key, column in ((person_id, "id"), (email.lower(), "email")):
                if key and (column, key) in seen_people:
                    reader.problem(
                        table,
                        row,
                        column,
                        key,
                        f"duplicate row: same {column} as row {seen_people[(column, key)]}; "
                        "keep one",
                    )
                    bad = True
                elif key:
                    seen_people[(column, key)] = row
            if not bad:
                people.append(PersonRecord(person_id, email, name))
                person_ids.add(person_id)
                if email:
                    email_to_id[email.lower()] = person_id

    # skills ---------------------------------------------------------------------------------
    skill_ids = {s.id for s in known_skills}
    skill_rows: list[tuple[Table, int, dict[str, Any]]] = []
    seen_skills: dict[str, int] = {}
    for table in by_kind["skills"]:
        for row, values in reader.rows(table):
            rows_read["skills"] += 1
            skill_id = _text(values.get("id"))
            if not skill_id:
                reader.problem(table, row, "id", "", "give the skill an id")
                continue
            if skill_id in seen_skills:
                reader.problem(
                    table,
                    row,
                    "id",
                    skill_id,
                    f"duplicate row: same id as row {seen_skills[skill_id]}; keep one",
                )
                continue
            seen_skills[skill_id] = row
            skill_ids.add(skill_id)
            skill_rows.append((table, row, values))
    skills: list[Skill] = []
    for table, row, values in skill_rows:
        name = _text(values.get("name"))
        if not name:
            reader.problem(table, row, "name", "", "give the skill a name")
        category = reader.cell(
            table,
            row,
            "category",
            values.get("category"),
            lambda v: _enum(SkillCategory, v, None) or _missing("category"),
        )
        days: dict[str, int | None] = {}
        for column in ("validity_days", "recency_days"):
            value = values.get(column)
            days[column] = (
                None
                if _text(value) == ""
                else reader.cell(
                    table, row, column, value, lambda v: _int(v, 1, None, " of days >= 1")
                )
            )
        prerequisites = tuple(
            p.strip() for p in _text(values.get("prerequisites")).split(";") if p.strip()
        )
        for prerequisite in prerequisites:
            if prerequisite not in skill_ids:
                reader.problem(
                    table,
                    row,
                    "prerequisites",
                    prerequisite,
                    "unknown skill; add it to the skills sheet or fix the id",
                )
        descriptors = tuple(_text(values.get(f"descriptor_{i}")) for i in range(5))
        if name and category is not _CellError and _CellError not in days.values():
            skills.append(
                Skill(
                    id=_text(values.get("id")),
                    name=name,
                    category=category,
                    description=_text(values.get("description")),
                    level_descriptors=descriptors,
                    validity_days=days["validity_days"],
                    recency_days=days["recency_days"],
                    prerequisites=prerequisites,
                )
            )

    # targets --------------------------------------------------------------------------------
    targets: list[RoleTarget] = []
    seen_targets: dict[tuple[str, str], int] = {}
    for table in by_kind["targets"]:
        for row, values in reader.rows(table):
            rows_read["targets"] += 1
            role = _text(values.get("role"))
            skill_id = _text(values.get("skill_id"))
            bad = False
            if not role:
                reader.problem(table, row, "role", "", "give the role")
                bad = True
            if skill_id not in skill_ids:
                reader.problem(table, row, "skill_id", skill_id, _unknown_skill(skill_id))
                bad = True
            level = reader.cell(
                table,
                row,
                "target_level",
                values.get("target_level"),
                lambda v: _int(v, MIN_LEVEL, MAX_LEVEL, f" {MIN_LEVEL}-{MAX_LEVEL}"),
            )
            mandatory = reader.cell(table, row, "mandatory", values.get("mandatory"), _bool)
            importance_value = values.get("importance")
            importance = (
                1
                if _text(importance_value) == ""
                else reader.cell(
                    table, row, "importance", importance_value, lambda v: _int(v, 1, 3, " 1-3")
                )
            )
            key = (role, skill_id)
            if role and key in seen_targets:
                reader.problem(
                    table,
                    row,
                    "skill_id",
                    skill_id,
                    f"duplicate row: role {role!r} already has a target for this skill in row "
                    f"{seen_targets[key]}; keep one",
                )
                bad = True
            elif role:
                seen_targets[key] = row
            if not bad and _CellError not in (level, mandatory, importance):
                targets.append(RoleTarget(role, skill_id, level, mandatory, importance))

    # assessments ----------------------------------------------------------------------------
    assessments: list[Assessment] = []
    seen_ids: dict[str, int] = {}
    seen_content: dict[tuple[Any, ...], int] = {}
    existing = set(existing_assessment_ids)
    for table in by_kind["assessments"]:
        for row, values in reader.rows(table):
            rows_read["assessments"] += 1
            bad = False
            raw_person = _text(values.get("person_id"))
            person_id = _resolve(raw_person, person_ids, email_to_id)
            if person_id is None:
                reader.problem(
                    table,
                    row,
                    "person_id",
                    raw_person,
                    "unknown person; use a known id or email, or add them to the people sheet",
                )
                bad = True
            skill_id = _text(values.get("skill_id"))
            if skill_id not in skill_ids:
                reader.problem(table, row, "skill_id", skill_id, _unknown_skill(skill_id))
                bad = True
            level = reader.cell(table, row, "level", values.get("level"), _level)
            assessed_at = reader.cell(
                table, row, "assessed_at", values.get("assessed_at"), _instant
            )
            if assessed_at is not _CellError and assessed_at > now:
                reader.problem(
                    table,
                    row,
                    "assessed_at",
                    values.get("assessed_at"),
                    f"in the future (now is {now.isoformat()}); use the date it was made",
                )
                bad = True
            source = reader.cell(
                table,
                row,
                "source",
                values.get("source"),
                lambda v: _enum(AssessmentSource, v, AssessmentSource.IMPORT),
            )
            status = reader.cell(
                table,
                row,
                "status",
                values.get("status"),
                lambda v: _enum(AssessmentStatus, v, AssessmentStatus.APPROVED),
            )
            decided_at_value = values.get("decided_at")
            decided_at = (
                None
                if _text(decided_at_value) == ""
                else reader.cell(table, row, "decided_at", decided_at_value, _instant)
            )
            parsed = (level, assessed_at, source, status, decided_at)
            if bad or _CellError in parsed:
                continue
            assessor_id = _resolve_loose(_text(values.get("assessor_id")), email_to_id)
            decided_by = _resolve_loose(_text(values.get("decided_by")), email_to_id)
            if status == AssessmentStatus.APPROVED:
                decided_by = decided_by or imported_by
                decided_at = decided_at or assessed_at
            content = (person_id, skill_id, level, assessed_at, source, status)
            assessment_id = (
                _text(values.get("id"))
                or "import-" + hashlib.sha1(repr(content).encode()).hexdigest()[:16]
            )
            if content in seen_content:
                reader.problem(
                    table,
                    row,
                    "id",
                    assessment_id,
                    f"duplicate row: same person, skill, level, time, source and status as row "
                    f"{seen_content[content]}; keep one",
                )
                continue
            seen_content[content] = row
            if assessment_id in seen_ids:
                reader.problem(
                    table,
                    row,
                    "id",
                    assessment_id,
                    f"duplicate row: same id as row {seen_ids[assessment_id]}; give a new id",
                )
                continue
            if assessment_id in existing:
                reader.problem(
                    table,
                    row,
                    "id",
                    assessment_id,
                    "duplicate row: this assessment is already stored; remove the row",
                )
                continue
            seen_ids[assessment_id] = row
            assessment = Assessment(
                id=assessment_id,
                person_id=person_id,
                skill_id=skill_id,
                level=level,
                source=source,
                assessor_id=assessor_id or None,
                assessed_at=assessed_at,
                status=status,
                decided_by=decided_by or None,
                decided_at=decided_at,
                comment=_text(values.get("comment")),
                evidence=_text(values.get("evidence")),
            )
            try:
                validate_assessment(assessment, skill_ids, now)
            except SkillsError as error:
                column = getattr(error, "field", "")
                reader.problem(table, row, column, getattr(error, "value", ""), str(error))
                continue
            assessments.append(assessment)

    problems = tuple(reader.problems)
    records = (
        None
        if problems
        else ImportRecords(tuple(people), tuple(skills), tuple(targets), tuple(assessments))
    )
    return ImportPreview(
        sources=tuple(dict.fromkeys(t.source.split(" sheet ")[0] for t in tables)),
        rows_read=rows_read,
        problems=problems,
        records=records,
    )


def _missing(column: str) -> Any:
    raise _CellError(f"missing {column}; fill it in")


def _unknown_skill(skill_id: str) -> str:
    if not skill_id:
        return "missing skill id; fill it in"
    return "unknown skill; use a skill id from the catalogue or add it to the skills sheet"


def _resolve(value: str, person_ids: Collection[str], email_to_id: dict[str, str]) -> str | None:
    if value in person_ids:
        return value
    return email_to_id.get(value.lower()) if value else None


def _resolve_loose(value: str, email_to_id: dict[str, str]) -> str:
    return email_to_id.get(value.lower(), value) if "@" in value else value


def preview_import(
    path: str | Path,
    *,
    known_people: Iterable[PersonRecord] = (),
    known_skills: Iterable[Skill] = (),
    now: datetime,
    imported_by: str | None = None,
    kind: str | None = None,
    existing_assessment_ids: Collection[str] = (),
) -> ImportPreview:
    """Dry-run an import of a ``.xlsx``, a ``.csv`` or a directory of ``.csv`` files.

    Raises :class:`rota.errors.InputError` only when the file cannot be read at all; everything
    else is reported in ``ImportPreview.problems``. ``preview.records`` is set only when
    ``preview.ok``.
    """
    return preview_tables(
        read_tables(path, kind=kind),
        known_people=known_people,
        known_skills=known_skills,
        now=now,
        imported_by=imported_by,
        existing_assessment_ids=existing_assessment_ids,
    )
