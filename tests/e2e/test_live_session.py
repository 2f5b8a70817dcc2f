"""A live session in two real browsers: video both ways, live emotion estimates, pause and resume, the end.

Chromium's fake camera plays a face video made at test time (tests/e2e/facevideo.py), so the client's frames go
through the real emotion model on the server and the therapist's panel shows real estimates. What only browsers
can show: WebRTC over loopback with the room's perfect negotiation, the page scripts under the CSP
(`default-src 'self'`), the Socket.IO client and the DOM contract of docs/live.md. A third person, another
client, must not get into the room, neither through the page nor through the socket. As in the other browser
tests, no page may request another host or log an error.

Waiting uses Playwright function predicates (arrow functions): a string expression would need eval, which the
CSP blocks. There is one fixed sleep: checking that nothing arrives while analysis is paused.
"""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from mindhaven.consent import services as consent
from mindhaven.dbtypes import utcnow
from mindhaven.emotion.labels import LABELS
from mindhaven.extensions import db
from mindhaven.live.models import EmotionSecond, LiveSession
from mindhaven.scheduling.models import Booking, BookingStatus
from tests.e2e.conftest import LiveServer, PageLog, log_in, logged_page, url_pattern
from tests.helpers import Factory

WAIT_MS = 30_000  # generous: WebRTC set-up and the first model load share two cores with Chromium's encoders
PAUSE_CHECK_S = 2.0
MEDIA_FRAMES = """(enough) => {
  const video = document.getElementById("remote-video");
  return video.videoWidth > 0 && video.getVideoPlaybackQuality().totalVideoFrames >= enough;
}"""
DECODED_FRAMES = """() => {
  const video = document.getElementById("remote-video");
  return video.videoWidth > 0 ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
}"""
KEEP_SOCKET = "document.addEventListener('live:socket', (e) => { window.testLiveSocket = e.detail.socket; });"
STALE_DEPARTURE = """() => window.testLiveSocket.listeners("presence").forEach(
  (handler) => handler({ role: "client", present: false, conn: "the-old-page-before-the-reload" })
)"""


def _live(page: Page, field: str):
    return page.evaluate("(field) => window.mindhavenLive[field]", field)


def _frames_keep_coming(page: Page, more: int = 10) -> None:
    """The remote video decodes frames now and goes on doing so (not a single frozen frame)."""
    page.wait_for_function(MEDIA_FRAMES, arg=5, timeout=WAIT_MS)
    start = page.evaluate(DECODED_FRAMES)
    page.wait_for_function(MEDIA_FRAMES, arg=start + more, timeout=WAIT_MS)
    assert page.evaluate("() => document.getElementById('remote-video').videoHeight") > 0


def _join_refused_over_socket(server: LiveServer, page: Page, booking_id: int) -> dict:
    """Try `join` on /live with the outsider's session cookie (a page script cannot be run under the CSP)."""
    import socketio

    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    sio = socketio.Client(reconnection=False)
    sio.connect(server.url, headers={"Cookie": cookie}, namespaces=["/live"], wait_timeout=10)
    try:
        return sio.call("join", {"booking_id": booking_id}, namespace="/live", timeout=10)
    finally:
        sio.disconnect()


@pytest.mark.browser
def test_live_session_video_emotions_pause_and_end(chromium_with_camera: Browser, live_server: LiveServer) -> None:
    with live_server.app.app_context():
        make = Factory(db.session)
        therapist = make.therapist(full_name="Amara Lindqvist")
        client = make.client(pseudonym="Patient Otter")
        consent.accept(db.session, client, "emotion-analysis")
        outsider = make.client(pseudonym="Curious Heron")
        now = utcnow()
        booking = Booking(
            therapist_id=therapist.id,
            client_id=client.id,
            starts_at=now - timedelta(minutes=2),
            ends_at=now + timedelta(minutes=48),
            fee_minor=5000,
            status=BookingStatus.BOOKED,
        )
        db.session.add(booking)
        db.session.commit()
        booking_id, client_email, therapist_email = booking.id, client.email, therapist.email
        outsider_email = outsider.email
    room = f"{live_server.url}/sessions/{booking_id}/room"
    log, outsider_log = PageLog(), PageLog()

    with (
        logged_page(chromium_with_camera, log, WAIT_MS) as client_page,
        logged_page(chromium_with_camera, log, WAIT_MS) as therapist_page,
        logged_page(chromium_with_camera, outsider_log, WAIT_MS) as outsider_page,
    ):
        log_in(client_page, live_server, client_email, "/client")
        log_in(therapist_page, live_server, therapist_email, "/therapist")
        log_in(outsider_page, live_server, outsider_email, "/client")

        # The page hands its socket to the panel script by an event; the test keeps it too, to replay a message.
        therapist_page.add_init_script(KEEP_SOCKET)

        # Both open the room; the client keeps the analysis choice (checked) and both join.
        for page in (therapist_page, client_page):
            response = page.goto(room)
            assert response is not None and response.status == 200
        expect(client_page.locator("#analysis-choice")).to_be_checked()
        expect(client_page.locator("#analysis-explained")).to_be_visible()  # the first time: in plain words
        for page in (therapist_page, client_page):
            expect(page.locator("#join-button")).to_be_enabled(timeout=WAIT_MS)
            page.locator("#join-button").click()
            page.wait_for_function("() => window.mindhavenLive && window.mindhavenLive.joined === true")

        # Video both ways: each side decodes the other's camera, frame after frame.
        _frames_keep_coming(therapist_page)
        _frames_keep_coming(client_page)

        # Real estimates reach the therapist's panel.
        expect(client_page.locator("#analysis-status")).to_have_attribute("data-state", "on", timeout=WAIT_MS)
        therapist_page.wait_for_function(
            "() => window.mindhavenLive.emotionCount >= 3 && window.mindhavenLive.state === 'analysing'",
            timeout=WAIT_MS,
        )
        panel = therapist_page.locator("#emotion-panel")
        expect(therapist_page.locator("#panel-state")).to_have_attribute("data-state", "analysing")
        expect(panel.locator("[data-emotion]")).to_have_count(len(LABELS))
        values = [
            int(v or 0)
            for v in panel.locator("[role=meter]").evaluate_all(
                "(meters) => meters.map((m) => m.getAttribute('aria-valuenow'))"
            )
        ]
        assert max(values) > 0, values
        assert (therapist_page.locator("#dominant-emotion").text_content() or "").strip().lower() in LABELS
        last = _live(therapist_page, "lastEmotion")
        assert last["face"] is True and last["dominant"] in LABELS
        assert set(last["probabilities"]) == set(LABELS)
        assert _live(client_page, "framesSent") >= 3

        # Pause: the estimates stop at once and the panel says so; Resume brings them back.
        toggle = client_page.locator("#analysis-toggle")
        expect(toggle).to_have_text("Pause")
        toggle.click()
        expect(client_page.locator("#analysis-status")).to_have_attribute("data-state", "paused")
        expect(therapist_page.locator("#panel-state")).to_have_attribute("data-state", "paused", timeout=WAIT_MS)
        count, sent = _live(therapist_page, "emotionCount"), _live(client_page, "framesSent")
        time.sleep(PAUSE_CHECK_S)
        assert _live(therapist_page, "emotionCount") == count
        assert _live(client_page, "framesSent") == sent
        expect(therapist_page.locator("#panel-state")).to_have_attribute("data-state", "paused")
        expect(therapist_page.locator("#dominant-emotion")).to_have_text("—")
        expect(toggle).to_have_text("Resume")
        toggle.click()
        expect(client_page.locator("#analysis-status")).to_have_attribute("data-state", "on", timeout=WAIT_MS)
        therapist_page.wait_for_function(
            "(count) => window.mindhavenLive.emotionCount >= count + 3 && window.mindhavenLive.state === 'analysing'",
            arg=count,
            timeout=WAIT_MS,
        )

        # Another client gets a plain 404 for the room, and the socket refuses their join.
        response = outsider_page.goto(room)
        assert response is not None and response.status == 404
        refusal = _join_refused_over_socket(live_server, outsider_page, booking_id)
        assert refusal == {"ok": False, "error": "No such session."}
        assert therapist_page.evaluate("() => window.mindhavenLive.peerPresent") is True

        # The client reloads the page: it rejoins by itself, and the video and the estimates come back.
        count = _live(therapist_page, "emotionCount")
        client_page.reload()
        client_page.wait_for_function(
            "() => window.mindhavenLive && window.mindhavenLive.joined === true", timeout=WAIT_MS
        )
        _frames_keep_coming(therapist_page)
        _frames_keep_coming(client_page)
        therapist_page.wait_for_function(
            "(count) => window.mindhavenLive.emotionCount >= count + 3", arg=count, timeout=WAIT_MS
        )

        # The server may notice the old page's departure after the new page joined: the therapist's page keeps
        # the call, because that departure names a connection other than the one it saw arrive.
        therapist_page.evaluate(STALE_DEPARTURE)
        assert therapist_page.evaluate("() => window.mindhavenLive.peerPresent") is True
        assert _live(therapist_page, "connection") == "connected"
        _frames_keep_coming(therapist_page)

        # The therapist ends the session; both see it ended, the client's camera is off.
        end = therapist_page.locator("#end-session")
        expect(end).to_be_visible()
        end.click()
        therapist_page.locator("#end-confirm").click()
        for page in (therapist_page, client_page):
            expect(page.locator("#ended")).to_be_visible(timeout=WAIT_MS)
            expect(page.locator("#live-layout")).to_be_hidden()
        assert client_page.evaluate("() => document.getElementById('local-video').srcObject") is None
        expect(client_page.locator("#analysis-status")).to_have_attribute("data-state", "off")

        # The therapist's summary shows the distribution of the estimates.
        therapist_page.locator("#summary-link").click()
        expect(therapist_page).to_have_url(url_pattern(live_server, f"/sessions/{booking_id}/summary"))
        rows = therapist_page.locator("#summary-distribution [data-emotion]")
        expect(rows.first).to_be_visible()
        shown = rows.evaluate_all("(rows) => rows.map((row) => row.dataset.emotion)")
        assert shown and set(shown) <= set(LABELS), shown
        assert int(rows.first.locator("[role=meter]").get_attribute("aria-valuenow") or 0) > 0
        expect(therapist_page.locator("#summary-face")).to_contain_text("%")

    with live_server.app.app_context():
        live = db.session.get(LiveSession, booking_id)
        assert live is not None and live.ended_at is not None and live.analysis == "off"
        assert db.session.get(Booking, booking_id).status == BookingStatus.COMPLETED
        stored = db.session.scalar(select(func.count()).where(EmotionSecond.booking_id == booking_id))
        assert stored and stored > 0

    # Only our server was asked for anything; the only error is the browser's note on the outsider's 404.
    requests = log.requests + outsider_log.requests
    assert requests, "no requests were recorded"
    foreign = [url for url in requests if urlsplit(url).netloc != live_server.host]
    assert not foreign, f"requests to other hosts: {foreign}"
    # A page that navigates away on purpose (the client's reload, the therapist's click to the summary) may close its
    # socket while the server is sending a frame; Chromium then notes "Data frame received after close" for the
    # page being left. At most one such note per deliberate navigation; any other error fails the test.
    left_behind = [e for e in log.console_errors if "Data frame received after close" in e and "socket.io" in e]
    assert len(left_behind) <= 2, left_behind
    errors = [e for e in log.console_errors if e not in left_behind]
    assert not errors, errors
    refused = f"the server responded with a status of 404 (NOT FOUND) ({room})"
    assert all(refused in error for error in outsider_log.console_errors), outsider_log.console_errors
