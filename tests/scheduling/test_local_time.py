"""Local facts across DST changes (Sydney, Auckland: 2026-04-05; Sydney: 2026-10-04) and +05:30."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sched_factories import (
    START,
    assert_refused,
    assert_solved_and_valid,
    make_problem,
    make_worker,
    policy,
)

from scheduling import Demand, Policy, Problem, ShiftInstance
from scheduling.facts import minutes_in_daily_window, shift_facts


def pattern(zone: str, first: date, n: int, at: time, hours: float, kind: str = "day"):
    """Daily instances of a pattern defined in local time of ``zone`` (as rota.planning would)."""
    tz = ZoneInfo(zone)
    out = []
    for i in range(n):
        d = first + timedelta(days=i)
        s = datetime.combine(d, at, tzinfo=tz).astimezone(UTC)
        e = (datetime.combine(d, at, tzinfo=tz) + timedelta(hours=hours)).astimezone(UTC)
        out.append(ShiftInstance(f"{kind}{d}", kind, s, e))
    return out


def test_local_day__sydney_nine_oclock_pattern_keeps_its_local_day_across_dst_end():
    shifts = pattern("Australia/Sydney", date(2026, 4, 4), 3, time(9), 8)
    w = make_worker(zone="Australia/Sydney")
    assert [s.start.hour for s in shifts] == [22, 23, 23]  # AEDT +11, then AEST +10 from 5 Apr
    assert [shift_facts(w, s, Policy()).local_day for s in shifts] == [
        date(2026, 4, 4),
        date(2026, 4, 5),
        date(2026, 4, 6),
    ]


def test_night__sydney_night_across_dst_end_lasts_ten_real_hours_nine_in_the_window():
    (s,) = pattern("Australia/Sydney", date(2026, 4, 4), 1, time(22), 9, "night")
    f = shift_facts(make_worker(zone="Australia/Sydney"), s, Policy())
    assert s.end.astimezone(ZoneInfo("Australia/Sydney")).time() == time(7)
    assert f.minutes == 10 * 60
    assert f.night_minutes == 9 * 60
    assert f.is_night


def test_night__auckland_night_across_dst_end_has_nine_hours_inside_22_to_06():
    tz = ZoneInfo("Pacific/Auckland")
    s = datetime(2026, 4, 4, 22, tzinfo=tz).astimezone(UTC)
    e = datetime(2026, 4, 5, 6, tzinfo=tz).astimezone(UTC)
    assert (e - s) == timedelta(hours=9)
    assert minutes_in_daily_window(s, e, tz, time(22), time(6)) == 9 * 60


def test_night__kolkata_half_hour_offset_puts_a_utc_evening_shift_on_the_next_local_day():
    s = ShiftInstance(
        "x", "night", datetime(2026, 4, 6, 19, tzinfo=UTC), datetime(2026, 4, 7, 3, tzinfo=UTC)
    )
    f = shift_facts(make_worker(zone="Asia/Kolkata"), s, Policy())
    assert f.local_start.time() == time(0, 30)
    assert f.local_day == date(2026, 4, 7)
    assert f.night_minutes == 330  # 00:30-06:00 local
    assert f.is_night and f.early_start  # the early-start rule skips night shifts


def test_night__jakarta_override_window_22_to_07_counts_the_seventh_hour():
    tz = ZoneInfo("Asia/Jakarta")
    s = ShiftInstance(
        "x",
        "early",
        datetime(2026, 4, 7, 1, tzinfo=tz).astimezone(UTC),
        datetime(2026, 4, 7, 9, tzinfo=tz).astimezone(UTC),
    )
    plain = make_worker(zone="Asia/Jakarta")
    indo = make_worker(zone="Asia/Jakarta", limits={"night_window": (time(22), time(7))})
    assert shift_facts(plain, s, Policy()).night_minutes == 300
    assert shift_facts(indo, s, Policy()).night_minutes == 360


def test_weekend__friday_evening_utc_is_saturday_in_auckland():
    s = ShiftInstance(
        "x", "day", datetime(2026, 4, 10, 20, tzinfo=UTC), datetime(2026, 4, 11, 4, tzinfo=UTC)
    )
    assert shift_facts(make_worker(zone="Pacific/Auckland"), s, Policy()).weekend
    assert not shift_facts(make_worker(zone="UTC"), s, Policy()).weekend


def _two(zone, first_day, first_hour, second_day, second_hour):
    tz = ZoneInfo(zone)
    a = datetime.combine(first_day, time(first_hour - 8), tzinfo=tz)
    a_end = datetime.combine(first_day, time(first_hour), tzinfo=tz)
    b = datetime.combine(second_day, time(second_hour), tzinfo=tz)
    return [
        ShiftInstance("a", "late", a.astimezone(UTC), a_end.astimezone(UTC)),
        ShiftInstance("b", "day", b.astimezone(UTC), (b + timedelta(hours=6)).astimezone(UTC)),
    ]


def test_min_rest__ten_wall_clock_hours_over_sydney_dst_end_are_eleven_real_hours_and_allowed():
    shifts = _two("Australia/Sydney", date(2026, 4, 4), 23, date(2026, 4, 5), 9)
    p = Problem(
        start=date(2026, 4, 4),
        days=2,
        workers=(make_worker(zone="Australia/Sydney"),),
        shifts=tuple(shifts),
        demands=tuple(Demand(f"d{s.id}", s.id) for s in shifts),
        policy=policy("min-rest"),
    )
    assert_solved_and_valid(p)


def test_min_rest__eleven_wall_clock_hours_over_sydney_dst_start_are_ten_real_hours_and_refused():
    shifts = _two("Australia/Sydney", date(2026, 10, 3), 22, date(2026, 10, 4), 9)
    p = Problem(
        start=date(2026, 10, 3),
        days=2,
        workers=(make_worker(zone="Australia/Sydney"),),
        shifts=tuple(shifts),
        demands=tuple(Demand(f"d{s.id}", s.id) for s in shifts),
        policy=policy("min-rest"),
    )
    assert_refused(p, "min-rest")


def test_shifts_per_day__auckland_pattern_across_dst_end_gives_one_shift_per_local_day():
    shifts = pattern("Pacific/Auckland", date(2026, 4, 3), 4, time(7), 8)
    p = Problem(
        start=date(2026, 4, 3),
        days=4,
        workers=(make_worker(zone="Pacific/Auckland"),),
        shifts=tuple(shifts),
        demands=tuple(Demand(f"d{s.id}", s.id) for s in shifts),
        policy=policy("min-rest"),
    )
    r = assert_solved_and_valid(p)
    assert len(r.assignments) == 4
    assert START  # factories' start is unrelated here
    _ = make_problem
