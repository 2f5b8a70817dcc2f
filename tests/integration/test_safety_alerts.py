"""The therapist sees unreviewed safety flags where they work: on their home page and the client's record."""

from __future__ import annotations

from sqlalchemy import select

from mindhaven.safety.models import SafetyEvent
from mindhaven.security.audit import AuditEvent


def test_flags_show_on_the_home_page_and_record_until_reviewed(login, make, session) -> None:
    client, therapist, other = make.client(), make.therapist(), make.therapist()
    make.assign(client, therapist)
    session.commit()
    writer = login(client)
    writer.post("/support/messages", data={"message": "I want to kill myself"})
    writer.post("/reflect/checkin", data={"mood": "1", "note": "I can't go on, I want to die"})
    assert len(session.scalars(select(SafetyEvent)).all()) == 2

    browser = login(therapist)
    home = browser.get("/therapist").text
    assert "Safety flags to review" in home and client.display_name in home
    assert "2 flags (mood check-in, support chat)" in home
    assert "kill myself" not in home and "want to die" not in home  # never the client's words
    record = browser.get(f"/therapist/clients/{client.id}").text
    assert "2 safety flags to review" in record and "mark as reviewed" in record

    # Another therapist can neither see nor clear them.
    assert login(other).post(f"/therapist/clients/{client.id}/safety/reviewed").status_code == 404
    assert "Safety flags to review" not in login(other).get("/therapist").text

    response = browser.post(f"/therapist/clients/{client.id}/safety/reviewed")
    assert response.status_code == 302
    assert all(event.acknowledged_at is not None for event in session.scalars(select(SafetyEvent)))
    assert "Safety flags to review" not in browser.get("/therapist").text
    assert "safety flags to review" not in browser.get(f"/therapist/clients/{client.id}").text
    [entry] = session.scalars(select(AuditEvent).where(AuditEvent.record_type == "safety_events")).all()
    assert (entry.action, entry.actor_id, entry.subject_user_id, entry.detail) == (
        "update",
        therapist.id,
        client.id,
        "reviewed=2",
    )
    # A new flag after the review shows again.
    writer.post("/support/messages", data={"message": "I want to end my life"})
    assert "1 flag (support chat)" in browser.get("/therapist").text


def test_a_client_without_flags_shows_none(login, make, session) -> None:
    client, therapist = make.client(), make.therapist()
    make.assign(client, therapist)
    session.commit()
    browser = login(therapist)
    assert "Safety flags to review" not in browser.get("/therapist").text
    assert "to review" not in browser.get(f"/therapist/clients/{client.id}").text
    assert browser.post(f"/therapist/clients/{client.id}/safety/reviewed").status_code == 302
