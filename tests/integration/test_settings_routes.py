import io
import json
import zipfile

from mindhaven.accounts.models import User
from mindhaven.consent import services as consent
from mindhaven.security.audit import AuditEvent
from tests.helpers import Factory


def test_settings_shows_consents_and_withdrawal_works(login, make, session):
    client = make.client()
    browser = login(client)
    page = browser.get("/settings")
    assert page.status_code == 200 and "Facial-emotion analysis" in page.text

    assert browser.post("/settings/consent/emotion-analysis", data={"action": "accept"}).status_code == 302
    assert consent.has_current(session, client, "emotion-analysis")
    assert browser.post("/settings/consent/emotion-analysis", data={"action": "withdraw"}).status_code == 302
    session.expire_all()
    assert not consent.has_current(session, client, "emotion-analysis")
    assert "Not given" in browser.get("/settings").text


def test_withdrawing_the_privacy_notice_gates_the_app_until_accepted_again(login, make):
    browser = login(make.client())
    asked = browser.post("/settings/consent/privacy", data={"action": "withdraw"})  # a required one asks first
    assert asked.status_code == 302 and "withdraw=privacy" in asked.location
    assert browser.get("/client").status_code == 200
    browser.post("/settings/consent/privacy", data={"action": "withdraw", "confirm": "yes"})
    assert browser.get("/client").location == "/consent"
    assert browser.get("/settings").status_code == 200  # settings stay reachable
    browser.post("/settings/consent/privacy", data={"action": "accept"})
    assert browser.get("/client").status_code == 200


def test_bad_consent_actions_are_400_or_404(login, make):
    browser = login(make.client())
    assert browser.post("/settings/consent/emotion-analysis", data={"action": "maybe"}).status_code == 400
    assert browser.post("/settings/consent/astrology", data={"action": "accept"}).status_code == 404


def test_consent_api(login, make, session):
    client = make.client()
    browser = login(client)
    listed = browser.get("/api/consents").json["consents"]
    assert {c["kind"]: c["in_force"] for c in listed} == {
        "terms": True,
        "privacy": True,
        "emotion-analysis": False,
        "weekly-report-email": False,
    }
    changed = browser.send_json("PUT", "/api/consents/emotion-analysis", {"accepted": True})
    assert changed.status_code == 200 and changed.json["in_force"] is True and changed.json["accepted_version"] == 1
    assert consent.has_current(session, client, "emotion-analysis")


def test_consent_api_rejects_malformed_bodies(login, make):
    browser = login(make.client())
    for raw in ["{not json", "[]", '"yes"', '{"accepted": "yes"}', "{}"]:
        response = browser.send_json("PUT", "/api/consents/emotion-analysis", raw=raw)
        assert response.status_code == 400, raw
        assert response.json["error"]["message"]
    assert browser.send_json("PUT", "/api/consents/astrology", {"accepted": True}).status_code == 404


def test_therapist_cannot_opt_into_emotion_analysis(login, make):
    response = login(make.therapist()).send_json("PUT", "/api/consents/emotion-analysis", {"accepted": True})
    assert response.status_code == 400


def test_timezone_change(login, make, session):
    client = make.client()
    browser = login(client)
    assert browser.post("/settings/timezone", data={"timezone": "Europe/London"}).status_code == 302
    assert session.get(User, client.id).timezone == "Europe/London"
    bad = browser.post("/settings/timezone", data={"timezone": "Nowhere/Land"})
    assert bad.status_code == 400 and "time zone" in bad.text


def test_password_change_validation(login, make):
    browser = login(make.client())
    wrong = browser.post(
        "/settings/password", data={"current_password": "not it at all", "new_password": "a new mountain path"}
    )
    assert wrong.status_code == 400 and "not correct" in wrong.text
    # Each form posts to its section's anchor, so a refused one comes back with its error in view.
    assert (
        'action="/settings/password#pw-title"' in wrong.text and 'action="/settings/delete#delete-title"' in wrong.text
    )


def test_export_download(login, make, session):
    client = make.client(pseudonym="Blue Kite")
    response = login(client).post("/settings/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert json.loads(archive.read("account.json"))["display_name"] == "Blue Kite"
    assert session.query(AuditEvent).filter_by(action="export", subject_user_id=client.id).count() == 1


def test_delete_account_needs_password_and_confirmation(login, make, session):
    client = make.client()
    browser = login(client)
    unticked = browser.post("/settings/delete", data={"password": Factory.PASSWORD})
    assert unticked.status_code == 400  # and the box that was not ticked says so, next to it
    assert (
        '<p class="error" id="confirm-error">Tick this box to confirm that your account should be deleted.</p>'
        in unticked.text
    )
    assert browser.post("/settings/delete", data={"password": "wrong one!", "confirm": "y"}).status_code == 400
    client_id = client.id
    done = browser.post("/settings/delete", data={"password": Factory.PASSWORD, "confirm": "y"})
    assert done.status_code == 200 and "has been deleted" in done.text
    session.expire_all()
    assert session.get(User, client_id) is None
    assert browser.get("/client").location.startswith("/login")


def test_therapist_cannot_delete_through_the_client_form(login, make):
    response = login(make.therapist()).post("/settings/delete", data={"password": Factory.PASSWORD, "confirm": "y"})
    assert response.status_code == 403
