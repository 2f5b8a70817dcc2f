"""Calendar files, the private calendar feed and in-app notifications, through the routes."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from flask import render_template_string
from flask_login import login_user
from icalendar import Calendar
from sqlalchemy import select

from mindhaven.dbtypes import utcnow
from mindhaven.errors import NotFound
from mindhaven.scheduling import booking as bookings
from mindhaven.scheduling import calendars, reminders
from mindhaven.scheduling.models import AvailabilityWindow, Booking, BookingStatus, CalendarFeed
from mindhaven.security.audit import Actor
from tests.helpers import Browser

FEED_URL = re.compile(r'value="https?://[^/"]+(/calendar/[A-Za-z0-9_-]+\.ics)"')


def open_all_week(session, therapist) -> None:
    session.add_all(
        AvailabilityWindow(therapist_id=therapist.id, weekday=day, start_minute=0, end_minute=24 * 60)
        for day in range(7)
    )
    session.commit()


def book_first_slot(session, client, therapist) -> Booking:
    slot = bookings.bookable_slots(session, client, therapist)[0]
    return bookings.book(session, Actor(client.id, "client"), client, therapist.id, slot.start)


def add_booking(session, client, therapist, starts_in: timedelta, **fields) -> Booking:
    start = utcnow().replace(microsecond=0) + starts_in
    booking = Booking(
        therapist_id=therapist.id,
        client_id=client.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=50),
        fee_minor=5000,
        created_at=start - timedelta(days=20),
        **fields,
    )
    session.add(booking)
    session.commit()
    return booking


def parse(response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["PRODID"]) == "-//MindHaven//Sessions//EN"
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH"
    return calendar


def by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.events}


@pytest.fixture
def pair(session, make):
    therapist = make.therapist()
    client = make.client(pseudonym="QuietRiver")
    return client, therapist


def test_a_booked_session_downloads_as_an_ics_for_both_sides(session, make, login, pair):
    client, therapist = pair
    open_all_week(session, therapist)
    booking = book_first_slot(session, client, therapist)

    for person in (client, therapist):
        response = login(person).get(f"/sessions/{booking.id}.ics")
        assert response.headers["Content-Disposition"] == (f'attachment; filename="mindhaven-session-{booking.id}.ics"')
        (event,) = parse(response).events
        assert str(event["UID"]) == f"booking-{booking.id}@mindhaven"
        assert event.decoded("DTSTART") == booking.starts_at and event.decoded("DTEND") == booking.ends_at
        assert f"DTSTART:{booking.starts_at:%Y%m%dT%H%M%S}Z" in response.text  # in UTC, no TZID
        assert str(event["SUMMARY"]) == "MindHaven session"
        assert str(event["STATUS"]) == "CONFIRMED" and event.decoded("SEQUENCE") == 0
        assert f"http://localhost/sessions/{booking.id}" in str(event["DESCRIPTION"])
        assert "DTSTAMP" in event
        # A calendar leaves the platform: no names, no pseudonyms.
        assert b"QuietRiver" not in response.data and therapist.display_name.encode() not in response.data


def test_a_cancelled_session_says_so_with_a_new_sequence(session, login, pair):
    client, therapist = pair
    booking = add_booking(session, client, therapist, timedelta(days=3))
    bookings.cancel(session, Actor(client.id, "client"), client, booking.id, "", money=str)
    (event,) = parse(login(client).get(f"/sessions/{booking.id}.ics")).events
    assert str(event["STATUS"]) == "CANCELLED" and event.decoded("SEQUENCE") == 1


def test_nobody_else_gets_a_sessions_ics(session, make, login, browser, pair):
    client, therapist = pair
    booking = add_booking(session, client, therapist, timedelta(days=2))
    assert login(make.client()).get(f"/sessions/{booking.id}.ics").status_code == 404
    assert login(make.therapist()).get(f"/sessions/{booking.id}.ics").status_code == 404
    assert login(client).get("/sessions/999999.ics").status_code == 404
    anonymous = browser.get(f"/sessions/{booking.id}.ics")
    assert anonymous.status_code == 302 and "/login" in anonymous.location
    with pytest.raises(NotFound):
        calendars.booking_ics(booking, make.client(), "https://care.example")


def test_the_feed_lists_recent_and_coming_sessions_without_a_login(app, session, make, login, pair):
    client, therapist = pair
    coming = add_booking(session, client, therapist, timedelta(days=2))
    done = add_booking(session, client, therapist, timedelta(days=-10), status=BookingStatus.COMPLETED)
    add_booking(session, client, therapist, timedelta(days=-40), status=BookingStatus.COMPLETED)  # too old
    now = utcnow()
    cancelled = add_booking(
        session, client, therapist, timedelta(days=3), status=BookingStatus.CANCELLED, cancelled_at=now
    )
    add_booking(  # cancelled 35 days ago: calendar apps have long removed it
        session,
        client,
        therapist,
        timedelta(days=-20),
        status=BookingStatus.CANCELLED,
        cancelled_at=now - timedelta(days=35),
    )
    add_booking(session, make.client(), therapist, timedelta(days=2))  # the therapist's, not this client's

    page = login(client).get("/calendar")
    assert page.status_code == 200 and "Create my calendar address" in page.text
    created = login(client).post("/calendar/feed")
    assert created.status_code == 200 and "Copy it now" in created.text
    path = FEED_URL.search(created.text).group(1)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    assert len(token) >= 43

    stored = session.scalars(select(CalendarFeed)).one()
    assert stored.user_id == client.id and stored.token_hash == hashlib.sha256(token.encode()).hexdigest()

    anonymous = Browser(app.test_client())
    calendar = parse(anonymous.get(path))
    events = by_uid(calendar)
    assert set(events) == {f"booking-{b.id}@mindhaven" for b in (coming, done, cancelled)}
    assert str(events[f"booking-{coming.id}@mindhaven"]["STATUS"]) == "CONFIRMED"
    assert str(events[f"booking-{done.id}@mindhaven"]["STATUS"]) == "CONFIRMED"
    assert str(events[f"booking-{cancelled.id}@mindhaven"]["STATUS"]) == "CANCELLED"
    event = events[f"booking-{coming.id}@mindhaven"]
    assert event.decoded("DTSTART") == coming.starts_at and event.decoded("DTEND") == coming.ends_at
    assert all(str(e["SUMMARY"]) == "MindHaven session" for e in calendar.events)

    # The therapist's own feed holds every one of their clients' sessions.
    therapist_browser = login(therapist)
    therapist_path = FEED_URL.search(therapist_browser.post("/calendar/feed").text).group(1)
    assert len(parse(anonymous.get(therapist_path)).events) == 4


def test_replacing_the_feed_revokes_the_old_address_and_revoking_ends_it(app, session, login, pair):
    client, therapist = pair
    add_booking(session, client, therapist, timedelta(days=2))
    browser = login(client)
    anonymous = Browser(app.test_client())

    first = FEED_URL.search(browser.post("/calendar/feed").text).group(1)
    assert anonymous.get(first).status_code == 200
    page = browser.get("/calendar")
    assert "Replace the address" in page.text and first not in page.text  # shown once only

    replaced = browser.post("/calendar/feed")
    assert "The old one no longer works" in replaced.text
    second = FEED_URL.search(replaced.text).group(1)
    assert second != first
    assert anonymous.get(first).status_code == 404
    assert len(parse(anonymous.get(second)).events) == 1

    revoked = browser.post("/calendar/feed/revoke")
    assert revoked.status_code == 302 and revoked.location == "/calendar"
    assert anonymous.get(second).status_code == 404
    assert session.scalars(select(CalendarFeed)).all() == []
    assert "Create my calendar address" in browser.get("/calendar").text
    assert anonymous.get("/calendar/not-a-real-token.ics").status_code == 404


def test_feed_pages_need_a_login_and_a_csrf_token(browser, login, pair):
    client, _ = pair
    assert browser.get("/calendar").status_code == 302
    assert browser.post("/calendar/feed").status_code == 302
    assert login(client).post("/calendar/feed", csrf=False).status_code == 400


def test_notifications_newest_first_and_marked_read(session, make, login, pair):
    client, therapist = pair
    booking = add_booking(session, client, therapist, timedelta(days=2))
    bookings.notify(session, client, "First message.", booking)
    session.commit()
    bookings.notify(session, client, "Second message.")
    bookings.notify(session, therapist, "Not for the client.")
    session.commit()
    assert reminders.unread_count(session, client) == 2

    browser = login(client)
    page = browser.get("/notifications")
    assert page.status_code == 200
    assert page.text.index("Second message.") < page.text.index("First message.")
    assert f'href="/sessions/{booking.id}"' in page.text and "Not for the client." not in page.text
    assert "Mark all as read" in page.text

    done = browser.post("/notifications/read")
    assert done.status_code == 302 and done.location == "/notifications"
    assert reminders.unread_count(session, client) == 0
    assert reminders.unread_count(session, therapist) == 1
    assert "Mark all as read" not in browser.get("/notifications").text


def test_templates_can_show_the_unread_count(app, session, pair):
    client, _ = pair
    bookings.notify(session, client, "Hello.")
    session.commit()
    with app.test_request_context():
        assert render_template_string("{{ unread_notifications() }}") == "0"  # nobody signed in
        login_user(client)
        assert render_template_string("{{ unread_notifications() }}") == "1"
