"""What a live session leaves behind: its state, per-second emotion aggregates, marked moments, chat, notes.

Frames are never stored: only per-second means of the seven probabilities and the share of frames with a face.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mindhaven.dbtypes import UTCDateTime, utcnow
from mindhaven.extensions import db
from mindhaven.security.encryption import EncryptedText


class LiveSession(db.Model):
    __tablename__ = "live_sessions"

    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    analysis: Mapped[str] = mapped_column(String(10), default="off")  # off | on | paused (set by the client)
    notes: Mapped[str] = mapped_column(EncryptedText, default="")  # the therapist's private session notes


class EmotionSecond(db.Model):
    """Mean probabilities over one second of analysed frames, and the share of those frames with a face."""

    __tablename__ = "emotion_seconds"
    __table_args__ = (UniqueConstraint("booking_id", "second", name="uq_emotion_second"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    second: Mapped[int] = mapped_column(Integer)  # Unix time, whole seconds
    frames: Mapped[int] = mapped_column(Integer)
    face_ratio: Mapped[float] = mapped_column(Float)
    angry: Mapped[float] = mapped_column(Float, default=0.0)
    disgust: Mapped[float] = mapped_column(Float, default=0.0)
    fear: Mapped[float] = mapped_column(Float, default=0.0)
    happy: Mapped[float] = mapped_column(Float, default=0.0)
    sad: Mapped[float] = mapped_column(Float, default=0.0)
    surprise: Mapped[float] = mapped_column(Float, default=0.0)
    neutral: Mapped[float] = mapped_column(Float, default=0.0)


class SessionMark(db.Model):
    """A moment the therapist marked during the session, with a short note (encrypted)."""

    __tablename__ = "session_marks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(EncryptedText, default="")


class ChatMessage(db.Model):
    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sender_role: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(EncryptedText)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
