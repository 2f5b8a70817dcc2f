"""Says loudly when the PostgreSQL and Redis runs are not configured (CI requires them)."""

import os

import pytest
from sqlalchemy import create_engine, text

REQUIRED = os.environ.get("MINDHAVEN_REQUIRE_SERVICES") == "1"


def _missing(what: str) -> None:
    message = f"{what} not set: the PostgreSQL/Redis runs are skipped (CI sets it)"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def test_postgresql_run_is_configured():
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        _missing("TEST_DATABASE_URL")
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
        assert engine.dialect.name == "postgresql"
    engine.dispose()


def test_redis_run_is_configured():
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        _missing("TEST_REDIS_URL")
    import redis

    assert redis.Redis.from_url(url).ping() is True
