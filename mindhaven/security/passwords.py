"""Argon2id password hashing with parameters from settings."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

EXTENSION_KEY = "mindhaven_password_hasher"


def make_hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


def _hasher() -> PasswordHasher:
    return current_app.extensions[EXTENSION_KEY]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker settings than today's."""
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def burn_equal_time(password: str) -> None:
    """Spend the same effort as a real check, so unknown emails do not answer faster."""
    hasher = _hasher()
    try:
        hasher.verify(_dummy_hash(hasher), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass


_DUMMY: dict[tuple[int, int], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost)
    if key not in _DUMMY:
        _DUMMY[key] = hasher.hash("mindhaven-no-such-user")
    return _DUMMY[key]
