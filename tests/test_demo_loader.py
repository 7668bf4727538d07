"""The demo team read from ``rota/demo/data/*.toml`` equals the demo the old code built.

Before the demo became data, ``rota/demo.py`` built it in 1360 lines of code. Its output was
fingerprinted (``tests/demo_fingerprints.json``: a SHA-256 prefix of every group of objects, for
days across the week, both hemispheres' summers, DST changes, a year end and a leap day). The
loader must give the same objects, field for field; counts and a few values are spelled out too,
so a failure says what moved.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, date, datetime, time
from enum import Enum
from pathlib import Path

import pytest

from rota.demo import DATA, build_demo
from rota.domain.absences import LeaveKind
from rota.domain.patterns import Severity
from skills.model import AssessmentSource, AssessmentStatus, Stage

FINGERPRINTS = json.loads(
    (Path(__file__).with_name("demo_fingerprints.json")).read_text(encoding="utf-8")
)


#: Fields the domain gained after the fingerprints were taken: the demo leaves them at their
#: defaults (checked), so they are left out of the fingerprint.
ADDED_SINCE = {("Team", "auto_approve_swaps"), ("Responder", "reminder_minutes")}


def canonical(obj):
    """A JSON-friendly form of domain objects, independent of hash order and of float repr."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = {}
        for f in dataclasses.fields(obj):
            if (type(obj).__name__, f.name) in ADDED_SINCE:
                assert getattr(obj, f.name) == f.default, (type(obj).__name__, f.name)
                continue
            fields[f.name] = canonical(getattr(obj, f.name))
        return {"__type__": type(obj).__name__, **fields}
    if isinstance(obj, Enum):
        return [type(obj).__name__, obj.value]
    if isinstance(obj, datetime | date | time):
        return [type(obj).__name__, obj.isoformat()]
    if isinstance(obj, list | tuple):
        return [canonical(x) for x in obj]
    if isinstance(obj, set | frozenset):
        return sorted((canonical(x) for x in obj), key=lambda x: json.dumps(x, sort_keys=True))
    if isinstance(obj, dict):
        return {str(k): canonical(v) for k, v in sorted(obj.items(), key=lambda kv: str(kv[0]))}
    if isinstance(obj, float):
        return ["float", repr(obj)]
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    raise TypeError(type(obj))


def fingerprint(data) -> dict[str, str]:
    out = {}
    for f in dataclasses.fields(data):
        text = json.dumps(canonical(getattr(data, f.name)), sort_keys=True, ensure_ascii=False)
        out[f.name] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return out


@pytest.mark.parametrize("day", sorted(FINGERPRINTS))
def test_the_loaded_demo_equals_the_demo_the_old_code_built(day):
    assert fingerprint(build_demo(date.fromisoformat(day))) == FINGERPRINTS[day]


def test_the_demo_keeps_its_counts_and_a_few_spot_values():
    demo = build_demo(date(2026, 11, 29))
    counts = {
        f.name: len(getattr(demo, f.name)) for f in dataclasses.fields(demo) if f.name != "team"
    }
    assert counts == {
        "responders": 30,
        "shift_patterns": 11,
        "leave": 16,
        "incidents": 4,
        "exposure": 66,
        "skills": 14,
        "assessments": 287,
        "interests": 20,
        "role_targets": 12,
        "mentoring": 8,
        "goals": 7,
        "tracks": 5,
        "content_categories": 5,
    }
    manager = demo.responders[0]
    assert (manager.id, manager.email, manager.start_date) == (
        "mei-ling-tan",
        "meiling.tan@example.org",
        date(2018, 5, 30),
    )
    first = demo.assessments[0]
    assert (first.id, first.person_id, first.skill_id, first.level, first.source) == (
        "as-0001",
        "james-whitfield",
        "violent-extremism",
        3,
        AssessmentSource.IMPORT,
    )
    assert first.assessed_at == datetime(2024, 12, 9, 3, tzinfo=UTC)
    assert (first.decided_by, first.status) == ("arjun-pillai", AssessmentStatus.APPROVED)
    assert demo.assessments[-1].id == "as-0287"
    hs = next(p for p in demo.shift_patterns if p.id == "hs-review-weekday")
    child_safety = hs.demands[0]
    assert (child_safety.content_category, child_safety.severity, child_safety.queue_hours) == (
        "child-safety",
        Severity.EXTREME,
        2.5,
    )
    parental = next(e for e in demo.leave if e.kind == LeaveKind.PARENTAL)
    assert (parental.id, parental.responder_id, parental.start, parental.end) == (
        "leave-013",
        "andrea-villanueva",
        date(2027, 1, 18),
        date(2027, 3, 9),
    )
    track = next(t for t in demo.tracks if t.id == "track-02")
    assert (track.stage, track.evidence[-1].count, track.evidence[-1].judged_right) == (
        Stage.REVERSE_SHADOW,
        7,
        6,
    )
    assert demo.exposure[0].responder_id == "aiko-tanaka"


def test_the_demo_is_data_files_read_by_a_small_loader():
    names = sorted(p.name for p in DATA.glob("*.toml"))
    assert names == [
        "assessments.toml",
        "leave.toml",
        "mentoring.toml",
        "patterns.toml",
        "people.toml",
        "skills.toml",
        "team.toml",
    ]
    code = [Path(DATA.parent, name) for name in ("__init__.py", "exposure.py")]
    assert sum(len(p.read_text(encoding="utf-8").splitlines()) for p in code) < 750
    assert "example.org" in (DATA / "people.toml").read_text(encoding="utf-8")
