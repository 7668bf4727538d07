"""The skills matrix files: kinds, columns, and reading ``.xlsx`` / ``.csv`` into raw tables.

The formats are described in :mod:`rota.io`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rota.errors import InputError
from skills.matrix import ASSESSMENT_COLUMNS

KINDS: tuple[str, ...] = ("people", "skills", "targets", "assessments")

IGNORED_KINDS = frozenset({"matrix", "readme"})

PEOPLE_COLUMNS: tuple[str, ...] = ("id", "email", "name")

SKILL_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "category",
    "description",
    "validity_days",
    "recency_days",
    "prerequisites",
    "descriptor_0",
    "descriptor_1",
    "descriptor_2",
    "descriptor_3",
    "descriptor_4",
)

TARGET_COLUMNS: tuple[str, ...] = ("role", "skill_id", "target_level", "mandatory", "importance")

COLUMNS: dict[str, tuple[str, ...]] = {
    "people": PEOPLE_COLUMNS,
    "skills": SKILL_COLUMNS,
    "targets": TARGET_COLUMNS,
    "assessments": ASSESSMENT_COLUMNS,
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "people": ("name",),
    "skills": ("id", "name", "category"),
    "targets": ("role", "skill_id", "target_level"),
    "assessments": ("person_id", "skill_id", "level", "assessed_at"),
}

NOT_APPLICABLE = "N/A"


@dataclass(frozen=True)
class PersonRecord:
    """A person as the import/export knows them: opaque id, email and name."""

    id: str
    email: str = ""
    name: str = ""


@dataclass(frozen=True)
class ImportProblem:
    """One problem in an import: where (file or sheet, row, column), the value, what to do."""

    source: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.source} row {self.row}, column {self.column}: {self.value!r}: {self.message}"


@dataclass(frozen=True)
class Table:
    """Raw rows of one sheet or CSV file; ``kind`` None when it could not be told."""

    source: str
    kind: str | None
    header: Sequence[Any]
    rows: Sequence[Sequence[Any]] = ()


def kind_from_name(name: str) -> str | None:
    """The kind a file or sheet name stands for (a word of the name equal to a kind), or None."""
    words = [w for w in re.split(r"[^a-z]+", Path(name).stem.lower()) if w]
    for word in reversed(words):
        if word in KINDS or word in IGNORED_KINDS:
            return word
    return None


def _csv_table(text: str, source: str, kind: str | None) -> Table:
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    header = rows[0] if rows else []
    return Table(source, kind or kind_from_name(source), header, rows[1:])


def _xlsx_tables(data: bytes | Path, source: str) -> list[Table]:
    from openpyxl import load_workbook

    handle = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types for a bad file
        raise InputError(
            "file", source, f"cannot be read as an Excel workbook ({error}); save it as .xlsx"
        ) from error
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            name = sheet.title.strip().lower()
            kind = name if name in KINDS or name in IGNORED_KINDS else None
            header = rows[0] if rows else []
            tables.append(Table(f"{source} sheet {sheet.title}", kind, header, rows[1:]))
    finally:
        workbook.close()
    return tables


def read_tables(path: str | Path, *, kind: str | None = None) -> list[Table]:
    """Tables from a ``.xlsx`` workbook, a ``.csv`` file or a directory of ``.csv`` files."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        if not files:
            raise InputError("path", str(path), "the directory holds no .csv files")
        return [_csv_table(f.read_text(encoding="utf-8-sig"), f.name, None) for f in files]
    if not path.exists():
        raise InputError("path", str(path), "no such file; check the path")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_tables(path, path.name)
    if suffix == ".csv":
        return [_csv_table(path.read_text(encoding="utf-8-sig"), path.name, kind)]
    raise InputError("path", str(path), "use a .xlsx workbook, a .csv file or a directory of them")


def tables_from_bytes(data: bytes, filename: str, *, kind: str | None = None) -> list[Table]:
    """Tables from uploaded bytes (the app's file uploader); the name's suffix picks the format."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_tables(data, filename)
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InputError("file", filename, "save the CSV as UTF-8") from error
        return [_csv_table(text, filename, kind)]
    raise InputError("file", filename, "use a .xlsx workbook or a .csv file")
