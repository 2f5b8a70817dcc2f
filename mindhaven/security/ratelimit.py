"""Per-address rate limits for sensitive form posts (login, password reset).

Counts live in Redis when REDIS_URL is set, so every server process shares
them; otherwise in this process's memory. Each app gets its own limiter, so
two apps in one process (tests, workers) never share state by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from mindhaven.errors import error_response

EXTENSION_KEY = "mindhaven_ratelimit"


class RateLimiter:
    def __init__(self, storage_uri: str, prefix: str) -> None:
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self._prefix = prefix

    def hit(self, rule: str, name: str, key: str) -> bool:
        """Count one attempt; False once the rule (e.g. '20 per minute') is exceeded."""
        return self._limiter.hit(parse(rule), self._prefix, name, key)


def install(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = RateLimiter(app.config["RATELIMIT_STORAGE_URI"], app.config["RATELIMIT_KEY_PREFIX"])


def limit_posts(config_key: str) -> Callable[[Callable], Callable]:
    """Limit POSTs to the view per client address, with the rule held in config[config_key]."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if request.method == "POST":
                limiter: RateLimiter = current_app.extensions[EXTENSION_KEY]
                if not limiter.hit(
                    current_app.config[config_key], request.endpoint or view.__name__, request.remote_addr or "unknown"
                ):
                    return error_response(429, "Too many attempts. Please wait a minute and try again.", "rate_limited")
            return view(*args, **kwargs)

        return wrapper

    return decorate
