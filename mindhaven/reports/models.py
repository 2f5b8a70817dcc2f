"""Treatment goals with progress notes, and the record of weekly reports already produced (so reruns add none)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mindhaven.dbtypes import UTCDateTime, utcnow
from mindhaven.extensions import db
from mindhaven.security.encryption import EncryptedText


class TreatmentGoal(db.Model):
    __tablename__ = "treatment_goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(EncryptedText)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | achieved | set_aside
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GoalProgress(db.Model):
    __tablename__ = "goal_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("treatment_goals.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int | None] = mapped_column(Integer)  # 0..10, how far along
    note: Mapped[str] = mapped_column(EncryptedText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WeeklyReport(db.Model):
    """One row per client (or therapist digest) and week: the report exists once, however often the job runs."""

    __tablename__ = "weekly_reports"
    __table_args__ = (UniqueConstraint("user_id", "kind", "week_start", name="uq_weekly_report_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # client | digest
    week_start: Mapped[date] = mapped_column(Date)  # Monday, in the user's timezone
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
