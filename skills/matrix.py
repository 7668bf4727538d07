"""The skills matrix as plain data (people x skills, level and flags as of a date) and the full
assessment history, as rows of dicts ready for a DataFrame, a CSV writer or a spreadsheet.

Record values are only ``str``, ``int`` or ``None``: dates and times are ISO 8601 strings (times in
UTC with offset), flags are joined with ``";"`` in a fixed order, enums are their values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from skills.levels import EffectiveLevel, LevelFlag, WorkTable, effective_levels
from skills.model import Assessment, Skill

#: Flags in the order they are written.
FLAG_ORDER: tuple[LevelFlag, ...] = (
    LevelFlag.EXPIRED,
    LevelFlag.EXPIRING,
    LevelFlag.STALE,
    LevelFlag.PENDING,
)

#: Columns of the assessment history, in order.
ASSESSMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "person_id",
    "skill_id",
    "level",
    "source",
    "assessor_id",
    "assessed_at",
    "status",
    "decided_by",
    "decided_at",
    "comment",
    "evidence",
)

#: Columns of the long-form matrix (one row per person and skill).
MATRIX_CELL_COLUMNS: tuple[str, ...] = (
    "person_id",
    "skill_id",
    "level",
    "assessed_level",
    "flags",
    "source_assessment_id",
    "expires_on",
)


def flags_text(flags: Iterable[LevelFlag]) -> str:
    """Flags as one string, e.g. ``"expiring;pending"`` (empty when none)."""
    present = set(flags)
    return ";".join(flag.value for flag in FLAG_ORDER if flag in present)


@dataclass(frozen=True)
class MatrixCell:
    """One person x skill cell: rota ``level`` (None = no level), the assessed level, flags."""

    level: int | None
    assessed_level: int | None
    flags: frozenset[LevelFlag]
    source_assessment_id: str | None
    expires_on: date | None

    @classmethod
    def from_effective(cls, value: EffectiveLevel) -> MatrixCell:
        return cls(
            level=value.level,
            assessed_level=value.assessed_level,
            flags=value.flags,
            source_assessment_id=None if value.source is None else value.source.id,
            expires_on=value.expires_on,
        )


@dataclass(frozen=True)
class MatrixRow:
    person_id: str
    cells: tuple[MatrixCell, ...]  # aligned with Matrix.skill_ids


@dataclass(frozen=True)
class Matrix:
    """The matrix as of a date: rows are people (sorted), columns skills (catalogue order)."""

    as_of: date
    skill_ids: tuple[str, ...]
    rows: tuple[MatrixRow, ...]

    def cell(self, person_id: str, skill_id: str) -> MatrixCell:
        """The cell of one person and skill (KeyError when either is not in the matrix)."""
        index = self.skill_ids.index(skill_id) if skill_id in self.skill_ids else None
        for row in self.rows:
            if row.person_id == person_id and index is not None:
                return row.cells[index]
        raise KeyError((person_id, skill_id))

    def to_records(self) -> list[dict[str, Any]]:
        """Wide rows: ``person_id``, then per skill ``<skill_id>`` (level or None) and
        ``<skill_id> flags`` (flags text)."""
        records = []
        for row in self.rows:
            record: dict[str, Any] = {"person_id": row.person_id}
            for skill_id, cell in zip(self.skill_ids, row.cells, strict=True):
                record[skill_id] = cell.level
                record[f"{skill_id} flags"] = flags_text(cell.flags)
            records.append(record)
        return records

    def to_cell_records(self) -> list[dict[str, Any]]:
        """Long rows, one per person and skill, with :data:`MATRIX_CELL_COLUMNS`."""
        records = []
        for row in self.rows:
            for skill_id, cell in zip(self.skill_ids, row.cells, strict=True):
                records.append(
                    {
                        "person_id": row.person_id,
                        "skill_id": skill_id,
                        "level": cell.level,
                        "assessed_level": cell.assessed_level,
                        "flags": flags_text(cell.flags),
                        "source_assessment_id": cell.source_assessment_id,
                        "expires_on": None
                        if cell.expires_on is None
                        else cell.expires_on.isoformat(),
                    }
                )
        return records


def build_matrix(
    person_ids: Iterable[str],
    skills: Iterable[Skill],
    assessments: Iterable[Assessment],
    as_of: date,
    *,
    work: WorkTable | None = None,
) -> Matrix:
    """The matrix of effective levels on ``as_of`` (see :mod:`skills.levels` for the rules)."""
    people = tuple(sorted(set(person_ids)))
    skill_list = tuple(skills)
    levels = effective_levels(people, skill_list, assessments, as_of, work=work)
    rows = tuple(
        MatrixRow(
            person_id=person_id,
            cells=tuple(MatrixCell.from_effective(levels[(person_id, s.id)]) for s in skill_list),
        )
        for person_id in people
    )
    return Matrix(as_of=as_of, skill_ids=tuple(s.id for s in skill_list), rows=rows)


def assessment_record(assessment: Assessment) -> dict[str, Any]:
    """One assessment as a record with :data:`ASSESSMENT_COLUMNS` (times ISO 8601 in UTC)."""
    return {
        "id": assessment.id,
        "person_id": assessment.person_id,
        "skill_id": assessment.skill_id,
        "level": assessment.level,
        "source": assessment.source.value,
        "assessor_id": assessment.assessor_id,
        "assessed_at": assessment.assessed_at.isoformat(),
        "status": assessment.status.value,
        "decided_by": assessment.decided_by,
        "decided_at": None if assessment.decided_at is None else assessment.decided_at.isoformat(),
        "comment": assessment.comment,
        "evidence": assessment.evidence,
    }


def history_records(assessments: Iterable[Assessment]) -> list[dict[str, Any]]:
    """The full assessment history (every status and source), oldest first, as records."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_at.isoformat(), a.id))
    return [assessment_record(a) for a in ordered]
