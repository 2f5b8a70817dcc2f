"""The client's path: intake -> matches -> a therapist's slots -> book -> sessions; and who may see what."""

import re
from datetime import timedelta

from sqlalchemy import select

from mindhaven.dbtypes import utcnow
from mindhaven.scheduling import availability
from mindhaven.scheduling.booking import book
from mindhaven.scheduling.models import Booking, BookingClaim, BookingStatus, FeeKind, Notification
from mindhaven.security.audit import Actor

INTAKE = {"concerns": ["anxiety"], "languages": ["en"], "prior_therapy": "no", "budget": "60"}


def first_slot_href(page: str) -> str:
    match = re.search(r'href="(/book/\d+\?start=[^"]+)"', page)
    assert match, "no slot on the page"
    return match.group(1).replace("&amp;", "&")


def test_intake_match_book_and_see_it_on_both_sides(make, login, session):
    therapist = make.open_hours(make.therapist(languages=["en", "hi"], specialties=["anxiety", "sleep"]))
    make.open_hours(make.therapist(languages=["es"]))  # language rules this one out
    client = make.client(timezone="Asia/Kolkata")
    browser = login(client)

    assert browser.get("/matches").headers["Location"].endswith("/intake")  # intake first
    assert browser.post("/intake", data=INTAKE).status_code == 302
    matches = browser.get("/matches")
    assert matches.status_code == 200
    assert therapist.display_name in matches.text and "works with anxiety" in matches.text
    assert matches.text.count('class="card match"') == 1

    profile = browser.get(f"/therapists/{therapist.id}")
    assert "Asia/Kolkata" in profile.text
    href = first_slot_href(profile.text)
    confirm = browser.get(href)
    assert confirm.status_code == 200 and "makes " + therapist.display_name + " your therapist" in confirm.text
    start = re.search(r'name="start" value="([^"]+)"', confirm.text).group(1)
    done = browser.post(f"/book/{therapist.id}", data={"start": start})
    assert done.status_code == 302
    booking = session.scalars(select(Booking)).one()
    assert booking.client_id == client.id and booking.status == BookingStatus.BOOKED
    assert booking.starts_at.isoformat() == start

    # The client sees it in their timezone; the therapist on their dashboard with the join placeholder.
    local = booking.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Kolkata")).strftime("%H:%M")
    assert local in browser.get("/client").text
    therapist_view = login(therapist).get("/therapist")
    assert client.display_name in therapist_view.text and "Join (opens 10 minutes before)" in therapist_view.text
    assert session.scalars(select(Notification).where(Notification.user_id == therapist.id)).first() is not None


def test_bad_intake_answers_get_a_clear_400(make, login):
    browser = login(make.client())
    for bad, message in [
        ({**INTAKE, "concerns": []}, "at least one thing"),
        ({**INTAKE, "concerns": ["astrology"]}, "from the list"),
        ({**INTAKE, "budget": "inf"}, "between 0 and 10,000"),
        ({**INTAKE, "budget": "fifty"}, "as a number"),
        ({**INTAKE, "days": ["9"]}, "days from the list"),
        ({**INTAKE, "days": ["x"]}, "days from the list"),
        ({**INTAKE, "gender_preference": "robot"}, "from the list"),
    ]:
        response = browser.post("/intake", data=bad)
        assert response.status_code == 400, bad
        assert message in response.text


def test_risk_in_intake_text_shows_crisis_resources_at_once(make, login, session):
    browser = login(make.client())
    response = browser.post("/intake", data={**INTAKE, "notes": "Some nights I think about ending my life."})
    assert response.status_code == 200
    assert "please reach out now" in response.text and "Anywhere" in response.text
    from mindhaven.safety.models import SafetyEvent

    assert [e.source for e in session.scalars(select(SafetyEvent))] == ["intake"]
    assert 'class="crisis-plea"' not in response.text  # written in English: the card is English already


def test_risk_in_intake_text_in_portuguese_gets_the_plea_in_portuguese(make, login):
    response = login(make.client()).post(
        "/intake", data={**INTAKE, "notes": "Eu não quero mais viver, penso nisso todo dia"}
    )
    assert response.status_code == 200 and "please reach out now" in response.text
    assert '<p class="crisis-plea" lang="pt" dir="ltr">Se você está em perigo agora' in response.text


def test_sessions_are_private_to_their_client_and_therapist(make, login, session):
    therapist = make.open_hours(make.therapist())
    client, stranger, other_therapist = make.client(), make.client(), make.therapist()
    slot = availability.upcoming_slots(session, therapist)[0]
    booking = book(session, Actor(client.id, "client"), client, therapist.id, slot.start)
    url = f"/sessions/{booking.id}"
    assert login(client).get(url).status_code == 200
    assert login(therapist).get(url).status_code == 200
    for outsider in (stranger, other_therapist, make.admin()):
        browser = login(outsider)
        assert browser.get(url).status_code == 404
        assert browser.post(f"{url}/cancel").status_code in (403, 404)
    assert login(stranger).post(f"{url}/reschedule", data={"start": slot.start.isoformat()}).status_code == 404
    from tests.helpers import Browser

    assert Browser(login(client).client.application.test_client()).get(url).status_code == 302  # anonymous
    assert session.get(Booking, booking.id).status == BookingStatus.BOOKED


def test_cancel_early_is_free_late_keeps_the_fee_and_frees_the_slot(make, login, session):
    therapist = make.open_hours(make.therapist())
    client = make.client()
    slots = availability.upcoming_slots(session, therapist)
    soon = slots[0]  # within a few hours: a late cancellation
    later = next(s for s in slots if s.start - utcnow() > timedelta(hours=30))
    actor = Actor(client.id, "client")
    first = book(session, actor, client, therapist.id, soon.start)
    second = book(session, actor, client, therapist.id, later.start)
    browser = login(client)

    page = browser.get(f"/sessions/{first.id}")
    assert "stays due" in page.text and "Move to another time" not in page.text
    asked = browser.post(f"/sessions/{first.id}/cancel", data={"reason": "ill"})  # asks first, cancels nothing
    assert asked.status_code == 200 and "Cancel this session?" in asked.text and "stays due" in asked.text
    assert browser.post(f"/sessions/{first.id}/cancel", data={"reason": "ill", "confirm": "yes"}).status_code == 302
    assert browser.post(f"/sessions/{second.id}/cancel", data={"confirm": "yes"}).status_code == 302
    session.expire_all()
    assert session.get(Booking, first.id).late_cancellation is True
    assert session.get(Booking, second.id).late_cancellation is False
    assert session.scalar(select(BookingClaim).limit(1)) is None  # both freed
    assert soon.start in [s.start for s in availability.upcoming_slots(session, therapist)]
    again = browser.post(f"/sessions/{first.id}/cancel")
    assert again.status_code == 409 and "not booked any more" in again.text


def test_reschedule_moves_the_booking_and_releases_the_old_time(make, login, session):
    therapist = make.open_hours(make.therapist())
    client = make.client()
    slots = [s for s in availability.upcoming_slots(session, therapist) if s.start - utcnow() > timedelta(hours=30)]
    old = book(session, Actor(client.id, "client"), client, therapist.id, slots[0].start)
    response = login(client).post(f"/sessions/{old.id}/reschedule", data={"start": slots[3].start.isoformat()})
    assert response.status_code == 302
    session.expire_all()
    moved = session.scalars(select(Booking).where(Booking.rescheduled_from_id == old.id)).one()
    assert moved.starts_at == slots[3].start and session.get(Booking, old.id).status == BookingStatus.CANCELLED
    assert slots[0].start in [s.start for s in availability.upcoming_slots(session, therapist)]


def test_choosing_another_therapist_cancels_upcoming_sessions_with_the_first(make, session):
    first, second = make.open_hours(make.therapist()), make.open_hours(make.therapist())
    client = make.client()
    actor = Actor(client.id, "client")
    early = book(session, actor, client, first.id, availability.upcoming_slots(session, first)[0].start)
    slot = next(s for s in availability.upcoming_slots(session, second) if s.start >= early.ends_at)
    book(session, actor, client, second.id, slot.start)
    session.expire_all()
    assert session.get(Booking, early.id).status == BookingStatus.CANCELLED
    assert session.get(Booking, early.id).late_cancellation is False


def test_reduced_fee_slots_only_for_clients_who_declared_need_and_free_first_consultation(make, login, session):
    therapist = make.therapist(fee_minor=8000)
    profile = therapist.therapist_profile
    profile.reduced_fee_minor, profile.free_consultation = 2000, True
    session.commit()
    make.open_hours(therapist, "08:00", "12:00", reduced=False)
    for weekday in range(7):
        availability.add_window(session, therapist, weekday, "18:00", "20:00", reduced_fee=True)
    needy, other = make.client(), make.client()
    login(needy).post("/intake", data={**INTAKE, "budget": "25", "needs_reduced_fee": "on"})
    login(other).post("/intake", data=INTAKE)
    page_other = login(other).get(f"/therapists/{therapist.id}").text
    page_needy = login(needy).get(f"/therapists/{therapist.id}").text
    assert page_needy.count('data-reduced="1"') > 0 and page_other.count('data-reduced="1"') == 0
    assert page_other.count('data-reduced="0"') > 0

    reduced = [s for s in availability.upcoming_slots(session, therapist) if s.reduced_fee]
    actor = Actor(needy.id, "client")
    first = book(session, actor, needy, therapist.id, reduced[0].start)
    second = book(session, actor, needy, therapist.id, reduced[1].start)
    assert (first.fee_kind, first.fee_minor) == (FeeKind.FREE_CONSULTATION, 0)
    assert (second.fee_kind, second.fee_minor) == (FeeKind.REDUCED, 2000)
    # A client without declared need cannot book a reduced-fee slot even by posting its time.
    response = login(other).post(f"/book/{therapist.id}", data={"start": reduced[2].start.isoformat()})
    assert response.status_code == 409


def test_malformed_booking_requests_get_4xx(make, login):
    therapist = make.open_hours(make.therapist())
    browser = login(make.client())
    for start in ["", "tomorrow", "2026-13-01T10:00:00+00:00", "2026-12-01T10:00:00"]:
        assert browser.post(f"/book/{therapist.id}", data={"start": start}).status_code == 400
    assert browser.get(f"/book/{therapist.id}?start=2020-01-01T10:00:00%2B00:00").status_code == 409
    assert browser.get("/therapists/999999").status_code == 404
    assert browser.post("/book/999999", data={"start": "2026-12-01T10:00:00+00:00"}).status_code == 404


def test_admin_reassignment_cancels_upcoming_sessions_with_the_previous_therapist(make, login, session):
    first, second = make.open_hours(make.therapist()), make.therapist()
    client = make.client()
    booked = book(
        session, Actor(client.id, "client"), client, first.id, availability.upcoming_slots(session, first)[0].start
    )
    admin = login(make.admin())
    assert admin.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": first.id}).status_code == 302
    session.expire_all()
    assert session.get(Booking, booked.id).status == BookingStatus.BOOKED  # same therapist again: nothing changes
    assert admin.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": second.id}).status_code == 302
    session.expire_all()
    assert session.get(Booking, booked.id).status == BookingStatus.CANCELLED
    told = session.scalars(select(Notification.user_id).where(Notification.message.contains("cancelled"))).all()
    assert set(told) == {first.id, client.id}
