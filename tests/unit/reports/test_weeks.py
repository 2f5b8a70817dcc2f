"""Report weeks across timezones and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mindhaven.errors import ValidationFailed
from mindhaven.reports.weeks import last_full_week, local_date, parse_week, week_bounds


def hours(bounds: tuple[datetime, datetime]) -> float:
    start, end = bounds
    return (end - start).total_seconds() / 3600


def test_london_spring_forward_week_is_167_hours():
    # Clocks go forward on Sunday 2026-03-29 at 01:00 UTC.
    start, end = week_bounds(date(2026, 3, 25), "Europe/London")
    assert start == datetime(2026, 3, 23, 0, 0, tzinfo=UTC)  # GMT: midnight is 00:00 UTC
    assert end == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)  # BST: the next Monday's midnight is 23:00 UTC
    assert hours((start, end)) == 167


def test_london_fall_back_week_is_169_hours():
    # Clocks go back on Sunday 2026-10-25.
    start, end = week_bounds(date(2026, 10, 25), "Europe/London")  # a Sunday belongs to the week before it
    assert start == datetime(2026, 10, 18, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)
    assert hours((start, end)) == 169


def test_new_york_transition_weeks():
    # US DST starts Sunday 2026-03-08 and ends Sunday 2026-11-01.
    spring = week_bounds(date(2026, 3, 2), "America/New_York")
    assert spring[0] == datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # EST, UTC-5
    assert spring[1] == datetime(2026, 3, 9, 4, 0, tzinfo=UTC)  # EDT, UTC-4
    assert hours(spring) == 167
    autumn = week_bounds(date(2026, 10, 28), "America/New_York")
    assert autumn == (datetime(2026, 10, 26, 4, 0, tzinfo=UTC), datetime(2026, 11, 2, 5, 0, tzinfo=UTC))
    assert hours(autumn) == 169


def test_ordinary_weeks_are_168_hours_and_contiguous():
    for tz in ("Europe/London", "America/New_York", "Asia/Kolkata", "UTC"):
        day = date(2026, 1, 5)
        for _ in range(60):
            this = week_bounds(day, tz)
            following = week_bounds(day + timedelta(days=7), tz)
            assert this[1] == following[0]
            assert hours(this) in (167, 168, 169)
            day += timedelta(days=7)


def test_kolkata_half_hour_offset_no_dst():
    start, end = week_bounds(date(2026, 3, 29), "Asia/Kolkata")  # Sunday -> week of Monday 23 March
    assert start == datetime(2026, 3, 22, 18, 30, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 18, 30, tzinfo=UTC)
    assert hours((start, end)) == 168


def test_same_instant_falls_in_different_weeks_by_timezone():
    instant = datetime(2026, 3, 22, 20, 0, tzinfo=UTC)  # Sunday evening in London, Monday morning in Kolkata
    assert local_date(instant, "Europe/London") == date(2026, 3, 22)
    assert local_date(instant, "Asia/Kolkata") == date(2026, 3, 23)
    assert last_full_week(instant, "Europe/London") == date(2026, 3, 9)
    assert last_full_week(instant, "Asia/Kolkata") == date(2026, 3, 16)


def test_unknown_timezone_falls_back_to_utc():
    assert week_bounds(date(2026, 3, 25), "Mars/Olympus") == week_bounds(date(2026, 3, 25), "UTC")


def test_parse_week():
    now = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)
    assert parse_week("2026-03-26", now, "UTC") == date(2026, 3, 23)
    assert parse_week("", now, "UTC") == date(2026, 3, 16)
    assert parse_week(None, now, "UTC") == date(2026, 3, 16)
    for bad in ("2026-13-01", "yesterday", "2026-3-1", "0001-01-01", "20260301", "2026-03-01T00:00"):
        with pytest.raises(ValidationFailed):
            parse_week(bad, now, "UTC")
