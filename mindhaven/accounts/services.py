"""Account use cases: registration, login with lockout, password change and reset, verification."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from mindhaven.accounts import validation
from mindhaven.accounts.models import (
    LoginThrottle,
    PasswordResetToken,
    Role,
    TherapistProfile,
    TherapistStatus,
    User,
)
from mindhaven.accounts.vocab import APPROACHES, GENDERS, LANGUAGES, SPECIALTIES
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Conflict, DomainError, NotFound, ValidationFailed
from mindhaven.security import audit
from mindhaven.security.passwords import burn_equal_time, hash_password, needs_rehash, verify_password


class LoginFailed(DomainError):
    status = 400
    code = "login_failed"


class AccountLocked(DomainError):
    status = 429
    code = "locked"

    def __init__(self, until: datetime) -> None:
        super().__init__(
            "Too many wrong passwords. This account is locked for a while; try again later or reset your password."
        )
        self.until = until


@dataclass(frozen=True)
class LockoutPolicy:
    """Wrong passwords in a row that lock one network address out of an account, and the account itself.

    The per-address lock stops guessing without letting a stranger lock an account's owner out from elsewhere;
    the much higher account-wide count stops slow guessing spread over many addresses.
    """

    threshold: int = 10
    minutes: int = 15
    account_threshold: int = 100


def login_source(address: str | None, secret: str) -> str:
    """A keyed hash of the client's network address: lockouts need to tell addresses apart, not to store them."""
    return hmac.new(secret.encode(), (address or "unknown").encode(), hashlib.sha256).hexdigest()


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.strip().lower())).first()


def _add_user(session: Session, user: User) -> User:
    if find_by_email(session, user.email) is not None:
        raise Conflict("An account with this email already exists. Log in or reset your password.", "email")
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # a concurrent sign-up won the race for the same email
        session.rollback()
        raise Conflict("An account with this email already exists. Log in or reset your password.", "email") from None
    return user


def register_client(session: Session, *, email: str, pseudonym: str, password: str, timezone: str = "UTC") -> User:
    email = validation.normalize_email(email)
    pseudonym = validation.check_pseudonym(pseudonym)
    validation.check_password(password, email=email, name=pseudonym)
    user = User(
        email=email,
        display_name=pseudonym,
        role=Role.CLIENT,
        password_hash=hash_password(password),
        timezone=validation.check_timezone(timezone),
    )
    return _add_user(session, user)


@dataclass(frozen=True)
class TherapistApplication:
    email: str
    password: str
    full_name: str
    licence_number: str
    specialties: list[str]
    approaches: list[str]
    languages: list[str]
    gender: str
    bio: str
    fee_minor: int
    timezone: str = "UTC"


def _clean_text(value: str, field: str, label: str, low: int, high: int) -> str:
    text = " ".join((value or "").split())
    if not low <= len(text) <= high:
        raise ValidationFailed(f"{label} must be {low} to {high} characters.", field)
    return text


def apply_as_therapist(session: Session, app: TherapistApplication) -> User:
    email = validation.normalize_email(app.email)
    full_name = _clean_text(app.full_name, "full_name", "Full name", 2, 120)
    validation.check_password(app.password, email=email, name=full_name)
    if app.gender not in GENDERS:
        raise ValidationFailed("Choose a gender option from the list.", "gender")
    if not 0 <= app.fee_minor <= 10_000_000:
        raise ValidationFailed("Enter a fee between 0 and 100,000.", "fee")
    bio = (app.bio or "").strip()
    if len(bio) > 2000:
        raise ValidationFailed("Keep the bio under 2,000 characters.", "bio")
    user = User(
        email=email,
        display_name=full_name,
        role=Role.THERAPIST,
        password_hash=hash_password(app.password),
        timezone=validation.check_timezone(app.timezone),
    )
    user.therapist_profile = TherapistProfile(
        full_name=full_name,
        licence_number=_clean_text(app.licence_number, "licence_number", "Licence number", 3, 60),
        specialties=validation.check_codes(app.specialties, SPECIALTIES, "specialties", "specialty"),
        approaches=validation.check_codes(app.approaches, APPROACHES, "approaches", "approach"),
        languages=validation.check_codes(app.languages, LANGUAGES, "languages", "language"),
        gender=app.gender,
        bio=bio,
        fee_minor=app.fee_minor,
        status=TherapistStatus.PENDING,
    )
    return _add_user(session, user)


def create_admin(session: Session, *, email: str, name: str, password: str) -> User:
    email = validation.normalize_email(email)
    name = _clean_text(name, "name", "Name", 2, 80)
    validation.check_password(password, email=email, name=name)
    user = User(email=email, display_name=name, role=Role.ADMIN, password_hash=hash_password(password))
    return _add_user(session, user)


def authenticate(
    session: Session,
    email: str,
    password: str,
    policy: LockoutPolicy,
    now: datetime | None = None,
    source: str = "unknown",
) -> User:
    """Check a login from `source` (`login_source`); counts wrong passwords and locks by `policy`."""
    now = now or utcnow()
    generic = "That email and password do not match an account."
    try:
        email = validation.normalize_email(email)
    except ValidationFailed:
        burn_equal_time(password or "")
        raise LoginFailed(generic) from None
    user = find_by_email(session, email)
    if user is None:
        burn_equal_time(password or "")
        raise LoginFailed(generic)
    throttle = session.get(LoginThrottle, (user.id, source))
    for until in (user.locked_until, throttle.locked_until if throttle else None):
        if until is not None and until > now:
            raise AccountLocked(until)
    if not verify_password(user.password_hash, password or ""):
        _count_wrong_password(session, user, throttle, source, policy, now)
        raise LoginFailed(generic)
    if not user.active:
        raise LoginFailed("This account has been closed.")
    user.failed_logins = 0
    user.locked_until = None
    if throttle is not None:
        session.delete(throttle)
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.commit()
    return user


def _count_wrong_password(
    session: Session, user: User, throttle: LoginThrottle | None, source: str, policy: LockoutPolicy, now: datetime
) -> None:
    """One more wrong password from `source`; raises AccountLocked when that locks the address or the account."""
    if throttle is None:
        throttle = LoginThrottle(user_id=user.id, source=source, failures=0)
        session.add(throttle)
    throttle.failures = (throttle.failures or 0) + 1
    user.failed_logins = (user.failed_logins or 0) + 1
    until = now + timedelta(minutes=policy.minutes)
    locked = False
    if throttle.failures >= policy.threshold:
        throttle.locked_until, throttle.failures, locked = until, 0, True
    if user.failed_logins >= policy.account_threshold:
        user.locked_until, user.failed_logins, locked = until, 0, True
    session.commit()
    if locked:
        raise AccountLocked(until)


def change_password(session: Session, user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current or ""):
        raise ValidationFailed("Your current password is not correct.", "current_password")
    validation.check_password(new, email=user.email, name=user.display_name)
    _set_password(user, new)
    session.commit()


def _set_password(user: User, new: str) -> None:
    user.password_hash = hash_password(new)
    user.session_version = (user.session_version or 1) + 1  # signs out every other session
    user.failed_logins = 0
    user.locked_until = None
    session = object_session(user)
    if session is not None and user.id is not None:  # a new password lifts every address's lock too
        session.execute(delete(LoginThrottle).where(LoginThrottle.user_id == user.id))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_password_reset(
    session: Session, email: str, minutes: int, now: datetime | None = None
) -> tuple[User, str] | None:
    """Create a one-time reset token; None when no account has that email (the caller says nothing)."""
    try:
        user = find_by_email(session, validation.normalize_email(email))
    except ValidationFailed:
        return None
    if user is None or not user.active:
        return None
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordResetToken(
            user_id=user.id, token_hash=_token_hash(token), created_at=now, expires_at=now + timedelta(minutes=minutes)
        )
    )
    session.commit()
    return user, token


def reset_token_user(session: Session, token: str, now: datetime | None = None) -> User:
    now = now or utcnow()
    row = session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _token_hash(token or ""))
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise NotFound("This reset link is invalid, already used or expired. Ask for a new one.")
    user = session.get(User, row.user_id)
    if user is None:
        raise NotFound("This reset link is invalid, already used or expired. Ask for a new one.")
    return user


def reset_password(session: Session, token: str, new: str, now: datetime | None = None) -> User:
    now = now or utcnow()
    user = reset_token_user(session, token, now)
    validation.check_password(new, email=user.email, name=user.display_name)
    _set_password(user, new)
    # Using one link spends every outstanding link of this user.
    for row in session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
    ):
        row.used_at = now
    session.commit()
    return user


def set_timezone(session: Session, user: User, zone: str) -> None:
    user.timezone = validation.check_timezone(zone)
    session.commit()


def review_therapist(
    session: Session,
    admin: User,
    actor: audit.Actor,
    therapist_id: int,
    approve: bool,
    note: str = "",
    now: datetime | None = None,
) -> TherapistProfile:
    """An admin verifies or rejects a therapist application."""
    profile = session.get(TherapistProfile, therapist_id)
    if profile is None:
        raise NotFound("No such therapist application.")
    profile.status = TherapistStatus.VERIFIED if approve else TherapistStatus.REJECTED
    profile.reviewed_at = now or utcnow()
    profile.reviewed_by_id = admin.id
    profile.review_note = (note or "").strip()[:500] or None
    audit.record(
        session, actor, "update", "therapist_verification", therapist_id, therapist_id, f"status={profile.status}"
    )
    session.commit()
    return profile


def therapists_by_status(session: Session, status: str | None = None) -> list[TherapistProfile]:
    query = select(TherapistProfile).order_by(TherapistProfile.applied_at)
    if status:
        query = query.where(TherapistProfile.status == status)
    return list(session.scalars(query))


def count_by_role(session: Session) -> dict[str, int]:
    rows = session.execute(select(User.role, func.count()).group_by(User.role)).all()
    return {role: n for role, n in rows}
