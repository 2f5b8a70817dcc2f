"""Journal entries and mood check-ins. Text is encrypted at rest; the client decides per entry who may read it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mindhaven.dbtypes import UTCDateTime, utcnow
from mindhaven.extensions import db
from mindhaven.security.encryption import EncryptedText


class JournalEntry(db.Model):
    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="free")  # free | prompt | thought_record
    prompt: Mapped[str | None] = mapped_column(String(300))
    # Free text, or for a thought record a JSON document of its fields; encrypted either way.
    body: Mapped[str] = mapped_column(EncryptedText)
    sentiment: Mapped[float | None] = mapped_column(Float)  # VADER compound score, -1..1
    shared: Mapped[bool] = mapped_column(Boolean, default=False)  # may the client's therapist read it?
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MoodCheckin(db.Model):
    __tablename__ = "mood_checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mood: Mapped[int] = mapped_column(Integer)  # 0 (very low) .. 10 (very good)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(EncryptedText, default="")
    sentiment: Mapped[float | None] = mapped_column(Float)
    shared: Mapped[bool] = mapped_column(Boolean, default=True)
    local_day: Mapped[date] = mapped_column(Date)  # the client's own calendar day, for streaks
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
