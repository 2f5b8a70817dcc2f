"""Client pages (intake, matches, a therapist's profile and slots, booking) and the session pages both sides use."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mindhaven.accounts.models import Role
from mindhaven.accounts.vocab import GENDERS, LANGUAGES, SPECIALTIES
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Conflict, DomainError, NotFound
from mindhaven.extensions import db
from mindhaven.ids import id_arg
from mindhaven.policy import role_required, signed_in
from mindhaven.scheduling import booking as bookings
from mindhaven.scheduling import intake as intakes
from mindhaven.scheduling import reminders
from mindhaven.scheduling.availability import WEEKDAYS, profile_of
from mindhaven.scheduling.matching import TIME_OF_DAY
from mindhaven.scheduling.models import Booking, BookingStatus, Intake
from mindhaven.scheduling.policy import FREE_CANCELLATION, CancellationTerms, booking_terms, cancellation_terms
from mindhaven.web import request_actor

bp = Blueprint("scheduling", __name__)


def money(minor: int) -> str:
    return f"{current_app.config['CURRENCY']} {minor / 100:,.2f}"


def by_local_day(slots, zone: str) -> list[tuple[date, list]]:
    """Slots grouped by the viewer's local date, for the slot picker."""
    days: dict[date, list] = defaultdict(list)
    for slot in slots:
        days[slot.start.astimezone(ZoneInfo(zone)).date()].append(slot)
    return sorted(days.items())


# Intake and matching -------------------------------------------------------


@bp.route("/intake", methods=["GET", "POST"])
@role_required(Role.CLIENT)
def intake():
    saved = db.session.get(Intake, current_user.id)
    context = {
        "concerns": SPECIALTIES,
        "languages": LANGUAGES,
        "genders": {k: v for k, v in GENDERS.items() if k != "undisclosed"},
        "weekdays": WEEKDAYS,
        "times": TIME_OF_DAY,
        "prior": intakes.PRIOR_THERAPY,
        "currency": current_app.config["CURRENCY"],
    }
    if request.method == "GET":
        return render_template("scheduling/intake.html", answers=_answers_of(saved), error=None, **context)
    try:
        intake, at_risk = intakes.save_intake(db.session, current_user, request.form)
    except DomainError as error:
        db.session.rollback()
        answers = {key: request.form.getlist(key) for key in request.form}
        return render_template("scheduling/intake.html", answers=answers, error=error, **context), 400
    if at_risk:  # crisis resources at once, above the matches
        return _matches_page(show_crisis=True, crisis_text=intake.notes or "")
    return redirect(url_for("scheduling.matches"))


def _answers_of(saved: Intake | None) -> dict[str, list[str]]:
    if saved is None:
        return {"languages": ["en"]}
    return {
        "concerns": saved.concerns,
        "languages": saved.languages,
        "gender_preference": [saved.gender_preference or ""],
        "budget": [f"{saved.budget_minor / 100:.2f}" if saved.budget_minor is not None else ""],
        "needs_reduced_fee": ["on"] if saved.needs_reduced_fee else [],
        "days": [str(d) for d in saved.days],
        "times": saved.times,
        "prior_therapy": [saved.prior_therapy],
        "notes": [saved.notes],
    }


@bp.route("/matches")
@role_required(Role.CLIENT)
def matches():
    if db.session.get(Intake, current_user.id) is None:
        return redirect(url_for("scheduling.intake"))
    return _matches_page(show_crisis=False)


def _matches_page(show_crisis: bool, crisis_text: str = ""):
    from mindhaven.assessments import services as assessments
    from mindhaven.safety.helplines import crisis_lines_for

    return render_template(
        "scheduling/matches.html",
        matches=intakes.matches_for(db.session, current_user, money),
        current_id=bookings.current_therapist_id(db.session, current_user),
        crisis_lines=crisis_lines_for(db.session, current_user) if show_crisis else None,
        crisis_text=crisis_text,
        due=assessments.due(db.session, current_user),
    )


# A therapist's page and booking ---------------------------------------------


def _therapist_page(therapist_id: int, status: int = 200, error: str | None = None):
    therapist = bookings.verified_therapist(db.session, therapist_id)
    slots = bookings.bookable_slots(db.session, current_user, therapist)
    reschedule = id_arg(request.values, "reschedule", "The session to move")
    if reschedule is not None:
        moving = bookings.booking_for(db.session, current_user, reschedule)
        if moving.therapist_id != therapist.id:
            raise NotFound("No such session.")
    return render_template(
        "scheduling/therapist.html",
        therapist=therapist,
        profile=profile_of(therapist),
        days=by_local_day(slots, current_user.timezone),
        labels={"specialties": SPECIALTIES, "languages": LANGUAGES, "genders": GENDERS},
        is_current=bookings.current_therapist_id(db.session, current_user) == therapist.id,
        needs_reduced_fee=bookings.needs_reduced_fee(db.session, current_user),
        reschedule=reschedule,
        error=error,
    ), status


@bp.route("/therapists/<int:therapist_id>")
@role_required(Role.CLIENT)
def therapist(therapist_id: int):
    return _therapist_page(therapist_id)


@bp.route("/book/<int:therapist_id>", methods=["GET", "POST"])
@role_required(Role.CLIENT)
def book(therapist_id: int):
    start = bookings.parse_start(request.values.get("start", ""))
    therapist = bookings.verified_therapist(db.session, therapist_id)
    if request.method == "GET":
        held = bookings.held_slot(db.session, current_user, therapist.id, start)
        if held is not None:  # back on an old confirmation page: this time is theirs already
            flash("You have already booked this session.")
            return redirect(url_for("scheduling.session_detail", booking_id=held.id))
        slot = next((s for s in bookings.bookable_slots(db.session, current_user, therapist) if s.start == start), None)
        if slot is None:
            return _therapist_page(therapist_id, 409, "That time is no longer open. Please choose another slot.")
        fee, kind = bookings.fee_for(db.session, current_user, therapist, slot.reduced_fee)
        now = utcnow()
        return render_template(
            "scheduling/confirm.html",
            therapist=therapist,
            slot=slot,
            fee=fee,
            fee_kind=kind,
            change_terms=booking_terms(slot.start, now, money(fee), free=fee == 0),
            change_late=slot.start - now < FREE_CANCELLATION,
            switching=bookings.current_therapist_id(db.session, current_user) not in (None, therapist.id),
            first_therapist=bookings.current_therapist_id(db.session, current_user) is None,
        )
    try:
        outcome = bookings.book_idempotent(db.session, request_actor(), current_user, therapist_id, start)
    except Conflict as error:
        db.session.rollback()
        return _therapist_page(therapist_id, 409, error.message)
    if outcome.created:  # a repeated request lands on the same booking without a second email
        _confirm_by_email(outcome.booking)
    flash("Your session is booked. We have emailed you the details.")
    return redirect(url_for("scheduling.session_detail", booking_id=outcome.booking.id))


def _confirm_by_email(made) -> None:
    """Confirmation emails with the .ics attached; a mail failure is logged and never undoes a booking."""
    base_url = current_app.config.get("BASE_URL") or request.url_root.rstrip("/")
    reminders.send_booking_confirmation(db.session, current_app.config, made, base_url)


# Sessions (both sides) --------------------------------------------------------


@bp.route("/sessions")
@role_required(Role.CLIENT, Role.THERAPIST)
def sessions():
    return render_template(
        "scheduling/sessions.html",
        upcoming=bookings.upcoming(db.session, current_user),
        past=bookings.past(db.session, current_user),
    )


@bp.route("/sessions/<int:booking_id>")
@signed_in
def session_detail(booking_id: int):
    return _session_page(booking_id)


def _session_page(booking_id: int, status: int = 200, error: str | None = None):
    booking = bookings.booking_for(db.session, current_user, booking_id)
    return render_template("scheduling/session.html", booking=booking, terms=_terms(booking), error=error), status


def _terms(booking: Booking) -> CancellationTerms:
    """What cancelling this session now means for the signed-in side."""
    by_therapist = current_user.id == booking.therapist_id
    return cancellation_terms(
        booking.starts_at, utcnow(), by_therapist, money(booking.fee_minor), free=booking.fee_minor == 0
    )


@bp.route("/sessions/<int:booking_id>/cancel", methods=["GET", "POST"])
@signed_in
def cancel(booking_id: int):
    """GET, or a POST without confirm=yes, asks first (what it costs, that it cannot be undone); then it cancels."""
    if request.method == "GET" or request.form.get("confirm") != "yes":
        return _cancel_page(booking_id, request.form.get("reason", ""))
    try:
        bookings.cancel(db.session, request_actor(), current_user, booking_id, request.form.get("reason", ""), money)
    except Conflict as error:
        db.session.rollback()
        return _session_page(booking_id, 409, error.message)
    flash("The session is cancelled. The other side has been told.")
    return redirect(url_for("scheduling.sessions"))


def _cancel_page(booking_id: int, reason: str):
    booking = bookings.booking_for(db.session, current_user, booking_id)
    if booking.status != BookingStatus.BOOKED:
        return _session_page(booking_id, 409, "This session is not booked any more.")
    terms = _terms(booking)
    if not terms.allowed:
        return _session_page(booking_id, 409, terms.message)
    return render_template("scheduling/cancel.html", booking=booking, terms=terms, reason=reason[:300])


@bp.route("/sessions/<int:booking_id>/reschedule", methods=["POST"])
@role_required(Role.CLIENT)
def reschedule(booking_id: int):
    start = bookings.parse_start(request.form.get("start", ""))
    try:
        outcome = bookings.reschedule_idempotent(db.session, request_actor(), current_user, booking_id, start)
    except Conflict as error:
        db.session.rollback()
        booking = bookings.booking_for(db.session, current_user, booking_id)
        return _therapist_page(booking.therapist_id, 409, error.message)
    if outcome.created:  # a repeated request lands on the same booking without a second email
        _confirm_by_email(outcome.booking)
    flash("Your session has moved to the new time.")
    return redirect(url_for("scheduling.session_detail", booking_id=outcome.booking.id))
