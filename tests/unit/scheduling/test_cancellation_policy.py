"""Cancelling: free up to 24 hours before, late after that (fee stays due), never after the start."""

from datetime import UTC, datetime, timedelta

from mindhaven.scheduling.policy import booking_terms, cancellation_terms

START = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)


def test_free_until_exactly_24_hours_before():
    terms = cancellation_terms(START, START - timedelta(hours=24), by_therapist=False, fee="USD 50.00")
    assert terms.allowed and not terms.late and terms.can_reschedule
    assert "free of charge" in terms.message


def test_a_minute_later_is_a_late_cancellation_that_says_what_happens():
    terms = cancellation_terms(START, START - timedelta(hours=24) + timedelta(minutes=1), False, "USD 50.00")
    assert terms.allowed and terms.late and not terms.can_reschedule
    assert "USD 50.00" in terms.message and "stays due" in terms.message


def test_a_therapist_cancelling_late_never_costs_the_client():
    terms = cancellation_terms(START, START - timedelta(hours=1), by_therapist=True, fee="USD 50.00")
    assert terms.allowed and not terms.late


def test_no_cancelling_once_the_session_has_started():
    for by_therapist in (False, True):
        terms = cancellation_terms(START, START, by_therapist, "USD 50.00")
        assert not terms.allowed and not terms.can_reschedule


def test_the_confirmation_page_says_what_cancelling_now_costs():
    assert "free of charge" in cancellation_terms(START, START - timedelta(hours=30), False, "USD 50.00").cost
    late = cancellation_terms(START, START - timedelta(hours=3), False, "USD 50.00")
    assert "late cancellation" in late.cost and "USD 50.00" in late.cost and "stays due" in late.cost
    assert "pays nothing" in cancellation_terms(START, START - timedelta(hours=3), True, "USD 50.00").cost


def test_a_free_session_cancelled_late_costs_nothing_and_says_so():
    terms = cancellation_terms(START, START - timedelta(hours=3), False, "USD 0.00", free=True)
    assert terms.allowed and terms.late and not terms.can_reschedule
    assert "stays due" not in terms.message and "USD 0.00" not in terms.message
    assert "nothing is due" in terms.cost


def test_booking_a_slot_under_24_hours_says_the_free_window_has_passed_and_the_cost():
    far = booking_terms(START, START - timedelta(hours=24), "USD 50.00")
    assert "free of charge until 24 hours before it starts" in far
    near = booking_terms(START, START - timedelta(hours=23, minutes=59), "USD 50.00")
    assert "already passed" in near and "cannot be moved" in near and "USD 50.00" in near and "stays due" in near
    assert "free of charge until" not in near
    free = booking_terms(START, START - timedelta(hours=3), "USD 0.00", free=True)
    assert "already passed" in free and "cost nothing" in free and "USD 0.00" not in free
