"""Rules for what users type into account forms, shared by forms, JSON and CLI."""

from __future__ import annotations

import re
from zoneinfo import available_timezones

from mindhaven.errors import ValidationFailed

_EMAIL = re.compile(
    r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_PSEUDONYM = re.compile(r"^[\w .'-]{2,40}$", re.UNICODE)
PASSWORD_MIN = 10
PASSWORD_MAX = 128


def normalize_email(raw: str) -> str:
    email = (raw or "").strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise ValidationFailed("Enter a valid email address, like name@example.org.", "email")
    return email


def check_password(password: str, *, email: str = "", name: str = "") -> str:
    if not isinstance(password, str) or len(password) < PASSWORD_MIN:
        raise ValidationFailed(f"Use at least {PASSWORD_MIN} characters for your password.", "password")
    if len(password) > PASSWORD_MAX:
        raise ValidationFailed(f"Use at most {PASSWORD_MAX} characters for your password.", "password")
    lowered = password.lower()
    for own in (email.split("@")[0] if email else "", name):
        if own and len(own) >= 4 and own.lower() in lowered:
            raise ValidationFailed("Your password should not contain your email name or pseudonym.", "password")
    if len(set(password)) < 4:
        raise ValidationFailed("That password is too easy to guess; mix more different characters.", "password")
    return password


def check_pseudonym(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not _PSEUDONYM.match(name):
        raise ValidationFailed(
            "Choose a pseudonym of 2 to 40 letters, digits, spaces, dots, dashes or apostrophes.", "pseudonym"
        )
    return name


def check_timezone(raw: str) -> str:
    zone = (raw or "").strip()
    if zone not in _zones():
        raise ValidationFailed("Choose a time zone from the list, like Asia/Kolkata or Europe/London.", "timezone")
    return zone


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def timezone_choices() -> list[str]:
    return sorted(z for z in _zones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))) + ["UTC"]


def check_codes(
    values: list[str], vocabulary: dict[str, str], field: str, label: str, *, required: bool = True
) -> list[str]:
    chosen = list(dict.fromkeys(v for v in values if v))
    unknown = [v for v in chosen if v not in vocabulary]
    if unknown:
        raise ValidationFailed(f"Unknown {label}: {', '.join(unknown)}.", field)
    if required and not chosen:
        raise ValidationFailed(f"Choose at least one {label}.", field)
    return chosen
