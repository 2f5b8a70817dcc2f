"""The resource library: public browsing and search, and the administrators' create/edit/delete pages.

The library is public (people weighing up therapy can read it before signing up); unpublished entries are
visible to administrators only. Thin routes over resources.services.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mindhaven.accounts.models import Role
from mindhaven.errors import DomainError, ValidationFailed
from mindhaven.extensions import db
from mindhaven.policy import public, role_required
from mindhaven.resources import services
from mindhaven.resources.topics import KINDS, TOPICS, kind_label, topic_label

bp = Blueprint("resources", __name__)


def _is_admin() -> bool:
    return bool(current_user.is_authenticated and current_user.is_admin)


def _context(**extra):
    return {"topics": TOPICS, "kinds": KINDS, "topic_label": topic_label, "kind_label": kind_label, **extra}


def _choice(name: str, allowed) -> str | None:
    value = request.args.get(name) or None
    if value is not None and value not in allowed:
        raise ValidationFailed(f"Unknown {name} filter.", name)
    return value


@bp.route("/resources")
@public
def index():
    topic = _choice("topic", TOPICS)
    kind = _choice("kind", KINDS)
    q = services.normalise_query(request.args.get("q"))
    found = services.search(db.session, q=q, topic=topic, kind=kind)
    return render_template(
        "resources/index.html",
        **_context(
            resources=found, q=q, topic=topic, kind=kind, counts=services.topic_counts(db.session), admin=_is_admin()
        ),
    )


@bp.route("/resources/<slug>")
@public
def detail(slug: str):
    resource = services.get_by_slug(db.session, slug, include_unpublished=_is_admin())
    return render_template(
        "resources/detail.html",
        **_context(
            resource=resource,
            blocks=services.paragraphs(resource.body),
            related=services.related(db.session, resource),
            admin=_is_admin(),
        ),
    )


# Administration ---------------------------------------------------------------------------------------------


@bp.route("/admin/resources")
@role_required(Role.ADMIN)
def admin_list():
    return render_template(
        "resources/admin_list.html",
        **_context(resources=services.search(db.session, include_unpublished=True)),
    )


def _form_page(resource=None, form=None, error=None, status: int = 200):
    if form is None:
        form = {"published": ["on"]}
        if resource is not None:
            form = {
                "slug": [resource.slug],
                "title": [resource.title],
                "kind": [resource.kind],
                "topics": list(resource.topics or []),
                "summary": [resource.summary],
                "body": [resource.body],
                "url": [resource.url or ""],
                "published": ["on"] if resource.published else [],
            }
    return render_template("resources/admin_form.html", **_context(resource=resource, form=form, error=error)), status


def _submitted() -> dict[str, list[str]]:
    return {key: request.form.getlist(key) for key in request.form}


@bp.route("/admin/resources/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_new():
    if request.method == "GET":
        return _form_page()
    try:
        created = services.create(db.session, request.form)
    except DomainError as error:
        db.session.rollback()
        return _form_page(form=_submitted(), error=error, status=error.status)
    db.session.commit()
    flash(f"“{created.title}” is saved.")
    return redirect(url_for("resources.admin_list"))


@bp.route("/admin/resources/<int:resource_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_edit(resource_id: int):
    resource = services.get(db.session, resource_id)
    if request.method == "GET":
        return _form_page(resource)
    try:
        updated = services.update(db.session, resource_id, request.form)
    except DomainError as error:
        db.session.rollback()
        return _form_page(services.get(db.session, resource_id), form=_submitted(), error=error, status=error.status)
    db.session.commit()
    flash(f"“{updated.title}” is updated.")
    return redirect(url_for("resources.admin_list"))


@bp.route("/admin/resources/<int:resource_id>/delete", methods=["POST"])
@role_required(Role.ADMIN)
def admin_delete(resource_id: int):
    title = services.delete(db.session, resource_id)
    db.session.commit()
    flash(f"“{title}” is deleted.")
    return redirect(url_for("resources.admin_list"))
