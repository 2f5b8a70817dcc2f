"""A new client signs up, finds a therapist and books a first session, in a real browser; both sides see it.

The path from the dashboard to a booked session crosses every scheduling piece at once: the intake form, the
matching and its reasons, the slot picker (times in the viewer's own zone), the confirmation page, the booking
itself with its CSRF-protected POST, and both dashboards. Times are the easy thing to get wrong here, so the
client's browser and account are in Europe/Berlin while the therapist's account is in UTC, and each side must see
the session at its own wall-clock time. As in the signup test, no page may request another host or log an error.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from mindhaven.accounts.models import User
from mindhaven.extensions import db
from mindhaven.scheduling.models import Booking, BookingStatus
from tests.e2e.conftest import BROWSER_TIMEZONE, LiveServer, PageLog, log_in, logged_page, url_pattern
from tests.helpers import Factory

THERAPIST_NAME = "Amara Lindqvist"
CLIENT_PSEUDONYM = "Patient Otter"
CLIENT_EMAIL = "otter@example.org"
ROW_FORMAT = "%a %d %b, %H:%M"  # scheduling/_session_row.html


@pytest.mark.browser
def test_client_books_a_session_and_both_dashboards_show_it(
    chromium: Browser, page: Page, page_log: PageLog, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        make = Factory(db.session)
        therapist = make.therapist(
            full_name=THERAPIST_NAME, specialties=["anxiety", "stress"], languages=["en"], fee_minor=6000
        )
        make.open_hours(therapist)  # every day, 00:00-23:55 in the therapist's zone (UTC)
        therapist_id, therapist_email, therapist_zone = therapist.id, therapist.email, therapist.timezone
    assert therapist_zone == "UTC"  # so the two dashboards must show different wall-clock times
    berlin = ZoneInfo(BROWSER_TIMEZONE)

    # A new client signs up (the browser's zone, Europe/Berlin, is preselected) and accepts the terms.
    page.goto(live_server.url + "/signup")
    expect(page.locator("select[name=timezone]")).to_have_value(BROWSER_TIMEZONE)
    page.get_by_label("Pseudonym", exact=True).fill(CLIENT_PSEUDONYM)
    page.get_by_label("Email", exact=True).fill(CLIENT_EMAIL)
    page.get_by_label("Password", exact=True).fill(Factory.PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(url_pattern(live_server, "/consent"))
    page.get_by_label("I have read and accept the terms of use").check()
    page.get_by_label("I have read and accept the privacy notice").check()
    page.get_by_label("No, not now").check()
    page.get_by_role("button", name="Continue").click()
    with live_server.app.app_context():
        client_id = db.session.scalar(select(User.id).where(User.email == CLIENT_EMAIL))
    expect(page).to_have_url(url_pattern(live_server, "/client"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {CLIENT_PSEUDONYM}")
    page.get_by_role("link", name="Find a therapist").click()

    # The intake: anxiety, English (preselected), at most 100 per session.
    expect(page).to_have_url(url_pattern(live_server, "/intake"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a therapist who fits you")
    expect(page.get_by_label("English", exact=True)).to_be_checked()
    page.get_by_label("Anxiety", exact=True).check()
    page.get_by_label(re.compile(r"^Most you can pay per session")).fill("100")
    page.get_by_role("button", name="Show my matches").click()

    # The match, with the reasons it was chosen.
    expect(page).to_have_url(url_pattern(live_server, "/matches"))
    match = page.get_by_role("article", name=THERAPIST_NAME)
    expect(match).to_have_count(1)
    expect(match.locator(".reasons")).to_have_text(
        re.compile(r"^speaks English · works with anxiety · \d+ open slots this week within your budget$")
    )
    expect(match).to_contain_text("USD 60.00 per session")
    match.get_by_role("link", name="See profile and times").click()

    # The profile and its slots, in the client's zone; take the first one.
    expect(page).to_have_url(url_pattern(live_server, f"/therapists/{therapist_id}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(THERAPIST_NAME)
    expect(page.get_by_text(f"Times are in your time zone, {BROWSER_TIMEZONE}.")).to_be_visible()
    first_slot = page.locator("a.slot").first
    chosen = datetime.fromisoformat(first_slot.get_attribute("data-start") or "")
    expect(first_slot).to_have_text(chosen.astimezone(berlin).strftime("%H:%M"))
    first_slot.click()

    # Confirm.
    expect(page).to_have_url(url_pattern(live_server, f"/book/{therapist_id}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your session")
    expect(page.locator("dl.facts")).to_contain_text(chosen.astimezone(berlin).strftime("%A %d %B %Y, %H:%M"))
    page.get_by_role("button", name="Book this session").click()

    # The session page.
    expect(page).to_have_url(url_pattern(live_server, r"/sessions/\d+"))
    expect(page.get_by_role("status")).to_contain_text("Your session is booked.")
    expect(page.locator("#booking-status")).to_have_text("booked")
    booking_id = int(urlsplit(page.url).path.rsplit("/", 1)[1])

    with live_server.app.app_context():
        booking = db.session.get(Booking, booking_id)
        assert booking is not None
        assert (booking.client_id, booking.therapist_id, booking.status) == (
            client_id,
            therapist_id,
            BookingStatus.BOOKED,
        )
        starts_at, ends_at = booking.starts_at, booking.ends_at
    assert starts_at == chosen

    # The client's dashboard lists it at Berlin wall-clock time.
    client_row = starts_at.astimezone(berlin).strftime(ROW_FORMAT) + "–" + ends_at.astimezone(berlin).strftime("%H:%M")
    page.goto(live_server.url + "/client")
    row = page.locator("li.session-row")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link")).to_have_text(client_row)
    expect(row).to_contain_text(f"with {THERAPIST_NAME}")
    expect(page.locator("#therapist-title + p")).to_have_text(THERAPIST_NAME)

    # The therapist, in a browser of their own, sees it with the client's pseudonym, at UTC wall-clock time.
    therapist_row = starts_at.astimezone(ZoneInfo(therapist_zone)).strftime(ROW_FORMAT)
    therapist_row += "–" + ends_at.astimezone(ZoneInfo(therapist_zone)).strftime("%H:%M")
    assert therapist_row != client_row
    with logged_page(chromium, page_log) as therapist_page:
        log_in(therapist_page, live_server, therapist_email)
        expect(therapist_page).to_have_url(url_pattern(live_server, "/therapist"))
        therapist_page.goto(live_server.url + "/therapist")
        row = therapist_page.locator("li.session-row")
        expect(row).to_have_count(1)
        expect(row.get_by_role("link")).to_have_text(therapist_row)
        expect(row).to_contain_text(f"with {CLIENT_PSEUDONYM}")
        join = row.get_by_role("button", name="Join (opens 10 minutes before)")
        expect(join).to_be_visible()
        expect(join).to_be_disabled()

    # Every request of both browsers went to our server, and nothing was logged as an error.
    assert page_log.requests, "no requests were recorded"
    foreign = [url for url in page_log.requests if urlsplit(url).netloc != live_server.host]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not page_log.console_errors, page_log.console_errors
