import pytest

from mindhaven.ids import MAX_ID
from mindhaven.records import services as records
from mindhaven.security.audit import AuditEvent


def test_admin_verifies_a_pending_therapist(login, make, session):
    admin, pending = make.admin(), make.therapist(verified=False)
    browser = login(admin)
    assert pending.display_name in browser.get("/admin/").text
    listing = browser.get("/admin/therapists?status=pending")
    assert listing.status_code == 200 and pending.therapist_profile.licence_number in listing.text
    response = browser.post(f"/admin/therapists/{pending.id}/review", data={"decision": "verify", "note": "ok"})
    assert response.status_code == 302
    session.expire_all()
    assert pending.is_verified_therapist


def test_admin_rejects_and_the_therapist_is_told(login, make, session):
    admin, pending = make.admin(), make.therapist(verified=False)
    login(admin).post(
        f"/admin/therapists/{pending.id}/review",
        data={"decision": "reject", "note": "Licence number could not be confirmed."},
    )
    page = login(pending).get("/therapist")
    assert "not approved" in page.text and "could not be confirmed" in page.text


def test_review_input_is_validated(login, make):
    browser = login(make.admin())
    pending = make.therapist(verified=False)
    assert browser.post(f"/admin/therapists/{pending.id}/review", data={"decision": "maybe"}).status_code == 400
    assert browser.post(f"/admin/therapists/{pending.id}/review", data={}).status_code == 400
    assert browser.post("/admin/therapists/99999/review", data={"decision": "verify"}).status_code == 404
    assert browser.get("/admin/therapists?status=bogus").status_code == 400


def test_admin_assigns_and_reassigns_a_client(login, make, session):
    admin, client, first, second = make.admin(), make.client(), make.therapist(), make.therapist()
    browser = login(admin)
    assert client.display_name in browser.get("/admin/clients").text
    assert browser.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": first.id}).status_code == 302
    assert records.caseload(session, first) == [client]
    browser.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": second.id})
    session.expire_all()
    assert records.caseload(session, first) == [] and records.caseload(session, second) == [client]


def test_assignment_input_is_validated(login, make):
    admin, client, pending = make.admin(), make.client(), make.therapist(verified=False)
    browser = login(admin)
    assert browser.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": "abc"}).status_code == 400
    assert browser.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": "99999"}).status_code == 400
    assert browser.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": pending.id}).status_code == 400
    assert browser.post(f"/admin/clients/{pending.id}/assign", data={"therapist_id": pending.id}).status_code == 404


def test_audit_log_view_shows_reads_and_filters(login, make, session):
    admin, therapist, client = make.admin(), make.therapist(), make.client()
    make.assign(client, therapist)
    login(therapist).get(f"/therapist/clients/{client.id}")
    browser = login(admin)
    page = browser.get(f"/admin/audit?subject_user_id={client.id}&action=read")
    assert page.status_code == 200 and "client_record" in page.text
    assert session.query(AuditEvent).filter_by(record_type="audit_log", actor_id=admin.id).count() == 1
    assert browser.get("/admin/audit?actor_id=abc").status_code == 400
    assert browser.get("/admin/audit?action=peek").status_code == 400
    assert browser.get("/admin/audit?page=9999").status_code == 200


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("actor_id=abc", "actor_id", "Actor id must be a whole number"),
        (f"actor_id={HUGE}", "actor_id", "Actor id is too large"),
        (f"subject_user_id={HUGE}", "subject_user_id", "Subject user id is too large"),
        ("subject_user_id=-3", "subject_user_id", "Subject user id must be a whole number"),
        ("action=peek", "action", "Choose an action from the list"),
        ("page=x", "page", "Page must be a whole number"),
    ],
)
def test_bad_audit_filters_keep_the_form_and_say_which_field(app, login, make, session, query, field, message):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    admin = make.admin()
    page = login(admin).get(f"/admin/audit?{query}")
    assert page.status_code == 400
    assert "<h1>Audit log</h1>" in page.text and 'class="filters-form"' in page.text
    assert f'<p class="error" id="f-{field}-error">{message}' in page.text
    assert "<table>" not in page.text  # nothing was searched
    assert session.query(AuditEvent).filter_by(record_type="audit_log", actor_id=admin.id).count() == 0


def test_audit_page_shows_every_bad_filter_and_keeps_the_values(login, make):
    page = login(make.admin()).get(f"/admin/audit?actor_id=abc&subject_user_id={HUGE}&action=read")
    assert page.status_code == 400
    assert page.text.count('aria-invalid="true"') == 2
    assert 'value="abc"' in page.text and f'value="{HUGE}"' in page.text
    assert '<option value="read" selected>' in page.text


def test_audit_page_accepts_the_largest_id(login, make):
    page = login(make.admin()).get(f"/admin/audit?actor_id={MAX_ID}")
    assert page.status_code == 200 and "0 entries" in page.text


def test_notes_route_saves_and_refuses_empty(login, make, session):
    therapist, client = make.therapist(), make.client()
    make.assign(client, therapist)
    browser = login(therapist)
    assert browser.post(f"/therapist/clients/{client.id}/notes", data={"body": "Sleep improving"}).status_code == 302
    assert "Sleep improving" in browser.get(f"/therapist/clients/{client.id}").text
    empty = browser.post(f"/therapist/clients/{client.id}/notes", data={"body": "  "})
    assert empty.status_code == 400 and "Write something" in empty.text
    assert session.query(AuditEvent).filter_by(record_type="clinical_note", action="create").count() == 1


def test_former_clients_page_shows_notes_kept_after_deletion(login, make, session):
    from tests.helpers import Factory

    therapist, client = make.therapist(), make.client()
    make.assign(client, therapist)
    client_id, pseudonym = client.id, client.display_name
    therapist_browser = login(therapist)
    therapist_browser.post(f"/therapist/clients/{client_id}/notes", data={"body": "Agreed on a sleep diary"})
    login(client).post("/settings/delete", data={"password": Factory.PASSWORD, "confirm": "y"})
    page = therapist_browser.get("/therapist/former-clients")
    assert page.status_code == 200
    assert "Agreed on a sleep diary" in page.text and f"Former client #{client_id}" in page.text
    assert pseudonym not in therapist_browser.get("/therapist").text
    assert session.query(AuditEvent).filter_by(record_type="detached_notes").count() == 1
