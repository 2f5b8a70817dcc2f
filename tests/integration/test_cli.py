"""The `mindhaven` command line against a fresh database."""

import pytest
from click.testing import CliRunner

from mindhaven.cli import main
from tests.conftest import app_env


@pytest.fixture
def run(tmp_path, monkeypatch):
    env = app_env(f"sqlite:///{tmp_path}/cli.db")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(main, list(args), catch_exceptions=False, **kwargs)

    return invoke


def test_init_db_and_seed_demo_are_idempotent(run):
    assert run("init-db").exit_code == 0
    first = run("seed-demo")
    assert first.exit_code == 0
    assert "11 accounts created" in first.output
    assert first.output.count("therapist ") >= 6 and first.output.count("client ") >= 3
    second = run("seed-demo")
    assert "0 accounts created, 11 already there" in second.output
    assert run("init-db").exit_code == 0


def test_demo_logins_work(run, tmp_path):
    from mindhaven import create_app
    from mindhaven.demo import DEMO_PASSWORD
    from tests.helpers import Browser

    run("init-db")
    output = run("seed-demo").output
    emails = [line.split()[1] for line in output.splitlines() if "@mindhaven.example" in line]
    assert len(emails) == 11
    app = create_app({"TESTING": True}, env=app_env(f"sqlite:///{tmp_path}/cli.db"))
    with app.app_context():
        for email in emails:
            browser = Browser(app.test_client())
            response = browser.post("/login", data={"email": email, "password": DEMO_PASSWORD})
            assert response.status_code == 302, email
            page = browser.get(browser.get("/dashboard").location)
            assert page.status_code == 200, email


def test_create_admin(run):
    run("init-db")
    result = run(
        "create-admin",
        "--email",
        "ops@clinic.example",
        "--name",
        "Clinic Ops",
        input="a long admin passphrase\na long admin passphrase\n",
    )
    assert result.exit_code == 0 and "ops@clinic.example created" in result.output
    again = run(
        "create-admin", "--email", "ops@clinic.example", "--name", "Clinic Ops", "--password", "a long admin passphrase"
    )
    assert again.exit_code == 1 and "already exists" in again.output
    weak = run("create-admin", "--email", "x@clinic.example", "--name", "X Y", "--password", "short")
    assert weak.exit_code == 1 and "at least 10" in weak.output


def test_generate_keys_prints_usable_keys(run):
    from mindhaven.security.encryption import DataCipher

    output = run("generate-keys").output
    values = dict(line.split("=", 1) for line in output.strip().splitlines())
    assert len(values["SECRET_KEY"]) >= 32
    DataCipher(values["DATA_KEY"])


def test_rotate_data_key_command(run, monkeypatch, tmp_path):
    from cryptography.fernet import Fernet

    run("init-db")
    run("seed-demo")
    old = app_env("")["DATA_KEY"]
    monkeypatch.setenv("DATA_KEY", f"{Fernet.generate_key().decode()},{old}")
    result = run("rotate-data-key")
    assert result.exit_code == 0 and "Re-encrypted 0 values" in result.output


def test_production_without_keys_exits_with_a_message(run, monkeypatch):
    monkeypatch.setenv("MINDHAVEN_ENV", "production")
    monkeypatch.delenv("SECRET_KEY")
    result = CliRunner().invoke(main, ["init-db"])
    assert result.exit_code == 2
    assert "Refusing to start in production" in result.output
