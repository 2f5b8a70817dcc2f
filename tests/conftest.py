"""Shared fixtures: a migrated database per test on SQLite (always) and PostgreSQL (when configured).

Every app-level test runs once per backend: `TEST_DATABASE_URL` adds the
PostgreSQL run. Each test gets a fresh database: a copy of a migrated SQLite
template file, or truncated PostgreSQL tables.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from mindhaven import create_app
from mindhaven.extensions import db
from tests.helpers import Browser, Factory

TEST_SECRET = "test-secret-key-" + "x" * 40
TEST_DATA_KEY = Fernet.generate_key().decode()
PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        "MINDHAVEN_ENV": "testing",
        "SECRET_KEY": TEST_SECRET,
        "DATA_KEY": TEST_DATA_KEY,
        "DATABASE_URL": database_url,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "1024",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "RESET_RATE_LIMIT": "1000 per minute",
        "SIGNUP_RATE_LIMIT": "1000 per minute",
    }
    env.update(extra)
    return env


def migrate(database_url: str, instance: Path) -> None:
    from flask_migrate import upgrade

    app = create_app({"TESTING": True}, env=app_env(database_url))
    app.instance_path = str(instance)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.db"
    migrate(f"sqlite:///{path}", folder)
    # Fold the WAL back into the main file so a plain copy is complete.
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_migrated(tmp_path_factory) -> str:
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    migrate(PG_URL, tmp_path_factory.mktemp("pg"))
    return PG_URL


def _truncate_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
            )
        ]
        if tables:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "mindhaven.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_migrated")
    _truncate_postgres(url)
    return url


@pytest.fixture
def app_factory(database_url, tmp_path):
    """Build an app on this test's database; keyword arguments become environment settings."""
    made = []

    def build(**extra: str):
        app = create_app({"TESTING": True}, env=app_env(database_url, **extra))
        app.instance_path = str(tmp_path)
        made.append(app)
        return app

    yield build
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def session(app):
    return db.session


@pytest.fixture
def make(app) -> Factory:
    return Factory(db.session)


@pytest.fixture
def people(make):
    """Every kind of user, with two care relationships, for access-control tests."""
    therapist, other_therapist = make.therapist(), make.therapist()
    client, other_client = make.client(), make.client()
    make.assign(client, therapist)
    make.assign(other_client, other_therapist)
    return {
        "admin": make.admin(),
        "therapist": therapist,
        "other_therapist": other_therapist,
        "pending_therapist": make.therapist(verified=False),
        "client": client,
        "other_client": other_client,
    }


@pytest.fixture
def browser(app) -> Browser:
    return Browser(app.test_client())


@pytest.fixture
def login(app, make):
    """login(user) -> a Browser signed in as that user."""

    def sign_in(user) -> Browser:
        browser = Browser(app.test_client())
        response = browser.post("/login", data={"email": user.email, "password": Factory.PASSWORD})
        assert response.status_code == 302, response.text
        return browser

    return sign_in
