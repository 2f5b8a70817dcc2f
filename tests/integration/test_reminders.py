"""Session reminders and booking emails through a real SMTP server (aiosmtpd), on SQLite and PostgreSQL.

The exactly-once tests make the race real: every runner (thread or process) first finds the same due reminders,
waits until all the others have found them too, and only then starts claiming; so every reminder is contested,
and each must still arrive once.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import click
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from icalendar import Calendar
from sqlalchemy import func, select

from mindhaven.cli import main
from mindhaven.config import ConfigError, load_settings
from mindhaven.dbtypes import utcnow
from mindhaven.extensions import db
from mindhaven.scheduling import reminders, worker
from mindhaven.scheduling.booking import when
from mindhaven.scheduling.models import Booking, BookingStatus, Notification, ReminderDelivery
from tests.conftest import app_env
from tests.helpers import Factory

NOW = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)  # the moment every job below runs at
LONG_AGO = NOW - timedelta(days=10)
BASE = "https://care.example"
REPO = Path(__file__).resolve().parents[2]


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted"

    def keys(self) -> Counter:
        """(recipient, subject, session link) of every message received, with how often it came."""
        return Counter(
            (rcpt[0], message["Subject"], _link(message.get_body(("plain",)).get_content()))
            for rcpt, message in self.messages
        )


def _link(body: str) -> str:
    return next(word for word in body.split() if word.startswith(f"{BASE}/sessions/"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def mail_env(port: int) -> dict[str, str]:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_STARTTLS": "0",
        "MAIL_FROM": "MindHaven <care@mindhaven.example>",
        "BASE_URL": BASE,
    }


@pytest.fixture
def mail_app(app_factory, smtp):
    app = app_factory(**mail_env(smtp[0]))
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def factory(mail_app) -> Factory:
    return Factory(db.session)


def add_booking(client, therapist, starts_at, created_at=LONG_AGO, status=BookingStatus.BOOKED) -> Booking:
    booking = Booking(
        therapist_id=therapist.id,
        client_id=client.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=50),
        fee_minor=5000,
        created_at=created_at,
        status=status,
    )
    db.session.add(booking)
    db.session.commit()
    return booking


def due_bookings(factory: Factory, count: int, now: datetime = NOW) -> list[Booking]:
    """`count` bookings with one reminder due at `now` for each side (1h and 24h ones mixed)."""
    therapist = factory.therapist()
    bookings = []
    for n in range(count):
        start = now + (timedelta(minutes=30) if n % 2 else timedelta(hours=5 + n))
        bookings.append(add_booking(factory.client(), therapist, start, created_at=now - timedelta(days=10)))
    return bookings


def reminder_rows() -> list[ReminderDelivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(ReminderDelivery)))


def test_reminders_reach_client_and_therapist_once(mail_app, factory, smtp):
    _, inbox = smtp
    therapist = factory.therapist()
    client = factory.client(pseudonym="QuietRiver", timezone="Asia/Kolkata")
    soon = add_booking(client, therapist, NOW + timedelta(minutes=30))  # 1h reminder due
    later = add_booking(client, therapist, NOW + timedelta(hours=5))  # 24h reminder due
    late = add_booking(client, therapist, NOW + timedelta(hours=5), created_at=NOW - timedelta(hours=2))  # no 24h
    add_booking(client, therapist, NOW + timedelta(hours=3), status=BookingStatus.CANCELLED)
    not_yet = add_booking(client, therapist, NOW + timedelta(hours=25))

    assert reminders.run_reminders(db.session, mail_app.config, NOW) == 4
    assert sorted(inbox.keys().items()) == sorted(
        {
            (client.email, "Your MindHaven session starts soon", f"{BASE}/sessions/{soon.id}"): 1,
            (therapist.email, "Your MindHaven session starts soon", f"{BASE}/sessions/{soon.id}"): 1,
            (client.email, "Reminder: your MindHaven session", f"{BASE}/sessions/{later.id}"): 1,
            (therapist.email, "Reminder: your MindHaven session", f"{BASE}/sessions/{later.id}"): 1,
        }.items()
    )
    to_client = next(m for rcpt, m in inbox.messages if rcpt == [client.email] and str(soon.id) in m.as_string())
    body = to_client.get_body(("plain",)).get_content()
    assert "Hello QuietRiver" in body
    assert therapist.display_name in body
    assert when(soon.starts_at, client) in body and "(Asia/Kolkata)" in body  # the client's own time zone
    assert f"{BASE}/help/crisis" in body
    assert "50.00" not in body and "5000" not in body
    to_therapist = next(m for rcpt, m in inbox.messages if rcpt == [therapist.email] and str(soon.id) in m.as_string())
    assert "QuietRiver (client)" in to_therapist.get_body(("plain",)).get_content()

    rows = reminder_rows()
    assert {(r.booking_id, r.user_id, r.kind) for r in rows} == {
        (soon.id, client.id, "1h"),
        (soon.id, therapist.id, "1h"),
        (later.id, client.id, "24h"),
        (later.id, therapist.id, "24h"),
    }
    assert all(r.sent_at is not None for r in rows)
    notes = db.session.scalars(select(Notification).where(Notification.user_id == client.id)).all()
    assert sorted(n.link for n in notes) == sorted([f"/sessions/{soon.id}", f"/sessions/{later.id}"])

    # Running again sends nothing. Four hours on, the 5-hour sessions get their 1h reminders (the one booked late
    # too) and the 25-hour one its 24h reminder.
    assert reminders.run_reminders(db.session, mail_app.config, NOW + timedelta(minutes=5)) == 0
    assert reminders.run_reminders(db.session, mail_app.config, NOW + timedelta(hours=4, minutes=1)) == 6
    assert {(r.booking_id, r.kind) for r in reminder_rows()} - {(soon.id, "1h"), (later.id, "24h")} == {
        (later.id, "1h"),
        (late.id, "1h"),
        (not_yet.id, "24h"),
    }
    assert len(inbox.messages) == 10 and set(inbox.keys().values()) == {1}


def test_a_failed_send_releases_the_claim_for_a_later_run(mail_app, factory, smtp, caplog):
    _, inbox = smtp
    (booking,) = due_bookings(factory, 1)
    broken = dict(mail_app.config, SMTP_PORT=_free_port())  # nothing listens there

    assert reminders.run_reminders(db.session, broken, NOW) == 0
    assert "will retry" in caplog.text
    assert reminder_rows() == []
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0

    assert reminders.run_reminders(db.session, mail_app.config, NOW + timedelta(minutes=1)) == 2
    assert len(inbox.messages) == 2 and all(r.sent_at for r in reminder_rows())
    assert {m["To"] for _, m in inbox.messages} == {booking.client.email, booking.therapist.email}


def test_exactly_once_when_threads_race(mail_app, factory, smtp, monkeypatch):
    _, inbox = smtp
    bookings = due_bookings(factory, 4)
    runners = 4
    barrier = threading.Barrier(runners)
    found, results, errors = [], [], []
    original = reminders.due_reminders

    def gated(session, now):
        due = original(session, now)
        found.append(len(due))
        barrier.wait(timeout=30)  # nobody claims before everybody has found the same work
        return due

    monkeypatch.setattr(reminders, "due_reminders", gated)

    def run() -> None:
        try:
            results.append(worker.run_once(mail_app, NOW))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    expected = 2 * len(bookings)
    assert errors == [] and found == [expected] * runners
    assert all("reminders" in r for r in results), results  # a job that raised is missing from its result
    assert sum(r["reminders"] for r in results) == expected
    assert len(inbox.messages) == expected and set(inbox.keys().values()) == {1}
    assert len(reminder_rows()) == expected and all(r.sent_at for r in reminder_rows())
    assert db.session.scalar(select(func.count()).select_from(Notification)) == expected


CHILD = r"""
import json, sys
from datetime import datetime

from mindhaven import create_app
from mindhaven.extensions import db
from mindhaven.scheduling import reminders

env, now = json.loads(sys.argv[1]), datetime.fromisoformat(sys.argv[2])
app = create_app({"TESTING": True}, env=env)
original = reminders.due_reminders


def gated(session, now):
    due = original(session, now)
    print("ready", len(due), flush=True)
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("not told to go")
    return due


reminders.due_reminders = gated
with app.app_context():
    print("sent", reminders.run_reminders(db.session, app.config, now), flush=True)
"""


def test_exactly_once_when_processes_race(mail_app, factory, smtp, database_url):
    port, inbox = smtp
    bookings = due_bookings(factory, 4)
    expected = 2 * len(bookings)
    env = app_env(database_url, **mail_env(port))
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, json.dumps(env), NOW.isoformat()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for _ in range(2)
    ]
    try:
        for process in processes:
            line = process.stdout.readline()
            if line.split() != ["ready", str(expected)]:
                process.kill()
                pytest.fail(f"runner not ready: {line!r} {process.communicate()[1]}")
        for process in processes:  # both have found all the work; now they race for it
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = [process.communicate(timeout=60) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    assert [p.returncode for p in processes] == [0, 0], [err for _, err in outputs]
    sent = [int(out.split()[-1]) for out, _ in outputs]
    assert sum(sent) == expected
    assert len(inbox.messages) == expected and set(inbox.keys().values()) == {1}
    assert len(reminder_rows()) == expected and all(r.sent_at for r in reminder_rows())


def test_booking_confirmation_attaches_the_sessions_calendar_file(mail_app, factory, smtp):
    _, inbox = smtp
    therapist = factory.therapist()
    client = factory.client(pseudonym="BlueKite")
    booking = add_booking(client, therapist, NOW + timedelta(days=3), created_at=NOW)

    assert reminders.send_booking_confirmation(db.session, mail_app.config, booking, BASE) == 2
    assert sorted(rcpt[0] for rcpt, _ in inbox.messages) == sorted([client.email, therapist.email])
    for rcpt, message in inbox.messages:
        assert message["Subject"] == "Your MindHaven session is booked"
        body = message.get_body(("plain",)).get_content()
        assert f"{BASE}/sessions/{booking.id}" in body
        assert "a day before and an hour before" in body
        (attachment,) = message.iter_attachments()
        assert attachment.get_content_type() == "text/calendar"
        assert attachment.get_filename() == f"mindhaven-session-{booking.id}.ics"
        event = Calendar.from_ical(attachment.get_content()).events[0]
        assert str(event["UID"]) == f"booking-{booking.id}@mindhaven"
        assert event.decoded("DTSTART") == booking.starts_at and str(event["STATUS"]) == "CONFIRMED"
        if rcpt == [client.email]:
            assert therapist.display_name in body and "free of charge" in body
        else:
            assert "BlueKite booked a session with you" in body


def test_a_failed_confirmation_is_logged_not_raised(mail_app, factory, caplog):
    booking = add_booking(factory.client(), factory.therapist(), NOW + timedelta(days=3), created_at=NOW)
    broken = dict(mail_app.config, SMTP_PORT=_free_port())
    assert reminders.send_booking_confirmation(db.session, broken, booking, BASE) == 0
    assert "booking confirmation" in caplog.text


# The worker ---------------------------------------------------------------


def test_run_once_reports_each_job(mail_app, factory, smtp):
    due_bookings(factory, 2)
    first = worker.run_once(mail_app, NOW)
    assert first["reminders"] == 4 and "weekly-reports" in first
    assert worker.run_once(mail_app, NOW)["reminders"] == 0


def test_tests_and_scheduler_off_start_no_thread(mail_app):
    assert mail_app.config["SCHEDULER"] == "off"  # the testing default
    assert worker.start_in_process(mail_app) is None


def test_scheduler_setting(tmp_path):
    assert load_settings({}, tmp_path)["SCHEDULER"] == "in-process"
    assert load_settings({"SCHEDULER": "OFF"}, tmp_path)["SCHEDULER"] == "off"
    with pytest.raises(ConfigError, match="SCHEDULER"):
        load_settings({"SCHEDULER": "sometimes"}, tmp_path)


def test_the_in_process_thread_starts_once_and_stops(app_factory):
    app = app_factory(SCHEDULER="in-process")  # create_app started it: no click command is running
    try:
        thread = app.extensions[worker.EXTENSION_KEY][0]
        assert thread.is_alive() and thread.daemon and thread.name == "mindhaven-scheduler"
        assert worker.start_in_process(app) is thread
    finally:
        worker.stop_in_process(app)
    assert not thread.is_alive()


@pytest.mark.parametrize(
    ("command", "params", "reloader_child", "serves"),
    [
        ("serve", {}, False, True),
        ("run", {"reload": False}, False, True),
        ("run", {"reload": True}, False, False),  # the reloader's watcher: the child it starts serves
        ("run", {"reload": True}, True, True),
        ("init-db", {}, False, False),
        ("worker", {}, False, False),
    ],
)
def test_only_serving_processes_start_the_thread(monkeypatch, command, params, reloader_child, serves):
    if reloader_child:
        monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")
    else:
        monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    context = click.Context(click.Command(command))
    context.params.update(params)
    with context:
        assert worker._serving_process() is serves
    assert worker._serving_process() is True  # no command at all: a WSGI server imported the app


def test_worker_command_runs_once_without_a_thread(mail_app, factory, smtp, database_url, monkeypatch):
    _, inbox = smtp
    due_bookings(factory, 1, now=utcnow())  # the command runs at the real time
    for key, value in app_env(database_url, SCHEDULER="in-process", **mail_env(smtp[0])).items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(main, ["worker", "--once"], catch_exceptions=False)
    assert result.exit_code == 0 and "reminders: 2" in result.output
    assert len(inbox.messages) == 2
    assert "mindhaven-scheduler" not in {t.name for t in threading.enumerate()}
