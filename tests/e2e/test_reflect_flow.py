"""Reflect in a real browser: a journal entry and a mood check-in end up on the trends charts; the mirror stores
nothing until the client asks it to.

The first test walks from the dashboard through a free journal entry (shared afterwards) and a mood check-in to the
trends page, and checks what the browser draws: the Chart.js charts built by static/js/trends.js from the JSON data
block, under the CSP. Days are local days, so the client's account and browser are both in Europe/Berlin.
The second test points the mirror at Chromium's fake camera (the face video of tests/e2e/facevideo.py): readings
come back from the real emotion model, yet no journal entry exists until "Save a summary" is pressed.
As in the other browser tests, no page may request another host or log an error, and waiting uses arrow-function
predicates only (a string expression would need eval, which the CSP blocks).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from mindhaven.emotion.labels import LABELS
from mindhaven.extensions import db
from mindhaven.reflect.models import JournalEntry, MoodCheckin
from tests.e2e.conftest import BROWSER_TIMEZONE, LiveServer, PageLog, log_in, logged_page, url_pattern
from tests.helpers import Factory

WAIT_MS = 20_000  # the mirror's first frame loads the emotion model on the server
ENTRY_TEXT = "Today was a wonderful, calm day. I felt happy and grateful, and I am proud of how I handled work."
NOTE_TEXT = "A good walk in the sun."
CHART_POINTS = """(id) => {
  const chart = window.Chart && window.Chart.getChart(document.getElementById(id));
  return chart ? { labels: chart.data.labels, data: chart.data.datasets[0].data } : null;
}"""
BARS = """() => Array.from(document.querySelectorAll(".live-bar-row")).map((row) => ({
  emotion: row.dataset.emotion,
  value: Number(row.querySelector(".live-bar").getAttribute("aria-valuenow")),
  width: row.querySelector(".live-bar-fill").style.width,
  dominant: row.classList.contains("is-dominant"),
}))"""


def _assert_clean(server: LiveServer, log: PageLog) -> None:
    assert log.requests, "no requests were recorded"
    foreign = [url for url in log.requests if urlsplit(url).netloc != server.host]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not log.console_errors, log.console_errors


def _entries(server: LiveServer, client_id: int) -> int:
    with server.app.app_context():
        return db.session.scalar(select(func.count(JournalEntry.id)).where(JournalEntry.client_id == client_id))


@pytest.mark.browser
def test_journal_entry_and_checkin_appear_on_trends(page: Page, page_log: PageLog, live_server: LiveServer) -> None:
    with live_server.app.app_context():
        client = Factory(db.session).client(pseudonym="Patient Otter", timezone=BROWSER_TIMEZONE)
        client_id, email = client.id, client.email

    log_in(page, live_server, email, "/client")
    page.get_by_role("link", name="Open Reflect").click()
    expect(page).to_have_url(url_pattern(live_server, "/reflect"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reflect")
    expect(page.locator("#streak")).to_have_text("0 days in a row")

    # A free journal entry: private when saved, then shared.
    page.get_by_role("link", name="Write freely").click()
    expect(page).to_have_url(url_pattern(live_server, "/reflect/journal/new"))
    page.get_by_label("Your entry", exact=True).fill(ENTRY_TEXT)
    page.get_by_role("button", name="Save entry").click()
    expect(page).to_have_url(url_pattern(live_server, r"/reflect/journal/\d+"))
    expect(page.get_by_text("Your entry is saved.")).to_be_visible()
    expect(page.locator(".note-body")).to_have_text(ENTRY_TEXT)
    expect(page.locator("p.hint").filter(has=page.locator("#share-state"))).to_contain_text("tone: positive")
    expect(page.locator("#share-state")).to_have_text("Private")
    entry_id = int(urlsplit(page.url).path.rsplit("/", 1)[1])
    page.get_by_role("button", name="Share with my therapist", exact=True).click()
    expect(page.get_by_text("Your therapist can now read this entry.")).to_be_visible()
    expect(page.locator("#share-state")).to_have_text("Shared with my therapist")

    # A mood check-in from the overview: 8, "grateful", a note; shared is on by default.
    page.get_by_role("link", name="Reflect", exact=True).click()
    expect(page).to_have_url(url_pattern(live_server, "/reflect"))
    page.get_by_role("link", name="Check in now").click()
    expect(page).to_have_url(url_pattern(live_server, "/reflect/checkin"))
    page.get_by_label("8", exact=True).check()
    page.get_by_label("Grateful", exact=True).check()
    page.get_by_label("A short note (optional, up to 500 characters)").fill(NOTE_TEXT)
    expect(page.get_by_label("Share this check-in with my therapist")).to_be_checked()
    page.get_by_role("button", name="Save check-in").click()
    expect(page).to_have_url(url_pattern(live_server, "/reflect"))
    expect(page.get_by_text("Check-in saved. Thank you for taking a moment for yourself.")).to_be_visible()
    expect(page.locator("#streak")).to_have_text("1 day in a row")
    latest = page.get_by_role("region", name="Mood check-ins").get_by_role("listitem").first
    expect(latest).to_contain_text("mood 8/10")
    expect(latest).to_contain_text("grateful")
    expect(latest).to_contain_text(NOTE_TEXT)
    expect(latest.get_by_role("button", name="Shared with my therapist · make private")).to_be_visible()

    today = datetime.now(ZoneInfo(BROWSER_TIMEZONE)).date().isoformat()
    with live_server.app.app_context():
        entry = db.session.get(JournalEntry, entry_id)
        assert entry is not None and entry.client_id == client_id and entry.shared is True
        assert entry.sentiment is not None and entry.sentiment > 0.05
        checkins = db.session.scalars(select(MoodCheckin).where(MoodCheckin.client_id == client_id)).all()
        assert [(c.mood, c.tags, c.shared, c.local_day.isoformat()) for c in checkins] == [
            (8, ["grateful"], True, today)
        ]
        sentiment = round(entry.sentiment, 3)

    # The trends page: the data block and the charts trends.js drew from it.
    page.get_by_role("link", name="My space").click()
    page.get_by_role("link", name="My trends").click()
    expect(page).to_have_url(url_pattern(live_server, "/trends"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your trends")
    expect(page.locator("#mood-summary")).to_have_text(f"1 check-ins; the latest: 8 out of 10 on {today}.")
    data = json.loads(page.locator("#trends-data").text_content() or "")
    assert data["own"] is True
    assert data["mood"] == [{"day": today, "mood": 8}]
    assert data["sentiment"] == [{"day": today, "sentiment": sentiment}]
    for chart_id in ("chart-mood", "chart-sentiment"):
        expect(page.locator(f"canvas#{chart_id}")).to_be_visible()
    page.wait_for_function(
        "() => ['chart-mood', 'chart-sentiment'].every((id) => "
        "window.Chart && window.Chart.getChart(document.getElementById(id)))"
    )
    assert page.evaluate(CHART_POINTS, "chart-mood") == {"labels": [today], "data": [8]}
    assert page.evaluate(CHART_POINTS, "chart-sentiment") == {"labels": [today], "data": [sentiment]}
    # Only the charts with data exist; their canvases were really drawn at a size.
    assert page.evaluate("() => document.querySelectorAll('canvas').length") == 2
    size = page.evaluate("() => { const c = document.getElementById('chart-mood'); return [c.width, c.height]; }")
    assert size[0] > 0 and size[1] > 0, size

    _assert_clean(live_server, page_log)


@pytest.mark.browser
def test_mirror_shows_readings_and_stores_only_a_summary(
    chromium_with_camera: Browser, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        client = Factory(db.session).client(pseudonym="Patient Otter", timezone=BROWSER_TIMEZONE)
        client_id, email = client.id, client.email
    log = PageLog()
    frames: list[int] = []

    with logged_page(chromium_with_camera, log) as page:
        page.on(
            "response",
            lambda response: frames.append(response.status) if response.url.endswith("/api/reflect/frame") else None,
        )
        log_in(page, live_server, email, "/client")
        page.get_by_role("link", name="Open Reflect").click()
        page.get_by_role("link", name="Open the mirror").click()
        expect(page).to_have_url(url_pattern(live_server, "/reflect/mirror"))
        expect(page.locator(".live-bar-row")).to_have_count(len(LABELS))
        expect(page.locator("#mirror-dominant")).to_have_text("—")
        save = page.get_by_role("button", name="Save a summary")
        expect(save).to_be_disabled()
        before = _entries(live_server, client_id)

        page.get_by_role("button", name="Start").click()
        expect(page.get_by_role("button", name="Stop")).to_be_visible()
        expect(page.locator("#mirror-status")).to_have_text("Camera on. Frames are analysed and then discarded.")
        labels = "|".join(LABELS)
        expect(page.locator("#mirror-dominant")).to_have_text(re.compile(rf"^Mostly ({labels})$"), timeout=WAIT_MS)
        # A few more readings, so the bars are known to keep updating.
        wanted = len(frames) + 3
        for _ in range(100):
            if len(frames) >= wanted:
                break
            page.wait_for_timeout(100)
        assert len(frames) >= wanted and set(frames) == {200}, frames

        bars = page.evaluate(BARS)
        assert {bar["emotion"] for bar in bars} == set(LABELS)
        assert sum(bar["value"] for bar in bars) >= 95, bars  # rounded percentages of a distribution
        dominant = (page.locator("#mirror-dominant").text_content() or "").removeprefix("Mostly ")
        marked = [bar for bar in bars if bar["dominant"]]
        assert [bar["emotion"] for bar in marked] == [dominant], bars
        assert marked[0]["width"] == f"{marked[0]['value']}%"
        assert marked[0]["value"] == max(bar["value"] for bar in bars)
        expect(save).to_be_enabled()

        # Readings came and went; nothing was stored.
        assert _entries(live_server, client_id) == before

        save.click()
        expect(page.locator("#mirror-status")).to_have_text(
            re.compile(r"^Saved to your journal \(private\): “Self-reflection, .+”$")
        )
        assert _entries(live_server, client_id) == before + 1
        page.get_by_role("button", name="Stop").click()
        expect(page.locator("#mirror-status")).to_have_text("Camera off.")

    with live_server.app.app_context():
        entries = db.session.scalars(select(JournalEntry).where(JournalEntry.client_id == client_id)).all()
        assert len(entries) == before + 1
        summary = entries[-1]
        assert (summary.kind, summary.shared) == ("free", False)
        assert summary.body.startswith("Self-reflection, ") and dominant in summary.body
    _assert_clean(live_server, log)
