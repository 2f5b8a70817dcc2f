"""The `mindhaven` command line: serve, worker, init-db, seed-demo, create-admin, keys."""

from __future__ import annotations

import sys

import click
from cryptography.fernet import Fernet
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from mindhaven.config import ConfigError


def _create_app():
    from mindhaven import create_app

    try:
        return create_app()
    except ConfigError as error:
        click.echo(f"mindhaven: {error}", err=True)
        sys.exit(2)


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False, add_default_commands=True)
def main() -> None:
    """MindHaven: affordable, pseudonymous online therapy."""


@main.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    from flask_migrate import upgrade

    upgrade()
    click.echo(f"Database ready: {_safe_url(current_app.config['SQLALCHEMY_DATABASE_URI'])}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo accounts (idempotent) and print their logins."""
    from mindhaven.demo import DEMO_PASSWORD, seed

    result = seed()
    click.echo(f"Demo data: {result.created} accounts created, {result.existing} already there.")
    click.echo("")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD})")
    for role, email, name in result.logins:
        click.echo(f"  {role:<10} {email:<38} {name}")


@main.command("create-admin")
@click.option("--email", required=True, help="The admin's login email.")
@click.option("--name", required=True, help="The admin's name as shown to colleagues.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Prompted for when not given.")
@with_appcontext
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account."""
    from mindhaven.accounts.services import create_admin as make_admin
    from mindhaven.errors import DomainError
    from mindhaven.extensions import db

    try:
        user = make_admin(db.session, email=email, name=name, password=password)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    click.echo(f"Admin {user.email} created. They accept the terms at first login.")


@main.command("generate-keys")
def generate_keys() -> None:
    """Print a fresh SECRET_KEY and DATA_KEY for production."""
    import secrets

    click.echo(f"SECRET_KEY={secrets.token_urlsafe(48)}")
    click.echo(f"DATA_KEY={Fernet.generate_key().decode()}")


@main.command("rotate-data-key")
@with_appcontext
def rotate_data_key() -> None:
    """Re-encrypt all encrypted text with the first key in DATA_KEY."""
    from mindhaven.extensions import db
    from mindhaven.security.encryption import current_cipher, rotate_encrypted_columns

    count = rotate_encrypted_columns(db.session, db.Model, current_cipher())
    click.echo(f"Re-encrypted {count} values with the newest key. You may now remove older keys from DATA_KEY.")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve MindHaven (development server; see docs/deploy.md for production)."""
    from werkzeug.serving import run_simple

    app = current_app._get_current_object()
    if app.config["MINDHAVEN_ENV"] == "production":
        click.echo("Note: for production, run gunicorn as described in docs/deploy.md.", err=True)
    click.echo(f"MindHaven is running at http://{host}:{port}/  (Ctrl+C to stop)")
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


@main.command("worker")
@click.option("--interval", default=60, show_default=True, type=click.IntRange(min=1), help="Seconds between runs.")
@click.option("--once", is_flag=True, help="Run the jobs once and exit (for cron or a systemd timer).")
@with_appcontext
def worker(interval: int, once: bool) -> None:
    """Run the scheduled jobs (session reminders) in this process; see docs/scheduling.md."""
    import logging
    import signal
    import threading

    from mindhaven.scheduling.worker import run_forever, run_once

    app = current_app._get_current_object()
    if once:
        results = run_once(app)
        click.echo(", ".join(f"{name}: {count}" for name, count in results.items()) or "no jobs")
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(f"MindHaven worker: running the scheduled jobs every {interval} s (Ctrl+C to stop)")
    try:
        run_forever(app, interval, stop)
    except KeyboardInterrupt:
        pass
    click.echo("MindHaven worker stopped.")


@main.command("weekly-reports")
@click.option(
    "--week",
    "week",
    default=None,
    metavar="YYYY-MM-DD",
    help="Produce the reports due as if run during the week after this date's week (default: now).",
)
@with_appcontext
def weekly_reports(week: str | None) -> None:
    """Produce the weekly client reports and therapist digests that are due (each once); see docs/reports.md."""
    from datetime import UTC, datetime, timedelta

    from mindhaven.errors import ValidationFailed
    from mindhaven.extensions import db
    from mindhaven.reports.weekly import run_weekly_reports
    from mindhaven.reports.weeks import parse_week

    now = None
    if week:
        try:
            monday = parse_week(week, datetime.now(UTC), "UTC")
        except ValidationFailed as error:
            raise click.BadParameter(error.message, param_hint="--week") from None
        # Wednesday noon UTC of the following week: in every timezone that week has ended, the next not yet.
        now = datetime(monday.year, monday.month, monday.day, 12, tzinfo=UTC) + timedelta(days=9)
    count = run_weekly_reports(db.session, current_app.config, now)
    click.echo(f"Weekly reports produced: {count}.")


@main.group("emotion")
def emotion() -> None:
    """The facial-emotion model: evaluate, analyse photos, train (train extra)."""


def _register_emotion_commands() -> None:
    from mindhaven.emotion.cli import analyze_command, evaluate_command
    from mindhaven.training.cli import export_command, quantize_command, train_command

    for command in (evaluate_command, analyze_command, train_command, export_command, quantize_command):
        emotion.add_command(command)


_register_emotion_commands()
