"""Test helpers: a CSRF-aware test browser and a factory of accounts."""

from __future__ import annotations

import itertools
import re

from flask import has_app_context
from sqlalchemy.orm import Session

from mindhaven.accounts import services as accounts
from mindhaven.accounts.models import Role, User
from mindhaven.consent import services as consent
from mindhaven.extensions import db
from mindhaven.records import services as records
from mindhaven.security.audit import Actor

_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Browser:
    """Flask test client that fetches a real CSRF token before each form post, as a browser would.

    Each request runs in its own app context, as in production: tests hold an
    outer app context for their services, and sharing it would leak `g`
    (and the CSRF token cached there) from one request into the next.
    """

    def __init__(self, client) -> None:
        self.client = client

    def open(self, url: str, **kwargs):
        with self.client.application.app_context():
            response = self.client.open(url, **kwargs)
        if has_app_context():
            db.session.expire_all()  # the test's own session then sees what the request wrote
        return response

    def csrf_token(self) -> str:
        page = self.get("/help/crisis")
        match = _TOKEN.search(page.text)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def get(self, url: str, **kwargs):
        return self.open(url, method="GET", **kwargs)

    def post(self, url: str, data: dict | None = None, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf_token())
        return self.open(url, method="POST", data=data, **kwargs)

    def send_json(self, method: str, url: str, body=None, raw: str | None = None, csrf: bool = True, **kwargs):
        headers = {"X-CSRFToken": self.csrf_token()} if csrf else {}
        if raw is not None:
            return self.open(url, method=method, data=raw, content_type="application/json", headers=headers, **kwargs)
        return self.open(url, method=method, json=body, headers=headers, **kwargs)


class Factory:
    """Creates accounts through the real services (so hashing, validation and consent are real)."""

    PASSWORD = "a calm green valley"
    _ids = itertools.count(1)

    def __init__(self, session: Session) -> None:
        self.session = session

    def _n(self) -> int:
        return next(self._ids)

    def _consent(self, user: User) -> User:
        for state in consent.states(self.session, user):
            if state.document.required:
                consent.accept(self.session, user, state.document.kind)
        self.session.commit()
        return user

    def client(self, pseudonym: str | None = None, consented: bool = True, **kw) -> User:
        n = self._n()
        user = accounts.register_client(
            self.session,
            email=f"client{n}@test.example",
            pseudonym=pseudonym or f"Client {n}",
            password=self.PASSWORD,
            **kw,
        )
        self.session.commit()
        return self._consent(user) if consented else user

    def admin(self) -> User:
        n = self._n()
        user = accounts.create_admin(
            self.session, email=f"admin{n}@test.example", name=f"Admin {n}", password=self.PASSWORD
        )
        self.session.commit()
        return self._consent(user)

    def therapist(self, verified: bool = True, **overrides) -> User:
        n = self._n()
        fields = dict(
            email=f"therapist{n}@test.example",
            password=self.PASSWORD,
            full_name=f"Therapist {n}",
            licence_number=f"LIC-{n:04d}",
            specialties=["anxiety"],
            approaches=["cbt"],
            languages=["en"],
            gender="woman",
            bio="Kind and careful.",
            fee_minor=5000,
        )
        fields.update(overrides)
        user = accounts.apply_as_therapist(self.session, accounts.TherapistApplication(**fields))
        self.session.commit()
        if verified:
            admin = self.session.query(User).filter_by(role=Role.ADMIN).first() or self.admin()
            accounts.review_therapist(self.session, admin, Actor(admin.id, "admin"), user.id, True)
        return self._consent(user)

    def open_hours(self, therapist: User, start: str = "00:00", end: str = "23:55", reduced: bool = False) -> User:
        """Give a therapist the same hours every day of the week (their timezone)."""
        from mindhaven.scheduling import availability

        for weekday in range(7):
            availability.add_window(self.session, therapist, weekday, start, end, reduced_fee=reduced)
        return therapist

    def session_under_way(self, pseudonym: str | None = None, minutes_ago: int = 5, length_minutes: int = 50):
        """A therapist, a client who consented to emotion analysis, and their booking that started minutes ago."""
        from datetime import timedelta

        from mindhaven.dbtypes import utcnow
        from mindhaven.scheduling.models import Booking

        therapist, client = self.therapist(), self.client(pseudonym=pseudonym)
        consent.accept(self.session, client, "emotion-analysis")
        start = utcnow() - timedelta(minutes=minutes_ago)
        booking = Booking(
            therapist_id=therapist.id,
            client_id=client.id,
            starts_at=start,
            ends_at=start + timedelta(minutes=length_minutes),
            fee_minor=5000,
        )
        self.session.add(booking)
        self.session.commit()
        return booking, therapist, client

    def assign(self, client: User, therapist: User) -> None:
        records.assign_therapist(self.session, Actor(None, "test"), client, therapist)
