"""Export of the skills matrix: people, skills, targets, the assessment history and the matrix.

One workbook (``.xlsx``) or a directory of CSV files; importing the export reproduces the matrix
exactly (times are written as ISO 8601 text to keep them exact).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rota.errors import InputError
from rota.io.skills_tables import (
    NOT_APPLICABLE,
    PEOPLE_COLUMNS,
    SKILL_COLUMNS,
    TARGET_COLUMNS,
    PersonRecord,
)
from skills.matrix import ASSESSMENT_COLUMNS, Matrix, history_records
from skills.model import Assessment, RoleTarget, Skill


def people_records(people: Iterable[PersonRecord]) -> list[dict[str, Any]]:
    """People as records with :data:`PEOPLE_COLUMNS`, sorted by id."""
    return [
        {"id": p.id, "email": p.email, "name": p.name} for p in sorted(people, key=lambda p: p.id)
    ]


def skill_records(skills: Iterable[Skill]) -> list[dict[str, Any]]:
    """Skills as records with :data:`SKILL_COLUMNS`, in the given order."""
    records = []
    for skill in skills:
        record: dict[str, Any] = {
            "id": skill.id,
            "name": skill.name,
            "category": skill.category.value,
            "description": skill.description,
            "validity_days": skill.validity_days,
            "recency_days": skill.recency_days,
            "prerequisites": ";".join(skill.prerequisites),
        }
        for index in range(5):
            descriptors = skill.level_descriptors
            record[f"descriptor_{index}"] = descriptors[index] if index < len(descriptors) else ""
        records.append(record)
    return records


def target_records(targets: Iterable[RoleTarget]) -> list[dict[str, Any]]:
    """Role targets as records with :data:`TARGET_COLUMNS`."""
    return [
        {
            "role": t.role,
            "skill_id": t.skill_id,
            "target_level": t.target_level,
            "mandatory": "yes" if t.mandatory else "no",
            "importance": t.importance,
        }
        for t in targets
    ]


def _assessment_rows(assessments: Iterable[Assessment]) -> list[dict[str, Any]]:
    rows = history_records(assessments)
    for row in rows:
        if row["level"] is None:
            row["level"] = NOT_APPLICABLE
    return rows


def _matrix_rows(matrix: Matrix) -> tuple[list[str], list[dict[str, Any]]]:
    columns = ["as_of", "person_id"]
    for skill_id in matrix.skill_ids:
        columns += [skill_id, f"{skill_id} flags"]
    rows = [{"as_of": matrix.as_of.isoformat(), **r} for r in matrix.to_records()]
    return columns, rows


def _sheets(
    matrix: Matrix,
    assessments: Iterable[Assessment],
    people: Iterable[PersonRecord],
    skills: Iterable[Skill],
    targets: Iterable[RoleTarget],
) -> list[tuple[str, Sequence[str], list[dict[str, Any]]]]:
    matrix_columns, matrix_rows = _matrix_rows(matrix)
    return [
        ("people", PEOPLE_COLUMNS, people_records(people)),
        ("skills", SKILL_COLUMNS, skill_records(skills)),
        ("targets", TARGET_COLUMNS, target_records(targets)),
        ("assessments", ASSESSMENT_COLUMNS, _assessment_rows(assessments)),
        ("matrix", matrix_columns, matrix_rows),
    ]


def export_xlsx(
    path: str | Path,
    *,
    matrix: Matrix,
    assessments: Iterable[Assessment],
    people: Iterable[PersonRecord] = (),
    skills: Iterable[Skill] = (),
    targets: Iterable[RoleTarget] = (),
) -> Path:
    """Write a workbook with sheets people, skills, targets, assessments (full history), matrix."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns, rows in _sheets(matrix, assessments, people, skills, targets):
        sheet = workbook.create_sheet(name)
        sheet.append(list(columns))
        for record in rows:
            sheet.append([record.get(c) for c in columns])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula stays text
    path = Path(path)
    workbook.save(path)
    return path


def export_csv(
    directory: str | Path,
    *,
    matrix: Matrix,
    assessments: Iterable[Assessment],
    people: Iterable[PersonRecord] = (),
    skills: Iterable[Skill] = (),
    targets: Iterable[RoleTarget] = (),
) -> list[Path]:
    """Write people.csv, skills.csv, targets.csv, assessments.csv and matrix.csv into a directory
    (created if missing); returns the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, columns, rows in _sheets(matrix, assessments, people, skills, targets):
        path = directory / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for record in rows:
                writer.writerow(["" if record.get(c) is None else record.get(c) for c in columns])
        written.append(path)
    return written


def export_skills_data(
    path: str | Path,
    *,
    matrix: Matrix,
    assessments: Iterable[Assessment],
    people: Iterable[PersonRecord] = (),
    skills: Iterable[Skill] = (),
    targets: Iterable[RoleTarget] = (),
) -> list[Path]:
    """Export to ``path``: a ``.xlsx`` workbook, or else a directory of CSV files."""
    if Path(path).suffix.lower() == ".xlsx":
        return [
            export_xlsx(
                path,
                matrix=matrix,
                assessments=assessments,
                people=people,
                skills=skills,
                targets=targets,
            )
        ]
    if Path(path).suffix.lower() == ".csv":
        raise InputError(
            "path", str(path), "CSV export writes several files: give a directory, or a .xlsx file"
        )
    return export_csv(
        path, matrix=matrix, assessments=assessments, people=people, skills=skills, targets=targets
    )
