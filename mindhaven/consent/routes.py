"""Consent pages (the gate after sign-up, reading a document, settings toggles) and the JSON API."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from mindhaven.consent import services
from mindhaven.consent.documents import document, documents_for
from mindhaven.errors import ValidationFailed
from mindhaven.extensions import db
from mindhaven.policy import consent_exempt, public, signed_in
from mindhaven.security import audit
from mindhaven.web import request_actor

bp = Blueprint("consent", __name__)


def _doc_or_404(kind: str):
    return document(kind)  # UnknownConsent is a NotFound: a 404 page


@bp.route("/consent", methods=["GET", "POST"])
@signed_in
@consent_exempt
def review():
    """Accept the required documents (and, for clients, choose about emotion analysis)."""
    docs = documents_for(current_user.role)
    errors: list[str] = []
    if request.method == "POST":
        for doc in docs:
            if doc.required and request.form.get(doc.kind) != "accept":
                errors.append(f"Please read and accept the {doc.title.lower()} to continue.")
        if not errors:
            for doc in docs:
                choice = request.form.get(doc.kind)
                if choice == "accept":
                    services.accept(db.session, current_user, doc.kind)
                elif not doc.required and choice == "decline":
                    services.withdraw(db.session, current_user, doc.kind)
            audit.record(
                db.session,
                request_actor(),
                "update",
                "consent",
                None,
                current_user.id,
                ",".join(f"{d.kind}={request.form.get(d.kind, 'none')}" for d in docs),
            )
            db.session.commit()
            return redirect(url_for("pages.dashboard"))
    states = {s.document.kind: s for s in services.states(db.session, current_user)}

    # After a refused submission, show what the user chose rather than what is stored.
    chosen = (
        {doc.kind: request.form.get(doc.kind) for doc in docs}
        if errors
        else {kind: ("accept" if state.current else "decline") for kind, state in states.items()}
    )
    return render_template("consent/review.html", docs=docs, chosen=chosen, errors=errors), 400 if errors else 200


@bp.route("/consent/<kind>")
@public
def read(kind: str):
    doc = _doc_or_404(kind)
    return render_template("consent/read.html", doc=doc)


@bp.route("/settings/consent/<kind>", methods=["POST"])
@signed_in
@consent_exempt
def change(kind: str):
    doc = _doc_or_404(kind)
    action = request.form.get("action")
    if action not in {"accept", "withdraw"}:
        raise ValidationFailed("Choose whether to give or withdraw this consent.", "action")
    if action == "withdraw" and doc.required and request.form.get("confirm") != "yes":
        # Withdrawing a required consent locks the account out at once: Settings asks first.
        return redirect(url_for("accounts.settings", withdraw=doc.kind, _anchor=f"withdraw-{doc.kind}"))
    _apply(doc.kind, action == "accept")
    if action == "withdraw":
        flash(
            f"You withdrew your consent to: {doc.title}."
            + (" You need to accept it again to keep using MindHaven." if doc.required else "")
        )
    else:
        flash(f"Thank you. Your consent to “{doc.title}” is recorded.")
    return redirect(url_for("accounts.settings"))


def _apply(kind: str, accepted: bool) -> None:
    if accepted:
        services.accept(db.session, current_user, kind)
    else:
        services.withdraw(db.session, current_user, kind)
    audit.record(
        db.session,
        request_actor(),
        "update",
        "consent",
        None,
        current_user.id,
        f"{kind}={'accept' if accepted else 'withdraw'}",
    )
    db.session.commit()


def _state_json(state: services.ConsentState) -> dict:
    return {
        "kind": state.document.kind,
        "title": state.document.title,
        "required": state.document.required,
        "current_version": state.document.version,
        "accepted_version": state.accepted_version,
        "accepted_at": state.accepted_at.isoformat() if state.accepted_at else None,
        "in_force": state.current,
    }


@bp.route("/api/consents")
@signed_in
@consent_exempt
def api_list():
    return jsonify({"consents": [_state_json(s) for s in services.states(db.session, current_user)]})


@bp.route("/api/consents/<kind>", methods=["PUT"])
@signed_in
@consent_exempt
def api_set(kind: str):
    document(kind)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed('Send a JSON object like {"accepted": true}.')
    accepted = body.get("accepted")
    if not isinstance(accepted, bool):
        raise ValidationFailed('"accepted" must be true or false.', "accepted")
    _apply(kind, accepted)
    state = next(s for s in services.states(db.session, current_user) if s.document.kind == kind)
    return jsonify(_state_json(state))
