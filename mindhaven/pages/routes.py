"""Public pages and the three dashboards that later features fill."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from mindhaven.accounts.models import Role
from mindhaven.assessments import services as assessments
from mindhaven.extensions import db
from mindhaven.policy import consent_exempt, public, role_required, signed_in
from mindhaven.records import services as records
from mindhaven.safety.alerts import open_alerts
from mindhaven.scheduling import booking as bookings

bp = Blueprint("pages", __name__)

CRISIS_LINES = [
    ("India", "Tele-MANAS", "14416 or 1-800-891-4416", "24 hours, free, many Indian languages"),
    ("India", "KIRAN mental health helpline", "1800-599-0019", "24 hours, free"),
    ("United States", "988 Suicide & Crisis Lifeline", "Call or text 988", "24 hours"),
    ("United Kingdom and Ireland", "Samaritans", "116 123", "24 hours, free"),
    (
        "Anywhere",
        "Your local emergency number",
        "112 works from mobile phones in many countries",
        "If you are in immediate danger",
    ),
]


@bp.route("/")
@public
def index():
    if current_user.is_authenticated:
        return redirect(url_for("pages.dashboard"))
    return render_template("pages/index.html")


@bp.route("/help/crisis")
@public
@consent_exempt
def crisis():
    from mindhaven.safety.helplines import country_of_languages, crisis_lines_for

    # The visitor's country (from their time zone) when signed in; otherwise every line, grouped by country, the
    # country of the browser's language first ("en-IN", "es-MX").
    user = current_user if current_user.is_authenticated else None
    likely = country_of_languages([tag for tag, _ in request.accept_languages])
    return render_template("pages/crisis.html", lines=crisis_lines_for(db.session, user, likely=likely))


@bp.route("/healthz")
@public
@consent_exempt
def healthz():
    """For load balancers and operators: is the database reachable?"""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return jsonify({"status": "error", "database": "unreachable"}), 503
    return jsonify({"status": "ok", "database": "ok"})


@bp.route("/dashboard")
@signed_in
def dashboard():
    target = {Role.CLIENT: "pages.client_home", Role.THERAPIST: "pages.therapist_home", Role.ADMIN: "admin.home"}
    return redirect(url_for(target[Role(current_user.role)]))


@bp.route("/client")
@role_required(Role.CLIENT)
def client_home():
    therapist = records.my_therapist(db.session, current_user)
    upcoming = bookings.upcoming(db.session, current_user, limit=5)
    due = assessments.due(db.session, current_user)
    return render_template("pages/client_home.html", therapist=therapist, upcoming=upcoming, due=due)


@bp.route("/therapist")
@role_required(Role.THERAPIST)
def therapist_home():
    verified = current_user.is_verified_therapist
    clients = records.caseload(db.session, current_user) if verified else []
    upcoming = bookings.upcoming(db.session, current_user, limit=8) if verified else []
    flagged = open_alerts(db.session, current_user) if verified else []
    return render_template("pages/therapist_home.html", clients=clients, upcoming=upcoming, flagged=flagged)


@bp.route("/api/me")
@signed_in
@consent_exempt
def api_me():
    return jsonify(
        {
            "id": current_user.id,
            "display_name": current_user.display_name,
            "role": current_user.role,
            "timezone": current_user.timezone,
        }
    )
