"""A new client's first visit, in a real browser: sign up, accept the consents, see the dashboard, log out, log in.

This is the path every client takes, and the one place where the pieces meet that unit tests see apart: forms,
CSRF, session cookies, redirects, the consent gate, and the strict CSP (a blocked script or a request to another
host only shows up in a browser). So besides the flow itself, it asserts that no page made a request to any host
but ours and that nothing was logged as an error in the console.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BROWSER_TIMEZONE, LiveServer, PageLog

PSEUDONYM = "Quiet Heron"
EMAIL = "heron@example.org"
PASSWORD = "lantern orchard pebble river"


def _at(server: LiveServer, path: str) -> re.Pattern[str]:
    """URL pattern for a page of our server, ignoring any query string."""
    return re.compile(re.escape(server.url + path) + r"(\?.*)?$")


@pytest.mark.browser
def test_client_signs_up_consents_logs_out_and_back_in(page: Page, page_log: PageLog, live_server: LiveServer) -> None:
    # Sign up.
    page.goto(live_server.url + "/signup")
    expect(page.get_by_role("heading", name="Create your private account")).to_be_visible()
    # timezone.js preselects the browser's zone over the UTC default.
    expect(page.locator("select[name=timezone]")).to_have_value(BROWSER_TIMEZONE)
    page.get_by_label("Pseudonym", exact=True).fill(PSEUDONYM)
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # The consent gate refuses to continue without the terms.
    expect(page).to_have_url(_at(live_server, "/consent"))
    terms = page.get_by_label("I have read and accept the terms of use")
    privacy = page.get_by_label("I have read and accept the privacy notice")
    expect(terms).not_to_be_checked()
    privacy.check()
    page.get_by_label("Yes, my therapist may see the emotion estimate").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Please read and accept the terms of use to continue.")
    expect(page).to_have_url(_at(live_server, "/consent"))

    # Accept everything required and go on to the dashboard.
    terms.check()
    privacy.check()
    page.get_by_label("No, not now").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(_at(live_server, "/client"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {PSEUDONYM}")

    # Log out.
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(_at(live_server, "/login"))
    expect(page.get_by_role("status")).to_contain_text("You have logged out.")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)

    # Log in again: straight to the dashboard, the consents are remembered.
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(_at(live_server, "/client"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {PSEUDONYM}")

    # Every request of the whole flow went to our server, and nothing was logged as an error.
    assert page_log.requests, "no requests were recorded"
    foreign = [url for url in page_log.requests if urlsplit(url).netloc != live_server.host]
    assert not foreign, f"requests to other hosts: {foreign}"
    # The refused consent answers 400, which Chromium logs as "Failed to load resource": that one is expected.
    refused = [e for e in page_log.console_errors if "status of 400" in e and f"{live_server.url}/consent)" in e]
    unexpected = [e for e in page_log.console_errors if e not in refused]
    assert len(refused) <= 1 and not unexpected, page_log.console_errors
