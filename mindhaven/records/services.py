"""Caseloads, the client record and private notes. Every read of a record is audit-logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.consent import services as consent
from mindhaven.dbtypes import utcnow
from mindhaven.errors import NotFound, ValidationFailed
from mindhaven.policy import client_visible_to, therapist_of
from mindhaven.records.models import CareAssignment, ClinicalNote
from mindhaven.security import audit

NOTE_MAX = 10_000


def assign_therapist(
    session: Session,
    actor: audit.Actor,
    client: User,
    therapist: User,
    now: datetime | None = None,
    commit: bool = True,
) -> CareAssignment:
    """Make `therapist` the client's therapist, closing any earlier assignment (commit=False: caller commits)."""
    if not client.is_client:
        raise ValidationFailed("Only client accounts can be assigned a therapist.", "client")
    if not therapist.is_verified_therapist or not therapist.active:
        raise ValidationFailed("Only verified therapists with an open account can take clients.", "therapist")
    now = now or utcnow()
    current = session.scalars(
        select(CareAssignment).where(CareAssignment.client_id == client.id, CareAssignment.ended_at.is_(None))
    ).first()
    if current is not None:
        if current.therapist_id == therapist.id:
            return current
        current.ended_at = now
        session.flush()
    assignment = CareAssignment(
        client_id=client.id, therapist_id=therapist.id, started_at=now, assigned_by_id=actor.user_id
    )
    session.add(assignment)
    audit.record(session, actor, "create", "care_assignment", None, client.id, f"therapist={therapist.id}")
    if commit:
        session.commit()
    else:
        session.flush()
    return assignment


def caseload(session: Session, therapist: User) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(CareAssignment, CareAssignment.client_id == User.id)
            .where(CareAssignment.therapist_id == therapist.id, CareAssignment.ended_at.is_(None))
            .order_by(User.display_name)
        )
    )


@dataclass(frozen=True)
class ClientRecord:
    client: User
    since: datetime | None
    emotion_analysis_consent: bool
    notes: list[ClinicalNote]


def open_client_record(session: Session, viewer: User, actor: audit.Actor, client_id: int) -> ClientRecord:
    """The therapist's view of one client; logs the read."""
    client = client_visible_to(session, viewer, client_id)
    assignment = session.scalars(
        select(CareAssignment).where(CareAssignment.client_id == client.id, CareAssignment.ended_at.is_(None))
    ).first()
    notes = list(
        session.scalars(
            select(ClinicalNote)
            .where(ClinicalNote.client_id == client.id, ClinicalNote.therapist_id == viewer.id)
            .order_by(ClinicalNote.created_at.desc(), ClinicalNote.id.desc())
        )
    )
    audit.record(session, actor, "read", "client_record", client.id, client.id, f"notes={len(notes)}")
    session.commit()
    return ClientRecord(
        client,
        assignment.started_at if assignment else None,
        consent.has_current(session, client, "emotion-analysis"),
        notes,
    )


def add_note(session: Session, viewer: User, actor: audit.Actor, client_id: int, body: str) -> ClinicalNote:
    client = client_visible_to(session, viewer, client_id)
    text = (body or "").strip()
    if not text:
        raise ValidationFailed("Write something before saving the note.", "body")
    if len(text) > NOTE_MAX:
        raise ValidationFailed(f"Keep a note under {NOTE_MAX:,} characters.", "body")
    note = ClinicalNote(therapist_id=viewer.id, client_id=client.id, body=text)
    session.add(note)
    session.flush()
    audit.record(session, actor, "create", "clinical_note", note.id, client.id)
    session.commit()
    return note


def detached_notes(session: Session, therapist: User) -> list[ClinicalNote]:
    """Notes kept after their client deleted the account."""
    return list(
        session.scalars(
            select(ClinicalNote)
            .where(ClinicalNote.therapist_id == therapist.id, ClinicalNote.client_id.is_(None))
            .order_by(ClinicalNote.created_at.desc())
        )
    )


def my_therapist(session: Session, client: User) -> User | None:
    if not client.is_client:
        raise NotFound("Only clients have a therapist.")
    return therapist_of(session, client.id)
