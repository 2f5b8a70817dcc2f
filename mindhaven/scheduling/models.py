"""Availability, intake, bookings and what hangs off them (claims, reminders, notifications, calendar feeds).

No double booking is enforced by the database: a booking claims every 5-minute cell it covers, for the
therapist (session plus buffer) and for the client (session), and `booking_claims` has the primary key
(owner_id, cell). Two bookings that overlap for either person cannot both commit, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mindhaven.accounts.models import User
from mindhaven.dbtypes import UTCDateTime, utcnow
from mindhaven.extensions import db
from mindhaven.security.encryption import EncryptedText

CELL_MINUTES = 5


class AvailabilityWindow(db.Model):
    """A weekly recurring window in the therapist's own timezone (minutes after local midnight)."""

    __tablename__ = "availability_windows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)
    reduced_fee: Mapped[bool] = mapped_column(Boolean, default=False)


class DateOverride(db.Model):
    """Hours for one local date that replace the weekly windows; a row without times closes the day."""

    __tablename__ = "date_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    start_minute: Mapped[int | None] = mapped_column(Integer)
    end_minute: Mapped[int | None] = mapped_column(Integer)


class TimeOff(db.Model):
    __tablename__ = "time_off"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(200), default="")


class Intake(db.Model):
    """A client's answers to the intake questionnaire; the free text is encrypted at rest."""

    __tablename__ = "intakes"

    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    concerns: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    gender_preference: Mapped[str | None] = mapped_column(String(20))
    budget_minor: Mapped[int | None] = mapped_column(Integer)
    needs_reduced_fee: Mapped[bool] = mapped_column(Boolean, default=False)
    days: Mapped[list[int]] = mapped_column(JSON, default=list)
    times: Mapped[list[str]] = mapped_column(JSON, default=list)
    prior_therapy: Mapped[str] = mapped_column(String(20), default="no")
    notes: Mapped[str] = mapped_column(EncryptedText, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BookingStatus(StrEnum):
    BOOKED = "booked"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class FeeKind(StrEnum):
    STANDARD = "standard"
    REDUCED = "reduced"
    FREE_CONSULTATION = "free_consultation"


class Booking(db.Model):
    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=BookingStatus.BOOKED, index=True)
    fee_minor: Mapped[int] = mapped_column(Integer)
    fee_kind: Mapped[str] = mapped_column(String(20), default=FeeKind.STANDARD)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    late_cancellation: Mapped[bool] = mapped_column(Boolean, default=False)
    rescheduled_from_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="SET NULL"))

    therapist: Mapped[User] = relationship(foreign_keys=[therapist_id])
    client: Mapped[User] = relationship(foreign_keys=[client_id])

    @property
    def is_active(self) -> bool:
        return self.status == BookingStatus.BOOKED


class BookingClaim(db.Model):
    """One 5-minute cell of one person's time, held by one booking (see the module docstring)."""

    __tablename__ = "booking_claims"

    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    cell: Mapped[int] = mapped_column(Integer, primary_key=True)  # minutes since 1970-01-01 UTC / CELL_MINUTES
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)


class ReminderDelivery(db.Model):
    """Claimed before a reminder is sent; the unique key makes every reminder go out at most once."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("booking_id", "user_id", "kind", name="uq_reminder_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # "24h" or "1h"
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Notification(db.Model):
    """An in-app message (reminders, bookings changed by the other side)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CalendarFeed(db.Model):
    """A private calendar-feed token; only its sha256 is stored, and replacing the row revokes the old URL."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
