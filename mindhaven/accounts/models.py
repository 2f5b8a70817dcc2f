"""Users, therapist profiles and password-reset tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mindhaven.dbtypes import UTCDateTime, utcnow
from mindhaven.extensions import db


class Role(StrEnum):
    CLIENT = "client"
    THERAPIST = "therapist"
    ADMIN = "admin"


class TherapistStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # A client's pseudonym, or a therapist's or admin's name.
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on password change: every older session cookie stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    therapist_profile: Mapped[TherapistProfile | None] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        uselist=False,
        foreign_keys="TherapistProfile.user_id",
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_therapist(self) -> bool:
        return self.role == Role.THERAPIST

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_verified_therapist(self) -> bool:
        profile = self.therapist_profile
        return self.is_therapist and profile is not None and profile.status == TherapistStatus.VERIFIED


class TherapistProfile(db.Model):
    __tablename__ = "therapist_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    licence_number: Mapped[str] = mapped_column(String(60))
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    approaches: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    gender: Mapped[str] = mapped_column(String(20), default="undisclosed")
    bio: Mapped[str] = mapped_column(Text, default="")
    fee_minor: Mapped[int] = mapped_column(Integer)  # per session, in the platform currency's minor unit
    # Sliding scale: the fee of the reduced-fee windows, offered to clients who declare need (None: none offered).
    reduced_fee_minor: Mapped[int | None] = mapped_column(Integer)
    free_consultation: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )  # first session free
    session_minutes: Mapped[int] = mapped_column(Integer, default=50, server_default="50")
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    max_caseload: Mapped[int] = mapped_column(Integer, default=25, server_default="25")
    status: Mapped[str] = mapped_column(String(20), default=TherapistStatus.PENDING, index=True)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_note: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User] = relationship(back_populates="therapist_profile", foreign_keys=[user_id])


class PasswordResetToken(db.Model):
    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; the token itself is only mailed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginThrottle(db.Model):
    """Wrong passwords in a row for one account from one network address.

    Locking the address rather than the account means a stranger who knows an email cannot lock its owner
    out; the address is stored only as a keyed hash (`services.login_source`).
    """

    __tablename__ = "login_throttles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
