"""An administrator closes a therapist's or another administrator's account; records stay, nobody is stranded."""

from mindhaven.scheduling.models import Booking, BookingStatus, Notification
from mindhaven.security.audit import AuditEvent
from tests.helpers import Browser, Factory

CONFIRM = {"confirm": "yes"}


def test_a_therapist_is_closed_only_after_their_clients_are_handed_over(app, login, make, session):
    admin, therapist, successor, client = make.admin(), make.therapist(), make.therapist(), make.client()
    make.assign(client, therapist)
    therapists_browser = login(therapist)
    browser = login(admin)
    assert "Close this account" in browser.get("/admin/therapists").text

    refused = browser.post(f"/admin/accounts/{therapist.id}/close", data=CONFIRM)
    assert refused.status_code == 409 and "still has 1 client" in refused.text
    session.expire_all()
    assert therapist.active

    browser.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": successor.id})
    closed = browser.post(f"/admin/accounts/{therapist.id}/close", data=CONFIRM)
    assert closed.status_code == 302 and closed.location == "/admin/therapists"
    session.expire_all()
    assert not therapist.active
    assert "account closed" in browser.get("/admin/therapists").text

    # Their open session ends at once, and they cannot log in again.
    assert therapists_browser.get("/therapist").location.startswith("/login")
    again = Browser(app.test_client()).post("/login", data={"email": therapist.email, "password": Factory.PASSWORD})
    assert again.status_code == 400 and "closed" in again.text
    # Nobody can be handed to them any more.
    other = make.client()
    assert browser.post(f"/admin/clients/{other.id}/assign", data={"therapist_id": therapist.id}).status_code == 400
    event = session.query(AuditEvent).filter_by(record_type="account", subject_user_id=therapist.id).one()
    assert event.actor_id == admin.id and event.action == "update" and event.detail.startswith("closed")


def test_closing_cancels_sessions_still_booked_and_tells_the_client(login, make, session):
    booking, therapist, client = make.session_under_way(minutes_ago=-24 * 60)  # tomorrow, no care assignment
    login(make.admin()).post(f"/admin/accounts/{therapist.id}/close", data=CONFIRM)
    session.expire_all()
    booking = session.get(Booking, booking.id)
    assert booking.status == BookingStatus.CANCELLED and not booking.late_cancellation
    messages = [n.message for n in session.query(Notification).filter_by(user_id=client.id)]
    assert any("is cancelled" in m and "no longer practises" in m for m in messages)


def test_administrators_close_each_other_but_never_themselves_or_the_last_one(login, make, session):
    first, second = make.admin(), make.admin()
    browser = login(first)
    home = browser.get("/admin/")
    assert second.email in home.text and "Close this account" in home.text
    assert browser.post(f"/admin/accounts/{first.id}/close", data=CONFIRM).status_code == 409
    closed = browser.post(f"/admin/accounts/{second.id}/close", data={**CONFIRM, "back": "home"})
    assert closed.status_code == 302 and closed.location == "/admin/"
    session.expire_all()
    assert not second.active and first.active
    assert browser.post(f"/admin/accounts/{second.id}/close", data=CONFIRM).status_code == 409  # already closed


def test_closing_input_is_checked(login, make):
    admin, therapist, client = make.admin(), make.therapist(), make.client()
    browser = login(admin)
    assert browser.post(f"/admin/accounts/{therapist.id}/close", data={}).status_code == 400  # not confirmed
    assert (
        browser.post(f"/admin/accounts/{client.id}/close", data=CONFIRM).status_code == 404
    )  # clients close their own
    assert browser.post("/admin/accounts/99999/close", data=CONFIRM).status_code == 404
    assert login(therapist).post(f"/admin/accounts/{admin.id}/close", data=CONFIRM).status_code == 403


def test_a_closed_account_is_reopened_and_its_owner_logs_in_again(app, login, make, session):
    admin, therapist, client = make.admin(), make.therapist(), make.client()
    browser = login(admin)
    browser.post(f"/admin/accounts/{therapist.id}/close", data=CONFIRM)
    page = browser.get("/admin/therapists").text
    assert "account closed" in page and "Reopen this account" in page
    assert f"Reopen {therapist.display_name}'s account" in page and "log in again with their old password" in page

    reopened = browser.post(f"/admin/accounts/{therapist.id}/reopen", data=CONFIRM)
    assert reopened.status_code == 302 and reopened.location == "/admin/therapists"
    session.expire_all()
    assert therapist.active
    assert "Close this account" in browser.get("/admin/therapists").text
    back = Browser(app.test_client()).post("/login", data={"email": therapist.email, "password": Factory.PASSWORD})
    assert back.status_code == 302
    assigned = browser.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": therapist.id})
    assert assigned.status_code == 302
    details = [
        e.detail for e in session.query(AuditEvent).filter_by(record_type="account", subject_user_id=therapist.id)
    ]
    assert details[0].startswith("closed") and details[-1] == "reopened"
    assert browser.post(f"/admin/accounts/{therapist.id}/reopen", data=CONFIRM).status_code == 409  # already open


def test_reopening_input_is_checked(login, make):
    admin, other_admin, therapist, client = make.admin(), make.admin(), make.therapist(), make.client()
    browser = login(admin)
    browser.post(f"/admin/accounts/{other_admin.id}/close", data=CONFIRM)
    assert browser.post(f"/admin/accounts/{other_admin.id}/reopen", data={}).status_code == 400  # not confirmed
    assert browser.post(f"/admin/accounts/{client.id}/reopen", data=CONFIRM).status_code == 404
    assert browser.post("/admin/accounts/99999/reopen", data=CONFIRM).status_code == 404
    assert login(therapist).post(f"/admin/accounts/{other_admin.id}/reopen", data=CONFIRM).status_code == 403
    home = browser.get("/admin/")
    assert "<title>Overview · MindHaven</title>" in home.text and "Reopen this account" in home.text
    reopened = browser.post(f"/admin/accounts/{other_admin.id}/reopen", data={**CONFIRM, "back": "home"})
    assert reopened.status_code == 302 and reopened.location == "/admin/"
