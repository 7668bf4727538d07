import csv
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from skills_factories import make_assessment, make_skill, utc

from rota.errors import InputError
from rota.io.skills_export import export_csv, export_skills_data
from rota.io.skills_import import preview_import, preview_tables
from rota.io.skills_tables import PersonRecord, tables_from_bytes
from skills.levels import LevelFlag
from skills.matrix import build_matrix
from skills.model import AssessmentSource, AssessmentStatus, RoleTarget, SkillCategory

NOW = utc(2026, 3, 15, 12)
AS_OF = date(2026, 3, 15)
PEOPLE = (
    PersonRecord("p1", "aiko@example.com", "Aiko Tanaka"),
    PersonRecord("p2", "ravi@example.com", "Ravi Kumar"),
    PersonRecord("p3", "mere@example.com", "Mere Ngata"),
)
SKILLS = (
    make_skill(
        validity_days=365,
        recency_days=90,
        description="Escalating live self-harm, incl. welfare checks",
        level_descriptors=("", "Watches", "With backup", "Alone", "Teaches"),
    ),
    make_skill(id="ja", name="Japanese", category=SkillCategory.LANGUAGE),
    make_skill(
        id="ncmec", name="NCMEC reporting", category=SkillCategory.MARKET, prerequisites=("ja",)
    ),
)
TARGETS = (
    RoleTarget("responder", "self-harm", 3, mandatory=True, importance=3),
    RoleTarget("lead", "ncmec", 4),
)
ASSESSMENTS = (
    make_assessment(id="a1", assessed_at=utc(2025, 3, 20, 8, 30), decided_at=utc(2025, 3, 21)),
    make_assessment(
        id="a2",
        person_id="p2",
        level=4,
        assessed_at=utc(2026, 1, 5, 23, 59),
        decided_at=utc(2026, 1, 6, 1),
        comment='=SUM(A1), "quoted", and\na new line',
        evidence="ticket T-12",
    ),
    make_assessment(id="a3", person_id="p2", skill_id="ja", level=None, decided_at=utc(2026, 3, 1)),
    make_assessment(
        id="a4",
        person_id="p3",
        level=2,
        status=AssessmentStatus.SUBMITTED,
        decided_by=None,
        assessed_at=utc(2026, 3, 10),
    ),
    make_assessment(
        id="a5",
        person_id="p3",
        level=4,
        source=AssessmentSource.SELF,
        assessor_id="p3",
        status=AssessmentStatus.SUBMITTED,
        decided_by=None,
    ),
    make_assessment(
        id="a6",
        person_id="p3",
        skill_id="ncmec",
        level=1,
        status=AssessmentStatus.REJECTED,
        decided_at=utc(2026, 3, 2),
    ),
)


def original_matrix():
    return build_matrix([p.id for p in PEOPLE], SKILLS, ASSESSMENTS, AS_OF)


def export_to(path):
    return export_skills_data(
        path,
        matrix=original_matrix(),
        assessments=ASSESSMENTS,
        people=PEOPLE,
        skills=SKILLS,
        targets=TARGETS,
    )


def assert_round_trip(preview):
    assert preview.problems == ()
    records = preview.require_records()
    assert set(records.people) == set(PEOPLE)
    assert records.skills == SKILLS
    assert records.targets == TARGETS
    assert set(records.assessments) == set(ASSESSMENTS)
    rebuilt = build_matrix(
        [p.id for p in records.people], records.skills, records.assessments, AS_OF
    )
    assert rebuilt == original_matrix()


def test_matrix_fixture__has_levels_flags_and_blanks_worth_round_tripping():
    matrix = original_matrix()
    assert matrix.cell("p1", "self-harm").flags == {LevelFlag.EXPIRING}
    assert matrix.cell("p2", "self-harm").level == 4
    assert matrix.cell("p3", "self-harm").flags == {LevelFlag.PENDING}
    assert matrix.cell("p2", "ja").source_assessment_id == "a3"


def test_export_then_import__xlsx_reproduces_the_matrix_exactly(tmp_path):
    (path,) = export_to(tmp_path / "matrix.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["people", "skills", "targets", "assessments", "matrix"]
    assert workbook["assessments"]["K3"].data_type == "s"  # a comment starting with '=' is text
    assert_round_trip(preview_import(path, now=NOW))


def test_export_then_import__csv_directory_reproduces_the_matrix_exactly(tmp_path):
    written = export_to(tmp_path / "export")
    assert sorted(p.name for p in written) == [
        "assessments.csv",
        "matrix.csv",
        "people.csv",
        "skills.csv",
        "targets.csv",
    ]
    assert_round_trip(preview_import(tmp_path / "export", now=NOW))


def test_export_then_import__against_known_people_and_skills_from_the_database(tmp_path):
    export_csv(tmp_path, matrix=original_matrix(), assessments=ASSESSMENTS, people=(), skills=())
    preview = preview_import(
        tmp_path / "assessments.csv", known_people=PEOPLE, known_skills=SKILLS, now=NOW
    )
    assert preview.ok and set(preview.records.assessments) == set(ASSESSMENTS)


def test_export_matrix_sheet__shows_levels_and_flags(tmp_path):
    export_to(tmp_path)
    with (tmp_path / "matrix.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["person_id"] == "p1" and rows[0]["as_of"] == "2026-03-15"
    assert (rows[0]["self-harm"], rows[0]["self-harm flags"]) == ("3", "expiring")
    assert rows[2]["self-harm flags"] == "pending"


def test_export__refuses_a_single_csv_file(tmp_path):
    with pytest.raises(InputError, match="directory"):
        export_to(tmp_path / "matrix.csv")


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_import_dry_run__csv_lists_every_problem_with_row_and_column(tmp_path):
    path = write_csv(
        tmp_path / "team-a.assessments.csv",
        [
            ["person_id", "skill_id", "level", "assessed_at", "comment"],
            ["aiko@example.com", "self-harm", "3", "2026-03-01", "fine"],  # 2: fine
            ["nobody@example.com", "self-harm", "3", "2026-03-01", ""],  # 3: unknown person
            ["p1", "crypto", "3", "2026-03-01", ""],  # 4: unknown skill
            ["p1", "ja", "7", "2026-03-01", ""],  # 5: level out of range
            ["p2", "ja", "2", "31/02/2026", ""],  # 6: bad date
            ["", "", "", "", ""],  # 7: blank, skipped
            ["aiko@example.com", "self-harm", "3", "2026-03-01", "again"],  # 8: duplicate of 2
            ["p2", "ja", "3", "2026-04-01", ""],  # 9: future date
            ["p3", "ja", "", "2026-03-01", ""],  # 10: missing level
        ],
    )
    preview = preview_import(path, known_people=PEOPLE, known_skills=SKILLS, now=NOW)
    found = [(p.source, p.row, p.column, p.value) for p in preview.problems]
    assert found == [
        ("team-a.assessments.csv", 3, "person_id", "nobody@example.com"),
        ("team-a.assessments.csv", 4, "skill_id", "crypto"),
        ("team-a.assessments.csv", 5, "level", "7"),
        ("team-a.assessments.csv", 6, "assessed_at", "31/02/2026"),
        ("team-a.assessments.csv", 8, "id", preview.problems[4].value),
        ("team-a.assessments.csv", 9, "assessed_at", "2026-04-01"),
        ("team-a.assessments.csv", 10, "level", ""),
    ]
    messages = [p.message for p in preview.problems]
    assert "unknown person" in messages[0]
    assert "unknown skill" in messages[1]
    assert "out of range" in messages[2] and "0-4" in messages[2]
    assert "bad date" in messages[3]
    assert "duplicate row" in messages[4] and "row 2" in messages[4]
    assert "future" in messages[5]
    assert "missing level" in messages[6]
    assert preview.records is None and not preview.ok
    assert preview.rows_read["assessments"] == 8
    with pytest.raises(InputError, match="7 problem"):
        preview.require_records()
    assert str(preview.problems[0]).startswith("team-a.assessments.csv row 3, column person_id")


def test_import_dry_run__xlsx_lists_problems_across_sheets(tmp_path):
    workbook = Workbook()
    people = workbook.active
    people.title = "People"
    people.append(["id", "email", "name"])
    people.append(["p9", "new@example.com", "New Person"])
    people.append(["p10", "NEW@example.com", "Same Email"])  # row 3: duplicate email
    people.append(["p11", "not-an-email", "Bad Email"])  # row 4: bad email
    skills = workbook.create_sheet("skills")
    skills.append(["id", "name", "category", "validity_days"])
    skills.append(["fraud", "Fraud", "harm area", 0])  # row 2: validity out of range
    skills.append(["scams", "Scams", "gossip", None])  # row 3: unknown category
    targets = workbook.create_sheet("targets")
    targets.append(["role", "skill_id", "target_level", "mandatory", "colour"])  # E1 unknown
    targets.append(["responder", "self-harm", 5, "yes", None])  # row 2: level out of range
    targets.append(["responder", "ja", 3, "maybe", None])  # row 3: bad yes/no
    assessments = workbook.create_sheet("assessments")
    assessments.append(["person_id", "skill_id", "level", "assessed_at"])
    assessments.append(["p9", "fraud", 3, "2026-03-01"])  # row 2: fine (both new in this file)
    assessments.append(["p9", "self-harm", 3.5, "2026-03-01"])  # row 3: not a whole number
    workbook.create_sheet("Sheet2").append(["x"])  # unknown sheet
    path = tmp_path / "import.xlsx"
    workbook.save(path)

    preview = preview_import(path, known_people=PEOPLE, known_skills=SKILLS, now=NOW)
    found = {(p.source.split(" sheet ")[1], p.row, p.column) for p in preview.problems}
    assert found == {
        ("Sheet2", 1, ""),
        ("People", 3, "email"),
        ("People", 4, "email"),
        ("skills", 2, "validity_days"),
        ("skills", 3, "category"),
        ("targets", 1, "colour"),
        ("targets", 2, "target_level"),
        ("targets", 3, "mandatory"),
        ("assessments", 3, "level"),
    }
    assert preview.records is None
    assert preview.sources == ("import.xlsx",)


def test_import__missing_required_column_is_one_problem_on_the_header(tmp_path):
    path = write_csv(tmp_path / "targets.csv", [["role", "skill_id"], ["responder", "ja"]])
    preview = preview_import(path, known_skills=SKILLS, now=NOW)
    assert [(p.row, p.column) for p in preview.problems] == [(1, "target_level")]


def test_import__a_file_of_unknown_kind_is_a_problem(tmp_path):
    path = write_csv(tmp_path / "stuff.csv", [["a"], ["b"]])
    preview = preview_import(path, now=NOW)
    assert len(preview.problems) == 1 and "cannot tell" in preview.problems[0].message
    assert preview_import(path, kind="targets", now=NOW).problems[0].column == "a"


def test_import__minimal_lead_sheet_becomes_approved_import_assessments(tmp_path):
    path = write_csv(
        tmp_path / "assessments.csv",
        [
            ["Person_ID", "skill_id", "level", "assessed_at"],
            ["AIKO@example.com", "ja", "N/A", "2026-03-01"],
            ["ravi@example.com", "ja", "4", "2026-03-02T10:00:00+05:30"],
        ],
    )
    preview = preview_import(
        path, known_people=PEOPLE, known_skills=SKILLS, now=NOW, imported_by="lead"
    )
    first, second = preview.require_records().assessments
    assert (first.person_id, first.level, first.source, first.status) == (
        "p1",
        None,
        AssessmentSource.IMPORT,
        AssessmentStatus.APPROVED,
    )
    assert (first.decided_by, first.decided_at) == ("lead", utc(2026, 3, 1))
    assert second.assessed_at == utc(2026, 3, 2, 4, 30)
    again = preview_import(path, known_people=PEOPLE, known_skills=SKILLS, now=NOW)
    assert [a.id for a in again.records.assessments] == [first.id, second.id]
    stored = preview_import(
        path,
        known_people=PEOPLE,
        known_skills=SKILLS,
        now=NOW,
        existing_assessment_ids={first.id},
    )
    assert [(p.row, p.column) for p in stored.problems] == [(2, "id")]
    assert "already stored" in stored.problems[0].message


def test_import__approving_an_assessment_of_oneself_is_a_problem(tmp_path):
    path = write_csv(
        tmp_path / "assessments.csv",
        [
            ["person_id", "skill_id", "level", "assessed_at", "decided_by"],
            ["p1", "ja", "3", "2026-03-01", "p1"],
        ],
    )
    preview = preview_import(path, known_people=PEOPLE, known_skills=SKILLS, now=NOW)
    assert [(p.row, p.column) for p in preview.problems] == [(2, "decided_by")]


def test_tables_from_bytes__reads_an_uploaded_workbook(tmp_path):
    (path,) = export_to(tmp_path / "upload.xlsx")
    tables = tables_from_bytes(path.read_bytes(), "upload.xlsx")
    assert_round_trip(preview_tables(tables, now=NOW))
    with pytest.raises(InputError, match="xlsx"):
        tables_from_bytes(b"", "upload.ods")


def test_import__a_value_beyond_the_named_columns_is_a_problem(tmp_path):
    path = write_csv(
        tmp_path / "assessments.csv",
        [
            ["person_id", "skill_id", "level", "assessed_at"],
            ["p1", "ja", "3", "2026-03-01", "stray"],
        ],
    )
    preview = preview_import(path, known_people=PEOPLE, known_skills=SKILLS, now=NOW)
    assert [(p.row, p.column, p.value) for p in preview.problems] == [(2, "#5", "stray")]


def test_import__people_match_known_emails_and_conflicting_emails_are_problems(tmp_path):
    path = write_csv(
        tmp_path / "people.csv",
        [
            ["id", "email", "name"],
            ["", "Aiko@example.com", "Aiko T."],  # 2: known by email -> p1
            ["p7", "ravi@example.com", "Not Ravi"],  # 3: email of p2
        ],
    )
    preview = preview_import(path, known_people=PEOPLE, now=NOW)
    assert [(p.row, p.column) for p in preview.problems] == [(3, "email")]
    assert "'p2'" in preview.problems[0].message
    path = write_csv(tmp_path / "people.csv", [["email", "name"], ["Aiko@example.com", "Aiko T."]])
    (person,) = preview_import(path, known_people=PEOPLE, now=NOW).require_records().people
    assert person == PersonRecord("p1", "Aiko@example.com", "Aiko T.")
