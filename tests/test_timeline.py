"""The one published timeline: for every shift, the latest published version covering it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from rota.domain.patterns import RoleDemand, ShiftPattern
from rota.domain.rotas import Assignment, Rota, RotaKind, RotaStatus
from rota.domain.timeline import (
    pattern_day,
    published_timeline,
    timeline_steps,
    version_states,
    with_drafts,
)

MONDAY = date(2027, 3, 1)
TOKYO_DAY = ShiftPattern(
    "jp", "t", "Tokyo day", "Asia/Tokyo", time(9), time(17), demands=(RoleDemand("primary"),)
)
PATTERNS = {"jp": TOKYO_DAY}


def shift(day: date, who: str, rota_id: str, aid: str | None = None) -> Assignment:
    start = datetime.combine(day, time(0), UTC)  # 09:00 in Tokyo
    return Assignment(
        aid or f"a-{day.isoformat()}",
        rota_id,
        who,
        "jp",
        "primary",
        start,
        start + timedelta(hours=8),
    )


def version(n: int, first: date, last: date, who: str, **extra) -> Rota:
    rid = f"t-v{n}"
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return Rota(
        rid,
        "t",
        first,
        last,
        RotaStatus.PUBLISHED,
        n,
        published_at=datetime(2027, 2, 1, tzinfo=UTC) + timedelta(hours=n),
        assignments=tuple(shift(d, who, rid) for d in days),
        **extra,
    )


def test_publishing_a_later_window_keeps_the_earlier_weeks():
    weeks_1_2 = version(1, MONDAY, MONDAY + timedelta(days=13), "aiko")
    week_3 = version(2, MONDAY + timedelta(days=14), MONDAY + timedelta(days=20), "ben")
    timeline = published_timeline("t", [week_3, weeks_1_2], PATTERNS)
    assert len(timeline.assignments) == 21
    assert {a.responder_id for a in timeline.assignments[:14]} == {"aiko"}
    assert timeline.first_day == MONDAY and timeline.last_day == MONDAY + timedelta(days=20)


def test_re_publishing_a_window_supersedes_that_window_only():
    weeks_1_2 = version(1, MONDAY, MONDAY + timedelta(days=13), "aiko")
    week_2 = version(2, MONDAY + timedelta(days=7), MONDAY + timedelta(days=13), "ben")
    timeline = published_timeline("t", [weeks_1_2, week_2], PATTERNS)
    assert [a.responder_id for a in timeline.assignments] == ["aiko"] * 7 + ["ben"] * 7
    assert {a.rota_id for a in timeline.assignments[7:]} == {"t-v2"}


def test_a_window_version_clears_the_shifts_it_leaves_empty():
    weeks_1_2 = version(1, MONDAY, MONDAY + timedelta(days=13), "aiko")
    empty_week_2 = Rota(
        "t-v2",
        "t",
        MONDAY + timedelta(days=7),
        MONDAY + timedelta(days=13),
        RotaStatus.PUBLISHED,
        2,
        published_at=datetime(2027, 2, 2, tzinfo=UTC),
    )
    timeline = published_timeline("t", [weeks_1_2, empty_week_2], PATTERNS)
    assert len(timeline.assignments) == 7


def test_an_override_version_changes_only_the_shift_it_names_and_keeps_its_id():
    week = version(1, MONDAY, MONDAY + timedelta(days=6), "aiko")
    tuesday = week.assignments[1]
    override = Rota(
        "t-v2",
        "t",
        MONDAY + timedelta(days=1),
        MONDAY + timedelta(days=1),
        RotaStatus.PUBLISHED,
        2,
        published_at=datetime(2027, 2, 2, tzinfo=UTC),
        kind=RotaKind.OVERRIDE,
        covers=(tuesday.shift,),
        assignments=(Assignment(**{**tuesday.__dict__, "rota_id": "t-v2", "responder_id": "ben"}),),
    )
    timeline = published_timeline("t", [week, override], PATTERNS)
    assert [a.responder_id for a in timeline.assignments] == ["aiko", "ben"] + ["aiko"] * 5
    assert timeline.find(tuesday.id).responder_id == "ben"
    assert timeline.set_by(timeline.find(tuesday.id)).version == 2
    states = {s.version.version: s.label for s in version_states(timeline)}
    assert states == {1: "partly superseded", 2: "current"}


def test_drafts_are_planned_on_top_of_their_window_only():
    week = version(1, MONDAY, MONDAY + timedelta(days=6), "aiko")
    draft = Rota(
        "t-draft",
        "t",
        MONDAY + timedelta(days=5),
        MONDAY + timedelta(days=6),
        assignments=(
            shift(MONDAY + timedelta(days=5), "ben", "t-draft"),
            shift(MONDAY + timedelta(days=6), "ben", "t-draft"),
        ),
    )
    timeline = published_timeline("t", [week], PATTERNS)
    planned = with_drafts(timeline, [draft], PATTERNS)
    assert [label for _, label in planned] == ["published"] * 5 + ["draft"] * 2


def test_each_step_of_the_history_is_the_whole_timeline_as_it_stood():
    weeks_1_2 = version(1, MONDAY, MONDAY + timedelta(days=13), "aiko")
    week_2 = version(2, MONDAY + timedelta(days=7), MONDAY + timedelta(days=13), "ben")
    steps = timeline_steps([week_2, weeks_1_2], PATTERNS)
    assert [len(s.assignments) for s in steps] == [14, 14]
    assert [s.version for s in steps] == [1, 2]
    assert {a.responder_id for a in steps[1].assignments} == {"aiko", "ben"}


def test_a_shift_belongs_to_the_local_day_of_its_patterns_zone():
    late = Assignment(
        "x",
        "r",
        "aiko",
        "jp",
        "primary",
        datetime(2027, 3, 1, 16, tzinfo=UTC),
        datetime(2027, 3, 1, 20, tzinfo=UTC),
    )
    assert pattern_day(late, PATTERNS) == date(2027, 3, 2)  # 01:00 on Tuesday in Tokyo
