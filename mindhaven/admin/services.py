"""Read models for the admin pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import Role, TherapistProfile, TherapistStatus, User
from mindhaven.policy import therapist_of


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
