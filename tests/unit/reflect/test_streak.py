from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mindhaven.reflect.services import local_day, streak

D = date(2026, 3, 10)


def days(*offsets: int) -> list[date]:
    return [D - timedelta(days=n) for n in offsets]


def test_no_checkins_is_zero():
    assert streak([], D) == 0


def test_counts_consecutive_days_up_to_today():
    assert streak(days(0, 1, 2), D) == 3


def test_without_a_checkin_today_the_streak_runs_to_yesterday():
    assert streak(days(1, 2, 3), D) == 3


def test_a_gap_ends_the_streak():
    assert streak(days(0, 1, 3, 4, 5), D) == 2
    assert streak(days(2, 3), D) == 0  # nothing today or yesterday


def test_several_checkins_a_day_count_once():
    assert streak(days(0, 0, 0, 1, 1), D) == 2


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", date(2026, 3, 10)),
        ("Asia/Kolkata", date(2026, 3, 11)),  # 23:30 UTC is 05:00 the next day in India
        ("America/Los_Angeles", date(2026, 3, 10)),
        ("Pacific/Kiritimati", date(2026, 3, 11)),
    ],
)
def test_local_day_follows_the_clients_zone(zone, expected):
    assert local_day(zone, datetime(2026, 3, 10, 23, 30, tzinfo=UTC)) == expected


def test_same_instant_different_days_across_zones():
    now = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    assert local_day("America/New_York", now) == date(2026, 3, 9)
    assert local_day("Europe/Berlin", now) == date(2026, 3, 10)


def _streak_for(zone: str, local_times: list[datetime], now_local: datetime) -> int:
    tz = ZoneInfo(zone)
    stamps = [t.replace(tzinfo=tz).astimezone(UTC) for t in local_times]
    return streak([local_day(zone, s) for s in stamps], local_day(zone, now_local.replace(tzinfo=tz)))


def test_streak_across_the_spring_forward_change_new_york():
    # 8 March 2026: clocks go from 02:00 to 03:00 in New York; that day has 23 hours.
    checkins = [datetime(2026, 3, 7, 23, 30), datetime(2026, 3, 8, 0, 30), datetime(2026, 3, 9, 23, 59)]
    assert _streak_for("America/New_York", checkins, datetime(2026, 3, 9, 23, 59, 30)) == 3


def test_streak_across_the_autumn_back_change_berlin():
    # 25 October 2026: clocks go from 03:00 back to 02:00 in Berlin; that day has 25 hours.
    checkins = [datetime(2026, 10, 24, 23, 50), datetime(2026, 10, 25, 23, 50), datetime(2026, 10, 26, 0, 10)]
    assert _streak_for("Europe/Berlin", checkins, datetime(2026, 10, 26, 12, 0)) == 3
    # The same UTC instants seen from UTC fall on other days: one check-in a day is a property of local time.
    utc_days = [local_day("UTC", t.replace(tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)) for t in checkins]
    assert utc_days == [date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 25)]


def test_late_night_checkin_in_india_counts_for_the_indian_day():
    # 20:00 UTC on 9 March is 01:30 on 10 March in Kolkata; with 10 March's, the streak is 1 day, not 2.
    zone = "Asia/Kolkata"
    stamps = [datetime(2026, 3, 9, 20, 0, tzinfo=UTC), datetime(2026, 3, 10, 10, 0, tzinfo=UTC)]
    today = local_day(zone, datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    assert streak([local_day(zone, s) for s in stamps], today) == 1
    assert streak([local_day("UTC", s) for s in stamps], local_day("UTC", stamps[1])) == 2
