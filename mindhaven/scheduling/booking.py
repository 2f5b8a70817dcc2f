"""Book, cancel, reschedule and close sessions. The database, not this code, has the last word on overlaps.

`book` checks the slot against the therapist's open slots (a friendly early answer), then inserts the booking
and its 5-minute claims in one transaction. If another request took the time in between, the claims' primary
key refuses the insert and the caller gets a Conflict (409). SQLite answers a writer that loses the race for the
write lock with "database is locked"; those attempts are retried from the start.

A repeated request is not a conflict: when the client already holds that very slot with that therapist (a double
tap on "Book this session", or a second tab), `book_idempotent` answers with the booking they hold, whether the
first request finished long ago or won the race a moment earlier. The same holds for moving a session.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Conflict, NotFound, ValidationFailed
from mindhaven.records.models import CareAssignment
from mindhaven.records.services import assign_therapist
from mindhaven.scheduling import availability
from mindhaven.scheduling.models import (
    CELL_MINUTES,
    Booking,
    BookingClaim,
    BookingStatus,
    FeeKind,
    Intake,
    Notification,
)
from mindhaven.scheduling.policy import cancellation_terms
from mindhaven.scheduling.slots import Slot
from mindhaven.security import audit

T = TypeVar("T")
TAKEN = "Sorry, that time was just booked by someone else. Please choose another slot."
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Outcome:
    """What a booking request did: `created` is False when the client already held the slot and nothing changed."""

    booking: Booking
    created: bool


def cells(start: datetime, end: datetime) -> range:
    """The 5-minute cells [start, end) covers (times are on the 5-minute grid)."""
    first = int((start - EPOCH).total_seconds() // 60) // CELL_MINUTES
    last = -(-int((end - EPOCH).total_seconds() // 60) // CELL_MINUTES)
    return range(first, last)


def _claims(booking: Booking, buffer_minutes: int) -> list[BookingClaim]:
    therapist_until = booking.ends_at + timedelta(minutes=buffer_minutes)
    return [
        BookingClaim(owner_id=booking.therapist_id, cell=c, booking_id=booking.id)
        for c in cells(booking.starts_at, therapist_until)
    ] + [
        BookingClaim(owner_id=booking.client_id, cell=c, booking_id=booking.id)
        for c in cells(booking.starts_at, booking.ends_at)
    ]


def _retry_when_locked(session: Session, attempt: Callable[[], T], tries: int = 8) -> T:
    for n in range(tries):
        try:
            return attempt()
        except OperationalError as error:
            session.rollback()
            if "locked" not in str(error).lower() or n == tries - 1:
                raise
            clock.sleep(0.02 * (n + 1))
    raise AssertionError("unreachable")


def verified_therapist(session: Session, therapist_id: int) -> User:
    therapist = session.get(User, therapist_id)
    if therapist is None or not therapist.active or not therapist.is_verified_therapist:
        raise NotFound("No such therapist.")
    return therapist


def current_therapist_id(session: Session, client: User) -> int | None:
    return session.scalar(
        select(CareAssignment.therapist_id).where(
            CareAssignment.client_id == client.id, CareAssignment.ended_at.is_(None)
        )
    )


def fee_for(session: Session, client: User, therapist: User, reduced_slot: bool) -> tuple[int, str]:
    profile = availability.profile_of(therapist)
    seen_before = session.scalar(
        select(
            exists().where(
                Booking.client_id == client.id,
                Booking.therapist_id == therapist.id,
                Booking.status != BookingStatus.CANCELLED,
            )
        )
    )
    if profile.free_consultation and not seen_before:
        return 0, FeeKind.FREE_CONSULTATION
    if reduced_slot and profile.reduced_fee_minor is not None:
        return profile.reduced_fee_minor, FeeKind.REDUCED
    return profile.fee_minor, FeeKind.STANDARD


def needs_reduced_fee(session: Session, client: User) -> bool:
    intake = session.get(Intake, client.id)
    return bool(intake and intake.needs_reduced_fee)


def bookable_slots(session: Session, client: User, therapist: User, now: datetime | None = None):
    """The therapist's open slots this client may book (reduced-fee ones only after declaring need)."""
    slots = availability.upcoming_slots(session, therapist, now)
    if needs_reduced_fee(session, client) and availability.profile_of(therapist).reduced_fee_minor is not None:
        return slots
    return [slot for slot in slots if not slot.reduced_fee]


def parse_start(value: str) -> datetime:
    try:
        start = datetime.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationFailed("Choose one of the times offered.", "start") from None
    if start.tzinfo is None:
        raise ValidationFailed("Choose one of the times offered.", "start")
    return availability.utc(start)


def held_slot(
    session: Session, client: User, therapist_id: int, start: datetime, moved_from_id: int | None = None
) -> Booking | None:
    """The client's own active booking with this therapist at exactly `start`, if they hold one.

    With `moved_from_id`, only the booking that moving that session made counts: moving one session onto the time
    of another one the client already has stays a conflict.
    """
    query = select(Booking).where(
        Booking.client_id == client.id,
        Booking.therapist_id == therapist_id,
        Booking.starts_at == start,
        Booking.status == BookingStatus.BOOKED,
    )
    if moved_from_id is not None:
        query = query.where(Booking.rescheduled_from_id == moved_from_id)
    return session.scalars(query.order_by(Booking.id).limit(1)).first()


def book(
    session: Session,
    actor: audit.Actor,
    client: User,
    therapist_id: int,
    start: datetime,
    now: datetime | None = None,
    rescheduled_from: Booking | None = None,
) -> Booking:
    """Book the slot starting at `start`; makes the therapist the client's therapist if they were not."""
    return book_idempotent(session, actor, client, therapist_id, start, now, rescheduled_from).booking


def book_idempotent(
    session: Session,
    actor: audit.Actor,
    client: User,
    therapist_id: int,
    start: datetime,
    now: datetime | None = None,
    rescheduled_from: Booking | None = None,
) -> Outcome:
    """Book the slot, or find the booking of it the client already holds (a repeated request: `created` False)."""
    now = now or utcnow()
    moved_from_id = rescheduled_from.id if rescheduled_from is not None else None

    def attempt() -> Outcome:
        held = held_slot(session, client, therapist_id, start, moved_from_id)
        if held is not None:
            return Outcome(held, False)
        therapist = verified_therapist(session, therapist_id)
        slot = next((s for s in bookable_slots(session, client, therapist, now) if s.start == start), None)
        if slot is None:
            raise Conflict("That time is no longer open. Please choose another slot.")
        fee, kind = fee_for(session, client, therapist, slot.reduced_fee)
        try:
            booking = _insert(session, actor, client, therapist, slot, fee, kind, now, rescheduled_from)
            session.commit()
        except IntegrityError:  # at a flush or the commit: the claims, or the client's first care assignment
            session.rollback()
            held = held_slot(session, client, therapist_id, start, moved_from_id)
            if held is not None:  # this client's own earlier request won the race: that booking is theirs
                return Outcome(held, False)
            raise Conflict(TAKEN) from None
        return Outcome(booking, True)

    return _retry_when_locked(session, attempt)


def _insert(
    session: Session,
    actor: audit.Actor,
    client: User,
    therapist: User,
    slot: Slot,
    fee: int,
    kind: str,
    now: datetime,
    rescheduled_from: Booking | None,
) -> Booking:
    """The booking, its claims and what goes with it, not yet committed."""
    if current_therapist_id(session, client) != therapist.id:
        switch_therapist(session, actor, client, therapist, now)
    booking = Booking(
        therapist_id=therapist.id,
        client_id=client.id,
        starts_at=slot.start,
        ends_at=slot.end,
        fee_minor=fee,
        fee_kind=kind,
        created_at=now,
        rescheduled_from_id=rescheduled_from.id if rescheduled_from is not None else None,
    )
    session.add(booking)
    session.flush()
    session.add_all(_claims(booking, availability.profile_of(therapist).buffer_minutes))
    if rescheduled_from is not None:
        _release(session, rescheduled_from, client, now, "Moved to a new time", late=False)
    notify(session, therapist, f"New session booked for {when(slot.start, therapist)}.", booking)
    audit.record(session, actor, "create", "booking", booking.id, client.id, f"therapist={therapist.id}")
    return booking


def switch_therapist(session: Session, actor: audit.Actor, client: User, therapist: User, now: datetime) -> None:
    """Assign the new therapist; upcoming sessions with the previous one are cancelled free of charge."""
    previous_id = current_therapist_id(session, client)
    assign_therapist(session, actor, client, therapist, now, commit=False)
    if previous_id is None or previous_id == therapist.id:
        return
    previous = session.get(User, previous_id)
    for booking in session.scalars(
        select(Booking).where(
            Booking.client_id == client.id,
            Booking.therapist_id == previous_id,
            Booking.status == BookingStatus.BOOKED,
            Booking.starts_at > now,
        )
    ):
        _release(session, booking, client, now, "The client moved to another therapist", late=False)
        notify(
            session, previous, f"A client moved to another therapist; {when(booking.starts_at, previous)} is cancelled."
        )
        notify(
            session,
            client,
            f"Your session on {when(booking.starts_at, client)} with your previous therapist is cancelled.",
        )


def cancel_upcoming_of_therapist(session: Session, therapist: User, now: datetime, reason: str) -> int:
    """Cancel every session the therapist still has ahead, free of charge, and tell each client; returns how many."""
    upcoming = session.scalars(
        select(Booking).where(
            Booking.therapist_id == therapist.id, Booking.status == BookingStatus.BOOKED, Booking.starts_at > now
        )
    ).all()
    for booking in upcoming:
        client = session.get(User, booking.client_id)
        _release(session, booking, therapist, now, reason, late=False)
        if client is not None:
            notify(session, client, f"Your session on {when(booking.starts_at, client)} is cancelled: {reason}.")
    return len(upcoming)


def _release(session: Session, booking: Booking, by: User, now: datetime, reason: str, late: bool) -> None:
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at, booking.cancelled_by_id = now, by.id
    booking.cancel_reason, booking.late_cancellation = reason[:300], late
    session.execute(delete(BookingClaim).where(BookingClaim.booking_id == booking.id))


def booking_for(session: Session, user: User, booking_id: int) -> Booking:
    """A booking its client or therapist may see; anyone else gets NotFound."""
    booking = session.get(Booking, booking_id)
    if booking is None or user.id not in (booking.client_id, booking.therapist_id):
        raise NotFound("No such session.")
    return booking


def cancel(
    session: Session, actor: audit.Actor, user: User, booking_id: int, reason: str, money: Callable[[int], str]
) -> Booking:
    now = utcnow()
    booking = booking_for(session, user, booking_id)
    if booking.status != BookingStatus.BOOKED:
        raise Conflict("This session is not booked any more.")
    by_therapist = user.id == booking.therapist_id
    terms = cancellation_terms(
        booking.starts_at, now, by_therapist, money(booking.fee_minor), free=booking.fee_minor == 0
    )
    if not terms.allowed:
        raise Conflict(terms.message)
    _release(session, booking, user, now, (reason or "").strip() or "Cancelled", late=terms.late)
    other = booking.client if by_therapist else booking.therapist
    who = "Your therapist" if by_therapist else "Your client"
    notify(session, other, f"{who} cancelled the session on {when(booking.starts_at, other)}.", booking)
    audit.record(session, actor, "update", "booking", booking.id, booking.client_id, "cancelled")
    _retry_when_locked(session, lambda: session.commit())
    return booking


def reschedule(session: Session, actor: audit.Actor, client: User, booking_id: int, start: datetime) -> Booking:
    return reschedule_idempotent(session, actor, client, booking_id, start).booking


def reschedule_idempotent(
    session: Session, actor: audit.Actor, client: User, booking_id: int, start: datetime
) -> Outcome:
    """Move a session to `start`; a repeated request for the same move answers with the booking it made."""
    booking = booking_for(session, client, booking_id)
    if booking.client_id != client.id:
        raise NotFound("No such session.")
    if booking.status != BookingStatus.BOOKED:
        moved = held_slot(session, client, booking.therapist_id, start, moved_from_id=booking.id)
        if moved is not None:
            return Outcome(moved, False)
        raise Conflict("This session is not booked any more.")
    terms = cancellation_terms(booking.starts_at, utcnow(), False, "")
    if not terms.can_reschedule:
        raise Conflict(terms.message)
    return book_idempotent(session, actor, client, booking.therapist_id, start, rescheduled_from=booking)


def close(session: Session, actor: audit.Actor, therapist: User, booking_id: int, outcome: str) -> Booking:
    """The therapist records how a session ended: completed or no-show (only once it has started)."""
    booking = booking_for(session, therapist, booking_id)
    if booking.therapist_id != therapist.id:
        raise NotFound("No such session.")
    if outcome not in (BookingStatus.COMPLETED, BookingStatus.NO_SHOW):
        raise ValidationFailed("Mark the session as completed or as a no-show.", "outcome")
    if booking.status != BookingStatus.BOOKED:
        raise Conflict("This session was already closed or cancelled.")
    if utcnow() < booking.starts_at:
        raise Conflict("A session can be marked once it has started.")
    booking.status = outcome
    audit.record(session, actor, "update", "booking", booking.id, booking.client_id, outcome)
    session.commit()
    return booking


def upcoming(session: Session, user: User, now: datetime | None = None, limit: int = 50) -> list[Booking]:
    now = now or utcnow()
    side = Booking.therapist_id if user.is_therapist else Booking.client_id
    return list(
        session.scalars(
            select(Booking)
            .where(side == user.id, Booking.status == BookingStatus.BOOKED, Booking.ends_at > now)
            .order_by(Booking.starts_at)
            .limit(limit)
        )
    )


def past(session: Session, user: User, now: datetime | None = None, limit: int = 50) -> list[Booking]:
    now = now or utcnow()
    side = Booking.therapist_id if user.is_therapist else Booking.client_id
    return list(
        session.scalars(
            select(Booking)
            .where(side == user.id, (Booking.ends_at <= now) | (Booking.status != BookingStatus.BOOKED))
            .order_by(Booking.starts_at.desc())
            .limit(limit)
        )
    )


def notify(session: Session, recipient: User, message: str, booking: Booking | None = None) -> None:
    link = f"/sessions/{booking.id}" if booking is not None and booking.id else None
    session.add(Notification(user_id=recipient.id, message=message, link=link))


def when(moment: datetime, viewer: User) -> str:
    """A moment in the viewer's own timezone, e.g. 'Tue 01 Dec 2026, 18:30 (Asia/Kolkata)'."""
    return moment.astimezone(ZoneInfo(viewer.timezone)).strftime("%a %d %b %Y, %H:%M") + f" ({viewer.timezone})"
