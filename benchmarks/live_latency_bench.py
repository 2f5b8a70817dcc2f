"""Live sessions: how long a camera frame takes to show up as an estimate on the therapist's panel.

A real session in two headless Chromium pages (client and therapist) against the real app, served on a free
local port by werkzeug in threads (Flask-SocketIO's threading mode, real WebSockets through simple-websocket),
on a fresh SQLite database migrated with flask_migrate.upgrade. The client's fake camera plays a face video
made from scikit-image's astronaut portrait (tests/e2e/facevideo.py), so every frame goes through the real
emotion pipeline. For each frame rate (LIVE_FRAME_RATE, 2 to 5 per second; the page reads it when it loads):

- a new booking that started two minutes ago; both join, the client with emotion analysis on;
- after a short warm-up, `--seconds` of measurement: the therapist page's `window.mindhavenLive.latencies`,
  each `Date.now() - captured_at` when an `emotion` event arrives, where `captured_at` is the client page's
  `Date.now()` just before it draws the camera onto its canvas. Both pages run in one browser on one machine,
  so one clock: the figure covers canvas drawing, JPEG encoding, the Socket.IO send, the server's checks and
  analysis, and the push to the therapist, up to the moment the panel's handler runs;
- the server's own share: the time `LiveAnalyser.analyse` takes (JPEG decode, face detection, classifier,
  smoothing), timed by wrapping it in this process;
- the therapist ends the session.

Chromium encodes and decodes the call's video both ways on the same cores meanwhile, as a real pair would not.
Prints a table and writes benchmarks/results/live_latency.json. Needs Debian's chromium at /usr/bin/chromium.

    .venv/bin/python benchmarks/live_latency_bench.py [--rates 2,3,5] [--seconds 20] [--warmup 3]
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_machine import machine  # noqa: E402 - beside this script

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the face video and the account factory live in tests/

from cryptography.fernet import Fernet  # noqa: E402
from flask import Flask  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from mindhaven import create_app  # noqa: E402
from mindhaven.consent import services as consent  # noqa: E402
from mindhaven.dbtypes import utcnow  # noqa: E402
from mindhaven.extensions import db  # noqa: E402
from mindhaven.scheduling.models import Booking  # noqa: E402
from tests.e2e.facevideo import write_face_video  # noqa: E402
from tests.helpers import Factory  # noqa: E402

DEFAULT_OUT = ROOT / "benchmarks" / "results" / "live_latency.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [  # as in tests/e2e/conftest.py (CHROMIUM_ARGS + FAKE_MEDIA_ARGS), see docs/live.md
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]
GOAL_P95_MS = 150
WAIT_MS = 30_000


def log(message: str) -> None:
    print(message, flush=True)


def app_env(database_url: str) -> dict[str, str]:
    return {
        "MINDHAVEN_ENV": "testing",
        "SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "DATA_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "1024",
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }


def migrated_app(folder: Path) -> Flask:
    from flask_migrate import upgrade

    app = create_app({"TESTING": True}, env=app_env(f"sqlite:///{folder / 'bench.db'}"))
    app.instance_path = str(folder)
    with app.app_context():
        upgrade()
    return app


def time_analysis(app: Flask) -> list[float]:
    """Wrap the live analyser so each call's duration (ms) is appended to the returned list."""
    analyser = app.extensions["mindhaven_live"].analyser
    durations: list[float] = []
    inner = analyser.analyse

    @functools.wraps(inner)
    def timed(booking_id, image):
        start = time.perf_counter()
        try:
            return inner(booking_id, image)
        finally:
            durations.append((time.perf_counter() - start) * 1000)

    analyser.analyse = timed
    return durations


def stats(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def pick(q: float) -> float:  # nearest rank
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    return {
        "count": len(values),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(pick(0.95), 1),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
        "min_ms": round(ordered[0], 1),
    }


def log_in(browser: Browser, base: str, email: str) -> Page:
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(Factory.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))
    return page


def new_booking(app: Flask, therapist_id: int, client_id: int) -> int:
    with app.app_context():
        now = utcnow()
        booking = Booking(
            therapist_id=therapist_id,
            client_id=client_id,
            starts_at=now - timedelta(minutes=2),
            ends_at=now + timedelta(minutes=48),
            fee_minor=5000,
        )
        db.session.add(booking)
        db.session.commit()
        return booking.id


def live(page: Page, field: str):
    return page.evaluate("(field) => window.mindhavenLive[field]", field)


def run_rate(app, base, therapist_page, client_page, people, rate, seconds, warmup, analysis_ms) -> dict:
    app.config["LIVE_FRAME_RATE"] = rate  # handed to the page in its live-config block
    booking_id = new_booking(app, *people)
    room = f"{base}/sessions/{booking_id}/room"
    for page in (therapist_page, client_page):
        page.goto(room)
        page.locator("#join-button:enabled").click()
        page.wait_for_function("() => window.mindhavenLive && window.mindhavenLive.joined === true")
    assert client_page.evaluate("() => JSON.parse(document.getElementById('live-config').textContent).frame_rate") in (
        rate,
        None,
    )
    therapist_page.wait_for_function(
        "() => { const v = document.getElementById('remote-video'); return v.videoWidth > 0; }", timeout=WAIT_MS
    )
    therapist_page.wait_for_function(
        "() => window.mindhavenLive.emotionCount >= 3 && window.mindhavenLive.state === 'analysing'", timeout=WAIT_MS
    )
    time.sleep(warmup)  # let the call's encoders and the pipeline settle

    first, sent, analysed = len(live(therapist_page, "latencies")), live(client_page, "framesSent"), len(analysis_ms)
    started = time.perf_counter()
    time.sleep(seconds)
    latencies = live(therapist_page, "latencies")[first:]
    frames = live(client_page, "framesSent") - sent
    server = analysis_ms[analysed:]
    elapsed = time.perf_counter() - started
    faces = therapist_page.evaluate("() => window.mindhavenLive.lastEmotion && window.mindhavenLive.lastEmotion.face")
    load = os.getloadavg()

    therapist_page.locator("#end-session").click()
    therapist_page.locator("#end-confirm").click()
    for page in (therapist_page, client_page):
        page.locator("#ended").wait_for(state="visible")

    result = {
        "frame_rate_setting": rate,
        "seconds": round(elapsed, 1),
        "frames_sent": frames,
        "frames_per_s": round(frames / elapsed, 2),
        "estimates_received": len(latencies),
        "last_estimate_had_face": bool(faces),
        "capture_to_panel": stats(latencies),
        "server_analysis": stats(server),
        "load_average_after": [round(x, 2) for x in load],
    }
    result["goal_p95_met"] = bool(latencies) and result["capture_to_panel"]["p95_ms"] <= GOAL_P95_MS
    return result


def table(results: dict) -> str:
    lines = [
        "",
        f"capture -> therapist panel, one browser, one clock ({results['machine']['cores']} cores, "
        f"load before {results['load_average_before'][0]})",
        f"   {'fps set':>7} {'sent/s':>7} {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
        f"{'analysis p50':>12} {'p95':>6} {'goal p95<=150':>13} {'load':>5}",
    ]
    for r in results["runs"]:
        c, s = r["capture_to_panel"], r["server_analysis"]
        lines.append(
            f"   {r['frame_rate_setting']:>7} {r['frames_per_s']:>7} {c['count']:>5} {c.get('p50_ms', '-'):>7} "
            f"{c.get('p95_ms', '-'):>7} {c.get('max_ms', '-'):>7} {s.get('p50_ms', '-'):>12} "
            f"{s.get('p95_ms', '-'):>6} {'yes' if r['goal_p95_met'] else 'NO':>13} {r['load_average_after'][0]:>5}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", default="2,3,5", help="LIVE_FRAME_RATE values to run, comma-separated (2-5)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per rate")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds after the first estimates, not measured")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    if any(not 2 <= r <= 5 for r in rates):
        raise SystemExit("LIVE_FRAME_RATE is clamped to 2-5 by the app; choose rates in that range")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    began = time.perf_counter()
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="live-latency-bench-") as tmp:
        folder = Path(tmp)
        app = migrated_app(folder)
        analysis_ms = time_analysis(app)
        with app.app_context():
            make = Factory(db.session)
            therapist, client = make.therapist(), make.client(pseudonym="Bench Client")
            consent.accept(db.session, client, "emotion-analysis")
            db.session.commit()
            people = (therapist.id, client.id)
            emails = (therapist.email, client.email)
        video = write_face_video(folder / "face.y4m").resolve()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="live-latency-bench", daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        runs = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    args=[*CHROMIUM_ARGS, f"--use-file-for-fake-video-capture={video}"],
                    headless=True,
                )
                chromium_version = browser.version
                therapist_page, client_page = (log_in(browser, base, email) for email in emails)
                for rate in rates:
                    log(f"rate {rate} per second: {args.seconds:g} s measured after {args.warmup:g} s warm-up ...")
                    run = run_rate(
                        app, base, therapist_page, client_page, people, rate, args.seconds, args.warmup, analysis_ms
                    )
                    c = run["capture_to_panel"]
                    log(f"  {run['frames_per_s']} frames/s, p50 {c.get('p50_ms')} ms, p95 {c.get('p95_ms')} ms")
                    runs.append(run)
                browser.close()
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
            with app.app_context():
                db.engine.dispose()

    results = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": machine(chromium=chromium_version),
        "load_average_before": [round(x, 2) for x in load_before],
        "goal_p95_ms": GOAL_P95_MS,
        "measure": "therapist page: Date.now() on the emotion event minus the client page's captured_at "
        "(Date.now() before drawing the frame); one browser, one clock",
        "runs": runs,
        "total_s": round(time.perf_counter() - began, 1),
    }
    log(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    log(
        f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} in {results['total_s']} s"
    )


if __name__ == "__main__":
    main()
