"""The support chat in a real browser: a gentle conversation turns risky and the crisis card appears at once."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from mindhaven.extensions import db
from tests.e2e.conftest import BROWSER_TIMEZONE, LiveServer, PageLog
from tests.helpers import Factory


@pytest.mark.browser
def test_chat_turns_risky_and_shows_helplines(page: Page, page_log: PageLog, live_server: LiveServer) -> None:
    with live_server.app.app_context():
        email = Factory(db.session).client(pseudonym="Patient Heron", timezone=BROWSER_TIMEZONE).email
    page.goto(live_server.url + "/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(Factory.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/client"))
    page.get_by_role("link", name="Open the support chat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support chat")

    box = page.get_by_label("Your message")
    box.fill("hello")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".chat-message.bot").last).to_contain_text("How are you feeling")
    page.get_by_label("Your message").fill("I feel anxious")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".chat-message.bot").last).to_contain_text("breathing")
    expect(page.get_by_role("alert")).to_have_count(0)

    page.get_by_label("Your message").fill("honestly I just want to end my life")
    page.get_by_role("button", name="Send").click()
    crisis = page.locator("#latest .chat-crisis")
    expect(crisis).to_be_visible()
    expect(crisis).to_be_focused()  # the card, not the message box, has the focus
    expect(page.get_by_role("alert")).to_have_count(1)
    alert = page.get_by_role("alert").first
    # The client's time zone is Europe/Berlin: Germany's line first, then the local emergency number.
    expect(alert).to_contain_text("TelefonSeelsorge")
    expect(alert).to_contain_text("0800 111 0 111")
    expect(alert).to_contain_text("112")
    expect(alert).not_to_contain_text("Tele-MANAS")
    page.wait_for_function("() => document.querySelectorAll('.chat-message.bot.is-crisis').length === 1")

    foreign = [url for url in page_log.requests if urlsplit(url).netloc != live_server.host]
    assert not foreign, foreign
    assert not page_log.console_errors, page_log.console_errors
