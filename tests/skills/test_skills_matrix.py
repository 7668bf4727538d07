from datetime import date

from skills_factories import make_assessment, make_skill, utc

from skills.levels import LevelFlag
from skills.matrix import ASSESSMENT_COLUMNS, build_matrix, history_records
from skills.model import AssessmentSource, AssessmentStatus

SELF_HARM = make_skill(validity_days=365)
FRAUD = make_skill(id="fraud", name="Fraud")


def rows():
    return [
        make_assessment(id="a1", assessed_at=utc(2025, 3, 20)),
        make_assessment(id="a2", person_id="p2", skill_id="fraud", level=None),
        make_assessment(
            id="a3",
            person_id="p2",
            level=4,
            status=AssessmentStatus.SUBMITTED,
            decided_by=None,
        ),
        make_assessment(id="a4", person_id="p2", source=AssessmentSource.SELF, assessor_id="p2"),
    ]


def test_build_matrix__rows_people_columns_skills_cells_level_and_flags():
    matrix = build_matrix(["p2", "p1"], [SELF_HARM, FRAUD], rows(), date(2026, 3, 1))
    assert matrix.skill_ids == ("self-harm", "fraud")
    assert [r.person_id for r in matrix.rows] == ["p1", "p2"]
    expiring = matrix.cell("p1", "self-harm")
    assert (expiring.level, expiring.flags, expiring.source_assessment_id) == (
        3,
        {LevelFlag.EXPIRING},
        "a1",
    )
    assert expiring.expires_on == date(2026, 3, 20)
    pending = matrix.cell("p2", "self-harm")
    assert pending.level is None and pending.flags == {LevelFlag.PENDING}
    assert matrix.cell("p2", "fraud").source_assessment_id == "a2"


def test_matrix_to_records__wide_and_long_plain_rows():
    matrix = build_matrix(["p1", "p2"], [SELF_HARM, FRAUD], rows(), date(2026, 3, 1))
    assert matrix.to_records() == [
        {
            "person_id": "p1",
            "self-harm": 3,
            "self-harm flags": "expiring",
            "fraud": None,
            "fraud flags": "",
        },
        {
            "person_id": "p2",
            "self-harm": None,
            "self-harm flags": "pending",
            "fraud": None,
            "fraud flags": "",
        },
    ]
    long = matrix.to_cell_records()
    assert len(long) == 4
    assert long[0] == {
        "person_id": "p1",
        "skill_id": "self-harm",
        "level": 3,
        "assessed_level": 3,
        "flags": "expiring",
        "source_assessment_id": "a1",
        "expires_on": "2026-03-20",
    }


def test_history_records__every_assessment_oldest_first_with_all_columns():
    records = history_records(rows())
    assert [r["id"] for r in records] == ["a1", "a2", "a3", "a4"]
    assert all(tuple(r) == ASSESSMENT_COLUMNS for r in records)
    assert records[0]["assessed_at"] == "2025-03-20T00:00:00+00:00"
    assert records[2]["status"] == "submitted" and records[3]["source"] == "self"
