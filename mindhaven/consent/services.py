"""Accept, withdraw and check consent. Plain functions over a DB session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.consent.documents import ConsentDocument, document, documents_for
from mindhaven.consent.models import ConsentRecord
from mindhaven.dbtypes import utcnow
from mindhaven.errors import ValidationFailed


class ConsentNotApplicable(ValidationFailed):
    """This consent does not apply to the user's role."""


@dataclass(frozen=True)
class ConsentState:
    document: ConsentDocument
    accepted_version: int | None  # version currently in force, None if never accepted or withdrawn
    accepted_at: datetime | None

    @property
    def current(self) -> bool:
        return self.accepted_version == self.document.version


def _active_record(session: Session, user_id: int, kind: str) -> ConsentRecord | None:
    return session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user_id, ConsentRecord.kind == kind, ConsentRecord.withdrawn_at.is_(None))
        .order_by(ConsentRecord.id.desc())
        .limit(1)
    ).first()


def states(session: Session, user: User) -> list[ConsentState]:
    result = []
    for doc in documents_for(user.role):
        record = _active_record(session, user.id, doc.kind)
        result.append(ConsentState(doc, record.version if record else None, record.accepted_at if record else None))
    return result


def missing_required(session: Session, user: User) -> list[ConsentDocument]:
    """Required documents whose current version the user has not accepted."""
    return [s.document for s in states(session, user) if s.document.required and not s.current]


def has_current(session: Session, user: User, kind: str) -> bool:
    record = _active_record(session, user.id, kind)
    return record is not None and record.version == document(kind).version


def accept(session: Session, user: User, kind: str, now: datetime | None = None) -> ConsentRecord:
    """Record acceptance of the current version (a no-op if already in force)."""
    doc = document(kind)
    if user.role not in doc.roles:
        raise ConsentNotApplicable(f"{doc.title} does not apply to {user.role} accounts")
    existing = _active_record(session, user.id, kind)
    if existing is not None and existing.version == doc.version:
        return existing
    now = now or utcnow()
    if existing is not None:  # an older version is superseded by the new acceptance
        existing.withdrawn_at = now
    record = ConsentRecord(user_id=user.id, kind=kind, version=doc.version, accepted_at=now)
    session.add(record)
    session.flush()
    return record


def withdraw(session: Session, user: User, kind: str, now: datetime | None = None) -> bool:
    """Withdraw consent; returns False if none was in force."""
    document(kind)
    record = _active_record(session, user.id, kind)
    if record is None:
        return False
    record.withdrawn_at = now or utcnow()
    session.flush()
    return True


def history(session: Session, user_id: int) -> list[ConsentRecord]:
    return list(
        session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user_id).order_by(ConsentRecord.id))
    )
