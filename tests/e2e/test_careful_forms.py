"""In a real browser: a double tap on "Book this session" sends one request, and the questions asked before
cancelling a session or deleting every chat conversation are in view and answered with one more tap.

The integration tests (tests/integration/test_careful_actions.py) cover the server side without JavaScript; this
checks the small script (static/js/submit-once.js) under the real Content Security Policy, with no console error.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from mindhaven.chatbot.models import Conversation
from mindhaven.dbtypes import utcnow
from mindhaven.extensions import db
from mindhaven.scheduling import availability
from mindhaven.scheduling.models import Booking, BookingStatus
from tests.e2e.conftest import LiveServer, PageLog, log_in, url_pattern
from tests.helpers import Factory


@pytest.mark.browser
def test_a_double_tap_books_once_and_cancelling_asks_first(page: Page, page_log: PageLog, live_server: LiveServer):
    with live_server.app.app_context():
        make = Factory(db.session)
        therapist = make.open_hours(make.therapist())
        client = make.client()
        slot = next(
            s for s in availability.upcoming_slots(db.session, therapist) if s.start - utcnow() > timedelta(hours=30)
        )
        therapist_id, email, start = therapist.id, client.email, slot.start.isoformat()
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    log_in(page, live_server, email, home="/client")
    posts.clear()

    page.goto(f"{live_server.url}/book/{therapist_id}?start={start.replace('+', '%2B')}")
    button = page.get_by_role("button", name="Book this session")
    # A double tap as a slow phone sees it: the second submit 5 ms later, before the first response.
    button.evaluate("(b) => { b.form.requestSubmit(b); setTimeout(() => b.form.requestSubmit(b), 5); }")
    expect(page).to_have_url(url_pattern(live_server, r"/sessions/\d+"))
    expect(page.get_by_role("status")).to_contain_text("Your session is booked.")
    assert posts == [f"{live_server.url}/book/{therapist_id}"]
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 1

    page.get_by_role("link", name="Cancel this session…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this session?")
    expect(page.locator("#cancel-cost")).to_contain_text("free of charge")
    page.get_by_role("button", name="Yes, cancel this session").click()
    expect(page).to_have_url(url_pattern(live_server, "/sessions"))
    with live_server.app.app_context():
        assert db.session.scalars(select(Booking.status)).one() == BookingStatus.CANCELLED
    assert page_log.console_errors == []


@pytest.mark.browser
def test_delete_all_conversations_asks_first_and_the_question_has_the_focus(
    page: Page, page_log: PageLog, live_server: LiveServer
):
    with live_server.app.app_context():
        client = Factory(db.session).client()
        email, client_id = client.email, client.id
    log_in(page, live_server, email, home="/client")
    page.goto(live_server.url + "/support")
    page.get_by_label("Your message").fill("hello")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#chat-log")).to_contain_text("hello")

    page.get_by_role("link", name="Delete all conversations…").click()
    question = page.get_by_role("heading", name="Delete all your conversations?")
    expect(question).to_be_focused()  # not the message box the chat page focuses otherwise
    expect(question).to_be_in_viewport()
    page.get_by_role("link", name="No, keep them").click()
    expect(page.get_by_role("heading", name="Delete all your conversations?")).to_have_count(0)

    page.get_by_role("link", name="Delete all conversations…").click()
    page.get_by_role("button", name="Yes, delete them all").click()
    expect(page.get_by_role("status")).to_contain_text("All your conversations are deleted.")
    with live_server.app.app_context():
        count = db.session.scalar(select(func.count()).where(Conversation.client_id == client_id))
    assert count == 0
    assert page_log.console_errors == []
