"""`tandem skills ...` and `tandem mentoring ...` on the demo team: real content, clear refusals."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rota import demo
from rota.cli.main import main
from rota.services import skills
from rota.storage import repo
from rota.storage.db import open_database
from skills.model import Assessment

#: the clock of the CLI tests that plan fixed dates (the demo is seeded relative to it)
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def run_cli(*argv: str, env: dict[str, str]) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), environ=env, out=out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def _seeded_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("cli-skills") / "home"
    code, _ = run_cli("demo", env={"TANDEM_HOME": str(home)})
    assert code == 0
    return home


@pytest.fixture
def env(_seeded_home, tmp_path) -> dict[str, str]:
    """A private copy of the seeded demo database."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "tandem.sqlite").write_bytes((_seeded_home / "tandem.sqlite").read_bytes())
    return {"TANDEM_HOME": str(home)}


def stored_assessments(env: dict[str, str]) -> list[Assessment]:
    database = open_database(None, default_path=Path(env["TANDEM_HOME"]) / "tandem.sqlite")
    try:
        with database.session() as session:
            return repo.list_all(session, Assessment)
    finally:
        database.close()


def pending_id(env: dict[str, str], person_id: str) -> str:
    return next(
        a.id
        for a in stored_assessments(env)
        if a.person_id == person_id and a.status == "submitted"
    )


# ------------------------------------------------------------------------------- read-only views


def test_skills_matrix__shows_people_by_name_and_zone_and_skills_by_name(env):
    code, out = run_cli("skills", "matrix", env=env)
    assert code == 0
    assert "Aiko Tanaka" in out and "Asia/Tokyo" in out
    assert "Incident command" in out and "Child safety escalation" in out
    assert "expiring: Kenta Ishikawa — Child safety escalation" in out
    assert "pending assessments (3)" in out and "Ji-ho Park" in out


def test_skills_matrix__as_of_an_earlier_day_leaves_out_people_not_yet_employed(env):
    code, out = run_cli("skills", "matrix", "--as-of", "2026-01-01", env=env)
    assert code == 0 and "as of 2026-01-01" in out
    assert "Bayu Prasetyo" not in out  # joined 20 days before the demo's today


def test_skills_gaps__lists_people_below_target_and_burden_per_skill(env):
    code, out = run_cli("skills", "gaps", env=env)
    assert code == 0
    assert "Bayu Prasetyo (Asia/Jakarta)" in out and "Self-harm and suicide" in out
    assert "burden" in out and "mandatory" in out


def test_skills_risk__shows_skills_windows_from_shift_patterns_and_what_if(env):
    code, out = run_cli("skills", "risk", env=env)
    assert code == 0
    assert "Japanese language desk — language desk (Japanese)" in out
    assert "Incident command" in out and "qualified" in out
    assert "what if one person is away" in out


def test_mentoring_suggest__ranks_pairs_with_their_explanation(env):
    code, out = run_cli("mentoring", "suggest", "--limit", "3", env=env)
    assert code == 0
    assert "  1. " in out and "  3. " in out and "  4. " not in out
    assert "keen" in out and "h/week of shared working hours" in out


def test_mentoring_progress__shows_stage_criteria_with_numbers_and_evidence(env):
    code, out = run_cli("mentoring", "progress", env=env)
    assert code == 0
    assert "Kavya Shetty (Asia/Kolkata) — Incident command: stage shadow" in out
    assert "[ ] observed >= 2 major incidents: 1 of 2 observed" in out
    assert "shadow shifts done 2" in out and "evidence 3" in out


# ------------------------------------------------------------------------------- record, approve


def test_skills_record_then_approve__the_new_level_shows_in_the_matrix(env):
    code, out = run_cli(
        "skills", "record", "--person", "yui.nakamura@example.org", "--skill",
        "incident-command", "--level", "3", "--by", "kenta.ishikawa@example.org", env=env,
    )  # fmt: skip
    assert code == 0 and "recorded as-" in out and "Yui Nakamura" in out
    new_id = out.split("recorded ", 1)[1].split(":", 1)[0]
    code, out = run_cli("skills", "approve", new_id, "--by", "meiling.tan@example.org", env=env)
    assert code == 0 and f"approved {new_id}" in out and "Mei Ling Tan" in out
    approved = next(a for a in stored_assessments(env) if a.id == new_id)
    assert approved.status == "approved" and approved.decided_by == "mei-ling-tan"


def test_skills_approve__ones_own_assessment_is_refused_in_one_line(env, capsys):
    assessment_id = pending_id(env, "jiho-park")
    code, _ = run_cli("skills", "approve", assessment_id, "--by", "jiho.park@example.org", env=env)
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "nobody may approve" in err and "Traceback" not in err
    assert next(a for a in stored_assessments(env) if a.id == assessment_id).status == "submitted"


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("--skill", "incident-command", "--level", "7"), "0-4"),
        (("--skill", "no-such-skill", "--level", "3"), "no-such-skill"),
        (("--skill", "incident-command", "--level", "3", "--on", "2999-01-01"), "future"),
    ],
)
def test_skills_record__refuses_bad_input_with_a_clear_line(env, capsys, extra, words):
    before = len(stored_assessments(env))
    code, _ = run_cli("skills", "record", "--person", "yui.nakamura@example.org", *extra, env=env)
    err = capsys.readouterr().err
    assert code == 1 and words in err and err.count("\n") == 1
    assert len(stored_assessments(env)) == before


# ------------------------------------------------------------------------------- import, export


def test_skills_import_dry_run__lists_every_problem_with_row_and_column_and_writes_nothing(
    env, tmp_path
):
    path = tmp_path / "assessments.csv"
    path.write_text(
        "person_id,skill_id,level,assessed_at\n"
        "aiko.tanaka@example.org,incident-command,7,2026-01-01\n"
        "nobody@example.org,incident-command,3,2026-01-01\n"
        "aiko.tanaka@example.org,no-such-skill,3,2999-01-01\n",
        encoding="utf-8",
    )
    before = stored_assessments(env)
    code, out = run_cli("skills", "import", str(path), "--dry-run", env=env)
    assert code == 1
    assert "4 problem(s); nothing written" in out
    assert "assessments.csv row 2, column level: '7'" in out
    assert "row 3, column person_id: 'nobody@example.org'" in out
    assert "row 4, column assessed_at" in out and "row 4, column skill_id" in out
    assert stored_assessments(env) == before


def test_skills_import_dry_run__of_a_clean_file_writes_nothing(env, tmp_path):
    path = tmp_path / "assessments.csv"
    path.write_text(
        "person_id,skill_id,level,assessed_at,assessor_id\n"
        "yui.nakamura@example.org,incident-command,3,2026-01-01,kenta-ishikawa\n",
        encoding="utf-8",
    )
    before = stored_assessments(env)
    code, out = run_cli("skills", "import", str(path), "--dry-run", env=env)
    assert code == 0 and "dry run: no problems; would write" in out
    assert stored_assessments(env) == before
    code, out = run_cli("skills", "import", str(path), env=env)
    assert code == 0 and "1 assessments" in out
    assert len(stored_assessments(env)) == len(before) + 1


def test_skills_export_then_import_xlsx_into_a_new_database_reproduces_the_matrix(env, tmp_path):
    today = datetime.now(UTC).date()
    workbook = tmp_path / "skills.xlsx"
    code, out = run_cli("skills", "export", str(workbook), "--as-of", today.isoformat(), env=env)
    assert code == 0 and workbook.exists()

    # a second database with the same team and people but no skills data yet
    other = {"TANDEM_HOME": str(tmp_path / "other")}
    database = open_database(None, default_path=Path(other["TANDEM_HOME"]) / "tandem.sqlite")
    data = demo.build_demo(today)
    with database.session() as session:
        repo.save(session, data.team)
        repo.save_all(session, data.responders)
    code, out = run_cli("skills", "import", str(workbook), env=other)
    assert code == 0, out

    def matrix(home: str):
        db = open_database(None, default_path=Path(home) / "tandem.sqlite")
        try:
            with db.session() as session:
                return skills.skills_matrix(session, demo.TEAM_ID, today).matrix
        finally:
            db.close()

    assert matrix(other["TANDEM_HOME"]) == matrix(env["TANDEM_HOME"])
    database.close()


def test_skills_export__to_a_directory_writes_one_csv_per_sheet(env, tmp_path):
    code, out = run_cli("skills", "export", str(tmp_path / "csv"), env=env)
    assert code == 0
    names = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert names == ["assessments.csv", "matrix.csv", "people.csv", "skills.csv", "targets.csv"]


def test_skills_whatif_checks_with_the_solver_and_explains_a_lost_language(tmp_path):
    import io

    from rota.cli.main import main

    env = {"TANDEM_HOME": str(tmp_path / "home")}
    assert main(["demo"], environ=env, now=NOW, out=io.StringIO()) == 0
    fine = io.StringIO()
    assert (
        main(
            [
                "skills",
                "whatif",
                "--start",
                "2026-11-30",
                "--remove",
                "aiko.tanaka@example.org",
                "--time-limit",
                "40",
            ],
            environ=env,
            now=NOW,
            out=fine,
        )
        == 0
    )
    assert "without Aiko Tanaka: a rota that keeps every hard rule still exists" in fine.getvalue()
    speakers = ["aiko.tanaka", "haruto.sato", "kenta.ishikawa", "yui.nakamura", "daniel.koh"]
    argv = ["skills", "whatif", "--start", "2026-11-30", "--time-limit", "40"]
    for name in speakers:
        argv += ["--remove", f"{name}@example.org"]
    lost = io.StringIO()
    assert main(argv, environ=env, now=NOW, out=lost) == 2
    assert "Japanese language desk, 5 slots every day" in lost.getvalue()
    assert "nobody available speaking Japanese" in lost.getvalue()
