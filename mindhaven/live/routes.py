"""Pages of a live session: the room (pre-join and call) and the summary afterwards."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from mindhaven.accounts.models import Role
from mindhaven.consent import services as consent
from mindhaven.dbtypes import utcnow
from mindhaven.emotion.labels import LABELS
from mindhaven.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mindhaven.extensions import db
from mindhaven.live import rooms
from mindhaven.live.models import EmotionSecond, LiveSession, SessionMark
from mindhaven.live.summary import Second, summarise
from mindhaven.policy import role_required, signed_in
from mindhaven.scheduling.booking import booking_for
from mindhaven.scheduling.models import Booking
from mindhaven.security import audit
from mindhaven.web import request_actor

bp = Blueprint("live", __name__)


@bp.app_template_global("room_open")
def room_open(booking) -> bool:
    return rooms.is_open(booking)


NOTES_MAX = 20_000


@bp.route("/sessions/<int:booking_id>/room")
@signed_in
def room(booking_id: int):
    try:
        opened = rooms.open_room(db.session, current_user, booking_id)
    except (Forbidden, Conflict) as refusal:  # one of the two people, just not now: say when, and the way back
        booking = db.session.get(Booking, booking_id)
        return render_template(
            "live/not_open.html",
            booking=booking,
            message=refusal.message,
            opens_at=booking.starts_at - rooms.OPENS_BEFORE,
            early=isinstance(refusal, Forbidden),
        ), refusal.status
    consented = opened.role == "client" and consent.has_current(db.session, current_user, "emotion-analysis")
    earlier = select(LiveSession.booking_id).join(Booking, Booking.id == LiveSession.booking_id)
    earlier = earlier.where(Booking.client_id == current_user.id, Booking.id != booking_id).limit(1)
    first_time = opened.role == "client" and db.session.scalar(earlier) is None
    config = {
        "booking_id": opened.booking.id,
        "role": opened.role,
        "ice_servers": current_app.config.get("ICE_SERVERS", []),
        "analysis_consented": consented,
        "first_time": first_time,
        "summary_url": url_for("live.summary", booking_id=booking_id),
        "labels": list(LABELS),
        "frame_rate": current_app.config.get("LIVE_FRAME_RATE", 3),
        "consent_url": url_for("accounts.settings"),
    }
    return render_template(
        "live/room.html", booking=opened.booking, role=opened.role, other_name=opened.other.display_name, config=config
    )


@bp.route("/sessions/<int:booking_id>/summary")
@signed_in
def summary(booking_id: int):
    booking = booking_for(db.session, current_user, booking_id)
    live = db.session.get(LiveSession, booking.id)
    if live is None:
        raise NotFound("This session has no summary: it did not take place in MindHaven's video room.")
    role = rooms.member_role(booking, current_user)
    ended = live.ended_at or min(utcnow(), booking.ends_at)
    data = None
    if role == "therapist":
        seconds = [
            Second(row.second, row.face_ratio, {label: getattr(row, label) for label in LABELS})
            for row in db.session.scalars(
                select(EmotionSecond).where(EmotionSecond.booking_id == booking.id).order_by(EmotionSecond.second)
            )
        ]
        marks = [
            (m.at, m.note)
            for m in db.session.scalars(
                select(SessionMark).where(SessionMark.booking_id == booking.id).order_by(SessionMark.at)
            )
        ]
        data = summarise(seconds, live.started_at, ended, marks)
        data.notes = live.notes or ""
        data.notes_url = url_for("live.save_notes", booking_id=booking.id)
        audit.record(db.session, request_actor(), "read", "session_summary", booking.id, booking.client_id)
        db.session.commit()
    else:
        data = summarise([], live.started_at, ended, [])
    return render_template("live/summary.html", booking=booking, role=role, summary=data)


@bp.route("/sessions/<int:booking_id>/notes", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def save_notes(booking_id: int):
    booking = booking_for(db.session, current_user, booking_id)
    if booking.therapist_id != current_user.id:
        raise NotFound("No such session.")
    live = db.session.get(LiveSession, booking.id)
    if live is None:
        raise NotFound("This session has no summary yet.")
    notes = request.form.get("notes", "")
    if len(notes) > NOTES_MAX:
        raise ValidationFailed(f"Notes can be at most {NOTES_MAX:,} characters.", "notes")
    live.notes = notes.strip()
    audit.record(db.session, request_actor(), "update", "session_notes", booking.id, booking.client_id)
    db.session.commit()
    flash("Notes saved.")
    return redirect(url_for("live.summary", booking_id=booking.id))
