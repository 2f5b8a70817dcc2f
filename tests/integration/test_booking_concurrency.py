"""No double booking, enforced by the database: 20 clients racing for one slot, on SQLite and PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mindhaven.scheduling import availability
from mindhaven.scheduling.booking import _claims
from mindhaven.scheduling.models import Booking, BookingClaim, BookingStatus
from tests.helpers import Browser

RACERS = 20


def test_twenty_concurrent_requests_for_one_slot_book_it_exactly_once(app, make, session):
    therapist = make.open_hours(make.therapist())
    slot = availability.upcoming_slots(session, therapist)[0]
    browsers = []
    for n in range(RACERS):
        client = make.client(pseudonym=f"Racer {n}")
        browser = Browser(app.test_client())
        assert browser.post("/login", data={"email": client.email, "password": make.PASSWORD}).status_code == 302
        browsers.append((browser, browser.csrf_token()))
    session.commit()
    url, form_start = f"/book/{therapist.id}", slot.start.isoformat()
    start = threading.Barrier(RACERS)
    results: list[int] = []
    bodies: list[str] = []
    lock = threading.Lock()

    def race(browser: Browser, token: str) -> None:
        start.wait()
        response = browser.open(url, method="POST", data={"start": form_start, "csrf_token": token})
        with lock:
            results.append(response.status_code)
            bodies.append(response.text)

    threads = [threading.Thread(target=race, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(results) == [302] + [409] * (RACERS - 1), results
    refused = [body for code, body in zip(results, bodies, strict=True) if code == 409]
    assert all("booked by someone else" in b or "no longer open" in b for b in refused)
    session.expire_all()
    booked = session.scalar(
        select(func.count()).where(
            Booking.therapist_id == therapist.id,
            Booking.starts_at == slot.start,
            Booking.status == BookingStatus.BOOKED,
        )
    )
    assert booked == 1


def _raw_booking(session, therapist, client, start, minutes=50):
    booking = Booking(
        therapist_id=therapist.id,
        client_id=client.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        fee_minor=5000,
    )
    session.add(booking)
    session.flush()
    session.add_all(_claims(booking, buffer_minutes=10))
    session.commit()
    return booking


@pytest.mark.parametrize("offset_minutes", [0, 30, 55])
def test_the_database_refuses_overlapping_therapist_time_even_without_the_python_check(make, session, offset_minutes):
    """Claims overlap for starts 0, 30 or 55 minutes apart (50-minute sessions + 10-minute buffer)."""
    therapist = make.therapist()
    first, second = make.client(), make.client()
    start = availability.utc(availability.upcoming_slots(session, make.open_hours(therapist))[0].start)
    _raw_booking(session, therapist, first, start)
    with pytest.raises(IntegrityError):
        _raw_booking(session, therapist, second, start + timedelta(minutes=offset_minutes))
    session.rollback()
    _raw_booking(session, therapist, second, start + timedelta(minutes=60))  # after the buffer: fine
    assert session.scalar(select(func.count()).select_from(BookingClaim)) == 2 * (12 + 10)


def test_the_database_refuses_a_client_in_two_sessions_at_once(make, session):
    one, two = make.open_hours(make.therapist()), make.open_hours(make.therapist())
    client = make.client()
    start = availability.upcoming_slots(session, one)[0].start
    _raw_booking(session, one, client, start)
    with pytest.raises(IntegrityError):
        _raw_booking(session, two, client, start + timedelta(minutes=25))
    session.rollback()
