"""Closing a therapist's or an administrator's account, which only another administrator may do.

Clinical records must outlive the people who wrote them, so a closed staff account is deactivated, never deleted:
it can no longer log in, every session of it ends, its notes stay with the clinic. A therapist's clients must be
handed over first (Clients page), so nobody is left without care by a click.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import Role, User
from mindhaven.errors import Conflict, NotFound
from mindhaven.records.services import caseload
from mindhaven.scheduling.booking import cancel_upcoming_of_therapist
from mindhaven.security import audit

CLOSING_REASON = "your therapist no longer practises on MindHaven; please book with another therapist"


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active.is_(True)))


def close_staff_account(session: Session, admin: User, actor: audit.Actor, user_id: int, now: datetime) -> User:
    """Deactivate a therapist or admin; raises Conflict with the reason when it may not be done yet."""
    user = session.get(User, user_id)
    if user is None or user.is_client:
        raise NotFound("No such therapist or administrator. Clients close their own accounts in Settings.")
    if not user.active:
        raise Conflict("This account is already closed.")
    if user.id == admin.id:
        raise Conflict("You cannot close your own account; ask another administrator.")
    if user.is_admin and _active_admins(session) <= 1:
        raise Conflict("This is the last administrator; create another one first.")
    if user.is_therapist:
        count = len(caseload(session, user))
        if count:
            noun = "client" if count == 1 else "clients"
            raise Conflict(
                f"{user.display_name} still has {count} {noun}. Move them to another therapist on the Clients "
                "page first; their notes stay with the clinic."
            )
        cancelled = cancel_upcoming_of_therapist(session, user, now, CLOSING_REASON)
    else:
        cancelled = 0
    user.active = False
    user.session_version = (user.session_version or 1) + 1  # ends every session it has open
    audit.record(session, actor, "update", "account", user.id, user.id, f"closed; {cancelled} sessions cancelled")
    session.commit()
    return user


def reopen_staff_account(session: Session, actor: audit.Actor, user_id: int) -> User:
    """Let a closed therapist or admin log in again (a closure by mistake, or someone coming back).

    Nothing else is restored: sessions that closing cancelled stay cancelled, and clients are assigned again by
    hand. The password is the one they had; an administrator who doubts it can have them reset it.
    """
    user = session.get(User, user_id)
    if user is None or user.is_client:
        raise NotFound("No such therapist or administrator.")
    if user.active:
        raise Conflict("This account is open.")
    user.active = True
    audit.record(session, actor, "update", "account", user.id, user.id, "reopened")
    session.commit()
    return user
