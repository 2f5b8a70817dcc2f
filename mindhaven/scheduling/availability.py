"""A therapist's availability: editing it, and turning the stored rows into a `slots.Schedule`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import TherapistProfile, User
from mindhaven.dbtypes import utcnow
from mindhaven.errors import NotFound, ValidationFailed
from mindhaven.scheduling.models import AvailabilityWindow, Booking, BookingStatus, DateOverride, TimeOff
from mindhaven.scheduling.slots import Interval, Schedule, Slot, WeeklyWindow, open_slots

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SESSION_LENGTHS = (30, 45, 50, 60, 75, 90)
BUFFERS = (0, 5, 10, 15, 20, 30)
BOOKING_HORIZON = timedelta(days=14)
MAX_WINDOWS = 40
MAX_FEE_MINOR = 100_000_00  # the same ceiling as the therapist application


def minute_of(value: str, field: str) -> int:
    """'09:30' -> 570, on a 5-minute grid (bookings claim 5-minute cells)."""
    try:
        parsed = time.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        raise ValidationFailed("Give a time as HH:MM, for example 09:30.", field) from None
    minutes = parsed.hour * 60 + parsed.minute
    if parsed.second or minutes % 5:
        raise ValidationFailed("Times must be on a 5-minute step, for example 09:30 or 09:35.", field)
    return minutes


def wall(minutes: int) -> time:
    return time(minutes // 60, minutes % 60) if minutes < 24 * 60 else time(23, 59)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _check_range(start: int, end: int) -> None:
    if end <= start:
        raise ValidationFailed("The end time must be after the start time.", "end")


def profile_of(therapist: User) -> TherapistProfile:
    if therapist.therapist_profile is None:
        raise NotFound("No such therapist.")
    return therapist.therapist_profile


def update_settings(
    session: Session,
    therapist: User,
    *,
    session_minutes: int,
    buffer_minutes: int,
    fee_minor: int,
    reduced_fee_minor: int | None,
    free_consultation: bool,
    max_caseload: int,
) -> None:
    profile = profile_of(therapist)
    if session_minutes not in SESSION_LENGTHS:
        choices = ", ".join(map(str, SESSION_LENGTHS))
        raise ValidationFailed(f"Session length must be one of {choices} minutes.", "session_minutes")
    if buffer_minutes not in BUFFERS:
        raise ValidationFailed(f"The buffer must be one of {', '.join(map(str, BUFFERS))} minutes.", "buffer")
    if not 0 < fee_minor <= MAX_FEE_MINOR:
        raise ValidationFailed(f"Give a standard fee above zero and at most {MAX_FEE_MINOR // 100:,}.", "fee")
    if reduced_fee_minor is not None and not 0 <= reduced_fee_minor < fee_minor:
        raise ValidationFailed("The reduced fee must be lower than the standard fee.", "reduced_fee")
    if not 1 <= max_caseload <= 200:
        raise ValidationFailed("The caseload limit must be between 1 and 200 clients.", "max_caseload")
    profile.session_minutes, profile.buffer_minutes = session_minutes, buffer_minutes
    profile.fee_minor, profile.reduced_fee_minor = fee_minor, reduced_fee_minor
    profile.free_consultation, profile.max_caseload = free_consultation, max_caseload
    session.commit()


def add_window(session: Session, therapist: User, weekday: int, start: str, end: str, reduced_fee: bool) -> None:
    if weekday not in range(7):
        raise ValidationFailed("Choose a day of the week.", "weekday")
    first, last = minute_of(start, "start"), minute_of(end, "end")
    _check_range(first, last)
    windows = weekly_windows(session, therapist)
    if len(windows) >= MAX_WINDOWS:
        raise ValidationFailed(f"At most {MAX_WINDOWS} weekly windows.")
    for window in windows:
        if window.weekday == weekday and window.start_minute < last and first < window.end_minute:
            hours = f"{clock(window.start_minute)}-{clock(window.end_minute)}"
            raise ValidationFailed(f"That overlaps your {WEEKDAYS[weekday]} hours {hours}.", "start")
    session.add(
        AvailabilityWindow(
            therapist_id=therapist.id, weekday=weekday, start_minute=first, end_minute=last, reduced_fee=reduced_fee
        )
    )
    session.commit()


def add_override(session: Session, therapist: User, day: str, start: str, end: str) -> None:
    """Hours for one date instead of the weekly ones; no times given = closed that day."""
    try:
        when = date.fromisoformat(day.strip())
    except (AttributeError, ValueError):
        raise ValidationFailed("Give the date as YYYY-MM-DD.", "day") from None
    if start.strip() or end.strip():
        first, last = minute_of(start, "start"), minute_of(end, "end")
        _check_range(first, last)
    else:
        first = last = None
        session.execute(delete(DateOverride).where(DateOverride.therapist_id == therapist.id, DateOverride.day == when))
    session.add(DateOverride(therapist_id=therapist.id, day=when, start_minute=first, end_minute=last))
    session.commit()


def add_time_off(session: Session, therapist: User, starts: str, ends: str, note: str, zone) -> None:
    """Time off between two local date-times (the therapist's timezone)."""
    try:
        first = datetime.fromisoformat(starts.strip()).replace(tzinfo=zone)
        last = datetime.fromisoformat(ends.strip()).replace(tzinfo=zone)
    except (AttributeError, ValueError):
        raise ValidationFailed("Give start and end as date and time, for example 2026-12-24T00:00.", "starts") from None
    if last <= first:
        raise ValidationFailed("Time off must end after it starts.", "ends")
    if last - first > timedelta(days=366):
        raise ValidationFailed("Time off can span at most a year.", "ends")
    session.add(
        TimeOff(therapist_id=therapist.id, starts_at=utc(first), ends_at=utc(last), note=(note or "").strip()[:200])
    )
    session.commit()


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def remove(session: Session, therapist: User, kind: str, row_id: int) -> None:
    model = {"window": AvailabilityWindow, "override": DateOverride, "time_off": TimeOff}.get(kind)
    if model is None:
        raise NotFound("Nothing to remove.")
    row = session.get(model, row_id)
    if row is None or row.therapist_id != therapist.id:
        raise NotFound("Nothing to remove.")
    session.delete(row)
    session.commit()


def weekly_windows(session: Session, therapist: User) -> list[AvailabilityWindow]:
    return list(
        session.scalars(
            select(AvailabilityWindow)
            .where(AvailabilityWindow.therapist_id == therapist.id)
            .order_by(AvailabilityWindow.weekday, AvailabilityWindow.start_minute)
        )
    )


def overrides(session: Session, therapist: User, since: date | None = None) -> list[DateOverride]:
    query = select(DateOverride).where(DateOverride.therapist_id == therapist.id)
    if since is not None:
        query = query.where(DateOverride.day >= since)
    return list(session.scalars(query.order_by(DateOverride.day, DateOverride.start_minute)))


def time_off(session: Session, therapist: User, since: datetime | None = None) -> list[TimeOff]:
    query = select(TimeOff).where(TimeOff.therapist_id == therapist.id)
    if since is not None:
        query = query.where(TimeOff.ends_at > since)
    return list(session.scalars(query.order_by(TimeOff.starts_at)))


def schedule_for(session: Session, therapist: User, start: datetime, end: datetime) -> Schedule:
    """Everything `open_slots` needs for [start, end), read in four small queries."""
    profile = profile_of(therapist)
    by_day: dict[date, list[tuple[time, time]]] = {}
    for row in overrides(session, therapist, since=(start - timedelta(days=2)).date()):
        hours = by_day.setdefault(row.day, [])
        if row.start_minute is not None and row.end_minute is not None:
            hours.append((wall(row.start_minute), wall(row.end_minute)))
    margin = timedelta(days=1)
    busy = session.execute(
        select(Booking.starts_at, Booking.ends_at).where(
            Booking.therapist_id == therapist.id,
            Booking.status == BookingStatus.BOOKED,
            Booking.ends_at > start - margin,
            Booking.starts_at < end + margin,
        )
    ).all()
    return Schedule(
        timezone=therapist.timezone,
        weekly=tuple(
            WeeklyWindow(w.weekday, wall(w.start_minute), wall(w.end_minute), w.reduced_fee)
            for w in weekly_windows(session, therapist)
        ),
        overrides={day: tuple(hours) for day, hours in by_day.items()},
        time_off=tuple(Interval(t.starts_at, t.ends_at) for t in time_off(session, therapist, since=start - margin)),
        busy=tuple(Interval(s, e) for s, e in busy),
        session_minutes=profile.session_minutes,
        buffer_minutes=profile.buffer_minutes,
    )


def upcoming_slots(session: Session, therapist: User, now: datetime | None = None) -> list[Slot]:
    """Open slots in the booking horizon (the next 14 days)."""
    now = now or utcnow()
    end = now + BOOKING_HORIZON
    return open_slots(schedule_for(session, therapist, now, end), now, end, now=now)
