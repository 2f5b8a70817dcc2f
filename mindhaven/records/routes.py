"""The therapist's caseload pages: a client's record and private notes."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mindhaven.accounts.models import Role
from mindhaven.errors import ValidationFailed
from mindhaven.extensions import db
from mindhaven.policy import role_required
from mindhaven.records import services
from mindhaven.safety import alerts
from mindhaven.security import audit
from mindhaven.web import request_actor

bp = Blueprint("records", __name__, url_prefix="/therapist")


@bp.route("/clients/<int:client_id>")
@role_required(Role.THERAPIST, verified=True)
def client_record(client_id: int):
    record = services.open_client_record(db.session, current_user, request_actor(), client_id)
    return render_template(
        "records/client.html",
        record=record,
        draft="",
        error=None,
        alert=alerts.client_alert(db.session, current_user, client_id),
    )


@bp.route("/clients/<int:client_id>/safety/reviewed", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def safety_reviewed(client_id: int):
    reviewed = alerts.mark_reviewed(db.session, current_user, request_actor(), client_id)
    db.session.commit()
    flash("Marked as reviewed." if reviewed else "There was nothing left to review.")
    return redirect(url_for("records.client_record", client_id=client_id))


@bp.route("/clients/<int:client_id>/notes", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def add_note(client_id: int):
    body = request.form.get("body", "")
    try:
        services.add_note(db.session, current_user, request_actor(), client_id, body)
    except ValidationFailed as error:
        record = services.open_client_record(db.session, current_user, request_actor(), client_id)
        alert = alerts.client_alert(db.session, current_user, client_id)
        return render_template(
            "records/client.html", record=record, draft=body[: services.NOTE_MAX], error=error.message, alert=alert
        ), 400
    flash("Note saved.")
    return redirect(url_for("records.client_record", client_id=client_id))


@bp.route("/former-clients")
@role_required(Role.THERAPIST, verified=True)
def former_clients():
    notes = services.detached_notes(db.session, current_user)
    audit.record(db.session, request_actor(), "read", "detached_notes", None, None, f"notes={len(notes)}")
    db.session.commit()
    return render_template("records/former.html", notes=notes)
