import pytest
from cryptography.fernet import Fernet

from mindhaven import create_app
from mindhaven.config import ConfigError, load_settings


def test_production_refuses_to_start_without_keys(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY and DATA_KEY"):
        load_settings({"MINDHAVEN_ENV": "production"}, tmp_path)
    with pytest.raises(ConfigError, match="DATA_KEY"):
        load_settings({"MINDHAVEN_ENV": "production", "SECRET_KEY": "s" * 40}, tmp_path)


def test_production_rejects_a_short_secret(tmp_path):
    with pytest.raises(ConfigError, match="32 characters"):
        load_settings(
            {"MINDHAVEN_ENV": "production", "SECRET_KEY": "short", "DATA_KEY": Fernet.generate_key().decode()}, tmp_path
        )


def test_production_app_factory_refuses_too(tmp_path):
    with pytest.raises(ConfigError):
        create_app(env={"MINDHAVEN_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_production_cookies_are_secure_httponly_samesite(tmp_path):
    settings = load_settings(
        {"MINDHAVEN_ENV": "production", "SECRET_KEY": "s" * 40, "DATA_KEY": Fernet.generate_key().decode()}, tmp_path
    )
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_keeps_its_generated_secrets_between_starts(tmp_path):
    first = load_settings({}, tmp_path)
    second = load_settings({}, tmp_path)
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert first["DATA_KEY"] == second["DATA_KEY"]
    assert (tmp_path / "dev-data-key").stat().st_mode & 0o077 == 0
    assert first["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert first["SQLALCHEMY_DATABASE_URI"].endswith("mindhaven.db")


def test_database_url_switches_backend_without_code_change(tmp_path):
    settings = load_settings({"DATABASE_URL": "postgresql+psycopg://u@db/mindhaven"}, tmp_path)
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/mindhaven"


def test_unknown_environment_and_bad_numbers_are_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="MINDHAVEN_ENV"):
        load_settings({"MINDHAVEN_ENV": "staging"}, tmp_path)
    with pytest.raises(ConfigError, match="LOGIN_LOCKOUT_THRESHOLD"):
        load_settings({"LOGIN_LOCKOUT_THRESHOLD": "ten"}, tmp_path)


def test_redis_url_becomes_the_rate_limit_store(tmp_path):
    assert load_settings({}, tmp_path)["RATELIMIT_STORAGE_URI"] == "memory://"
    assert load_settings({"REDIS_URL": "redis://r:6379/0"}, tmp_path)["RATELIMIT_STORAGE_URI"] == "redis://r:6379/0"
