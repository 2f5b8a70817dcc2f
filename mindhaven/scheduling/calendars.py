"""Sessions as iCalendar (.ics): one booking's file, and each user's private calendar feed.

Privacy: a calendar leaves the platform (phones, Google, Outlook, shared family calendars), so an event says
only "MindHaven session" and links to the session page. No names, no pseudonyms, no fees, nothing clinical:
who the session is with is visible only after signing in.

The feed is a secret URL that calendar apps poll without a login. Only the SHA-256 of its token is stored, so
a copy of the database cannot be used to read anyone's calendar; replacing the token revokes the old URL.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Conflict, NotFound
from mindhaven.scheduling.models import Booking, BookingStatus, CalendarFeed

PRODID = "-//MindHaven//Sessions//EN"
SUMMARY = "MindHaven session"
MIMETYPE = "text/calendar"
FEED_HISTORY = timedelta(days=30)  # past sessions, and cancellations, stay in the feed this long
FEED_REFRESH = timedelta(hours=1)  # a hint to calendar apps; many poll less often whatever it says


def uid(booking: Booking) -> str:
    return f"booking-{booking.id}@mindhaven"


def session_link(booking: Booking, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/sessions/{booking.id}"


def filename(booking: Booking) -> str:
    return f"mindhaven-session-{booking.id}.ics"


def _calendar(name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _event(booking: Booking, base_url: str, stamp: datetime) -> Event:
    cancelled = booking.status == BookingStatus.CANCELLED
    link = session_link(booking, base_url)
    event = Event()
    event.add("uid", uid(booking))
    event.add("dtstamp", stamp)
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", SUMMARY)
    event.add("description", f"Join or manage this session on MindHaven: {link}")
    event.add("url", link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A booking changes once at most (booked -> cancelled; moving a session makes a new booking), so the
    # cancellation is revision 1: calendar apps then replace the event they already have.
    event.add("sequence", 1 if cancelled else 0)
    return event


def booking_ics(booking: Booking, viewer: User, base_url: str, now: datetime | None = None) -> bytes:
    """The booking as a one-event calendar file, for its client or therapist (anyone else: NotFound)."""
    if viewer.id not in (booking.client_id, booking.therapist_id):
        raise NotFound("No such session.")
    calendar = _calendar()
    calendar.add_component(_event(booking, base_url, now or utcnow()))
    return calendar.to_ical()


# The private feed ---------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(session: Session, user: User) -> CalendarFeed | None:
    return session.get(CalendarFeed, user.id)


def create_feed(session: Session, user: User, now: datetime | None = None) -> str:
    """A new feed token for the user (shown once); any earlier feed URL stops working."""
    token = secrets.token_urlsafe(32)
    feed = feed_of(session, user)
    if feed is None:
        session.add(CalendarFeed(user_id=user.id, token_hash=_hash(token), created_at=now or utcnow()))
    else:
        feed.token_hash, feed.created_at = _hash(token), now or utcnow()
    try:
        session.commit()
    except IntegrityError:  # the same user, twice at once (two tabs): one wins
        session.rollback()
        raise Conflict("Your calendar address was just changed in another window. Reload the page.") from None
    return token


def revoke_feed(session: Session, user: User) -> bool:
    """Delete the user's feed; True if there was one."""
    removed = session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id)).rowcount
    session.commit()
    return bool(removed)


def feed_owner(session: Session, token: str) -> User:
    """The user whose feed this token opens; NotFound for unknown or revoked tokens."""
    user = session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == _hash(token or ""))
    )
    if user is None or not user.active:
        raise NotFound("This calendar address does not work any more. Create a new one in MindHaven.")
    return user


def feed_bookings(session: Session, user: User, now: datetime) -> list[Booking]:
    """Sessions from 30 days ago on, plus sessions cancelled in the last 30 days (so apps remove them)."""
    since = now - FEED_HISTORY
    kept = (Booking.status != BookingStatus.CANCELLED) & (Booking.starts_at >= since)
    recently_cancelled = (Booking.status == BookingStatus.CANCELLED) & (Booking.cancelled_at >= since)
    return list(
        session.scalars(
            select(Booking)
            .where(or_(Booking.client_id == user.id, Booking.therapist_id == user.id), kept | recently_cancelled)
            .order_by(Booking.starts_at, Booking.id)
        )
    )


def feed_ics(session: Session, user: User, base_url: str, now: datetime | None = None) -> bytes:
    now = now or utcnow()
    calendar = _calendar("MindHaven sessions")
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    calendar.add("x-published-ttl", "PT1H")  # the same hint for Outlook and older Apple apps
    for booking in feed_bookings(session, user, now):
        calendar.add_component(_event(booking, base_url, now))
    return calendar.to_ical()
