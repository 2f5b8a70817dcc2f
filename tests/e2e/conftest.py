"""Fixtures for browser tests: the app served on a real socket, and headless Chromium driving it.

The Flask test client cannot catch what only a browser does (CSP blocks, module scripts, console errors,
requests to other hosts), so these tests run Debian's Chromium through Playwright against a live server.
Playwright's own browser download does not work here, so we always launch /usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Playwright, Request, sync_playwright
from werkzeug.serving import make_server

from mindhaven import create_app
from mindhaven.extensions import db
from tests.conftest import app_env

CHROMIUM = Path("/usr/bin/chromium")
# From the design notes: no GPU, no sandbox (containers), and no traffic of Chromium's own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# For the live room: Chromium's fake camera and microphone play a file and need no permission prompt, and
# WebRTC may connect over loopback (without that flag the remote video never arrives on 127.0.0.1).
FAKE_MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]
# A fixed zone, so the time-zone preselection does not depend on the machine. Not one with a legacy alias:
# Chromium reports Asia/Kolkata as "Asia/Calcutta", for example.
BROWSER_TIMEZONE = "Europe/Berlin"


@dataclass
class LiveServer:
    url: str
    host: str  # "127.0.0.1:PORT", as it appears in request URLs
    app: Flask


@dataclass
class PageLog:
    """Everything a page did that a test may want to assert on afterwards."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def live_server(sqlite_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The app on a fresh copy of the migrated SQLite database, served by werkzeug on a free port."""
    path = tmp_path / "e2e.db"
    shutil.copy(sqlite_template, path)
    app = create_app({"TESTING": True}, env=app_env(f"sqlite:///{path}"))
    app.instance_path = str(tmp_path)
    # Port 0: the OS picks a free port when binding, so there is no window for another process to take it.
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="mindhaven-e2e-server", daemon=True)
    thread.start()
    host = f"127.0.0.1:{server.server_port}"
    try:
        yield LiveServer(url=f"http://{host}", host=host, app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def _chromium_missing() -> None:
    message = f"Chromium not found at {CHROMIUM}: browser tests need Debian's chromium package"
    if os.environ.get("MINDHAVEN_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (MINDHAVEN_REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        _chromium_missing()
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the session; each test gets its own context (cookies, storage)."""
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def face_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A looping Y4M video of a face (scikit-image's astronaut portrait), made once per test session."""
    from tests.e2e.facevideo import write_face_video

    return write_face_video(tmp_path_factory.mktemp("camera") / "face.y4m").resolve()


@pytest.fixture(scope="session")
def chromium_with_camera(playwright_driver: Playwright, face_video: Path) -> Iterator[Browser]:
    """A second headless Chromium whose fake camera shows `face_video`; for tests of the live video room."""
    args = [*CHROMIUM_ARGS, *FAKE_MEDIA_ARGS, f"--use-file-for-fake-video-capture={face_video}"]
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


def url_pattern(server: LiveServer, path: str) -> re.Pattern[str]:
    """URL pattern for a page of our server (path may be a regex fragment), ignoring any query string."""
    return re.compile(re.escape(server.url) + path + r"(\?.*)?$")


def log_in(page: Page, server: LiveServer, email: str, home: str | None = None) -> None:
    """Sign in through the login form with the test password; `home`: the page it must land on."""
    from playwright.sync_api import expect

    from tests.helpers import Factory

    page.goto(server.url + "/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(Factory.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if home is not None:
        expect(page).to_have_url(url_pattern(server, home))


@contextmanager
def logged_page(browser: Browser, log: PageLog, timeout_ms: int = 10_000) -> Iterator[Page]:
    """A page in its own browser context (its own cookies) that records every request, WebSocket and console or
    script error into `log`; tests with several people open one each."""
    context = browser.new_context(timezone_id=BROWSER_TIMEZONE, locale="en-GB")
    context.set_default_timeout(timeout_ms)

    def on_request(request: Request) -> None:
        log.requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            log.console_errors.append(f"{message.text} ({message.location.get('url', '?')})")

    def on_page_error(error: Error) -> None:
        log.console_errors.append(f"uncaught: {error.message}")

    # On the context, not the page: requests from any page, popup or worker it opens count too.
    context.on("request", on_request)
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("websocket", lambda socket: log.requests.append(socket.url))  # Socket.IO's, not a "request"
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(chromium: Browser, page_log: PageLog) -> Iterator[Page]:
    """A page in a fresh browser context that records every request and every console or script error."""
    with logged_page(chromium, page_log) as opened:
        yield opened
