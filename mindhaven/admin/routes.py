"""Admin pages. Admins manage accounts; they do not read clinical records."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mindhaven.accounts import services as accounts
from mindhaven.accounts.forms import ReviewForm
from mindhaven.accounts.models import Role, TherapistStatus, User
from mindhaven.admin import services
from mindhaven.admin.closing import close_staff_account, reopen_staff_account
from mindhaven.dbtypes import utcnow
from mindhaven.errors import NotFound, ValidationFailed
from mindhaven.extensions import db
from mindhaven.ids import parse_id
from mindhaven.policy import role_required
from mindhaven.scheduling import booking as bookings
from mindhaven.security import audit
from mindhaven.web import request_actor

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@role_required(Role.ADMIN)
def home():
    return render_template(
        "admin/home.html",
        counts=accounts.count_by_role(db.session),
        pending=accounts.therapists_by_status(db.session, TherapistStatus.PENDING),
        admins=services.administrators(db.session),
    )


@bp.route("/therapists")
@role_required(Role.ADMIN)
def therapists():
    status = request.args.get("status") or None
    if status not in {None, *TherapistStatus}:
        raise ValidationFailed("Unknown status filter.", "status")
    return render_template(
        "admin/therapists.html",
        profiles=accounts.therapists_by_status(db.session, status),
        status=status,
        form=ReviewForm(),
    )


@bp.route("/therapists/<int:therapist_id>/review", methods=["POST"])
@role_required(Role.ADMIN)
def review(therapist_id: int):
    form = ReviewForm()
    if not form.validate_on_submit():
        raise ValidationFailed("Choose verify or reject.", "decision")
    profile = accounts.review_therapist(
        db.session, current_user, request_actor(), therapist_id, form.decision.data == "verify", form.note.data or ""
    )
    flash(f"{profile.full_name} is now {profile.status}.")
    return redirect(url_for("admin.therapists"))


def _confirmed_return_page(change: str) -> str:
    """The page a close/reopen form came from, once its confirmation box is ticked."""
    if request.form.get("confirm") != "yes":
        raise ValidationFailed(f"Tick the box to confirm that this account should be {change}.", "confirm")
    return url_for("admin.home") if request.form.get("back") == "home" else url_for("admin.therapists")


@bp.route("/accounts/<int:user_id>/close", methods=["POST"])
@role_required(Role.ADMIN)
def close_account(user_id: int):
    back = _confirmed_return_page("closed")
    user = close_staff_account(db.session, current_user, request_actor(), user_id, utcnow())
    flash(f"{user.display_name}'s account is closed. They can no longer log in; their records stay.")
    return redirect(back)


@bp.route("/accounts/<int:user_id>/reopen", methods=["POST"])
@role_required(Role.ADMIN)
def reopen_account(user_id: int):
    back = _confirmed_return_page("reopened")
    user = reopen_staff_account(db.session, request_actor(), user_id)
    flash(f"{user.display_name}'s account is open again. They log in with their old password.")
    return redirect(back)


@bp.route("/clients")
@role_required(Role.ADMIN)
def clients():
    return render_template(
        "admin/clients.html",
        rows=services.clients_with_therapists(db.session),
        therapists=services.verified_therapists(db.session),
    )


@bp.route("/clients/<int:client_id>/assign", methods=["POST"])
@role_required(Role.ADMIN)
def assign(client_id: int):
    client = db.session.get(User, client_id)
    if client is None or not client.is_client:
        raise NotFound("No such client.")
    therapist_id = parse_id(request.form.get("therapist_id"))
    if therapist_id is None:
        raise ValidationFailed("Choose a therapist.", "therapist_id")
    therapist = db.session.get(User, therapist_id)
    if therapist is None:
        raise ValidationFailed("That therapist does not exist.", "therapist_id")
    # Reassigning cancels the client's upcoming sessions with the previous therapist (free, both told).
    bookings.switch_therapist(db.session, request_actor(), client, therapist, utcnow())
    db.session.commit()
    flash(f"{client.display_name} is now with {therapist.display_name}.")
    return redirect(url_for("admin.clients"))


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_log():
    """A bad filter re-renders the page (form kept, message by the field) with a 400, and searches nothing."""
    filters, errors = services.audit_filters(request.args)
    if errors:
        return render_template(
            "admin/audit.html", page=None, errors=errors, actions=audit.ACTIONS, args=request.args
        ), 400
    page = audit.search(db.session, **filters)
    audit.record(db.session, request_actor(), "read", "audit_log", None, None, f"page={page.page}")
    db.session.commit()
    return render_template("admin/audit.html", page=page, errors={}, actions=audit.ACTIONS, args=request.args)
