"""The Curtois & Qu reader and `tandem bench curtois` reproduce a proven optimum end to end."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from rota.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data" / "curtois"
sys.path.insert(0, str(ROOT / "bench"))

import curtois as bench  # noqa: E402


@pytest.fixture
def instance1() -> Path:
    path = DATA / "Instance1.txt"
    if not path.exists():
        pytest.fail(f"the benchmark data is missing at {path} (it ships in bench/data/curtois)")
    return path


def test_bench_curtois_reaches_the_proven_optimum_of_instance1_and_writes_the_roster(
    instance1, tmp_path
):
    out = io.StringIO()
    solution = tmp_path / "solution.txt"
    code = main(
        ["bench", "curtois", str(instance1), "--time-limit", "30", "--out", str(solution)],
        environ={},
        out=out,
    )
    lines = out.getvalue().strip().splitlines()
    assert code == 0
    assert lines[-1] == "objective=607"
    assert "violations=0" in lines[-2]
    rows = solution.read_text().splitlines()
    assert all(len(r.split(",")) == 3 for r in rows)
    assert bench.independent_objective(instance1, solution) == 607


def test_the_independent_objective_counts_requests_and_cover(tmp_path):
    instance = tmp_path / "tiny.txt"
    instance.write_text(
        "SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\n"
        "A,D=7,4000,0,7,1,1,2\n\nSECTION_SHIFT_ON_REQUESTS\nA,0,D,3\n\n"
        "SECTION_SHIFT_OFF_REQUESTS\nA,1,D,2\n\nSECTION_COVER\n0,D,1,100,1\n1,D,0,100,1\n"
    )
    solution = tmp_path / "s.txt"
    solution.write_text("A,1,D\n")  # misses the on-request (3), works the off-request (2)
    # day 0 under by 1 (100), day 1 over by 1 (1)
    assert bench.independent_objective(instance, solution) == 3 + 2 + 100 + 1
