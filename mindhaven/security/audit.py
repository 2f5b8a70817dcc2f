"""Append-only audit log of reads and changes of clinical records.

Rows hold ids and actions, never content, so they can outlive a deleted
account. The database refuses UPDATE and DELETE on the table (triggers in the
migration) and the ORM refuses them too, so the log stays append-only even for
code that forgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, String, event, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from mindhaven.dbtypes import UTCDateTime, utcnow
from mindhaven.extensions import db

ACTIONS = ("read", "create", "update", "delete", "export")


class AuditLogError(RuntimeError):
    """Someone tried to change or remove an audit entry."""


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no foreign key: outlives accounts
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(64))
    subject_user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[str | None] = mapped_column(String(200))


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise AuditLogError("the audit log is append-only")


@dataclass(frozen=True)
class Actor:
    """Who did something: a user id and role, and where from."""

    user_id: int | None
    role: str
    ip_address: str | None = None


def record(
    session: Session,
    actor: Actor,
    action: str,
    record_type: str,
    record_id: object = None,
    subject_user_id: int | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add an audit entry to the session; it is written with the caller's commit."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEvent(
        actor_id=actor.user_id,
        actor_role=actor.role,
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
        subject_user_id=subject_user_id,
        ip_address=actor.ip_address,
        detail=(detail or None) and detail[:200],
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    page: int
    pages: int
    total: int


def search(
    session: Session,
    *,
    actor_id: int | None = None,
    subject_user_id: int | None = None,
    action: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    """Newest first, filtered; used by the admin view."""
    query = select(AuditEvent)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if subject_user_id is not None:
        query = query.where(AuditEvent.subject_user_id == subject_user_id)
    if action:
        query = query.where(AuditEvent.action == action)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    events = session.scalars(query.order_by(AuditEvent.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    return AuditPage(list(events), page, pages, total)


def events_about(session: Session, user_id: int) -> list[AuditEvent]:
    """Every entry whose subject is this user (for their data export)."""
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.subject_user_id == user_id).order_by(AuditEvent.id))
    )
