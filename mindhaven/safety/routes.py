"""Admin pages for the crisis helplines shown on the crisis card."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from mindhaven.accounts.models import Role
from mindhaven.errors import NotFound
from mindhaven.extensions import db
from mindhaven.policy import role_required
from mindhaven.safety import helplines as service
from mindhaven.safety.models import Helpline
from mindhaven.safety.own_words import OwnWords, plea_for

bp = Blueprint("safety", __name__, url_prefix="/admin/helplines")


bp.add_app_template_global(service.dial_parts, "dial_parts")


@bp.app_template_global("crisis_plea")
def crisis_plea(text: str | None) -> OwnWords | None:
    """The crisis card's plea in the language of the client's words, for every page that shows the card."""
    return plea_for(text)


def _get(line_id: int) -> Helpline:
    line = db.session.get(Helpline, line_id)
    if line is None:
        raise NotFound("No such helpline.")
    return line


@bp.route("/")
@role_required(Role.ADMIN)
def helplines():
    rows = db.session.scalars(select(Helpline).order_by(Helpline.country, Helpline.position, Helpline.id)).all()
    return render_template(
        "safety/helplines.html", rows=rows, defaults=service.DEFAULTS, missing=service.missing_defaults(db.session)
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create():
    if request.method == "POST":
        line = service.create(db.session, request.form)
        db.session.commit()
        flash(f"Added {line.name}.")
        return redirect(url_for("safety.helplines"))
    return render_template("safety/helpline_form.html", line=None)


@bp.route("/<int:line_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit(line_id: int):
    line = _get(line_id)
    if request.method == "POST":
        service.update(db.session, line, request.form)
        db.session.commit()
        flash(f"Saved {line.name}.")
        return redirect(url_for("safety.helplines"))
    return render_template("safety/helpline_form.html", line=line)


@bp.route("/<int:line_id>/delete", methods=["POST"])
@role_required(Role.ADMIN)
def delete(line_id: int):
    line = _get(line_id)
    db.session.delete(line)
    db.session.commit()
    flash(f"Removed {line.name}.")
    return redirect(url_for("safety.helplines"))


@bp.route("/seed", methods=["POST"])
@role_required(Role.ADMIN)
def seed():
    added = service.add_missing_defaults(db.session)
    db.session.commit()
    flash(f"Added {added} built-in helplines." if added else "Every built-in helpline is already in the list.")
    return redirect(url_for("safety.helplines"))
