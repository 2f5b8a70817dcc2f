"""The weekly report (per client) and the caseload digest (per therapist), and the job that produces them.

A week runs Monday 00:00 to the next Monday 00:00 in the person's own timezone (`weeks.py`). The report is
built from the data each time it is shown; a `weekly_reports` row records that the week's report was produced
(and emailed), and its unique key (user, kind, week_start) makes the job idempotent across reruns and across
several runners: each report is *claimed* by inserting and committing its row first, and only the winner emails
(the same pattern as session reminders).

Observations are gentle, plain-language remarks made by simple rules about habits and changes. They never name
a diagnosis or a severity band.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean

from flask import render_template
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mindhaven.accounts.models import Role, TherapistProfile, TherapistStatus, User
from mindhaven.assessments.models import AssessmentResult
from mindhaven.consent import services as consent
from mindhaven.dbtypes import utcnow
from mindhaven.mail import MailError, send_email
from mindhaven.records.services import caseload
from mindhaven.reflect.models import JournalEntry, MoodCheckin
from mindhaven.reports.models import WeeklyReport
from mindhaven.reports.trends import LABELS, session_emotions
from mindhaven.reports.weeks import last_full_week, local_date, week_bounds
from mindhaven.safety.models import SafetyEvent
from mindhaven.scheduling.booking import _retry_when_locked
from mindhaven.scheduling.models import Booking, BookingStatus
from mindhaven.scheduling.reminders import base_url

log = logging.getLogger(__name__)

EMAIL_CONSENT = "weekly-report-email"  # the optional consent a client gives to get the report by email
NAMES = {"phq9": "PHQ-9", "gad7": "GAD-7"}
PHQ9_RISE = 5
PHQ9_SEVERE = 20


# The client's report ------------------------------------------------------


@dataclass
class ClientReport:
    client: User
    week_start: date
    mood_days: list[float | None]  # mean mood per day, Monday..Sunday
    mood_count: int
    mood_avg: float | None
    mood_min: int | None
    mood_max: int | None
    previous_mood_avg: float | None
    checkin_days: int
    completed: int
    cancelled: int
    no_show: int
    sessions: list[dict]  # session_emotions() of the week's sessions
    emotions: dict[str, float]  # the week's sessions together: share of seconds per dominant label
    assessments: list[dict]  # {name, score, band, day}
    journal_count: int
    journal_sentiment: float | None
    observations: list[str] = field(default_factory=list)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        return [self.week_start + timedelta(days=n) for n in range(7)]


def _mood_rows(session: Session, client: User, monday: date) -> list[MoodCheckin]:
    return list(
        session.scalars(
            select(MoodCheckin)
            .where(
                MoodCheckin.client_id == client.id,
                MoodCheckin.local_day >= monday,
                MoodCheckin.local_day < monday + timedelta(days=7),
            )
            .order_by(MoodCheckin.local_day, MoodCheckin.id)
        )
    )


def client_report(session: Session, client: User, monday: date) -> ClientReport:
    """Everything of the client's own week (the client sees all of it, shared or not)."""
    start, end = week_bounds(monday, client.timezone)
    checkins = _mood_rows(session, client, monday)
    previous = _mood_rows(session, client, monday - timedelta(days=7))
    moods = [c.mood for c in checkins]
    by_day: dict[date, list[int]] = {}
    for c in checkins:
        by_day.setdefault(c.local_day, []).append(c.mood)

    statuses = list(
        session.scalars(
            select(Booking.status).where(
                Booking.client_id == client.id, Booking.starts_at >= start, Booking.starts_at < end
            )
        )
    )
    sessions = session_emotions(session, client, start, end)
    seconds = sum(s["seconds"] for s in sessions)
    emotions = (
        {label: round(sum(s["shares"][label] * s["seconds"] for s in sessions) / seconds, 4) for label in LABELS}
        if seconds
        else {}
    )
    assessments = [
        {
            "name": NAMES.get(r.kind, r.kind),
            "score": r.score,
            "band": r.band,
            "day": local_date(r.created_at, client.timezone),
        }
        for r in session.scalars(
            select(AssessmentResult)
            .where(
                AssessmentResult.client_id == client.id,
                AssessmentResult.created_at >= start,
                AssessmentResult.created_at < end,
            )
            .order_by(AssessmentResult.created_at, AssessmentResult.id)
        )
    ]
    entries = list(
        session.scalars(
            select(JournalEntry).where(
                JournalEntry.client_id == client.id, JournalEntry.created_at >= start, JournalEntry.created_at < end
            )
        )
    )
    scored = [e.sentiment for e in entries if e.sentiment is not None]
    report = ClientReport(
        client=client,
        week_start=monday,
        mood_days=[
            round(fmean(by_day[d]), 1) if d in by_day else None for d in (monday + timedelta(days=n) for n in range(7))
        ],
        mood_count=len(moods),
        mood_avg=round(fmean(moods), 1) if moods else None,
        mood_min=min(moods) if moods else None,
        mood_max=max(moods) if moods else None,
        previous_mood_avg=round(fmean(c.mood for c in previous), 1) if previous else None,
        checkin_days=len(by_day),
        completed=statuses.count(BookingStatus.COMPLETED),
        cancelled=statuses.count(BookingStatus.CANCELLED),
        no_show=statuses.count(BookingStatus.NO_SHOW),
        sessions=sessions,
        emotions=emotions,
        assessments=assessments,
        journal_count=len(entries),
        journal_sentiment=round(fmean(scored), 2) if scored else None,
    )
    report.observations = observations(report)
    return report


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def observations(report: ClientReport) -> list[str]:
    """Two to four gentle remarks about the week, by simple rules. Never a diagnosis, never a band."""
    notes: list[str] = []
    days = report.checkin_days
    joined = report.client.created_at.date() if report.client.created_at else None
    if joined is not None and joined > report.week_end:
        # A brand-new client opening the report (it shows the last full week) was told they had not checked in.
        return ["You joined MindHaven after this week, so there is nothing to report for it yet."]
    if days == 0 and joined is not None and joined >= report.week_start:
        notes.append("You joined MindHaven this week. Your check-ins will show here from now on.")
    elif days >= 5:
        notes.append(f"You checked in on {days} of 7 days — a steady habit.")
    elif days >= 1:
        notes.append(f"You checked in on {days} of 7 days. Each check-in helps you notice how your week goes.")
    else:
        notes.append(
            "You did not check in this week. A short check-in, even on a busy day, can help you notice "
            "how you are doing."
        )
    if report.mood_avg is not None and report.previous_mood_avg is not None:
        change = report.mood_avg - report.previous_mood_avg
        if change >= 0.5:
            notes.append("Your mood was a little higher than the week before.")
        elif change <= -0.5:
            notes.append(
                "Your mood was a little lower than the week before. It may help to talk about this with your therapist."
            )
        else:
            notes.append("Your mood was much the same as the week before.")
    elif report.mood_max is not None and report.mood_min is not None and report.mood_max - report.mood_min >= 4:
        notes.append("Your mood moved quite a bit from day to day this week.")
    if report.completed:
        notes.append(f"You attended {_plural(report.completed, 'session')} this week. Well done for showing up.")
    if report.no_show:
        notes.append("A session was missed this week. You can book a new time whenever you are ready.")
    if report.journal_count:
        notes.append(
            f"You wrote {_plural(report.journal_count, 'journal entry').replace('entrys', 'entries')}. "
            "Putting things into words takes effort."
        )
    if report.assessments:
        notes.append("You filled in a questionnaire this week. Your therapist can go through it with you.")
    if len(notes) < 2:
        notes.append("Taking a moment to look back on your week is a good step in itself.")
    return notes[:4]


# The therapist's digest ---------------------------------------------------


@dataclass
class DigestRow:
    client: User
    flags: list[str]
    completed: int
    no_show: int
    mood_avg: float | None  # shared check-ins only


@dataclass
class Digest:
    therapist: User
    week_start: date
    rows: list[DigestRow]

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def flagged(self) -> list[DigestRow]:
        return [row for row in self.rows if row.flags]


def phq9_flags(session: Session, client: User, start: datetime, end: datetime) -> list[str]:
    """'rose by 5 or more' against the previous result, and 'crossed into severe', for each PHQ-9 in the week."""
    flags = []
    results = list(
        session.scalars(
            select(AssessmentResult)
            .where(
                AssessmentResult.client_id == client.id,
                AssessmentResult.kind == "phq9",
                AssessmentResult.created_at < end,
            )
            .order_by(AssessmentResult.created_at, AssessmentResult.id)
        )
    )
    for previous, result in zip([None, *results], results, strict=False):
        if result.created_at < start:
            continue
        if previous is not None and result.score - previous.score >= PHQ9_RISE:
            flags.append(f"PHQ-9 rose by {result.score - previous.score} (from {previous.score} to {result.score}).")
        if result.score >= PHQ9_SEVERE and (previous is None or previous.score < PHQ9_SEVERE):
            flags.append(f"PHQ-9 crossed into the severe range ({result.score}).")
    return flags


def therapist_digest(session: Session, therapist: User, monday: date) -> Digest:
    """The week (therapist's timezone) across the current caseload; flagged clients first."""
    start, end = week_bounds(monday, therapist.timezone)
    rows = []
    for client in caseload(session, therapist):
        flags = phq9_flags(session, client, start, end)
        statuses = list(
            session.scalars(
                select(Booking.status).where(
                    Booking.client_id == client.id, Booking.starts_at >= start, Booking.starts_at < end
                )
            )
        )
        no_show = statuses.count(BookingStatus.NO_SHOW)
        if no_show:
            flags.append(f"Missed {_plural(no_show, 'session')} (no-show).")
        events = list(
            session.scalars(
                select(SafetyEvent.source).where(
                    SafetyEvent.client_id == client.id, SafetyEvent.created_at >= start, SafetyEvent.created_at < end
                )
            )
        )
        if events:
            flags.append(f"{_plural(len(events), 'safety event')} ({', '.join(sorted(set(events)))}).")
        moods = list(
            session.scalars(
                select(MoodCheckin.mood).where(
                    MoodCheckin.client_id == client.id,
                    MoodCheckin.shared.is_(True),
                    MoodCheckin.created_at >= start,
                    MoodCheckin.created_at < end,
                )
            )
        )
        rows.append(
            DigestRow(
                client,
                flags,
                statuses.count(BookingStatus.COMPLETED),
                no_show,
                round(fmean(moods), 1) if moods else None,
            )
        )
    rows.sort(key=lambda row: (not row.flags, row.client.display_name))
    return Digest(therapist, monday, rows)


# The job --------------------------------------------------------------------


def _due(session: Session, now: datetime) -> list[tuple[int, str, date]]:
    """(user_id, kind, monday) of every report whose week has ended and that nobody has claimed yet.

    Two queries, whatever the number of people: cheap enough to run every minute.
    """
    people = session.execute(
        select(User.id, User.role, User.timezone, User.created_at)
        .outerjoin(TherapistProfile, TherapistProfile.user_id == User.id)
        .where(
            User.active.is_(True),
            (User.role == Role.CLIENT)
            | ((User.role == Role.THERAPIST) & (TherapistProfile.status == TherapistStatus.VERIFIED)),
        )
    ).all()
    wanted = []
    for user_id, role, tz, created_at in people:
        monday = last_full_week(now, tz)
        _, end = week_bounds(monday, tz)
        if created_at is not None and _aware(created_at) >= end:
            continue  # joined after that week ended: nothing to report
        wanted.append((user_id, "client" if role == Role.CLIENT else "digest", monday))
    if not wanted:
        return []
    mondays = {monday for _, _, monday in wanted}
    done = {
        tuple(row)
        for row in session.execute(
            select(WeeklyReport.user_id, WeeklyReport.kind, WeeklyReport.week_start).where(
                WeeklyReport.week_start.in_(mondays)
            )
        )
    }
    return [item for item in wanted if item not in done]


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def run_weekly_reports(session: Session, config: Mapping, now: datetime | None = None) -> int:
    """Produce every weekly report and digest due at `now`, each once; returns how many this run produced."""
    now = now or utcnow()
    due = _due(session, now)
    session.rollback()  # end the read transaction: each claim is its own short write
    made = 0
    for user_id, kind, monday in due:
        claim_id = _claim(session, user_id, kind, monday)
        if claim_id is None:
            continue  # another runner has it
        made += 1
        person = session.get(User, user_id)
        if person is None:
            continue
        try:
            email = weekly_email(session, config, person, kind, monday)
            if email is None:
                continue
            send_email(config, person.email, *email)
        except MailError:
            log.exception("weekly %s for user %s, week %s: email failed; will retry", kind, user_id, monday)
            _unclaim(session, claim_id)
            made -= 1
            continue
        _mark_emailed(session, claim_id)
    return made


def weekly_email(session: Session, config: Mapping, person: User, kind: str, monday: date):
    """(subject, body, attachments) to send, or None: clients only with the optional consent."""
    from mindhaven.reports.pdf import report_pdf

    base = base_url(config)
    week = monday.isoformat()
    if kind == "client":
        if not consent.has_current(session, person, EMAIL_CONSENT):
            return None
        report = client_report(session, person, monday)
        body = render_template(
            "email/weekly_report.txt",
            person=person,
            kind=kind,
            report=report,
            link=f"{base}/reports/weekly?week={week}",
            crisis_link=f"{base}/help/crisis",
        )
        return "Your MindHaven week", body, [(f"mindhaven-week-{week}.pdf", "application/pdf", report_pdf(report))]
    digest = therapist_digest(session, person, monday)
    if not digest.rows:
        return None
    body = render_template(
        "email/weekly_report.txt",
        person=person,
        kind=kind,
        digest=digest,
        link=f"{base}/therapist/digest?week={week}",
        crisis_link=f"{base}/help/crisis",
    )
    return "Your MindHaven weekly caseload digest", body, []


def _claim(session: Session, user_id: int, kind: str, monday: date) -> int | None:
    def attempt() -> int | None:
        row = WeeklyReport(user_id=user_id, kind=kind, week_start=monday, created_at=utcnow())
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return None
        return row.id

    return _retry_when_locked(session, attempt)


def _unclaim(session: Session, claim_id: int) -> None:
    def attempt() -> None:
        session.execute(delete(WeeklyReport).where(WeeklyReport.id == claim_id))
        session.commit()

    _retry_when_locked(session, attempt)


def _mark_emailed(session: Session, claim_id: int) -> None:
    def attempt() -> None:
        session.execute(update(WeeklyReport).where(WeeklyReport.id == claim_id).values(emailed_at=utcnow()))
        session.commit()

    _retry_when_locked(session, attempt)
