"""Access rules, all in one place.

Every view carries exactly one rule from this module (`public`, `signed_in`,
`role_required`); a test walks the URL map and fails on any view without one.
Record-level rules (`client_visible_to`) raise NotFound so that a therapist
cannot even learn whether another therapist's client exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import Role, User
from mindhaven.errors import Forbidden, NotFound, error_response, wants_json
from mindhaven.records.models import CareAssignment

RULE_ATTR = "access_rule"
CONSENT_EXEMPT_ATTR = "consent_exempt"


def _mark(view: Callable, rule: str) -> Callable:
    setattr(view, RULE_ATTR, rule)
    return view


def public(view: Callable) -> Callable:
    """Anyone, signed in or not."""
    return _mark(view, "public")


def _login_redirect():
    if wants_json():
        return error_response(401, "Please log in first.", "unauthenticated")
    return redirect(url_for("accounts.login", next=request.full_path if request.query_string else request.path))


def signed_in(view: Callable) -> Callable:
    """Any signed-in user, whatever the role."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _login_redirect()
        return view(*args, **kwargs)

    return _mark(wrapper, "signed_in")


def role_required(*roles: Role, verified: bool = False) -> Callable[[Callable], Callable]:
    """Signed in with one of these roles; `verified` also demands an admin-verified therapist."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return _login_redirect()
            if current_user.role not in roles:
                raise Forbidden("Your account does not have access to this page.")
            if verified and current_user.is_therapist and not current_user.is_verified_therapist:
                raise Forbidden("This opens once an administrator has verified your therapist account.")
            return view(*args, **kwargs)

        return _mark(wrapper, "role:" + ",".join(roles) + (":verified" if verified else ""))

    return decorate


def consent_exempt(view: Callable) -> Callable:
    """Reachable before the required consents are accepted (consent, logout, export, delete)."""
    setattr(view, CONSENT_EXEMPT_ATTR, True)
    return view


# Record-level rules -------------------------------------------------------


def therapist_of(session: Session, client_id: int) -> User | None:
    """The client's current therapist, if any."""
    return session.scalars(
        select(User)
        .join(CareAssignment, CareAssignment.therapist_id == User.id)
        .where(CareAssignment.client_id == client_id, CareAssignment.ended_at.is_(None))
    ).first()


def can_view_client(session: Session, viewer: User, client_id: int) -> bool:
    if viewer.is_client:
        return viewer.id == client_id
    if viewer.is_therapist:
        therapist = therapist_of(session, client_id)
        return viewer.is_verified_therapist and therapist is not None and therapist.id == viewer.id
    return False  # admins manage accounts, they do not read clinical records


def client_visible_to(session: Session, viewer: User, client_id: int) -> User:
    """The client, if the viewer may see their record; NotFound otherwise."""
    client = session.get(User, client_id)
    if client is None or not client.is_client or not can_view_client(session, viewer, client_id):
        raise NotFound("No such client in your caseload.")
    return client
