"""The layout on a cheap phone (390 × 844 CSS px), in a real browser.

Clients are often anxious and on a small phone, so two things must hold there: nothing a client writes may widen
the page (a 900-character word in the support chat once made it 8,597 px wide), and every control must be a
44 × 44 px touch target (WCAG 2.5.5). The crisis page must be one tap away in the header, in the first screen.
As in the other browser tests, no page may request another host or log an error.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from mindhaven.extensions import db
from tests.e2e.conftest import BROWSER_TIMEZONE, LiveServer, PageLog, log_in, url_pattern
from tests.helpers import Factory

PHONE = {"width": 390, "height": 844}
MIN_TARGET = 44  # CSS px, WCAG 2.5.5
LONG_WORD = "a" * 900

# Width of the document against the viewport's, and the header link's place on the page (not in the viewport:
# the chat scrolls to its message box after a post).
PAGE_METRICS = """() => {
  const links = Array.from(document.querySelectorAll(".site-header a"));
  const help = links.find((a) => a.textContent.trim() === "Get help now");
  const box = help ? help.getBoundingClientRect() : null;
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    helpBottom: box ? box.bottom + window.scrollY : null,
  };
}"""

# The size of every visible link and button of the header, and of every .button in the page's content.
TARGETS = """() => {
  const sized = (selector) => [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => {
      const box = el.getBoundingClientRect();
      return { text: el.textContent.trim().replace(/\\s+/g, " "), width: box.width, height: box.height };
    });
  return { header: sized(".site-header a, .site-header button"), buttons: sized("main .button") };
}"""


def _client(server: LiveServer) -> str:
    with server.app.app_context():
        return Factory(db.session).client(pseudonym="Narrow Wren", timezone=BROWSER_TIMEZONE).email


def _no_foreign_requests_or_errors(server: LiveServer, log: PageLog) -> None:
    foreign = [url for url in log.requests if urlsplit(url).netloc != server.host]
    assert not foreign, foreign
    assert not log.console_errors, log.console_errors


@pytest.mark.browser
def test_long_word_in_the_chat_does_not_widen_the_page(page: Page, page_log: PageLog, live_server: LiveServer) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_server, _client(live_server), home="/client")
    page.goto(live_server.url + "/support")
    page.get_by_label("Your message").fill(LONG_WORD)
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(url_pattern(live_server, r"/support.*"))
    bubble = page.locator(".chat-message.client p").filter(has_text=LONG_WORD)
    expect(bubble).to_have_count(1)
    expect(page.locator(".chat-message.bot").last).to_be_visible()

    metrics = page.evaluate(PAGE_METRICS)
    assert metrics["scrollWidth"] <= metrics["innerWidth"], metrics  # no horizontal scrolling
    assert bubble.bounding_box()["width"] <= metrics["innerWidth"]  # the word wraps inside its bubble

    # "Get help now" is in the header, in the first screen of the page: visible without scrolling down.
    help_link = page.locator(".site-header").get_by_role("link", name="Get help now")
    expect(help_link).to_be_visible()
    assert metrics["helpBottom"] is not None and metrics["helpBottom"] <= metrics["innerHeight"], metrics
    page.evaluate("() => window.scrollTo(0, 0)")
    expect(help_link).to_be_in_viewport()
    help_link.click()
    expect(page).to_have_url(url_pattern(live_server, "/help/crisis"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    _no_foreign_requests_or_errors(live_server, page_log)


@pytest.mark.browser
def test_header_links_and_buttons_are_touch_sized_on_a_phone(
    page: Page, page_log: PageLog, live_server: LiveServer
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_server, _client(live_server), home="/client")
    for path in ("/client", "/reflect"):
        page.goto(live_server.url + path)
        targets = page.evaluate(TARGETS)
        header = [t["text"] for t in targets["header"]]
        for expected in ("MindHaven", "Get help now", "My space", "Support chat", "Settings", "Log out"):
            assert expected in header, (path, header)
        assert targets["buttons"], path  # each page has primary buttons ("Find a therapist", "Check in now", ...)
        small = [t for t in targets["header"] + targets["buttons"] if min(t["width"], t["height"]) < MIN_TARGET]
        assert not small, (path, small)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), path

    _no_foreign_requests_or_errors(live_server, page_log)
