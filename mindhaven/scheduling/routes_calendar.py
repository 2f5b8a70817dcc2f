"""Calendars and notifications: a booking's .ics file, the private calendar feed, in-app notifications."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mindhaven.extensions import db
from mindhaven.policy import public, signed_in
from mindhaven.scheduling import calendars, reminders
from mindhaven.scheduling.booking import booking_for

bp = Blueprint("calendar", __name__)


def _base_url() -> str:
    return current_app.config["BASE_URL"] or request.url_root.rstrip("/")


def _ics(data: bytes, filename: str, disposition: str) -> Response:
    response = Response(data, mimetype=calendars.MIMETYPE)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.app_context_processor
def _unread_notifications():
    """`unread_notifications()` in every template (for the navigation); it queries only when called."""

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return reminders.unread_count(db.session, current_user)

    return {"unread_notifications": unread_notifications}


@bp.route("/sessions/<int:booking_id>.ics")
@signed_in
def session_ics(booking_id: int):
    booking = booking_for(db.session, current_user, booking_id)
    data = calendars.booking_ics(booking, current_user, _base_url())
    return _ics(data, calendars.filename(booking), "attachment")


@bp.route("/calendar/<token>.ics")
@public
def feed(token: str):
    """The private feed: the token in the path is the only credential, so calendar apps need no login."""
    owner = calendars.feed_owner(db.session, token)
    return _ics(calendars.feed_ics(db.session, owner, _base_url()), "mindhaven.ics", "inline")


@bp.route("/calendar")
@signed_in
def page():
    return render_template("scheduling/calendar_feed.html", feed=calendars.feed_of(db.session, current_user))


@bp.route("/calendar/feed", methods=["POST"])
@signed_in
def create_feed():
    """Create or replace the feed; the new address is shown on this answer only (we keep just its hash)."""
    replaced = calendars.feed_of(db.session, current_user) is not None
    token = calendars.create_feed(db.session, current_user)
    feed_url = _base_url() + url_for("calendar.feed", token=token)
    return render_template(
        "scheduling/calendar_feed.html",
        feed=calendars.feed_of(db.session, current_user),
        feed_url=feed_url,
        replaced=replaced,
    )


@bp.route("/calendar/feed/revoke", methods=["POST"])
@signed_in
def revoke_feed():
    if calendars.revoke_feed(db.session, current_user):
        flash("Your calendar address is switched off. Calendars subscribed to it stop updating.")
    return redirect(url_for("calendar.page"))


@bp.route("/notifications")
@signed_in
def notifications():
    items = reminders.notifications_for(db.session, current_user)
    return render_template("scheduling/notifications.html", notifications=items)


@bp.route("/notifications/read", methods=["POST"])
@signed_in
def mark_read():
    reminders.mark_all_read(db.session, current_user)
    return redirect(url_for("calendar.notifications"))
