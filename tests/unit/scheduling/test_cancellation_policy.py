"""Cancelling: free up to 24 hours before, late after that (fee stays due), never after the start."""

from datetime import UTC, datetime, timedelta

from mindhaven.scheduling.policy import cancellation_terms

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
