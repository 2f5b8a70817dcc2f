"""When a reminder is due: the 24 h and 1 h windows, checked at their edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mindhaven.scheduling.models import BookingStatus
from mindhaven.scheduling.reminders import due_kind, is_due

START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
LONG_BEFORE = START - timedelta(days=7)
SECOND = timedelta(seconds=1)
H = timedelta(hours=1)
BOOKED = BookingStatus.BOOKED


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (START - 48 * H, None),
        (START - 24 * H - SECOND, None),
        (START - 24 * H, "24h"),  # opens exactly 24 h before
        (START - 5 * H, "24h"),
        (START - H - SECOND, "24h"),
        (START - H, "1h"),  # the 24 h window closes as the 1 h one opens
        (START - SECOND, "1h"),
        (START, None),  # the session has started
        (START + H, None),
    ],
)
def test_windows_for_a_booking_made_long_before(now, expected):
    assert due_kind(START, LONG_BEFORE, BOOKED, now) == expected
    assert is_due("24h", START, LONG_BEFORE, BOOKED, now) == (expected == "24h")
    assert is_due("1h", START, LONG_BEFORE, BOOKED, now) == (expected == "1h")


def test_the_24h_reminder_needs_the_booking_to_exist_24h_before():
    now = START - 23 * H
    assert is_due("24h", START, START - 24 * H, BOOKED, now)  # created exactly at start-24h: still due
    assert not is_due("24h", START, START - 24 * H + SECOND, BOOKED, now)
    assert not is_due("24h", START, START - 2 * H, BOOKED, now)


def test_the_1h_reminder_needs_the_booking_to_exist_1h_before():
    now = START - 30 * timedelta(minutes=1)
    assert is_due("1h", START, START - H, BOOKED, now)
    assert not is_due("1h", START, START - H + SECOND, BOOKED, now)
    # Booked 20 hours ahead: no 24 h reminder, but the 1 h one comes.
    assert due_kind(START, START - 20 * H, BOOKED, START - 19 * H) is None
    assert due_kind(START, START - 20 * H, BOOKED, START - H) == "1h"


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.COMPLETED, BookingStatus.NO_SHOW])
def test_only_booked_sessions_get_reminders(status):
    assert due_kind(START, LONG_BEFORE, status, START - 5 * H) is None
    assert due_kind(START, LONG_BEFORE, status, START - 30 * timedelta(minutes=1)) is None
