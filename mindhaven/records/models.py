"""Who cares for whom, and the therapist's private notes (encrypted at rest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mindhaven.accounts.models import User
from mindhaven.dbtypes import UTCDateTime, utcnow
from mindhaven.extensions import db
from mindhaven.security.encryption import EncryptedText


class CareAssignment(db.Model):
    """A client's therapist over a period; at most one open assignment per client."""

    __tablename__ = "care_assignments"
    __table_args__ = (
        Index(
            "uq_care_assignments_open_client",
            "client_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    client: Mapped[User] = relationship(foreign_keys=[client_id])
    therapist: Mapped[User] = relationship(foreign_keys=[therapist_id])


class ClinicalNote(db.Model):
    """A therapist's private process note about a client.

    Notes are append-only (corrections are new notes). When a client deletes
    their account the note stays in the therapist's record, detached from the
    account and labelled with `client_alias` (see docs/privacy.md).
    """

    __tablename__ = "clinical_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    client_alias: Mapped[str | None] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
