"""The scheduler: runs the periodic jobs (reminders, weekly reports) once a minute.

It runs either inside the web process, as a daemon thread (the default, SCHEDULER=in-process: one server, no
extra process to look after), or as its own process with `mindhaven worker` (set SCHEDULER=off on the web
servers then). Every job is safe to run in several places at once: reminders are claimed in the database
before they are sent, so duplicates cost a few queries, never a second email.

A job is a function `job(app, now) -> int` (how many things it did), run inside an app context; add new ones
to JOBS.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

import click
from flask import Flask
from flask.helpers import get_debug_flag
from werkzeug.serving import is_running_from_reloader

from mindhaven.dbtypes import utcnow
from mindhaven.extensions import db

log = logging.getLogger(__name__)

Job = Callable[[Flask, datetime], int]
EXTENSION_KEY = "mindhaven.scheduler"
SERVER_COMMANDS = ("serve", "run")  # the CLI commands that serve the app; other commands never start the thread


def send_reminders(app: Flask, now: datetime) -> int:
    from mindhaven.scheduling.reminders import run_reminders

    return run_reminders(db.session, app.config, now)


def send_weekly_reports(app: Flask, now: datetime) -> int:
    from mindhaven.reports.weekly import run_weekly_reports

    return run_weekly_reports(db.session, app.config, now)


JOBS: list[tuple[str, Job]] = [("reminders", send_reminders), ("weekly-reports", send_weekly_reports)]


def run_once(app: Flask, now: datetime | None = None) -> dict[str, int]:
    """Run every job once; a failing job is logged and does not stop the others. Returns {job: count}."""
    now = now or utcnow()
    results: dict[str, int] = {}
    with app.app_context():  # its own database session, whatever context the caller is in
        try:
            for name, job in JOBS:
                try:
                    results[name] = job(app, now)
                except Exception:  # noqa: BLE001 - one broken job must not stop the scheduler
                    log.exception("scheduled job %s failed", name)
                    db.session.rollback()
        finally:
            db.session.remove()
    return results


def run_forever(app: Flask, interval: float = 60, stop: threading.Event | None = None) -> None:
    """Run the jobs every `interval` seconds until `stop` is set."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            results = run_once(app)
            if any(results.values()):
                log.info("scheduler: %s", ", ".join(f"{name} {count}" for name, count in results.items()))
        except Exception:  # noqa: BLE001 - e.g. the database is down: try again next round
            log.exception("scheduler round failed")
        stop.wait(interval)


def _serving_process() -> bool:
    """False in processes that will not serve requests: CLI commands such as init-db or worker, and the
    reloader's watcher process (it only restarts the real server, which starts its own thread)."""
    context = click.get_current_context(silent=True)
    if context is None:
        return True  # a WSGI server (gunicorn mindhaven.wsgi:app) or an embedding program
    if context.command.name not in SERVER_COMMANDS:
        return False
    if is_running_from_reloader():
        return True
    reload = context.params.get("reload")
    return not (get_debug_flag() if reload is None else reload)


def start_in_process(app: Flask, interval: float = 60) -> threading.Thread | None:
    """Start the scheduler thread when SCHEDULER is "in-process" and this process serves the app."""
    if app.config.get("SCHEDULER") != "in-process" or not _serving_process():
        return None
    if EXTENSION_KEY in app.extensions:
        return app.extensions[EXTENSION_KEY][0]
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(app, interval, stop), name="mindhaven-scheduler", daemon=True)
    app.extensions[EXTENSION_KEY] = (thread, stop)
    thread.start()
    return thread


def stop_in_process(app: Flask, timeout: float = 5) -> None:
    """Stop the in-process thread, if this app started one."""
    started = app.extensions.pop(EXTENSION_KEY, None)
    if started is not None:
        thread, stop = started
        stop.set()
        thread.join(timeout)
