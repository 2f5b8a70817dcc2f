"""The live-session pages: who may open a room and when, the room's settings block, the summary and its notes."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from mindhaven.dbtypes import utcnow
from mindhaven.emotion.labels import LABELS
from mindhaven.errors import Conflict, Forbidden, NotFound
from mindhaven.extensions import db
from mindhaven.live import rooms
from mindhaven.live.models import EmotionSecond, LiveSession, SessionMark
from mindhaven.scheduling.models import Booking, BookingStatus
from mindhaven.security.audit import AuditEvent

ICE = '[{"urls":"stun:stun.example.org:3478"}]'
CONFIG = re.compile(r'<script type="application/json" id="live-config">(.*?)</script>', re.S)


@pytest.fixture
def app(app_factory):
    app = app_factory(ICE_SERVERS=ICE)
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def people(make):
    therapist = make.therapist()
    client = make.client(pseudonym="QuietRiver")
    return client, therapist


def add_booking(client, therapist, starts_in=timedelta(minutes=-5), minutes=50, status=BookingStatus.BOOKED):
    starts_at = utcnow() + starts_in
    booking = Booking(
        therapist_id=therapist.id,
        client_id=client.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        fee_minor=5000,
        status=status,
    )
    db.session.add(booking)
    db.session.commit()
    return booking


def live_config(response) -> dict:
    match = CONFIG.search(response.text)
    assert match, "the room page has no live-config block"
    return json.loads(match.group(1))


# Who and when -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_in", "minutes"),
    [
        (timedelta(minutes=9, seconds=30), 50),  # inside the 10 minutes before the start
        (timedelta(minutes=-5), 50),  # under way
        (timedelta(minutes=-49), 50),  # its last minute
    ],
)
def test_client_and_therapist_get_the_room_from_ten_minutes_before_until_the_end(people, login, starts_in, minutes):
    client, therapist = people
    booking = add_booking(client, therapist, starts_in, minutes)
    for user in (client, therapist):
        response = login(user).get(f"/sessions/{booking.id}/room")
        assert response.status_code == 200, response.text


@pytest.mark.parametrize("starts_in", [timedelta(minutes=10, seconds=30), timedelta(minutes=19), timedelta(days=2)])
def test_earlier_than_ten_minutes_before_the_room_is_not_open_yet(people, login, starts_in):
    client, therapist = people
    booking = add_booking(client, therapist, starts_in)
    for user in (client, therapist):
        response = login(user).get(f"/sessions/{booking.id}/room")
        assert response.status_code == 403
        assert "The room is not open yet" in response.text and "opens at" in response.text
        assert f'href="/sessions/{booking.id}"' in response.text and "Error 403" not in response.text


def test_after_the_end_the_room_is_closed(people, login):
    client, therapist = people
    booking = add_booking(client, therapist, timedelta(minutes=-51))
    for user in (client, therapist):
        response = login(user).get(f"/sessions/{booking.id}/room")
        assert response.status_code == 409
        assert "ended" in response.text and "This room is closed" in response.text


def test_after_the_therapist_ended_it_the_room_is_closed(people, login, session):
    client, therapist = people
    booking = add_booking(client, therapist)
    session.add(LiveSession(booking_id=booking.id, ended_at=utcnow()))
    session.commit()
    for user in (client, therapist):
        assert login(user).get(f"/sessions/{booking.id}/room").status_code == 409
    completed = add_booking(client, therapist, status=BookingStatus.COMPLETED)  # ended, as `end` leaves it
    assert login(client).get(f"/sessions/{completed.id}/room").status_code == 409


def test_a_cancelled_session_has_no_room(people, login):
    client, therapist = people
    booking = add_booking(client, therapist, status=BookingStatus.CANCELLED)
    for user in (client, therapist):
        response = login(user).get(f"/sessions/{booking.id}/room")
        assert response.status_code == 409
        assert "cancelled" in response.text


def test_nobody_else_learns_that_the_room_exists(people, make, login):
    client, therapist = people
    booking = add_booking(client, therapist)
    for outsider in (make.client(), make.therapist(), make.admin()):
        response = login(outsider).get(f"/sessions/{booking.id}/room")
        assert response.status_code == 404, outsider.role
    assert login(client).get("/sessions/999999/room").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(people, browser):
    booking = add_booking(*people)
    response = browser.get(f"/sessions/{booking.id}/room")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_window_edges_exactly(people, session):
    client, therapist = people
    booking = add_booking(client, therapist, timedelta(hours=1))
    opens = booking.starts_at - rooms.OPENS_BEFORE
    assert rooms.open_room(session, client, booking.id, now=opens).role == "client"
    with pytest.raises(Forbidden, match="opens 10 minutes before"):
        rooms.open_room(session, client, booking.id, now=opens - timedelta(microseconds=1))
    assert rooms.open_room(session, therapist, booking.id, now=booking.ends_at - timedelta(microseconds=1)).role
    with pytest.raises(Conflict, match="ended"):
        rooms.open_room(session, therapist, booking.id, now=booking.ends_at)
    for bad in ("1", True, 1.5, None):
        with pytest.raises(NotFound):
            rooms.open_room(session, client, bad)


# The room page's settings -------------------------------------------------------------------------------------------


def test_the_room_page_carries_its_settings_for_each_role(people, login, session):
    from mindhaven.consent import services as consent

    client, therapist = people
    booking = add_booking(client, therapist)

    config = live_config(login(therapist).get(f"/sessions/{booking.id}/room"))
    assert config["booking_id"] == booking.id
    assert config["role"] == "therapist"
    assert config["ice_servers"] == [{"urls": "stun:stun.example.org:3478"}]
    assert config["labels"] == list(LABELS)
    assert config["summary_url"] == f"/sessions/{booking.id}/summary"
    assert config["analysis_consented"] is False

    config = live_config(login(client).get(f"/sessions/{booking.id}/room"))
    assert (config["role"], config["analysis_consented"], config["first_time"]) == ("client", False, True)
    assert config["ice_servers"] == [{"urls": "stun:stun.example.org:3478"}]

    consent.accept(session, client, "emotion-analysis")
    session.add(LiveSession(booking_id=add_booking(client, therapist, timedelta(days=-3)).id))  # an earlier call
    session.commit()
    config = live_config(login(client).get(f"/sessions/{booking.id}/room"))
    assert (config["analysis_consented"], config["first_time"]) == (True, False)


def test_without_ice_servers_the_list_is_empty(app_factory, people, login):
    booking = add_booking(*people)
    plain = app_factory()
    from tests.helpers import Browser, Factory

    browser = Browser(plain.test_client())
    browser.post("/login", data={"email": people[0].email, "password": Factory.PASSWORD})
    assert live_config(browser.get(f"/sessions/{booking.id}/room"))["ice_servers"] == []


# The summary and the notes --------------------------------------------------------------------------------------------


@pytest.fixture
def held(people, session):
    """A session that took place: two minutes with the client mostly surprised, a marked moment, private notes."""
    client, therapist = people
    booking = add_booking(client, therapist, timedelta(minutes=-30))
    started = utcnow() - timedelta(minutes=25)
    session.add(LiveSession(booking_id=booking.id, started_at=started, ended_at=started + timedelta(minutes=2)))
    t0 = int(started.timestamp())
    for i in range(120):
        p = {label: 0.02 for label in LABELS}
        p["surprise" if i % 4 else "neutral"] = 0.88
        session.add(EmotionSecond(booking_id=booking.id, second=t0 + i, frames=3, face_ratio=1.0, **p))
    session.add(SessionMark(booking_id=booking.id, at=started + timedelta(seconds=70), note="Mentioned the move"))
    session.commit()
    return booking


def test_the_therapist_sees_the_full_summary(held, people, login, session):
    _, therapist = people
    response = login(therapist).get(f"/sessions/{held.id}/summary")
    assert response.status_code == 200, response.text
    page = response.text
    assert 'data-emotion="surprise"' in page and "75 %" in page  # the distribution: 90 of 120 seconds
    assert "Mentioned the move" in page  # the marked moment
    assert f'action="/sessions/{held.id}/notes"' in page  # the notes form
    assert 'name="notes"' in page
    read = session.scalars(
        select(AuditEvent).where(AuditEvent.record_type == "session_summary", AuditEvent.record_id == str(held.id))
    ).all()
    assert [(e.action, e.actor_id) for e in read] == [("read", therapist.id)]


def test_the_client_sees_no_emotion_data_and_no_notes(held, people, login, session):
    client, therapist = people
    live = session.get(LiveSession, held.id)
    live.notes = "Private: consider a referral"
    session.commit()
    response = login(client).get(f"/sessions/{held.id}/summary")
    assert response.status_code == 200, response.text
    page = response.text
    assert "surprise" not in page.lower()
    assert "Mentioned the move" not in page
    assert "consider a referral" not in page
    assert "/notes" not in page and 'name="notes"' not in page
    assert session.scalars(select(AuditEvent).where(AuditEvent.record_type == "session_summary")).all() == []


def test_outsiders_get_no_summary(held, make, login, browser):
    for outsider in (make.client(), make.therapist(), make.admin()):
        assert login(outsider).get(f"/sessions/{held.id}/summary").status_code == 404
    assert browser.get(f"/sessions/{held.id}/summary").status_code == 302


def test_a_session_that_never_met_has_no_summary(people, login):
    booking = add_booking(*people)
    assert login(people[1]).get(f"/sessions/{booking.id}/summary").status_code == 404


def test_notes_are_stored_encrypted_and_audit_logged(held, people, login, session):
    _, therapist = people
    secret = "Client spoke about grief; revisit the sleep diary next time."
    response = login(therapist).post(f"/sessions/{held.id}/notes", data={"notes": f"  {secret}  "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{held.id}/summary")

    raw = session.execute(text("SELECT notes FROM live_sessions WHERE booking_id = :b"), {"b": held.id}).scalar()
    assert raw and secret not in raw and "grief" not in raw
    session.expire_all()
    assert session.get(LiveSession, held.id).notes == secret
    changes = session.scalars(
        select(AuditEvent).where(AuditEvent.record_type == "session_notes", AuditEvent.record_id == str(held.id))
    ).all()
    assert [(e.action, e.actor_id, e.subject_user_id) for e in changes] == [("update", therapist.id, held.client_id)]
    assert secret in login(therapist).get(f"/sessions/{held.id}/summary").text


def test_only_the_sessions_therapist_may_write_notes(held, people, make, login, session):
    client, _ = people
    assert login(client).post(f"/sessions/{held.id}/notes", data={"notes": "mine"}).status_code == 403
    assert login(make.therapist()).post(f"/sessions/{held.id}/notes", data={"notes": "mine"}).status_code == 404
    session.expire_all()
    assert session.get(LiveSession, held.id).notes == ""


def test_notes_need_the_csrf_token_and_a_sane_length(held, people, login, session):
    _, therapist = people
    browser = login(therapist)
    assert browser.post(f"/sessions/{held.id}/notes", data={"notes": "x"}, csrf=False).status_code == 400
    assert browser.post(f"/sessions/{held.id}/notes", data={"notes": "x" * 20_001}).status_code == 400
    session.expire_all()
    assert session.get(LiveSession, held.id).notes == ""
