"""A user's rights over their data: export everything, delete the account.

What deletion removes and what it keeps is explained in docs/privacy.md; the
code below is the source of truth for it.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from mindhaven.accounts.models import LoginThrottle, PasswordResetToken, User
from mindhaven.assessments.services import assessments_export
from mindhaven.chatbot.services import chatbot_export
from mindhaven.consent import services as consent
from mindhaven.consent.models import ConsentRecord
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Forbidden, ValidationFailed
from mindhaven.records.models import CareAssignment, ClinicalNote
from mindhaven.security import audit
from mindhaven.security.passwords import verify_password

EXPORT_README = """MindHaven data export
=====================

Every file is JSON, UTF-8, times in UTC (ISO 8601).

account.json      your account: email, pseudonym or name, role, time zone, dates
consents.json     every consent you gave or withdrew, with version and time
care.json         which therapist cared for you, and when
access_log.json   every time someone opened or changed your record: when, who (role and id), what
therapist_profile.json   (therapists only) your professional profile and verification status

Your therapist's private process notes are not part of this export: they are the
therapist's clinical working record. Ask your therapist or the clinic running this
MindHaven server for a copy of your clinical record; see the privacy notice.
"""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def scheduling_export(session: Session, user: User) -> dict[str, object]:
    """The client's intake answers and sessions (both sides' view of a booking is the same record)."""
    from mindhaven.scheduling.models import Booking, Intake

    side = Booking.therapist_id if user.is_therapist else Booking.client_id
    files: dict[str, object] = {
        "sessions.json": [
            {
                "id": b.id,
                "therapist_id": b.therapist_id,
                "client_id": b.client_id,
                "starts_at": _iso(b.starts_at),
                "ends_at": _iso(b.ends_at),
                "status": b.status,
                "fee_minor": b.fee_minor,
                "fee_kind": b.fee_kind,
                "cancelled_at": _iso(b.cancelled_at),
                "late_cancellation": b.late_cancellation,
            }
            for b in session.scalars(select(Booking).where(side == user.id).order_by(Booking.starts_at))
        ]
    }
    files.update(live_export(session, user))
    intake = session.get(Intake, user.id)
    if intake is not None:
        files["intake.json"] = {
            "concerns": intake.concerns,
            "languages": intake.languages,
            "gender_preference": intake.gender_preference,
            "budget_minor": intake.budget_minor,
            "needs_reduced_fee": intake.needs_reduced_fee,
            "days": intake.days,
            "times": intake.times,
            "prior_therapy": intake.prior_therapy,
            "notes": intake.notes,
            "updated_at": _iso(intake.updated_at),
        }
    return files


def live_export(session: Session, user: User) -> dict[str, object]:
    """Chat from video sessions and the per-second emotion estimates of the client's face (never images)."""
    from mindhaven.emotion.labels import LABELS
    from mindhaven.live.models import ChatMessage, EmotionSecond
    from mindhaven.scheduling.models import Booking

    side = Booking.therapist_id if user.is_therapist else Booking.client_id
    mine = select(Booking.id).where(side == user.id)
    chat = session.scalars(select(ChatMessage).where(ChatMessage.booking_id.in_(mine)).order_by(ChatMessage.at))
    files: dict[str, object] = {
        "session_chat.json": [
            {"session_id": m.booking_id, "from": m.sender_role, "text": m.body, "at": _iso(m.at)} for m in chat
        ]
    }
    if user.is_client:
        rows = session.scalars(
            select(EmotionSecond).where(EmotionSecond.booking_id.in_(mine)).order_by(EmotionSecond.second)
        )
        files["session_emotions.json"] = [
            {
                "session_id": r.booking_id,
                "second": r.second,
                "face_ratio": r.face_ratio,
                "probabilities": {label: getattr(r, label) for label in LABELS},
            }
            for r in rows
        ]
    return files


def delete_scheduling_data(session: Session, user: User, alias: str) -> None:
    """Bookings (claims, reminders, live-session data), intake, notifications and calendar feed go with the account.

    The therapist's private session notes are clinical notes: they stay, detached, like the other notes.
    """
    from mindhaven.live.models import LiveSession
    from mindhaven.scheduling import models as m

    booking_ids = select(m.Booking.id).where(m.Booking.client_id == user.id)
    for live, booking in session.execute(
        select(LiveSession, m.Booking)
        .join(m.Booking, m.Booking.id == LiveSession.booking_id)
        .where(m.Booking.client_id == user.id)
    ):
        if live.notes:
            when = booking.starts_at.date().isoformat()
            session.add(
                ClinicalNote(
                    therapist_id=booking.therapist_id,
                    client_id=None,
                    client_alias=alias,
                    body=f"Session notes, {when}:\n{live.notes}",
                    created_at=live.started_at,
                )
            )
    session.execute(delete(m.BookingClaim).where(m.BookingClaim.booking_id.in_(booking_ids)))
    session.execute(delete(m.ReminderDelivery).where(m.ReminderDelivery.booking_id.in_(booking_ids)))
    session.execute(
        update(m.Booking).where(m.Booking.rescheduled_from_id.in_(booking_ids)).values(rescheduled_from_id=None)
    )
    session.execute(delete(m.Booking).where(m.Booking.client_id == user.id))
    for model in (m.Intake, m.Notification, m.CalendarFeed):
        column = model.client_id if model is m.Intake else model.user_id
        session.execute(delete(model).where(column == user.id))


def reflect_export(session: Session, user: User) -> dict[str, object]:
    """The client's journal entries and mood check-ins, decrypted, with whether each was shared (files only if any)."""
    from mindhaven.reflect.models import JournalEntry, MoodCheckin

    def _body(entry: JournalEntry) -> object:
        if entry.kind == "thought_record":
            try:
                return json.loads(entry.body)
            except ValueError:
                pass
        return entry.body

    entries = session.scalars(select(JournalEntry).where(JournalEntry.client_id == user.id).order_by(JournalEntry.id))
    checkins = session.scalars(select(MoodCheckin).where(MoodCheckin.client_id == user.id).order_by(MoodCheckin.id))
    files: dict[str, object] = {
        "journal.json": [
            {
                "id": e.id,
                "kind": e.kind,
                "prompt": e.prompt,
                "body": _body(e),
                "sentiment": e.sentiment,
                "shared_with_therapist": e.shared,
                "created_at": _iso(e.created_at),
                "updated_at": _iso(e.updated_at),
            }
            for e in entries
        ],
        "mood_checkins.json": [
            {
                "id": c.id,
                "mood": c.mood,
                "tags": c.tags,
                "note": c.note,
                "sentiment": c.sentiment,
                "shared_with_therapist": c.shared,
                "local_day": c.local_day.isoformat(),
                "created_at": _iso(c.created_at),
            }
            for c in checkins
        ],
    }
    return {name: rows for name, rows in files.items() if rows}


def build_export(session: Session, user: User, actor: audit.Actor) -> bytes:
    """One ZIP of JSON files with everything the platform holds about the user."""
    files: dict[str, object] = {
        "account.json": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "timezone": user.timezone,
            "created_at": _iso(user.created_at),
            "last_login_at": _iso(user.last_login_at),
        },
        "consents.json": [
            {
                "kind": r.kind,
                "version": r.version,
                "accepted_at": _iso(r.accepted_at),
                "withdrawn_at": _iso(r.withdrawn_at),
            }
            for r in consent.history(session, user.id)
        ],
        "care.json": [
            {
                "therapist": a.therapist.display_name,
                "therapist_id": a.therapist_id,
                "started_at": _iso(a.started_at),
                "ended_at": _iso(a.ended_at),
            }
            for a in session.scalars(
                select(CareAssignment).where(CareAssignment.client_id == user.id).order_by(CareAssignment.id)
            )
        ],
        "access_log.json": [
            {
                "at": _iso(e.at),
                "actor_id": e.actor_id,
                "actor_role": e.actor_role,
                "action": e.action,
                "record_type": e.record_type,
                "record_id": e.record_id,
            }
            for e in audit.events_about(session, user.id)
        ],
    }
    files.update(scheduling_export(session, user))
    files.update(assessments_export(session, user))
    files.update(reflect_export(session, user))
    files.update(chatbot_export(session, user))
    profile = user.therapist_profile
    if profile is not None:
        files["therapist_profile.json"] = {
            "full_name": profile.full_name,
            "licence_number": profile.licence_number,
            "specialties": profile.specialties,
            "approaches": profile.approaches,
            "languages": profile.languages,
            "gender": profile.gender,
            "bio": profile.bio,
            "fee_minor": profile.fee_minor,
            "status": profile.status,
            "applied_at": _iso(profile.applied_at),
            "reviewed_at": _iso(profile.reviewed_at),
        }
    audit.record(session, actor, "export", "account", user.id, user.id)
    session.commit()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", EXPORT_README)
        for name, content in files.items():
            archive.writestr(name, json.dumps(content, indent=2, ensure_ascii=False))
    return buffer.getvalue()


def delete_client_account(
    session: Session, user: User, password: str, actor: audit.Actor, now: datetime | None = None
) -> None:
    """Hard-delete a client's account and personal content.

    Kept: the therapist's process notes, detached from the account and labelled
    with a neutral alias, and the audit log (ids and actions only, no content).
    """
    if not user.is_client:
        raise Forbidden(
            "Therapist and admin accounts are closed by an administrator, "
            "because clinical records must be handed over first."
        )
    if not verify_password(user.password_hash, password or ""):
        raise ValidationFailed("Your password is not correct.", "password")
    now = now or utcnow()
    alias = f"Former client #{user.id}, account closed {now.date().isoformat()}"
    session.execute(
        update(ClinicalNote).where(ClinicalNote.client_id == user.id).values(client_id=None, client_alias=alias)
    )
    session.execute(delete(CareAssignment).where(CareAssignment.client_id == user.id))
    session.execute(delete(ConsentRecord).where(ConsentRecord.user_id == user.id))
    session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    session.execute(delete(LoginThrottle).where(LoginThrottle.user_id == user.id))
    delete_scheduling_data(session, user, alias)
    audit.record(session, actor, "delete", "account", user.id, user.id)
    session.delete(user)
    session.commit()
