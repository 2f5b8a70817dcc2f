"""Safeguards for one-tap actions a client cannot take back.

A repeated "Book this session" (a double tap, a second tab) lands on the booking the client already holds instead
of a false "booked by someone else"; the same for moving a session. Cancelling a session, deleting every chat
conversation and withdrawing the terms each ask first, without JavaScript, and say what will happen. A slot less
than 24 hours away says that the free change window has passed and what cancelling would cost.
"""

import re
import threading
from datetime import timedelta

from sqlalchemy import func, select

from mindhaven.chatbot.models import Conversation
from mindhaven.consent import services as consent
from mindhaven.dbtypes import utcnow
from mindhaven.scheduling import availability, reminders
from mindhaven.scheduling.booking import book
from mindhaven.scheduling.models import Booking, BookingStatus
from mindhaven.security.audit import Actor
from tests.helpers import Browser


def _count_bookings(session, **where) -> int:
    session.expire_all()
    query = select(func.count()).select_from(Booking).where(Booking.status == BookingStatus.BOOKED)
    for key, value in where.items():
        query = query.where(getattr(Booking, key) == value)
    return session.scalar(query)


def _emails(monkeypatch) -> list[int]:
    """Booking ids whose confirmation email the routes asked for."""
    sent: list[int] = []
    monkeypatch.setattr(reminders, "send_booking_confirmation", lambda _s, _c, made, _u: sent.append(made.id))
    return sent


def _later_slots(session, therapist, hours: int = 30):
    return [s for s in availability.upcoming_slots(session, therapist) if s.start - utcnow() > timedelta(hours=hours)]


# Booking twice --------------------------------------------------------------------------------------------


def test_booking_the_same_slot_again_lands_on_the_booking_without_an_error(make, login, session, monkeypatch):
    therapist = make.open_hours(make.therapist())
    client = make.client()
    emails = _emails(monkeypatch)
    slot = _later_slots(session, therapist)[0]
    browser = login(client)
    first = browser.post(f"/book/{therapist.id}", data={"start": slot.start.isoformat()})
    again = browser.post(f"/book/{therapist.id}", data={"start": slot.start.isoformat()})
    assert first.status_code == again.status_code == 302
    assert again.location == first.location
    page = browser.get(again.location)
    assert page.status_code == 200 and "booked by someone else" not in page.text and "no longer open" not in page.text
    booking = session.scalars(select(Booking).where(Booking.client_id == client.id)).one()
    assert again.location.endswith(f"/sessions/{booking.id}")
    assert _count_bookings(session, therapist_id=therapist.id, starts_at=slot.start) == 1
    assert emails == [booking.id]  # one confirmation email, not two
    # Back on the confirmation page later: it leads to the booking instead of "no longer open".
    back = browser.get(f"/book/{therapist.id}?start={slot.start.isoformat().replace('+', '%2B')}")
    assert back.status_code == 302 and back.location == first.location


def test_a_double_tap_racing_itself_books_once_and_both_requests_land_on_it(app, make, session, monkeypatch):
    therapist = make.open_hours(make.therapist())
    client = make.client()
    emails = _emails(monkeypatch)
    slot = _later_slots(session, therapist)[0]
    taps = []
    for _ in range(2):  # two requests of the same client at the same moment
        browser = Browser(app.test_client())
        assert browser.post("/login", data={"email": client.email, "password": make.PASSWORD}).status_code == 302
        taps.append((browser, browser.csrf_token()))
    session.commit()
    url, start = f"/book/{therapist.id}", slot.start.isoformat()  # read here: the threads have no app context
    barrier = threading.Barrier(len(taps))
    results: list[tuple[int, str]] = []

    def tap(browser: Browser, token: str) -> None:
        barrier.wait()
        response = browser.open(url, method="POST", data={"start": start, "csrf_token": token})
        results.append((response.status_code, response.location or response.text[:200]))

    threads = [threading.Thread(target=tap, args=pair) for pair in taps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [code for code, _ in results] == [302, 302], results
    assert len({where for _, where in results}) == 1
    assert _count_bookings(session, therapist_id=therapist.id, starts_at=slot.start) == 1
    assert len(emails) == 1


def test_another_client_still_gets_the_conflict(make, login, session):
    therapist = make.open_hours(make.therapist())
    holder, other = make.client(), make.client()
    slot = _later_slots(session, therapist)[0]
    assert login(holder).post(f"/book/{therapist.id}", data={"start": slot.start.isoformat()}).status_code == 302
    refused = login(other).post(f"/book/{therapist.id}", data={"start": slot.start.isoformat()})
    assert refused.status_code == 409 and "no longer open" in refused.text
    assert _count_bookings(session, therapist_id=therapist.id, starts_at=slot.start) == 1
    assert _count_bookings(session, client_id=other.id) == 0


def test_moving_a_session_twice_to_the_same_time_lands_on_the_moved_booking(make, login, session, monkeypatch):
    therapist = make.open_hours(make.therapist())
    client = make.client()
    emails = _emails(monkeypatch)
    slots = _later_slots(session, therapist)
    old = book(session, Actor(client.id, "client"), client, therapist.id, slots[0].start)
    browser = login(client)
    first = browser.post(f"/sessions/{old.id}/reschedule", data={"start": slots[3].start.isoformat()})
    again = browser.post(f"/sessions/{old.id}/reschedule", data={"start": slots[3].start.isoformat()})
    assert first.status_code == again.status_code == 302 and again.location == first.location
    moved = session.scalars(select(Booking).where(Booking.rescheduled_from_id == old.id)).one()
    assert again.location.endswith(f"/sessions/{moved.id}") and emails == [moved.id]
    assert _count_bookings(session, client_id=client.id) == 1
    # A move to another time after that is still refused: the old session is not booked any more.
    other = browser.post(f"/sessions/{old.id}/reschedule", data={"start": slots[5].start.isoformat()})
    assert other.status_code == 409 and "not booked any more" in other.text


def test_moving_onto_a_time_the_client_already_holds_stays_a_conflict(make, login, session):
    therapist = make.open_hours(make.therapist())
    client = make.client()
    slots = _later_slots(session, therapist)
    actor = Actor(client.id, "client")
    first = book(session, actor, client, therapist.id, slots[0].start)
    book(session, actor, client, therapist.id, slots[3].start)
    response = login(client).post(f"/sessions/{first.id}/reschedule", data={"start": slots[3].start.isoformat()})
    assert response.status_code == 409
    assert session.get(Booking, first.id).status == BookingStatus.BOOKED  # nothing moved


def test_the_booking_form_sends_once_with_javascript_and_still_posts_without(make, login, session):
    therapist = make.open_hours(make.therapist())
    slot = _later_slots(session, therapist)[0]
    page = login(make.client()).get(f"/book/{therapist.id}?start={slot.start.isoformat().replace('+', '%2B')}")
    form = re.search(r"<form [^>]*>", page.text[page.text.index("Book this session") - 600 :]).group(0)
    assert 'method="post"' in form and "data-submit-once" in form
    assert "js/submit-once.js" in page.text


# Cancelling asks first ------------------------------------------------------------------------------------


def test_cancelling_needs_the_confirmation_and_then_works(make, login, session):
    therapist = make.open_hours(make.therapist())
    client = make.client()
    booking = book(session, Actor(client.id, "client"), client, therapist.id, _later_slots(session, therapist)[0].start)
    browser = login(client)
    detail = browser.get(f"/sessions/{booking.id}")
    assert f'href="/sessions/{booking.id}/cancel"' in detail.text  # a link to the question, not a one-tap POST
    assert f'action="/sessions/{booking.id}/cancel"' not in detail.text

    asked = browser.get(f"/sessions/{booking.id}/cancel")
    assert asked.status_code == 200 and "Cancel this session?" in asked.text
    assert "free of charge" in asked.text and "cannot be undone" in asked.text
    assert 'name="confirm" value="yes"' in asked.text and 'name="csrf_token"' in asked.text
    # A POST without the confirmation (an old page, a stray tap) only asks, keeping the reason typed.
    unconfirmed = browser.post(f"/sessions/{booking.id}/cancel", data={"reason": "a clash at work"})
    assert unconfirmed.status_code == 200 and "Cancel this session?" in unconfirmed.text
    assert 'value="a clash at work"' in unconfirmed.text
    assert _count_bookings(session, client_id=client.id) == 1

    done = browser.post(f"/sessions/{booking.id}/cancel", data={"confirm": "yes", "reason": "a clash at work"})
    assert done.status_code == 302
    session.expire_all()
    cancelled = session.get(Booking, booking.id)
    assert cancelled.status == BookingStatus.CANCELLED and cancelled.late_cancellation is False
    assert cancelled.cancel_reason == "a clash at work"
    again = browser.get(f"/sessions/{booking.id}/cancel")
    assert again.status_code == 409 and "not booked any more" in again.text


def test_the_cancel_confirmation_names_the_late_fee(make, login, session):
    therapist = make.open_hours(make.therapist(fee_minor=4250))
    client = make.client()
    soon = next(s for s in availability.upcoming_slots(session, therapist) if s.start - utcnow() < timedelta(hours=20))
    booking = book(session, Actor(client.id, "client"), client, therapist.id, soon.start)
    browser = login(client)
    asked = browser.get(f"/sessions/{booking.id}/cancel")
    assert asked.status_code == 200
    assert "late cancellation" in asked.text and "USD 42.50" in asked.text and "stays due" in asked.text
    assert "Move the session instead" not in asked.text
    assert _count_bookings(session, client_id=client.id) == 1
    assert browser.post(f"/sessions/{booking.id}/cancel", data={"confirm": "yes"}).status_code == 302
    session.expire_all()
    assert session.get(Booking, booking.id).late_cancellation is True


def test_outsiders_cannot_even_see_the_cancel_question(make, login, session):
    therapist = make.open_hours(make.therapist())
    client, stranger = make.client(), make.client()
    booking = book(session, Actor(client.id, "client"), client, therapist.id, _later_slots(session, therapist)[0].start)
    browser = login(stranger)
    assert browser.get(f"/sessions/{booking.id}/cancel").status_code == 404
    assert browser.post(f"/sessions/{booking.id}/cancel", data={"confirm": "yes"}).status_code == 404
    assert _count_bookings(session, client_id=client.id) == 1


def test_a_therapist_is_asked_too_and_told_the_client_pays_nothing(make, login, session):
    therapist = make.open_hours(make.therapist())
    client = make.client()
    soon = availability.upcoming_slots(session, therapist)[0]
    booking = book(session, Actor(client.id, "client"), client, therapist.id, soon.start)
    browser = login(therapist)
    asked = browser.get(f"/sessions/{booking.id}/cancel")
    assert asked.status_code == 200 and "Your client pays nothing" in asked.text and "stays due" not in asked.text
    assert browser.post(f"/sessions/{booking.id}/cancel", data={"confirm": "yes"}).status_code == 302
    session.expire_all()
    assert session.get(Booking, booking.id).late_cancellation is False


# The booking page's words for a slot under 24 hours -------------------------------------------------------


def test_a_slot_under_24_hours_says_the_free_window_has_passed_and_what_cancelling_costs(make, login, session):
    therapist = make.open_hours(make.therapist(fee_minor=4250))
    browser = login(make.client())
    slots = availability.upcoming_slots(session, therapist)
    soon = next(s for s in slots if s.start - utcnow() < timedelta(hours=20))
    later = _later_slots(session, therapist)[0]

    def confirm_page(slot) -> str:
        page = browser.get(f"/book/{therapist.id}?start={slot.start.isoformat().replace('+', '%2B')}")
        assert page.status_code == 200
        return page.text

    near = confirm_page(soon)
    assert "free of charge until 24 hours before" not in near
    assert "free change window has already passed" in near and "cannot be moved" in near
    assert "USD 42.50" in near and "stays due" in near
    far = confirm_page(later)
    assert "free of charge until 24 hours before it starts" in far and "already passed" not in far


# Deleting every conversation asks first -------------------------------------------------------------------


def test_delete_all_conversations_needs_a_confirmation(make, login, session):
    client = make.client()
    browser = login(client)
    browser.post("/support/messages", data={"message": "hello"})
    browser.post("/support/conversations/new")
    browser.post("/support/messages", data={"message": "thanks"})
    page = browser.get("/support")
    assert 'action="/support/conversations/delete-all"' not in page.text  # no one-tap button any more
    link = re.search(r'href="([^"]*confirm=delete-all[^"]*)"', page.text).group(1).replace("&amp;", "&")

    asked = browser.get(link)
    assert asked.status_code == 200
    assert "Delete all your conversations?" in asked.text and "deleted for good" in asked.text
    assert "All 2 conversations" in asked.text
    form = re.search(
        r'<form method="post" action="/support/conversations/delete-all"[^>]*>(.*?)</form>', asked.text, re.S
    )
    assert form and 'name="csrf_token"' in form.group(1) and "Yes, delete them all" in form.group(1)
    assert session.scalar(select(func.count()).where(Conversation.client_id == client.id)) == 2

    assert browser.post("/support/conversations/delete-all", data={"confirm": "yes"}).status_code == 302
    session.expire_all()
    assert session.scalar(select(func.count()).where(Conversation.client_id == client.id)) == 0


# Withdrawing the terms asks first -------------------------------------------------------------------------


def test_withdrawing_the_terms_asks_first_and_says_what_happens(make, login, session):
    client = make.client()
    browser = login(client)
    settings = browser.get("/settings")
    assert 'href="/settings?withdraw=terms#withdraw-terms"' in settings.text
    terms_item = settings.text[settings.text.index("Terms of use") : settings.text.index("Privacy notice")]
    assert 'action="/settings/consent/terms"' not in terms_item  # no one-tap withdrawal

    asked = browser.get("/settings?withdraw=terms")
    assert asked.status_code == 200
    assert "Withdraw your consent to the terms of use?" in asked.text
    assert "locked out at once" in asked.text and "Nothing is deleted" in asked.text
    assert "booked session" in asked.text
    assert consent.has_current(session, client, "terms")

    browser.post("/settings/consent/terms", data={"action": "withdraw", "confirm": "yes"})
    session.expire_all()
    assert not consent.has_current(session, client, "terms")
    assert browser.get("/client").location == "/consent"
