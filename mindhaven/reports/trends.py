"""A client's trends over time: session emotions, mood, PHQ-9 and GAD-7, journal sentiment and attendance.

`client_trends(session, client, viewer)` returns plain, JSON-ready data. Who sees what:

- the client sees everything of their own;
- their current therapist sees the clinical series (sessions, assessments, attendance) and only the journal
  entries and check-ins the client chose to share (`shared=True`).

Access (current client only, NotFound otherwise) and the audit log are the job of `open_trends`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.assessments.models import AssessmentResult
from mindhaven.live.models import EmotionSecond
from mindhaven.policy import client_visible_to
from mindhaven.reflect.models import JournalEntry, MoodCheckin
from mindhaven.reports.weeks import local_date, monday_of
from mindhaven.scheduling.models import Booking, BookingStatus
from mindhaven.security import audit

LABELS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")  # FER2013 order
# Lower bound of each severity band (published cut-offs); the charts draw them as horizontal lines.
BANDS = {
    "phq9": [(0, "minimal"), (5, "mild"), (10, "moderate"), (15, "moderately severe"), (20, "severe")],
    "gad7": [(0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")],
}
MAX_SCORE = {"phq9": 27, "gad7": 21}


def dominant_shares(rows: list[EmotionSecond]) -> dict[str, float]:
    """Share of seconds (with a face in view) whose strongest estimate was each label; {} without any."""
    counts = dict.fromkeys(LABELS, 0)
    total = 0
    for row in rows:
        if not row.face_ratio or row.face_ratio <= 0:
            continue  # no face: no estimate, not "neutral"
        label = max(LABELS, key=lambda name: getattr(row, name) or 0.0)
        counts[label] += 1
        total += 1
    if not total:
        return {}
    return {label: round(count / total, 4) for label, count in counts.items()}


def session_emotions(session: Session, client: User, start: datetime | None = None, end: datetime | None = None):
    """[{booking_id, day, seconds, shares}] for each of the client's sessions that has emotion estimates."""
    query = select(Booking).where(Booking.client_id == client.id, Booking.status == BookingStatus.COMPLETED)
    if start is not None:
        query = query.where(Booking.starts_at >= start)
    if end is not None:
        query = query.where(Booking.starts_at < end)
    bookings = list(session.scalars(query.order_by(Booking.starts_at, Booking.id)))
    by_booking: dict[int, list[EmotionSecond]] = defaultdict(list)
    if bookings:
        for row in session.scalars(select(EmotionSecond).where(EmotionSecond.booking_id.in_([b.id for b in bookings]))):
            by_booking[row.booking_id].append(row)
    result = []
    for booking in bookings:
        shares = dominant_shares(by_booking.get(booking.id, []))
        if shares:
            result.append(
                {
                    "booking_id": booking.id,
                    "day": local_date(booking.starts_at, client.timezone).isoformat(),
                    "seconds": sum(1 for row in by_booking[booking.id] if row.face_ratio > 0),
                    "shares": shares,
                }
            )
    return result


def _mine(viewer: User, client: User) -> bool:
    return viewer.id == client.id


def client_trends(session: Session, client: User, viewer: User) -> dict:
    """Every series for the trends page, filtered for `viewer` (the client, or their therapist)."""
    own = _mine(viewer, client)

    checkins = select(MoodCheckin).where(MoodCheckin.client_id == client.id)
    journal = select(JournalEntry).where(JournalEntry.client_id == client.id, JournalEntry.sentiment.is_not(None))
    if not own:
        checkins = checkins.where(MoodCheckin.shared.is_(True))
        journal = journal.where(JournalEntry.shared.is_(True))
    mood = [
        {"day": c.local_day.isoformat(), "mood": c.mood}
        for c in session.scalars(checkins.order_by(MoodCheckin.created_at, MoodCheckin.id))
    ]
    sentiment = [
        {"day": local_date(j.created_at, client.timezone).isoformat(), "sentiment": round(j.sentiment, 3)}
        for j in session.scalars(journal.order_by(JournalEntry.created_at, JournalEntry.id))
    ]

    assessments: dict[str, list[dict]] = {"phq9": [], "gad7": []}
    for result in session.scalars(
        select(AssessmentResult)
        .where(AssessmentResult.client_id == client.id)
        .order_by(AssessmentResult.created_at, AssessmentResult.id)
    ):
        if result.kind in assessments:
            assessments[result.kind].append(
                {
                    "day": local_date(result.created_at, client.timezone).isoformat(),
                    "score": result.score,
                    "band": result.band,
                }
            )

    return {
        "own": own,
        "mood": mood,
        "sentiment": sentiment,
        "phq9": assessments["phq9"],
        "gad7": assessments["gad7"],
        "bands": {kind: [{"from": low, "band": name} for low, name in bands] for kind, bands in BANDS.items()},
        "max_score": MAX_SCORE,
        "sessions": session_emotions(session, client),
        "attendance": attendance(session, client),
        "labels": list(LABELS),
    }


def attendance(session: Session, client: User) -> list[dict]:
    """Per week (Monday, client's timezone) with any past session: completed, cancelled and no-show counts."""
    weeks: dict[date, dict[str, int]] = {}
    for starts_at, status in session.execute(
        select(Booking.starts_at, Booking.status)
        .where(
            Booking.client_id == client.id,
            Booking.status.in_([BookingStatus.COMPLETED, BookingStatus.CANCELLED, BookingStatus.NO_SHOW]),
        )
        .order_by(Booking.starts_at)
    ):
        week = monday_of(local_date(starts_at, client.timezone))
        counts = weeks.setdefault(week, {"completed": 0, "cancelled": 0, "no_show": 0})
        counts[str(status)] += 1
    return [{"week": week.isoformat(), **counts} for week, counts in sorted(weeks.items())]


def open_trends(session: Session, viewer: User, actor: audit.Actor, client_id: int) -> tuple[User, dict]:
    """The trends of a client the viewer may see (themselves, or a current client); a therapist's read is logged."""
    client = client_visible_to(session, viewer, client_id)
    data = client_trends(session, client, viewer)
    if not _mine(viewer, client):
        audit.record(session, actor, "read", "client_trends", client.id, client.id)
        session.commit()
    return client, data
