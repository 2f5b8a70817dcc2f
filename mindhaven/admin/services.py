"""Read models for the admin pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import Role, TherapistProfile, TherapistStatus, User
from mindhaven.errors import ValidationFailed
from mindhaven.ids import id_arg
from mindhaven.policy import therapist_of
from mindhaven.security.audit import ACTIONS


@dataclass(frozen=True)
class ClientRow:
    client: User
    therapist: User | None


def clients_with_therapists(session: Session) -> list[ClientRow]:
    clients = session.scalars(select(User).where(User.role == Role.CLIENT).order_by(User.created_at)).all()
    return [ClientRow(c, therapist_of(session, c.id)) for c in clients]


def verified_therapists(session: Session) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(TherapistProfile, TherapistProfile.user_id == User.id)
            .where(TherapistProfile.status == TherapistStatus.VERIFIED, User.active.is_(True))
            .order_by(User.display_name)
        )
    )


def administrators(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.role == Role.ADMIN).order_by(User.display_name)))


def audit_filters(args: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The audit search's filters from a query string, and a message per bad field.

    Every field is checked, so the page can show all its mistakes at once next to the form.
    """
    filters: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, label in (("actor_id", "Actor id"), ("subject_user_id", "Subject user id"), ("page", "Page")):
        try:
            filters[name] = id_arg(args, name, label)
        except ValidationFailed as error:
            errors[name] = error.message
    filters["page"] = filters.get("page") or 1
    action = args.get("action") or None
    if action is not None and action not in ACTIONS:
        errors["action"] = "Choose an action from the list."
    filters["action"] = action
    return filters, errors
