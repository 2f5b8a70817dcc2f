import io
import json
import zipfile

import pytest
from sqlalchemy import select

from mindhaven.accounts import data_rights
from mindhaven.accounts.models import User
from mindhaven.consent import services as consent
from mindhaven.consent.models import ConsentRecord
from mindhaven.errors import Forbidden, ValidationFailed
from mindhaven.records import services as records
from mindhaven.records.models import CareAssignment, ClinicalNote
from mindhaven.security.audit import Actor, AuditEvent
from tests.helpers import Factory


def actor(user):
    return Actor(user.id, user.role, "127.0.0.1")


def test_export_holds_account_consents_care_and_access_log(session, make):
    therapist, client = make.therapist(), make.client(pseudonym="QuietRiver")
    make.assign(client, therapist)
    consent.accept(session, client, "emotion-analysis")
    records.open_client_record(session, therapist, actor(therapist), client.id)

    archive = zipfile.ZipFile(io.BytesIO(data_rights.build_export(session, client, actor(client))))
    assert set(archive.namelist()) == {
        "README.txt",
        "account.json",
        "consents.json",
        "care.json",
        "access_log.json",
        "sessions.json",
        "session_chat.json",
        "session_emotions.json",
        "assessments.json",
    }
    account = json.loads(archive.read("account.json"))
    assert account["display_name"] == "QuietRiver" and account["email"] == client.email
    assert "password_hash" not in account
    kinds = {c["kind"] for c in json.loads(archive.read("consents.json"))}
    assert kinds == {"terms", "privacy", "emotion-analysis"}
    assert json.loads(archive.read("care.json"))[0]["therapist_id"] == therapist.id
    log = json.loads(archive.read("access_log.json"))
    assert any(e["action"] == "read" and e["actor_id"] == therapist.id for e in log)
    assert session.query(AuditEvent).filter_by(action="export", subject_user_id=client.id).count() == 1


def test_therapist_export_includes_the_profile(session, make):
    therapist = make.therapist()
    archive = zipfile.ZipFile(io.BytesIO(data_rights.build_export(session, therapist, actor(therapist))))
    assert json.loads(archive.read("therapist_profile.json"))["status"] == "verified"


def test_deletion_removes_personal_data_and_keeps_detached_notes(session, make):
    therapist, client = make.therapist(), make.client()
    make.assign(client, therapist)
    records.add_note(session, therapist, actor(therapist), client.id, "Worked on sleep routine")
    client_id = client.id

    with pytest.raises(ValidationFailed):
        data_rights.delete_client_account(session, client, "wrong password", actor(client))
    data_rights.delete_client_account(session, client, Factory.PASSWORD, actor(client))
    session.expire_all()

    assert session.get(User, client_id) is None
    assert session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == client_id)).all() == []
    assert session.scalars(select(CareAssignment).where(CareAssignment.client_id == client_id)).all() == []
    note = session.scalars(select(ClinicalNote)).one()
    assert note.client_id is None and note.client_alias.startswith(f"Former client #{client_id}")
    assert note.body == "Worked on sleep routine"
    assert records.detached_notes(session, therapist) == [note]
    assert session.query(AuditEvent).filter_by(action="delete", subject_user_id=client_id).count() == 1


def test_therapists_cannot_self_delete(session, make):
    therapist = make.therapist()
    with pytest.raises(Forbidden):
        data_rights.delete_client_account(session, therapist, Factory.PASSWORD, actor(therapist))


def test_export_and_deletion_cover_intake_and_sessions(session, make):
    from sqlalchemy import func, select

    from mindhaven.scheduling import availability, booking, intake
    from mindhaven.scheduling.models import Booking, BookingClaim, Intake, Notification

    therapist, client = make.open_hours(make.therapist()), make.client()
    intake.save_intake(session, client, {"concerns": ["sleep"], "languages": ["en"], "notes": "Cannot sleep."})
    made = booking.book(
        session, actor(client), client, therapist.id, availability.upcoming_slots(session, therapist)[0].start
    )
    archive = zipfile.ZipFile(io.BytesIO(data_rights.build_export(session, client, actor(client))))
    assert json.loads(archive.read("intake.json"))["notes"] == "Cannot sleep."
    assert [s["id"] for s in json.loads(archive.read("sessions.json"))] == [made.id]

    data_rights.delete_client_account(session, client, Factory.PASSWORD, actor(client))
    for model in (Booking, BookingClaim, Intake):
        assert session.scalar(select(func.count()).select_from(model)) == 0
    assert session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == client.id)) == 0


def test_live_session_chat_and_emotions_are_exported_and_session_notes_outlive_deletion(session, make):
    from datetime import timedelta

    from sqlalchemy import select

    from mindhaven.dbtypes import utcnow
    from mindhaven.live.models import ChatMessage, EmotionSecond, LiveSession
    from mindhaven.records.models import ClinicalNote
    from mindhaven.scheduling.models import Booking

    therapist, client = make.therapist(), make.client()
    start = utcnow() - timedelta(minutes=30)
    booking = Booking(
        therapist_id=therapist.id,
        client_id=client.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=50),
        fee_minor=1,
    )
    session.add(booking)
    session.flush()
    session.add_all(
        [
            LiveSession(booking_id=booking.id, started_at=start, notes="Worked on sleep routine."),
            ChatMessage(booking_id=booking.id, sender_id=client.id, sender_role="client", body="hello"),
            EmotionSecond(booking_id=booking.id, second=1, frames=3, face_ratio=1.0, happy=0.9, neutral=0.1),
        ]
    )
    session.commit()
    archive = zipfile.ZipFile(io.BytesIO(data_rights.build_export(session, client, actor(client))))
    assert json.loads(archive.read("session_chat.json"))[0]["text"] == "hello"
    assert json.loads(archive.read("session_emotions.json"))[0]["probabilities"]["happy"] == 0.9

    data_rights.delete_client_account(session, client, Factory.PASSWORD, actor(client))
    kept = session.scalars(select(ClinicalNote).where(ClinicalNote.therapist_id == therapist.id)).one()
    assert kept.client_id is None and "Worked on sleep routine." in kept.body and kept.client_alias.startswith("Former")
    for model in (LiveSession, ChatMessage, EmotionSecond):
        assert session.scalars(select(model)).first() is None
