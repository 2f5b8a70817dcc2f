"""Trends, goals, the weekly report (HTML, PDF) and digest, and the weekly job: on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import re
import socket
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader
from sqlalchemy import func, select, text

from mindhaven.assessments.models import AssessmentResult
from mindhaven.consent import services as consent
from mindhaven.extensions import db
from mindhaven.live.models import EmotionSecond
from mindhaven.reflect.models import JournalEntry, MoodCheckin
from mindhaven.reports import weekly
from mindhaven.reports.models import GoalProgress, TreatmentGoal, WeeklyReport
from mindhaven.safety.models import SafetyEvent
from mindhaven.scheduling import worker
from mindhaven.scheduling.models import Booking, BookingStatus
from mindhaven.security.audit import AuditEvent
from tests.helpers import Factory

MONDAY = date(2030, 1, 7)  # the report week: Monday 7 to Sunday 13 January 2030 (UTC users)
IN_WEEK = datetime(2030, 1, 9, 12, 0, tzinfo=UTC)
AFTER = datetime(2030, 1, 14, 9, 0, tzinfo=UTC)  # the Monday after: that week has ended everywhere below
BASE = "https://care.example"


# Helpers ---------------------------------------------------------------------


def checkin(client, day: date, mood: int, shared: bool = True) -> MoodCheckin:
    row = MoodCheckin(
        client_id=client.id,
        mood=mood,
        tags=[],
        note="",
        shared=shared,
        local_day=day,
        created_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
    )
    db.session.add(row)
    return row


def journal(client, at: datetime, sentiment: float, shared: bool) -> JournalEntry:
    row = JournalEntry(
        client_id=client.id,
        kind="free",
        body="private words",
        sentiment=sentiment,
        shared=shared,
        created_at=at,
        updated_at=at,
    )
    db.session.add(row)
    return row


def phq9(client, at: datetime, score: int, band: str = "moderate") -> AssessmentResult:
    row = AssessmentResult(client_id=client.id, kind="phq9", answers=[0] * 9, score=score, band=band, created_at=at)
    db.session.add(row)
    return row


def booking(client, therapist, at: datetime, status: str) -> Booking:
    row = Booking(
        therapist_id=therapist.id,
        client_id=client.id,
        starts_at=at,
        ends_at=at + timedelta(minutes=50),
        status=status,
        fee_minor=5000,
        created_at=at - timedelta(days=10),
    )
    db.session.add(row)
    db.session.flush()
    return row


def page_data(response) -> dict:
    match = re.search(r'<script type="application/json" id="trends-data">(.*?)</script>', response.text, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.fixture
def care(make: Factory):
    """Two therapists, each with one current client."""
    therapist, other = make.therapist(), make.therapist()
    client, stranger = make.client("Zoë Łucja"), make.client()
    make.assign(client, therapist)
    make.assign(stranger, other)
    return therapist, client, other, stranger


# Trends ---------------------------------------------------------------------


def test_trends_show_shared_entries_only_to_the_therapist(session, login, care):
    therapist, client, other, _ = care
    journal(client, IN_WEEK, 0.5, shared=True)
    journal(client, IN_WEEK + timedelta(hours=1), -0.777, shared=False)
    checkin(client, date(2030, 1, 8), 7, shared=True)
    checkin(client, date(2030, 1, 9), 2, shared=False)
    phq9(client, IN_WEEK, 9, "mild")
    done = booking(client, therapist, IN_WEEK, BookingStatus.COMPLETED)
    for n in range(4):  # three happy seconds, one sad, one without a face
        session.add(
            EmotionSecond(
                booking_id=done.id,
                second=1_900_000_000 + n,
                frames=5,
                face_ratio=1.0,
                happy=0.9 if n < 3 else 0.1,
                sad=0.1 if n < 3 else 0.8,
            )
        )
    session.add(EmotionSecond(booking_id=done.id, second=1_900_000_010, frames=5, face_ratio=0.0, neutral=1.0))
    booking(client, therapist, IN_WEEK + timedelta(days=1), BookingStatus.NO_SHOW)
    session.commit()

    own = login(client).get("/trends")
    assert own.status_code == 200
    mine = page_data(own)
    assert [p["sentiment"] for p in mine["sentiment"]] == [0.5, -0.777]
    assert [p["mood"] for p in mine["mood"]] == [7, 2]

    seen = login(therapist).get(f"/therapist/clients/{client.id}/trends")
    assert seen.status_code == 200
    theirs = page_data(seen)
    assert [p["sentiment"] for p in theirs["sentiment"]] == [0.5]
    assert [p["mood"] for p in theirs["mood"]] == [7]
    assert "-0.777" not in seen.text
    assert theirs["phq9"] == [{"day": "2030-01-09", "score": 9, "band": "mild"}]
    assert theirs["sessions"][0]["shares"]["happy"] == 0.75 and theirs["sessions"][0]["shares"]["sad"] == 0.25
    assert theirs["sessions"][0]["seconds"] == 4  # the faceless second counts for nothing
    assert theirs["attendance"] == [{"week": "2030-01-07", "completed": 1, "cancelled": 0, "no_show": 1}]
    assert (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.record_type == "client_trends", AuditEvent.actor_id == therapist.id)
        )
        == 1
    )
    # CSP: no inline script, only the JSON data block and external files.
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", seen.text) == []


def test_trends_are_for_the_current_therapist_only(login, care, make):
    therapist, client, other, stranger = care
    assert login(other).get(f"/therapist/clients/{client.id}/trends").status_code == 404
    assert login(therapist).get(f"/therapist/clients/{stranger.id}/trends").status_code == 404
    assert login(therapist).get("/therapist/clients/999999/trends").status_code == 404
    assert login(client).get(f"/therapist/clients/{client.id}/trends").status_code == 403
    assert login(therapist).get("/trends").status_code == 403
    unverified = make.therapist(verified=False)
    assert login(unverified).get(f"/therapist/clients/{client.id}/trends").status_code == 403


# Goals ------------------------------------------------------------------------


def test_goals_with_progress_encrypted_and_private(session, login, care):
    therapist, client, other, _ = care
    browser = login(therapist)
    url = f"/therapist/clients/{client.id}/goals"
    assert browser.get(url).status_code == 200
    assert browser.post(url, data={"title": "Sleep before midnight on weeknights"}).status_code == 302
    goal = session.scalars(select(TreatmentGoal)).one()
    assert goal.client_id == client.id and goal.therapist_id == therapist.id and goal.status == "active"
    raw = session.execute(text("SELECT title FROM treatment_goals")).scalar_one()
    assert "midnight" not in raw  # encrypted at rest

    assert (
        browser.post(f"{url}/{goal.id}/progress", data={"rating": "6", "note": "Four nights of five"}).status_code
        == 302
    )
    assert browser.post(f"{url}/{goal.id}/progress", data={"rating": "11", "note": ""}).status_code == 400
    assert browser.post(f"{url}/{goal.id}/progress", data={"rating": "", "note": ""}).status_code == 400
    assert browser.post(f"{url}/{goal.id}/status", data={"status": "achieved"}).status_code == 302
    assert browser.post(f"{url}/{goal.id}/status", data={"status": "forgotten"}).status_code == 400
    assert browser.post(url, data={"title": "   "}).status_code == 400
    session.expire_all()
    assert session.get(TreatmentGoal, goal.id).status == "achieved"
    assert [p.rating for p in session.scalars(select(GoalProgress))] == [6]
    page = browser.get(url)
    assert "Four nights of five" in page.text and "6/10" in page.text

    intruder = login(other)
    assert intruder.get(url).status_code == 404
    assert intruder.post(url, data={"title": "Mine now"}).status_code == 404
    assert intruder.post(f"{url}/{goal.id}/progress", data={"rating": "1"}).status_code == 404
    other_client = session.scalars(select(Booking)).first()  # nothing: just make sure no goal leaked
    assert other_client is None
    assert session.scalar(select(func.count()).select_from(TreatmentGoal)) == 1
    assert login(client).get(url).status_code == 403
    assert (
        session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.record_type == "treatment_goals"))
        >= 2
    )


# Weekly report -------------------------------------------------------------------


def a_week_of_data(session, client, therapist) -> None:
    for n, mood in enumerate([5, 6, 7, 6, 6]):  # Monday to Friday: average 6.0
        checkin(client, MONDAY + timedelta(days=n), mood)
    for n, mood in enumerate([3, 4]):  # the week before: average 3.5
        checkin(client, MONDAY - timedelta(days=5 - n), mood)
    journal(client, IN_WEEK, 0.4, shared=False)
    journal(client, IN_WEEK + timedelta(hours=2), 0.2, shared=True)
    phq9(client, IN_WEEK, 11, "moderate")
    done = booking(client, therapist, IN_WEEK, BookingStatus.COMPLETED)
    session.add(EmotionSecond(booking_id=done.id, second=1_894_000_000, frames=5, face_ratio=1.0, neutral=0.9))
    booking(client, therapist, IN_WEEK + timedelta(days=2), BookingStatus.CANCELLED)
    booking(client, therapist, IN_WEEK - timedelta(days=7), BookingStatus.NO_SHOW)  # the week before
    session.commit()


def test_weekly_report_page_and_pdf(session, login, care):
    therapist, client, _, _ = care
    a_week_of_data(session, client, therapist)
    browser = login(client)
    page = browser.get("/reports/weekly?week=2030-01-10")  # any day of the week
    assert page.status_code == 200
    assert "You checked in on 5 of 7 days — a steady habit." in page.text
    assert "Your mood was a little higher than the week before." in page.text
    assert "moderate" in page.text  # the band is shown with the score, never in an observation

    pdf = browser.get("/reports/weekly.pdf?week=2030-01-07")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "mindhaven-week-2030-01-07.pdf" in pdf.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(pdf.data))
    content = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Your week with MindHaven" in content
    assert "Monday 07 January 2030 to Sunday 13 January 2030" in content
    assert "Zoë ?ucja" in content  # the Ł (not Latin-1) became "?", the ë survived
    assert "5 check-ins on 5 of 7 days. Average 6.0 out of 10 (lowest 5, highest 7)." in content
    assert "You checked in on 5 of 7 days - a steady habit." in content
    assert "Attended: 1 Cancelled: 1 Missed: 0" in content
    assert "PHQ-9 on Wednesday 09 January: score 11 (moderate)" in content
    assert "2 entries. Average tone of the writing: +0.30" in content
    assert "Neutral" in content and "100%" in content

    report = weekly.client_report(session, client, MONDAY)
    assert 2 <= len(report.observations) <= 4
    forbidden = ("depress", "anxiety disorder", "severe", "moderate", "diagnos")
    assert not any(word in note.lower() for note in report.observations for word in forbidden)


def test_week_parameter_is_validated(login, care):
    therapist, client, _, _ = care
    browser = login(client)
    for bad in ("2030-02-30", "next week", "2030-1-7", "0001-01-01", "2030-01-07T00:00"):
        assert browser.get(f"/reports/weekly?week={bad}").status_code == 400, bad
        assert browser.get(f"/reports/weekly.pdf?week={bad}").status_code == 400, bad
        assert login(therapist).get(f"/therapist/digest?week={bad}").status_code == 400, bad
    assert browser.get("/reports/weekly").status_code == 200  # default: the last full week
    assert browser.get("/reports/weekly.pdf").status_code == 200


def test_reports_are_for_their_owner(login, care, browser):
    therapist, client, _, _ = care
    assert login(therapist).get("/reports/weekly").status_code == 403
    assert login(therapist).get("/reports/weekly.pdf").status_code == 403
    assert login(client).get("/therapist/digest").status_code == 403
    assert browser.get("/reports/weekly").status_code == 302  # to the login page


# Digest -----------------------------------------------------------------------------


def test_digest_flags(session, login, make, care):
    therapist, rising, _, _ = care
    severe, missed, unsafe, calm = make.client(), make.client(), make.client(), make.client()
    for c in (severe, missed, unsafe, calm):
        make.assign(c, therapist)
    phq9(rising, IN_WEEK - timedelta(days=14), 8)
    phq9(rising, IN_WEEK, 13)  # +5: flagged
    phq9(severe, IN_WEEK - timedelta(days=14), 18)
    phq9(severe, IN_WEEK, 21, "severe")  # +3 but into severe: flagged
    phq9(calm, IN_WEEK - timedelta(days=14), 20, "severe")
    phq9(calm, IN_WEEK, 22, "severe")  # already severe, +2: no flag
    booking(missed, therapist, IN_WEEK, BookingStatus.NO_SHOW)
    booking(calm, therapist, IN_WEEK, BookingStatus.COMPLETED)
    booking(calm, therapist, IN_WEEK - timedelta(days=7), BookingStatus.NO_SHOW)  # another week
    session.add(SafetyEvent(client_id=unsafe.id, therapist_id=therapist.id, source="phq9_item9", created_at=IN_WEEK))
    session.add(
        SafetyEvent(
            client_id=calm.id, therapist_id=therapist.id, source="journal", created_at=IN_WEEK + timedelta(days=7)
        )
    )  # next week
    session.commit()

    digest = weekly.therapist_digest(session, therapist, MONDAY)
    flags = {row.client.id: row.flags for row in digest.rows}
    assert flags[rising.id] == ["PHQ-9 rose by 5 (from 8 to 13)."]
    assert flags[severe.id] == ["PHQ-9 crossed into the severe range (21)."]
    assert flags[missed.id] == ["Missed 1 session (no-show)."]
    assert flags[unsafe.id] == ["1 safety event (phq9_item9)."]
    assert flags[calm.id] == []
    assert digest.rows[-1].client.id == calm.id  # flagged first

    page = login(therapist).get("/therapist/digest?week=2030-01-08")
    assert page.status_code == 200
    assert "PHQ-9 rose by 5" in page.text and "4 of 5 clients flagged" in page.text


# The weekly job -------------------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos[0], message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted"


@pytest.fixture
def smtp():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


@pytest.fixture
def mail_app(app_factory, smtp):
    app = app_factory(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp[0]),
        SMTP_STARTTLS="0",
        MAIL_FROM="MindHaven <care@mindhaven.example>",
        BASE_URL=BASE,
    )
    with app.app_context():
        yield app
        db.session.rollback()


def test_weekly_job_runs_once_per_person_and_week(mail_app, smtp):
    _, inbox = smtp
    make = Factory(db.session)
    session = db.session
    therapist, lonely = make.therapist(), make.therapist()
    opted_in, quiet = make.client(), make.client()
    make.assign(opted_in, therapist)
    make.assign(quiet, therapist)
    consent.accept(session, opted_in, weekly.EMAIL_CONSENT)
    session.commit()
    a_week_of_data(session, opted_in, therapist)

    assert weekly.run_weekly_reports(session, mail_app.config, AFTER) == 4  # 2 reports, 2 digests
    assert weekly.run_weekly_reports(session, mail_app.config, AFTER) == 0
    assert worker.run_once(mail_app, AFTER + timedelta(minutes=1))["weekly-reports"] == 0

    rows = session.execute(select(WeeklyReport.user_id, WeeklyReport.kind, WeeklyReport.week_start)).all()
    assert sorted(rows) == sorted(
        [
            (therapist.id, "digest", MONDAY),
            (lonely.id, "digest", MONDAY),
            (opted_in.id, "client", MONDAY),
            (quiet.id, "client", MONDAY),
        ]
    )
    # Emails: the opted-in client (with the PDF) and the therapist with a caseload; nobody twice.
    assert sorted(to for to, _ in inbox.messages) == sorted([opted_in.email, therapist.email])
    report = next(m for to, m in inbox.messages if to == opted_in.email)
    assert "You checked in on 5 of 7 days" in report.get_body(("plain",)).get_content()
    (attachment,) = list(report.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    text_of_pdf = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert "Your week with MindHaven" in text_of_pdf
    digest = next(m for to, m in inbox.messages if to == therapist.email).get_body(("plain",)).get_content()
    assert "/therapist/digest?week=2030-01-07" in digest
    assert opted_in.display_name not in digest  # nothing clinical in the digest email
    emailed = dict(session.execute(select(WeeklyReport.user_id, WeeklyReport.emailed_at)).all())
    assert emailed[opted_in.id] is not None and emailed[quiet.id] is None

    # The next week is due the Monday after, once.
    assert weekly.run_weekly_reports(session, mail_app.config, AFTER + timedelta(days=7)) == 4
    assert weekly.run_weekly_reports(session, mail_app.config, AFTER + timedelta(days=7)) == 0


def test_weekly_job_follows_each_persons_timezone(mail_app, smtp):
    make = Factory(db.session)
    session = db.session
    auckland = make.client(timezone="Pacific/Auckland")
    los_angeles = make.client(timezone="America/Los_Angeles")
    now = datetime(2030, 1, 13, 20, 0, tzinfo=UTC)  # Monday 09:00 in Auckland, Sunday 12:00 in Los Angeles
    weekly.run_weekly_reports(session, mail_app.config, now)
    weeks = dict(session.execute(select(WeeklyReport.user_id, WeeklyReport.week_start)).all())
    assert weeks[auckland.id] == date(2030, 1, 7)
    assert weeks[los_angeles.id] == date(2029, 12, 31)
    assert smtp[1].messages == []  # nobody opted in, no therapist with clients


def test_weekly_reports_command(mail_app, smtp, database_url, monkeypatch):
    from click.testing import CliRunner

    from mindhaven.cli import main
    from tests.conftest import app_env

    Factory(db.session).client()
    for key, value in app_env(
        database_url,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp[0]),
        SMTP_STARTTLS="0",
        MAIL_FROM="care@mindhaven.example",
        SCHEDULER="off",
    ).items():
        monkeypatch.setenv(key, value)
    first = CliRunner().invoke(main, ["weekly-reports", "--week", "2030-01-09"], catch_exceptions=False)
    assert first.exit_code == 0 and "Weekly reports produced: 1." in first.output
    again = CliRunner().invoke(main, ["weekly-reports", "--week", "2030-01-07"], catch_exceptions=False)
    assert again.exit_code == 0 and "Weekly reports produced: 0." in again.output
    assert db.session.scalar(select(WeeklyReport.week_start)) == MONDAY
    assert CliRunner().invoke(main, ["weekly-reports", "--week", "soon"]).exit_code == 2


def test_a_client_who_joined_after_the_week_is_not_told_they_missed_it(login, make):
    """The report opens on the last full week; a brand-new client was told "You did not check in this week"."""
    page = login(make.client()).get("/reports/weekly")
    assert page.status_code == 200
    assert "You joined MindHaven after this week" in page.text and "did not check in" not in page.text


def test_every_chart_has_a_text_summary(session, login, care):
    """Without JavaScript, or with a screen reader, each chart still says what it shows."""
    therapist, client, _, _ = care
    a_week_of_data(session, client, therapist)
    page = login(client).get("/trends").text
    assert '<p id="mood-summary">' in page and '<p id="sentiment-summary">2 entries; average tone' in page
    assert re.search(
        r'<p id="emotions-summary">1 session\s+with emotion analysis; in the latest, on 2030-01-\d\d, '
        r"the most frequent estimate was \w+",
        page,
    )
    assert re.search(
        r'<p id="attendance-summary">Over 2 weeks\s+with past sessions: 1 attended,\s+1 cancelled, 1 missed.', page
    )
