"""Small helpers that routes share: form errors as 400s, the audit actor of a request, safe redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm

from mindhaven.errors import DomainError
from mindhaven.security.audit import Actor


def render_form(template: str, form: FlaskForm, **context):
    """Render a form page: 200 on first view, 400 when the submission was invalid."""
    status = 400 if request.method == "POST" and (form.errors or getattr(form, "form_errors", None)) else 200
    return render_template(template, form=form, **context), status


def attach_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's error next to the field it is about (or at the top of the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        form.form_errors.append(error.message)


def request_actor() -> Actor:
    user_id = current_user.id if current_user.is_authenticated else None
    role = current_user.role if current_user.is_authenticated else "anonymous"
    return Actor(user_id, role, request.remote_addr)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths may be redirect targets after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
