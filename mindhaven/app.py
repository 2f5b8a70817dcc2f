"""The Flask app factory: settings, extensions, blueprints, error handlers and the consent gate."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from mindhaven import ids
from mindhaven.config import load_settings
from mindhaven.extensions import csrf, db, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL for concurrent readers, enforced foreign keys, and a wait instead of 'database is locked'."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_app(overrides: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None) -> Flask:
    """Build the app. `overrides` wins over the environment (tests use it)."""
    app = Flask(__name__, instance_relative_config=True)
    settings = load_settings(env, instance_path=app.instance_path)
    settings.update(overrides or {})
    app.config.update(settings)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["PROXY_COUNT"] > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from mindhaven.security.encryption import EXTENSION_KEY as CIPHER_KEY
    from mindhaven.security.encryption import DataCipher
    from mindhaven.security.passwords import EXTENSION_KEY as HASHER_KEY
    from mindhaven.security.passwords import make_hasher

    app.extensions[CIPHER_KEY] = DataCipher(app.config["DATA_KEY"])
    app.extensions[HASHER_KEY] = make_hasher(app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_KIB"])

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    csrf.init_app(app)
    _init_login(app)

    from mindhaven import models  # noqa: F401 - register every table
    from mindhaven.accounts.routes import bp as accounts_bp
    from mindhaven.admin.routes import bp as admin_bp
    from mindhaven.assessments.routes import bp as assessments_bp
    from mindhaven.chatbot.routes import bp as chatbot_bp
    from mindhaven.consent.routes import bp as consent_bp
    from mindhaven.errors import register_error_handlers
    from mindhaven.live.routes import bp as live_bp
    from mindhaven.pages.routes import bp as pages_bp
    from mindhaven.records.routes import bp as records_bp
    from mindhaven.reflect.routes import bp as reflect_bp
    from mindhaven.reports.routes import bp as reports_bp
    from mindhaven.resources.routes import bp as resources_bp
    from mindhaven.safety.routes import bp as safety_bp
    from mindhaven.scheduling.routes_calendar import bp as calendar_bp
    from mindhaven.scheduling.routes_client import bp as scheduling_bp
    from mindhaven.scheduling.routes_therapist import bp as schedule_bp
    from mindhaven.security import headers, ratelimit

    blueprints = (
        pages_bp,
        accounts_bp,
        consent_bp,
        records_bp,
        admin_bp,
        scheduling_bp,
        schedule_bp,
        calendar_bp,
        live_bp,
        assessments_bp,
        reflect_bp,
        chatbot_bp,
        reports_bp,
        resources_bp,
        safety_bp,
    )
    ids.install(app)  # <int:...> only matches ids that fit a database row; before any route is added
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    headers.install(app)
    ratelimit.install(app)
    _install_consent_gate(app)
    _install_template_helpers(app)

    from mindhaven.live.realtime import init_socketio
    from mindhaven.scheduling.worker import start_in_process

    app.extensions["socketio"] = init_socketio(app)  # /live: signalling, chat, emotion frames

    start_in_process(app)  # reminders; only when SCHEDULER=in-process and this process serves requests
    return app


def _init_login(app: Flask) -> None:
    from mindhaven.accounts.models import User

    login_manager.init_app(app)
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load(user_id: str):
        """Session ids are 'id:version'; a password change bumps the version and ends old sessions."""
        raw_id, _, raw_version = user_id.partition(":")
        if not raw_id.isdigit() or not raw_version.isdigit():
            return None
        user = db.session.get(User, int(raw_id))
        if user is None or user.session_version != int(raw_version) or not user.active:
            return None
        return user


def _install_consent_gate(app: Flask) -> None:
    """Until the current terms and privacy notice are accepted, every page leads to the consent page."""
    from mindhaven.consent.services import missing_required
    from mindhaven.policy import CONSENT_EXEMPT_ATTR

    @app.before_request
    def _gate():
        if request.endpoint in (None, "static") or not current_user.is_authenticated:
            return None
        view = app.view_functions.get(request.endpoint)
        if getattr(view, CONSENT_EXEMPT_ATTR, False):
            return None
        if missing_required(db.session, current_user):
            if request.path.startswith("/api/"):
                from mindhaven.errors import error_response

                return error_response(403, "Accept the current terms and privacy notice first.", "consent_required")
            return redirect(url_for("consent.review"))
        return None


def _install_template_helpers(app: Flask) -> None:
    from zoneinfo import ZoneInfo

    @app.template_filter("localtime")
    def _localtime(value, fmt: str = "%d %b %Y, %H:%M"):
        if value is None:
            return ""
        zone = current_user.timezone if current_user.is_authenticated else "UTC"
        try:
            return value.astimezone(ZoneInfo(zone)).strftime(fmt)
        except Exception:  # noqa: BLE001 - a bad stored zone must not break a page
            return value.strftime(fmt) + " UTC"

    @app.template_filter("money")
    def _money(minor: int) -> str:
        return f"{app.config['CURRENCY']} {minor / 100:,.2f}"
