"""Shift patterns are defined in a zone; their UTC instants stay right across DST and +05:30."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from rota.domain.coverage import occurrences, strip_in_zone
from rota.domain.patterns import ShiftPattern
from rota.domain.timezones import public_holidays, utc_offset_label, zone
from rota.errors import InputError


def make_pattern(**overrides) -> ShiftPattern:
    fields = dict(
        id="p",
        team_id="t",
        name="Pattern",
        zone="Australia/Sydney",
        start=time(21, 0),
        end=time(7, 0),
    )
    fields.update(overrides)
    return ShiftPattern(**fields)


def test_overnight_sydney_shift_across_the_april_dst_change_is_an_hour_longer_than_its_clock():
    (occ,) = occurrences(make_pattern(), date(2026, 4, 4), date(2026, 4, 4))
    assert occ.start == datetime(2026, 4, 4, 10, 0, tzinfo=UTC)  # 21:00 AEDT (+11)
    assert occ.end == datetime(2026, 4, 4, 21, 0, tzinfo=UTC)  # 07:00 AEST (+10)
    assert occ.hours == 11


def test_overnight_sydney_17_to_07_shift_across_the_april_change_lasts_15_hours_elapsed():
    pattern = make_pattern(start=time(17, 0), end=time(7, 0))
    (occ,) = occurrences(pattern, date(2026, 4, 4), date(2026, 4, 4))
    assert occ.hours == 15


def test_overnight_shift_on_an_ordinary_night_lasts_its_wall_clock_length():
    (occ,) = occurrences(make_pattern(), date(2026, 4, 10), date(2026, 4, 10))
    assert occ.hours == 10


def test_auckland_shift_on_the_september_change_is_an_hour_shorter():
    pattern = make_pattern(zone="Pacific/Auckland", start=time(0, 0), end=time(8, 0))
    (occ,) = occurrences(pattern, date(2026, 9, 27), date(2026, 9, 27))
    assert occ.hours == 7


def test_a_pattern_in_kolkata_starts_at_the_half_hour_in_utc():
    pattern = make_pattern(zone="Asia/Kolkata", start=time(9, 0), end=time(18, 0))
    (occ,) = occurrences(pattern, date(2026, 12, 1), date(2026, 12, 1))
    assert occ.start == datetime(2026, 12, 1, 3, 30, tzinfo=UTC)
    assert utc_offset_label("Asia/Kolkata", occ.start) == "UTC+05:30"


def test_weekday_patterns_skip_weekends():
    pattern = make_pattern(zone="Asia/Tokyo", start=time(9), end=time(18), days=(0, 1, 2, 3, 4))
    occ = occurrences(pattern, date(2026, 11, 30), date(2026, 12, 6))
    assert [o.local_day.weekday() for o in occ] == [0, 1, 2, 3, 4]


def test_strip_splits_an_overnight_shift_at_the_viewers_midnight():
    pattern = make_pattern(zone="Asia/Singapore", start=time(20), end=time(4), days=(0,))
    segments = strip_in_zone(pattern, "Asia/Singapore", date(2026, 11, 30))
    assert [(s.weekday, s.start_hour, s.end_hour) for s in segments] == [(0, 20, 24), (1, 0, 4)]


def test_an_unknown_zone_is_refused_with_an_example():
    with pytest.raises(InputError, match="Asia/Tokio.*IANA"):
        zone("Asia/Tokio")


def test_australian_holidays_include_the_state_ones_when_given_the_subdivision():
    nsw = public_holidays("AU", "NSW", date(2026, 1, 1), date(2026, 12, 31))
    national = public_holidays("AU", None, date(2026, 1, 1), date(2026, 12, 31))
    assert date(2026, 10, 5) in nsw  # Labour Day, NSW
    assert date(2026, 10, 5) not in national
