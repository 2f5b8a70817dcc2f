"""Settings from the environment.

One function turns environment variables into a Flask config mapping, so the
same code runs on a laptop (SQLite, printed mail) and on a cluster
(PostgreSQL, Redis, SMTP) with only the environment changed.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(RuntimeError):
    """The settings cannot run the server safely (raised before anything starts)."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _dev_secret(instance: Path, name: str, make) -> str:
    """Read or create a development-only secret file under instance/.

    Keeping it on disk means encrypted data written yesterday still reads
    today; production must pass real secrets through the environment.
    """
    path = instance / name
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    value = make()
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


def load_settings(env: Mapping[str, str] | None = None, instance_path: str | Path = "instance") -> dict[str, Any]:
    """Build the Flask config from environment variables (see docs/configuration.md)."""
    env = os.environ if env is None else env
    instance = Path(instance_path)
    mode = env.get("MINDHAVEN_ENV", "development").strip().lower()
    if mode not in ENVIRONMENTS:
        raise ConfigError(f"MINDHAVEN_ENV must be one of {', '.join(ENVIRONMENTS)}, got {mode!r}")
    production = mode == "production"

    secret_key = env.get("SECRET_KEY", "")
    data_key = env.get("DATA_KEY", "")
    if production:
        missing = [name for name, value in (("SECRET_KEY", secret_key), ("DATA_KEY", data_key)) if not value]
        if missing:
            raise ConfigError(
                "Refusing to start in production without "
                + " and ".join(missing)
                + ". Generate them with `mindhaven generate-keys` and set them in the environment."
            )
        if len(secret_key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters long in production.")
    else:
        secret_key = secret_key or _dev_secret(instance, "dev-secret-key", lambda: secrets.token_urlsafe(48))
        data_key = data_key or _dev_secret(instance, "dev-data-key", lambda: Fernet.generate_key().decode())

    database_url = env.get("DATABASE_URL") or f"sqlite:///{(instance / 'mindhaven.db').resolve()}"
    redis_url = env.get("REDIS_URL", "")

    return {
        "MINDHAVEN_ENV": mode,
        "DEBUG": False,
        "TESTING": mode == "testing",
        "SECRET_KEY": secret_key,
        "DATA_KEY": data_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        # Cookies: Secure needs HTTPS, so it is on in production and may be
        # switched on anywhere else with SESSION_COOKIE_SECURE=1.
        "SESSION_COOKIE_SECURE": _flag(env.get("SESSION_COOKIE_SECURE"), production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "mindhaven_session",
        "PERMANENT_SESSION_LIFETIME": _int(env, "SESSION_HOURS", 12) * 3600,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "MAX_CONTENT_LENGTH": _int(env, "MAX_UPLOAD_BYTES", 2 * 1024 * 1024),
        # Login protection.
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "20 per minute"),
        "RESET_RATE_LIMIT": env.get("RESET_RATE_LIMIT", "5 per minute"),
        # Sign-up says when an email already has an account; this keeps anyone from testing addresses in bulk.
        "SIGNUP_RATE_LIMIT": env.get("SIGNUP_RATE_LIMIT", "10 per hour"),
        "LOGIN_LOCKOUT_THRESHOLD": _int(env, "LOGIN_LOCKOUT_THRESHOLD", 10),
        "LOGIN_LOCKOUT_MINUTES": _int(env, "LOGIN_LOCKOUT_MINUTES", 15),
        "LOGIN_ACCOUNT_LOCKOUT_THRESHOLD": _int(env, "LOGIN_ACCOUNT_LOCKOUT_THRESHOLD", 100),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", "mindhaven"),
        # Password hashing (argon2id); tests lower the cost to stay fast.
        "ARGON2_TIME_COST": _int(env, "ARGON2_TIME_COST", 3),
        "ARGON2_MEMORY_KIB": _int(env, "ARGON2_MEMORY_KIB", 65536),
        "PASSWORD_RESET_MINUTES": _int(env, "PASSWORD_RESET_MINUTES", 60),
        # Mail: without SMTP_HOST, mail is printed to the console (development).
        "SMTP_HOST": env.get("SMTP_HOST", ""),
        "SMTP_PORT": _int(env, "SMTP_PORT", 587),
        "SMTP_USERNAME": env.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _flag(env.get("SMTP_STARTTLS"), production),
        "MAIL_FROM": env.get("MAIL_FROM", "MindHaven <no-reply@mindhaven.example>"),
        "BASE_URL": env.get("BASE_URL", "").rstrip("/"),
        "CURRENCY": env.get("CURRENCY", "USD"),
        # WebRTC: STUN/TURN servers handed to browsers (JSON list of RTCIceServer). Empty: direct connections
        # only, which works on one network; production needs a TURN server such as coturn (docs/deploy.md).
        "ICE_SERVERS": _ice_servers(env.get("ICE_SERVERS", "")),
        # Frames per second the client page sends for emotion analysis while it is on (2 to 5).
        "LIVE_FRAME_RATE": min(5, max(2, _int(env, "LIVE_FRAME_RATE", 3))),
        # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted
        # (client address for rate limits, https for cookies and links).
        "PROXY_COUNT": _int(env, "PROXY_COUNT", 0),
        # Reminders and other periodic jobs: a thread in each web process, or "off" when `mindhaven worker` runs them.
        # Support chatbot: an optional OpenAI-compatible language model; off while CHATBOT_LLM_URL is empty.
        "CHATBOT_LLM_URL": env.get("CHATBOT_LLM_URL", "").strip(),
        "CHATBOT_LLM_MODEL": env.get("CHATBOT_LLM_MODEL", ""),
        "CHATBOT_LLM_API_KEY": env.get("CHATBOT_LLM_API_KEY", ""),
        "SCHEDULER": _choice(env, "SCHEDULER", ("in-process", "off"), "off" if mode == "testing" else "in-process"),
    }


def _ice_servers(raw: str) -> list[dict]:
    """ICE_SERVERS='[{"urls": "turn:turn.example.org:3478", "username": "u", "credential": "p"}]'."""
    if not raw.strip():
        return []
    import json

    try:
        servers = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"ICE_SERVERS is not valid JSON: {exc}") from None
    if not isinstance(servers, list) or not all(isinstance(s, dict) and "urls" in s for s in servers):
        raise ConfigError('ICE_SERVERS must be a JSON list of objects with "urls", e.g. [{"urls": "stun:host:3478"}]')
    return servers
