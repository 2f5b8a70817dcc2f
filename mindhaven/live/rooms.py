"""Who may be in a session's room, and when: its client and therapist, from 10 minutes before until the end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Conflict, Forbidden, NotFound
from mindhaven.ids import MAX_ID
from mindhaven.live.models import LiveSession
from mindhaven.scheduling.models import Booking, BookingStatus

OPENS_BEFORE = timedelta(minutes=10)


@dataclass(frozen=True)
class Room:
    booking: Booking
    role: str  # "client" or "therapist"
    live: LiveSession | None

    @property
    def name(self) -> str:
        return room_name(self.booking.id)

    @property
    def other(self) -> User:
        return self.booking.therapist if self.role == "client" else self.booking.client


def room_name(booking_id: int) -> str:
    return f"booking-{booking_id}"


def member_role(booking: Booking, user: User) -> str | None:
    if user.id == booking.client_id:
        return "client"
    if user.id == booking.therapist_id:
        return "therapist"
    return None


def is_open(booking: Booking, now: datetime | None = None) -> bool:
    """Whether the room of a booked session can be entered now (for the Join buttons)."""
    now = now or utcnow()
    return booking.status == BookingStatus.BOOKED and booking.starts_at - OPENS_BEFORE <= now < booking.ends_at


def open_room(session: Session, user: User, booking_id: object, now: datetime | None = None) -> Room:
    """The room, if this user may be in it now; otherwise a clear refusal (NotFound hides others' sessions)."""
    if not isinstance(booking_id, int) or isinstance(booking_id, bool) or not 0 <= booking_id <= MAX_ID:
        raise NotFound("No such session.")  # a huge id cannot exist (and would overflow the database's integer)
    booking = session.get(Booking, booking_id)
    role = member_role(booking, user) if booking is not None and user.is_authenticated else None
    if booking is None or role is None:
        raise NotFound("No such session.")
    live = session.get(LiveSession, booking.id)
    now = now or utcnow()
    if booking.status == BookingStatus.CANCELLED:
        raise Conflict("This session was cancelled.")
    if (live is not None and live.ended_at is not None) or booking.status != BookingStatus.BOOKED:
        raise Conflict("This session has ended.")
    if now < booking.starts_at - OPENS_BEFORE:
        raise Forbidden("The room opens 10 minutes before the session starts.")
    if now >= booking.ends_at:
        raise Conflict("This session has ended.")
    return Room(booking, role, live)


def start(session: Session, room: Room) -> LiveSession:
    live = room.live or session.get(LiveSession, room.booking.id)
    if live is None:
        booking_id = room.booking.id
        live = LiveSession(booking_id=booking_id)
        session.add(live)
        try:
            session.flush()
        except IntegrityError:  # the other member joined at the same moment and started it: use theirs
            session.rollback()
            live = session.get(LiveSession, booking_id)
    return live
