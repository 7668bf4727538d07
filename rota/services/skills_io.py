"""Use cases of skills-matrix files: preview and import a spreadsheet into a team, export a team's
matrix. The file formats (and the pure reading and writing) are in :mod:`rota.io`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

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
from rota.services._skills_data import SkillsData, load_skills_data, resolve_person
from rota.storage import repo
from skills.matrix import build_matrix
from skills.model import Assessment, AssessmentStatus, RoleTarget


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
    tables: Sequence[Table], data: SkillsData
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


def _people_records(data: SkillsData) -> list[PersonRecord]:
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
    data = load_skills_data(session, team_id)
    by = None if imported_by is None else resolve_person(data, imported_by, "importer").id
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
    data = load_skills_data(session, team_id)
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
