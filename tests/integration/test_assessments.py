"""The questionnaire pages end to end: taking PHQ-9/GAD-7, the item-9 safety flow, and who may see results."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select

from mindhaven.assessments import services
from mindhaven.assessments.models import AssessmentResult
from mindhaven.dbtypes import utcnow
from mindhaven.safety.models import SafetyEvent
from mindhaven.scheduling.models import Notification
from mindhaven.security.audit import AuditEvent


def form(answers: list[int]) -> dict[str, str]:
    return {f"q{i}": str(v) for i, v in enumerate(answers, start=1)}


def test_form_shows_standard_wording_as_fieldsets(people, login):
    page = login(people["client"]).get("/assessments/phq9")
    assert page.status_code == 200
    assert "Over the last 2 weeks, how often have you been bothered by any of the following problems?" in page.text
    assert page.text.count("<fieldset") == 9 and page.text.count("<legend>") == 9
    assert page.text.count('type="radio"') == 36
    assert "More than half the days" in page.text
    assert login(people["client"]).get("/assessments/gad7").text.count("<fieldset") == 7


def test_client_takes_gad7_and_sees_score_band_and_no_diagnosis(people, login, session):
    browser = login(people["client"])
    response = browser.post("/assessments/gad7", data=form([2, 2, 2, 2, 2, 2, 3]))
    assert response.status_code == 302
    result = session.scalars(select(AssessmentResult)).one()
    assert (result.score, result.band) == (15, "severe")
    page = browser.get(response.location)
    assert page.status_code == 200
    assert "Score 15 of 21: severe" in page.text
    assert "This is a screening score, not a diagnosis; talk it through with your therapist" in page.text
    assert "crisis-title" not in page.text
    listing = browser.get("/assessments")
    assert "15 of 21" in listing.text and "Severe" in listing.text


def test_item_nine_above_zero_shows_crisis_resources_and_alerts_the_therapist(people, login, session):
    browser = login(people["client"])
    response = browser.post("/assessments/phq9", data=form([0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert response.status_code == 200  # on this very response, no redirect
    assert 'class="card crisis"' in response.text and "988" in response.text and "14416" in response.text
    assert "We have let your therapist know" in response.text
    result = session.scalars(select(AssessmentResult)).one()
    event = session.scalars(select(SafetyEvent)).one()
    assert (event.source, event.record_id, event.therapist_id) == ("phq9_item9", result.id, people["therapist"].id)
    notes = session.scalars(select(Notification).where(Notification.user_id == people["therapist"].id)).all()
    assert len(notes) == 1
    assert session.scalars(select(Notification).where(Notification.user_id == people["other_therapist"].id)).all() == []


def test_item_nine_zero_shows_no_crisis_box_and_raises_nothing(people, login, session):
    browser = login(people["client"])
    response = browser.post("/assessments/phq9", data=form([3, 3, 3, 3, 3, 3, 3, 3, 0]))
    assert response.status_code == 302
    page = browser.get(response.location)
    assert "Score 24 of 27: severe" in page.text and 'class="card crisis"' not in page.text
    assert session.scalars(select(SafetyEvent)).all() == []
    assert session.scalars(select(Notification)).all() == []


@pytest.mark.parametrize(
    "data",
    [
        {},
        form([0] * 8),
        form([0] * 8) | {"q9": "4"},
        form([0] * 8) | {"q9": "-1"},
        form([0] * 8) | {"q9": "one"},
        form([0] * 8) | {"q9": "1.5"},
        form([0] * 8) | {"q9": "9" * 5000},
    ],
)
def test_missing_or_invalid_answers_are_400_with_messages(people, login, session, data):
    response = login(people["client"]).post("/assessments/phq9", data=data)
    assert response.status_code == 400
    assert "Please answer every question." in response.text and "question 9" in response.text.lower()
    assert session.scalars(select(AssessmentResult)).all() == []


def test_a_400_keeps_the_answers_given(people, login):
    response = login(people["client"]).post("/assessments/gad7", data=form([0, 1, 2, 3, 0, 1]))
    assert response.status_code == 400
    assert re.search(r'id="q4-3"[^>]*checked', response.text)
    assert not re.search(r'id="q4-0"[^>]*checked', response.text)
    assert "Please choose an answer for question 7." in response.text


def test_unknown_questionnaire_is_404(people, login):
    browser = login(people["client"])
    assert browser.get("/assessments/bdi").status_code == 404
    assert browser.post("/assessments/bdi", data=form([0] * 9)).status_code == 404


def test_missing_csrf_is_400_not_500(people, login):
    response = login(people["client"]).post("/assessments/gad7", data=form([0] * 7), csrf=False)
    assert response.status_code == 400


def test_a_client_cannot_open_another_clients_result(people, login, session):
    theirs = services.submit(session, people["other_client"], "gad7", [1] * 7).result
    assert login(people["client"]).get(f"/assessments/results/{theirs.id}").status_code == 404
    assert login(people["other_client"]).get(f"/assessments/results/{theirs.id}").status_code == 200


def test_due_notice_on_the_dashboard(people, login, session):
    browser = login(people["client"])
    assert "Due now: PHQ-9 and GAD-7" in browser.get("/client").text
    services.submit(session, people["client"], "phq9", [0] * 9)
    assert "Due now: GAD-7." in browser.get("/client").text
    gad = services.submit(session, people["client"], "gad7", [0] * 7).result
    assert "Due now" not in browser.get("/client").text
    gad.created_at = utcnow() - timedelta(days=14)
    session.commit()
    assert "Due now: GAD-7." in browser.get("/client").text


@pytest.mark.parametrize("path", ["/assessments", "/assessments/phq9", "/therapist/clients/1/assessments"])
def test_anonymous_visitors_are_sent_to_login(browser, path):
    response = browser.get(path)
    assert response.status_code == 302 and response.location.startswith("/login?next=")


@pytest.mark.parametrize("role", ["therapist", "admin"])
def test_client_pages_are_for_clients_only(people, login, role):
    browser = login(people[role])
    assert browser.get("/assessments").status_code == 403
    assert browser.post("/assessments/gad7", data=form([0] * 7)).status_code == 403


def test_therapist_sees_their_clients_results_and_the_read_is_audited(people, login, session):
    services.submit(session, people["client"], "phq9", [0] * 8 + [2])
    page = login(people["therapist"]).get(f"/therapist/clients/{people['client'].id}/assessments")
    assert page.status_code == 200
    assert "PHQ-9" in page.text and "2 of 27" in page.text and "safety flag" in page.text
    reads = session.scalars(select(AuditEvent).where(AuditEvent.record_type == "assessment_results")).all()
    assert [(e.action, e.actor_id, e.subject_user_id) for e in reads] == [
        ("read", people["therapist"].id, people["client"].id)
    ]
    record = login(people["therapist"]).get(f"/therapist/clients/{people['client'].id}")
    assert f"/therapist/clients/{people['client'].id}/assessments" in record.text


@pytest.mark.parametrize(
    ("role", "status"),
    [("other_therapist", 404), ("pending_therapist", 403), ("admin", 403), ("client", 403)],
)
def test_others_cannot_open_a_clients_results(people, login, session, role, status):
    services.submit(session, people["client"], "gad7", [1] * 7)
    response = login(people[role]).get(f"/therapist/clients/{people['client'].id}/assessments")
    assert response.status_code == status
    assert session.scalars(select(AuditEvent).where(AuditEvent.record_type == "assessment_results")).all() == []


def test_therapist_gets_404_for_a_non_client_or_unknown_id(people, login):
    browser = login(people["therapist"])
    assert browser.get(f"/therapist/clients/{people['other_therapist'].id}/assessments").status_code == 404
    assert browser.get("/therapist/clients/999999/assessments").status_code == 404


def test_results_are_in_the_data_export(people, login, session):
    services.submit(session, people["client"], "gad7", [1] * 7)
    response = login(people["client"]).post("/settings/export", data={})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert json.loads(archive.read("assessments.json"))[0]["band"] == "mild"
