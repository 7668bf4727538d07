"""Curtois & Qu benchmark reader: the mapping to an ordinary Problem, and Instance1's optimum."""

from datetime import date
from pathlib import Path

import pytest

from scheduling import FormatError, solve, validate
from scheduling.curtois import read_curtois

BENCH = Path(__file__).resolve().parents[2] / "bench" / "data" / "curtois"

TINY = """# tiny
SECTION_HORIZON
7

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
A,E=5|L=0,2400,480,3,1,1,1
B,E=5|L=5,2400,480,3,1,1,1

SECTION_DAYS_OFF
A,0,6

SECTION_SHIFT_ON_REQUESTS
A,1,E,3

SECTION_SHIFT_OFF_REQUESTS
B,2,L,4

SECTION_COVER
0,E,1,100,1
0,L,1,100,1
1,E,1,100,1
"""


def test_read_curtois__maps_shifts_staff_days_off_requests_and_cover():
    p = read_curtois(TINY)
    assert p.start == date(2024, 1, 1) and p.days == 7
    assert len(p.shifts) == 14 and {s.kind for s in p.shifts} == {"E", "L"}
    assert p.forbidden_successions == frozenset({("L", "E")})
    a = p.worker("A")
    assert a.unavailable == frozenset({date(2024, 1, 1), date(2024, 1, 7)})
    assert dict(a.limits.max_shifts_per_kind) == {"E": 5, "L": 0}
    assert (a.limits.max_total_minutes, a.limits.min_total_minutes, a.limits.max_weekends) == (
        2400,
        480,
        1,
    )
    d = p.demand("0:E")
    assert (d.min_headcount, d.max_headcount, d.hard, d.under_weight, d.over_weight) == (
        1,
        1,
        False,
        100,
        1,
    )
    assert p.demand("3:L").min_headcount == 0
    assert {(x.worker_id, x.want, x.weight, x.shift_id) for x in p.preferences} == {
        ("A", True, 3, "1:E"),
        ("B", False, 4, "2:L"),
    }


def test_read_curtois__solution_passes_the_validator():
    p = read_curtois(TINY)
    r = solve(p, time_limit=5, workers=1)
    assert r.has_rota and validate(p, r.assignments) == []


def test_read_curtois__a_bad_staff_line_names_the_line():
    with pytest.raises(FormatError) as exc:
        read_curtois(TINY.replace("B,E=5|L=5,2400,480,3,1,1,1", "B,E=5,2400"))
    assert exc.value.field.startswith("line ")


def test_read_curtois__instance1_reaches_its_proven_optimum_607():
    p = read_curtois(BENCH / "Instance1.txt")
    r = solve(p, time_limit=20, workers=2, seed=0)
    assert r.objective == 607
    assert validate(p, r.assignments) == []
