"""Session emails and in-app notifications: booking confirmations, and the reminder job.

Reminders go out 24 hours and 1 hour before each booked session, to the client and to the therapist, by email
and as an in-app notification. The job may run in several threads or processes at once (every web process can
run the in-process scheduler, and `mindhaven worker` may run too), so each reminder is first *claimed*: a
`reminder_deliveries` row is inserted and committed, and its unique key (booking, user, kind) lets exactly one
claimer win. Only the winner sends. A failed send deletes the claim, so a later run tries again; a process that
dies between claiming and sending leaves the claim behind, and that reminder is skipped rather than ever sent
twice.

Emails are plain, kind and pseudonymous: when, with whom, and a link. Never anything clinical.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import render_template
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from mindhaven.accounts.models import User
from mindhaven.dbtypes import utcnow
from mindhaven.mail import MailError, send_email
from mindhaven.scheduling import calendars
from mindhaven.scheduling.booking import _retry_when_locked, notify, when
from mindhaven.scheduling.models import Booking, BookingStatus, Notification, ReminderDelivery
from mindhaven.scheduling.policy import cancellation_terms

log = logging.getLogger(__name__)

# Each reminder kind and how long before the session it opens. A kind stays due until the next (shorter) one
# opens, so at any moment at most one kind is due for a booking.
LEADS: dict[str, timedelta] = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}
DEV_BASE_URL = "http://127.0.0.1:5000"


# The rule -----------------------------------------------------------------


def is_due(kind: str, starts_at: datetime, created_at: datetime, status: str, now: datetime) -> bool:
    """Whether the `kind` reminder of a session is due at `now`.

    The 24h reminder is due from start-24h until start-1h, the 1h reminder from start-1h until the start; each
    only for sessions still booked, and only if the booking existed when the reminder opened (someone who books
    20 hours ahead has just had the confirmation and gets no "tomorrow" reminder).
    """
    if status != BookingStatus.BOOKED:
        return False
    lead = LEADS[kind]
    opens = starts_at - lead
    closes = starts_at - max((other for other in LEADS.values() if other < lead), default=timedelta(0))
    return created_at <= opens <= now < closes


def due_kind(starts_at: datetime, created_at: datetime, status: str, now: datetime) -> str | None:
    return next((kind for kind in LEADS if is_due(kind, starts_at, created_at, status, now)), None)


# The job ------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    booking_id: int
    user_id: int
    kind: str


def due_reminders(session: Session, now: datetime) -> list[Due]:
    """Every (booking, person, kind) due at `now` that nobody has claimed yet."""
    bookings = session.scalars(
        select(Booking)
        .options(selectinload(Booking.client), selectinload(Booking.therapist))
        .where(
            Booking.status == BookingStatus.BOOKED,
            Booking.starts_at > now,
            Booking.starts_at <= now + max(LEADS.values()),
        )
        .order_by(Booking.starts_at, Booking.id)
    ).all()
    claimed = {
        tuple(row)
        for row in session.execute(
            select(ReminderDelivery.booking_id, ReminderDelivery.user_id, ReminderDelivery.kind).where(
                ReminderDelivery.booking_id.in_([b.id for b in bookings])
            )
        )
    }
    due = []
    for booking in bookings:
        kind = due_kind(booking.starts_at, booking.created_at, booking.status, now)
        if kind is None:
            continue
        for person in (booking.client, booking.therapist):
            if person.active and (booking.id, person.id, kind) not in claimed:
                due.append(Due(booking.id, person.id, kind))
    return due


def run_reminders(session: Session, config: Mapping, now: datetime | None = None) -> int:
    """Send every reminder due at `now`, each exactly once across all runners; returns how many this run sent."""
    now = now or utcnow()
    base = base_url(config)
    due = due_reminders(session, now)
    session.rollback()  # end the read transaction: every claim below is its own short write transaction
    sent = 0
    for item in due:
        claim_id = _claim(session, item)
        if claim_id is None:
            continue  # another runner has it
        booking = session.get(Booking, item.booking_id)
        person = session.get(User, item.user_id)
        if booking is None or person is None or booking.status != BookingStatus.BOOKED:
            _unclaim(session, claim_id)  # cancelled in the meantime
            continue
        subject, body = reminder_email(booking, person, item.kind, base)
        try:
            send_email(config, person.email, subject, body)
        except MailError:
            log.exception("reminder %s for booking %s to user %s failed; will retry", item.kind, booking.id, person.id)
            _unclaim(session, claim_id)
            continue
        _mark_sent(session, claim_id, booking, person, item.kind)
        sent += 1
    return sent


def _claim(session: Session, item: Due) -> int | None:
    """Insert and commit the claim; None when another runner claimed it first."""

    def attempt() -> int | None:
        claim = ReminderDelivery(booking_id=item.booking_id, user_id=item.user_id, kind=item.kind, claimed_at=utcnow())
        session.add(claim)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return None
        return claim.id

    return _retry_when_locked(session, attempt)


def _unclaim(session: Session, claim_id: int) -> None:
    def attempt() -> None:
        session.execute(delete(ReminderDelivery).where(ReminderDelivery.id == claim_id))
        session.commit()

    _retry_when_locked(session, attempt)


def _mark_sent(session: Session, claim_id: int, booking: Booking, person: User, kind: str) -> None:
    def attempt() -> None:
        session.execute(update(ReminderDelivery).where(ReminderDelivery.id == claim_id).values(sent_at=utcnow()))
        notify(session, person, reminder_notice(booking, person, kind), booking)
        session.commit()

    _retry_when_locked(session, attempt)


# Email text ---------------------------------------------------------------


def base_url(config: Mapping) -> str:
    """The public address for links in emails (BASE_URL; the development server's address without it)."""
    return (config.get("BASE_URL") or DEV_BASE_URL).rstrip("/")


def _other(booking: Booking, person: User) -> str:
    """Who the session is with, as this person knows them: the therapist's name, or the client's pseudonym."""
    return booking.therapist.display_name if person.id == booking.client_id else booking.client.display_name


def coming_reminders(booking: Booking) -> str:
    """'a day before and an hour before': the reminders this booking will get, in words."""
    words = {"24h": "a day before", "1h": "an hour before"}
    return " and ".join(words[kind] for kind, lead in LEADS.items() if booking.created_at <= booking.starts_at - lead)


def reminder_notice(booking: Booking, person: User, kind: str) -> str:
    moment = when(booking.starts_at, person)
    if kind == "1h":
        return f"Your session with {_other(booking, person)} starts soon: {moment}."
    return f"Reminder: your session with {_other(booking, person)} is on {moment}."


def reminder_email(booking: Booking, person: User, kind: str, base: str) -> tuple[str, str]:
    subject = "Your MindHaven session starts soon" if kind == "1h" else "Reminder: your MindHaven session"
    body = render_template(
        "email/reminder.txt",
        person=person,
        kind=kind,
        is_client=person.id == booking.client_id,
        other=_other(booking, person),
        when=when(booking.starts_at, person),
        minutes=int((booking.ends_at - booking.starts_at).total_seconds() // 60),
        link=calendars.session_link(booking, base),
        crisis_link=f"{base}/help/crisis",
    )
    return subject, body


def send_booking_confirmation(session: Session, config: Mapping, booking: Booking, base_url: str) -> int:
    """Email the client and the therapist that the session is booked, with its .ics attached.

    Call it after the booking is committed. A mail failure is logged and never undoes the booking; returns how
    many of the two emails went out.
    """
    sent = 0
    now = utcnow()
    base = base_url.rstrip("/")
    for person in (booking.client, booking.therapist):
        if not person.active:
            continue
        is_client = person.id == booking.client_id
        terms = cancellation_terms(booking.starts_at, now, by_therapist=False, fee="")
        body = render_template(
            "email/booking_confirmed.txt",
            person=person,
            is_client=is_client,
            moved=booking.rescheduled_from_id is not None,
            other=_other(booking, person),
            when=when(booking.starts_at, person),
            minutes=int((booking.ends_at - booking.starts_at).total_seconds() // 60),
            link=calendars.session_link(booking, base),
            free_cancellation=terms.allowed and not terms.late,
            reminders=coming_reminders(booking),
        )
        attachment = (calendars.filename(booking), calendars.MIMETYPE, calendars.booking_ics(booking, person, base))
        try:
            send_email(config, person.email, "Your MindHaven session is booked", body, [attachment])
        except MailError:
            log.exception("booking confirmation for booking %s to user %s failed", booking.id, person.id)
            continue
        sent += 1
    return sent


# In-app notifications -----------------------------------------------------


def notifications_for(session: Session, user: User, limit: int = 100) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(session: Session, user: User) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


def mark_all_read(session: Session, user: User, now: datetime | None = None) -> int:
    changed = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
    ).rowcount
    session.commit()
    return changed
