"""Therapist pages: the week calendar, and availability, time off and practice settings.

A therapist thinks in their own wall-clock time ("Mondays 9 to 12"), so every time on these pages is entered
and shown in the therapist's timezone; the services store windows as local minutes and everything else as UTC.
The week is the seven local dates Monday to Sunday, and its real span is computed with `local_to_utc`, so a
week that contains a daylight-saving change is 167 or 169 hours long and still shows the right local times.

Each form on the availability page posts to its own URL. A refused form re-renders the whole page with a 400,
the message at the top (linked to the field) and next to the field, and what was typed kept in place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mindhaven.accounts.models import Role, User
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Conflict, DomainError, ValidationFailed
from mindhaven.extensions import db
from mindhaven.policy import role_required
from mindhaven.scheduling import availability
from mindhaven.scheduling import booking as bookings
from mindhaven.scheduling.availability import BUFFERS, SESSION_LENGTHS, WEEKDAYS, clock
from mindhaven.scheduling.models import Booking, BookingStatus, FeeKind, TimeOff
from mindhaven.scheduling.slots import local_to_utc
from mindhaven.web import request_actor

bp = Blueprint("schedule", __name__, url_prefix="/therapist")

PREVIEW_SLOTS = 10
# Dates outside these years are refused before any arithmetic, so `date + 7 days` or a UTC conversion
# can never overflow into a 500.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# An amount in major units: "40", "40.5", "40.50" or "40,50"; at most two decimals, no signs or exponents.
AMOUNT = re.compile(r"(\d{1,7})(?:[.,](\d{1,2}))?", re.ASCII)
FEE_LABELS = {
    FeeKind.STANDARD: "Standard fee",
    FeeKind.REDUCED: "Reduced fee",
    FeeKind.FREE_CONSULTATION: "Free consultation",
}
STATUS_LABELS = {
    BookingStatus.BOOKED: "Booked",
    BookingStatus.COMPLETED: "Completed",
    BookingStatus.CANCELLED: "Cancelled",
    BookingStatus.NO_SHOW: "No-show",
}


def zone_of(user: User) -> ZoneInfo:
    """The user's zone; a stored name this machine does not know falls back to UTC rather than a 500."""
    try:
        return ZoneInfo(user.timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def parse_day(value: str, field: str) -> date:
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationFailed("Give the date as YYYY-MM-DD, for example 2026-10-26.", field) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationFailed(f"Choose a date between {FIRST_YEAR} and {LAST_YEAR}.", field)
    return day


# The week calendar -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hours:
    start: str  # local "HH:MM"
    end: str
    reduced_fee: bool


@dataclass(frozen=True)
class Away:
    """Time off that touches one day, clipped to that day."""

    start: str  # "00:00" when it began on an earlier day
    end: str  # "24:00" when it goes on past midnight
    note: str

    @property
    def all_day(self) -> bool:
        return self.start == "00:00" and self.end == "24:00"


@dataclass(frozen=True)
class Entry:
    booking: Booking
    start: str  # local "HH:MM"
    end: str
    can_close: bool  # started and still booked: the therapist records how it went
    can_join: bool  # booked and not over yet


@dataclass(frozen=True)
class Day:
    day: date
    is_today: bool
    override: bool  # this date's own hours replace the weekly ones
    hours: tuple[Hours, ...]
    away: tuple[Away, ...]
    entries: tuple[Entry, ...]


def _local_clock(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def _away_on(periods: list[TimeOff], start: datetime, end: datetime, zone: ZoneInfo) -> tuple[Away, ...]:
    clipped = []
    for period in periods:
        if period.starts_at < end and start < period.ends_at:
            first = "00:00" if period.starts_at <= start else _local_clock(period.starts_at, zone)
            last = "24:00" if period.ends_at >= end else _local_clock(period.ends_at, zone)
            clipped.append(Away(first, last, period.note))
    return tuple(clipped)


def week_of(therapist: User, monday: date, now: datetime) -> list[Day]:
    """The seven local days from `monday`: the hours that apply, time off, and the sessions that start in it."""
    zone = zone_of(therapist)
    bounds = [local_to_utc(monday + timedelta(days=n), time(0), zone) for n in range(8)]
    weekly = defaultdict(list)
    for window in availability.weekly_windows(db.session, therapist):
        weekly[window.weekday].append(Hours(clock(window.start_minute), clock(window.end_minute), window.reduced_fee))
    by_date: dict[date, list[Hours]] = {}
    for row in availability.overrides(db.session, therapist, since=monday):
        if row.day < monday + timedelta(days=7):
            hours = by_date.setdefault(row.day, [])
            if row.start_minute is not None and row.end_minute is not None:
                hours.append(Hours(clock(row.start_minute), clock(row.end_minute), False))
    away = [t for t in availability.time_off(db.session, therapist, since=bounds[0]) if t.starts_at < bounds[7]]
    sessions = db.session.scalars(
        select(Booking)
        .options(selectinload(Booking.client))
        .where(Booking.therapist_id == therapist.id, Booking.starts_at >= bounds[0], Booking.starts_at < bounds[7])
        .order_by(Booking.starts_at)
    )
    entries: dict[date, list[Entry]] = defaultdict(list)
    for booked in sessions:
        active = booked.status == BookingStatus.BOOKED
        entries[booked.starts_at.astimezone(zone).date()].append(
            Entry(
                booking=booked,
                start=_local_clock(booked.starts_at, zone),
                end=_local_clock(booked.ends_at, zone),
                can_close=active and booked.starts_at <= now,
                can_join=active and now < booked.ends_at,
            )
        )
    today = now.astimezone(zone).date()
    days = []
    for n in range(7):
        day = monday + timedelta(days=n)
        hours = by_date[day] if day in by_date else weekly[day.weekday()]
        days.append(
            Day(
                day=day,
                is_today=day == today,
                override=day in by_date,
                hours=tuple(sorted(hours, key=lambda h: h.start)),
                away=_away_on(away, bounds[n], bounds[n + 1], zone),
                entries=tuple(entries[day]),
            )
        )
    return days


def _monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@bp.route("/schedule")
@role_required(Role.THERAPIST, verified=True)
def week():
    now = utcnow()
    raw = request.args.get("week", "")
    day = parse_day(raw, "week") if raw.strip() else now.astimezone(zone_of(current_user)).date()
    monday = _monday_of(day)
    this_monday = _monday_of(now.astimezone(zone_of(current_user)).date())
    return render_template(
        "scheduling/therapist_week.html",
        monday=monday,
        sunday=monday + timedelta(days=6),
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
        this_monday=this_monday,
        days=week_of(current_user, monday, now),
        fee_labels=FEE_LABELS,
        status_labels=STATUS_LABELS,
    )


@bp.route("/schedule/sessions/<int:booking_id>/close", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def close_session(booking_id: int):
    """Record a started session as completed or a no-show; refusals come back as a message on the week."""
    try:
        monday = _monday_of(parse_day(request.form.get("week", ""), "week"))
    except ValidationFailed:
        monday = None
    outcome = request.form.get("outcome", "")
    try:
        closed = bookings.close(db.session, request_actor(), current_user, booking_id, outcome)
    except Conflict as error:
        db.session.rollback()
        flash(error.message)
    else:
        who = closed.client.display_name
        flash(
            f"Session with {who} marked as completed."
            if outcome == "completed"
            else f"Session with {who} marked as a no-show."
        )
    return redirect(url_for("schedule.week", week=monday.isoformat() if monday else None))


# Availability, time off and practice settings ---------------------------------------------------------------


def _example_starts(session_minutes: int, buffer_minutes: int) -> list[str]:
    """Slot starts in a 09:00-12:00 window: the page's worked example of back-to-back placement."""
    starts, minute = [], 9 * 60
    while minute + session_minutes <= 12 * 60:
        starts.append(clock(minute))
        minute += session_minutes + buffer_minutes
    return starts


def _preview(therapist: User, zone: ZoneInfo) -> list[tuple[str, str, bool]] | None:
    """The next open slots as (local day, local hours, reduced fee); None if they cannot be computed."""
    try:
        slots = availability.upcoming_slots(db.session, therapist)[:PREVIEW_SLOTS]
    except ValueError:  # an unknown stored timezone: say so on the page instead of failing it
        return None
    return [
        (
            slot.start.astimezone(zone).strftime("%a %d %b"),
            f"{_local_clock(slot.start, zone)}–{_local_clock(slot.end, zone)}",
            slot.reduced_fee,
        )
        for slot in slots
    ]


def _settings_values(therapist: User) -> dict[str, str]:
    profile = availability.profile_of(therapist)
    return {
        "session_minutes": str(profile.session_minutes),
        "buffer": str(profile.buffer_minutes),
        "fee": f"{profile.fee_minor / 100:.2f}",
        "reduced_fee": f"{profile.reduced_fee_minor / 100:.2f}" if profile.reduced_fee_minor is not None else "",
        "free_consultation": "on" if profile.free_consultation else "",
        "max_caseload": str(profile.max_caseload),
    }


def _availability_page(failed: str | None = None, error: DomainError | None = None, status: int = 200):
    """The page; `failed` names the form that was refused, whose typed values are shown again."""
    therapist: User = current_user
    zone = zone_of(therapist)
    now = utcnow()
    profile = availability.profile_of(therapist)
    values = {key: request.form.get(key, "")[:200] for key in request.form} if failed else {}
    settings = values if failed == "settings" else _settings_values(therapist)
    return render_template(
        "scheduling/availability.html",
        profile=profile,
        zone_name=therapist.timezone,
        today=now.astimezone(zone).date(),
        currency=current_app.config["CURRENCY"],
        session_lengths=SESSION_LENGTHS,
        buffers=BUFFERS,
        weekdays=WEEKDAYS,
        windows=availability.weekly_windows(db.session, therapist),
        overrides=availability.overrides(db.session, therapist, since=now.astimezone(zone).date()),
        time_off=availability.time_off(db.session, therapist, since=now),
        zone=zone,
        clock=clock,
        example=_example_starts(profile.session_minutes, profile.buffer_minutes),
        preview=_preview(therapist, zone),
        preview_count=PREVIEW_SLOTS,
        settings=settings,
        values=values,
        failed=failed,
        error=error,
    ), status


def _save(form: str, action: Callable[[], None], done: str):
    """Run one form's service call: a flash and a redirect, or the page again with a 400 and the reason."""
    try:
        action()
    except ValidationFailed as error:
        db.session.rollback()
        return _availability_page(form, error, 400)
    flash(done)
    return redirect(url_for("schedule.availability"))


def _whole_number(name: str, message: str) -> int:
    raw = request.form.get(name, "").strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
        raise ValidationFailed(message, name)
    return int(raw)


def _amount_minor(name: str, label: str) -> int | None:
    """'40.00' in major units -> 4000; empty -> None."""
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    match = AMOUNT.fullmatch(raw)
    if match is None:
        raise ValidationFailed(f"Give the {label} as an amount such as 40 or 40.00.", name)
    units, cents = match.groups()
    return int(units) * 100 + int((cents or "0").ljust(2, "0"))


def _local_moment(name: str, label: str) -> str:
    """A datetime-local value, checked for a sane year; the service then reads it in the therapist's zone."""
    raw = request.form.get(name, "").strip()
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(f"Give the {label} as a date and time, for example 2026-12-24T09:00.", name) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValidationFailed(f"Choose a date between {FIRST_YEAR} and {LAST_YEAR}.", name)
    return raw


def _plain_text(name: str, limit: int) -> str:
    """Free text without control characters (PostgreSQL refuses NUL in text)."""
    return "".join(c for c in request.form.get(name, "") if c.isprintable())[:limit]


@bp.route("/availability", endpoint="availability")
@role_required(Role.THERAPIST, verified=True)
def availability_page():
    return _availability_page()


@bp.route("/availability/settings", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def save_settings():
    def action() -> None:
        session_minutes = _whole_number("session_minutes", "Choose a session length from the list.")
        buffer = _whole_number("buffer", "Choose a buffer from the list.")
        fee = _amount_minor("fee", "standard fee")
        if fee is None:
            raise ValidationFailed("Give your standard fee, for example 40.00.", "fee")
        availability.update_settings(
            db.session,
            current_user,
            session_minutes=session_minutes,
            buffer_minutes=buffer,
            fee_minor=fee,
            reduced_fee_minor=_amount_minor("reduced_fee", "reduced fee"),
            free_consultation=bool(request.form.get("free_consultation")),
            max_caseload=_whole_number("max_caseload", "Give the caseload limit as a whole number, such as 25."),
        )

    return _save("settings", action, "Practice settings saved.")


@bp.route("/availability/windows", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def add_window():
    def action() -> None:
        availability.add_window(
            db.session,
            current_user,
            weekday=_whole_number("weekday", "Choose a day of the week."),
            start=request.form.get("start", ""),
            end=request.form.get("end", ""),
            reduced_fee=bool(request.form.get("reduced_fee")),
        )

    return _save("window", action, "Weekly hours added.")


@bp.route("/availability/windows/<int:row_id>/delete", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def remove_window(row_id: int):
    availability.remove(db.session, current_user, "window", row_id)
    flash("Weekly hours removed.")
    return redirect(url_for("schedule.availability"))


@bp.route("/availability/overrides", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def add_override():
    def action() -> None:
        day = parse_day(request.form.get("day", ""), "day")
        if day < utcnow().astimezone(zone_of(current_user)).date():
            raise ValidationFailed("That date has passed. Choose today or a later date.", "day")
        availability.add_override(
            db.session, current_user, day.isoformat(), request.form.get("start", ""), request.form.get("end", "")
        )

    return _save("override", action, "Hours for that date saved.")


@bp.route("/availability/overrides/<int:row_id>/delete", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def remove_override(row_id: int):
    availability.remove(db.session, current_user, "override", row_id)
    flash("Date change removed: the weekly hours apply again.")
    return redirect(url_for("schedule.availability"))


@bp.route("/availability/time-off", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def add_time_off():
    def action() -> None:
        starts = _local_moment("starts", "start")
        ends = _local_moment("ends", "end")
        local_now = utcnow().astimezone(zone_of(current_user)).replace(tzinfo=None)
        if datetime.fromisoformat(ends).replace(tzinfo=None) <= local_now:
            raise ValidationFailed("That time has passed. Time off must end in the future.", "ends")
        availability.add_time_off(
            db.session, current_user, starts, ends, _plain_text("note", 200), zone_of(current_user)
        )

    return _save("time_off", action, "Time off added.")


@bp.route("/availability/time-off/<int:row_id>/delete", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def remove_time_off(row_id: int):
    availability.remove(db.session, current_user, "time_off", row_id)
    flash("Time off removed.")
    return redirect(url_for("schedule.availability"))
