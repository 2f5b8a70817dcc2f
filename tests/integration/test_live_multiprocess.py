"""Two real server processes, one database, Redis between them: a client on one and its therapist on the other.

Each server is a subprocess serving the real app (Flask-SocketIO, threading mode, real WebSockets through
simple-websocket) with REDIS_URL as the Socket.IO message queue. People sign in with `requests` through the real
login form, and python-socketio clients connect to `/live` with that session cookie. What must cross the process
boundary (docs/live.md): presence (answered with `here`), signalling both ways, chat both ways, and the emotion
result of a real face frame sent to server A, pushed to the therapist on server B.

Needs Redis: runs when TEST_REDIS_URL is set, fails when MINDHAVEN_REQUIRE_SERVICES=1 and it is not, else skips.
"""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import cv2
import pytest
from sqlalchemy import select

from mindhaven.extensions import db
from mindhaven.live.models import EmotionSecond, LiveSession
from mindhaven.scheduling.models import Booking, BookingStatus
from tests.conftest import app_env
from tests.helpers import Factory

REPO = Path(__file__).resolve().parents[2]
NS = "/live"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
REQUIRED = os.environ.get("MINDHAVEN_REQUIRE_SERVICES") == "1"
TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
EVENTS = ("presence", "signal", "chat", "analysis", "emotion", "ended", "error", "crisis", "crisis_alert")

SERVER = r"""
import json, logging, sys
from mindhaven import create_app

env, port, instance = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
app = create_app(env=env)
app.instance_path = instance
logging.getLogger("werkzeug").setLevel(logging.WARNING)
app.extensions["socketio"].run(
    app, host="127.0.0.1", port=port, allow_unsafe_werkzeug=True, use_reloader=False, log_output=False
)
"""


@pytest.fixture(scope="module")
def redis_url() -> str:
    if not REDIS_URL:
        message = "TEST_REDIS_URL not set: the two-process live session test is skipped (CI sets it)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    import redis

    assert redis.Redis.from_url(REDIS_URL).ping() is True
    return REDIS_URL


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def face_jpeg() -> bytes:
    from skimage import data

    image = cv2.resize(cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR), (320, 320), interpolation=cv2.INTER_AREA)
    return cv2.imencode(".jpg", image[:240], [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


class Server:
    def __init__(self, env: dict, folder: Path, name: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"{name}.log"
        instance = folder / f"instance-{name}"
        instance.mkdir()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", SERVER, json.dumps(env), str(self.port), str(instance)],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=REPO,
                # A Flask CLI test earlier in the run may have set this; it makes app.run() refuse to serve.
                env={k: v for k, v in os.environ.items() if k != "FLASK_RUN_FROM_CLI"},
            )

    def wait_ready(self, deadline: float) -> None:
        import requests

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if requests.get(self.url + "/help/crisis", timeout=1).status_code == 200:
                    # python-socketio subscribes to Redis on a server's first Engine.IO connection; open one now,
                    # so that no event published before the first person's arrival here can be missed.
                    requests.get(self.url + "/socket.io/?EIO=4&transport=polling", timeout=5).raise_for_status()
                    time.sleep(0.2)
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        pytest.fail(f"server not ready in time:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


class Person:
    """One signed-in browser: a requests session for the login, a Socket.IO client for the room."""

    def __init__(self, server: Server, email: str) -> None:
        import requests
        import socketio

        self.server = server
        http = requests.Session()
        token = TOKEN.search(http.get(server.url + "/login", timeout=5).text).group(1)
        response = http.post(
            server.url + "/login",
            data={"email": email, "password": Factory.PASSWORD, "csrf_token": token},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text
        cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
        self.events: queue.Queue = queue.Queue()
        self.seen: list = []
        self.sio = socketio.Client(reconnection=False)
        for name in EVENTS:
            self.sio.on(name, self._recorder(name), namespace=NS)
        self.sio.connect(
            server.url, headers={"Cookie": cookie}, namespaces=[NS], transports=["websocket"], wait_timeout=10
        )

    def _recorder(self, name: str):
        def record(data=None):
            self.events.put((name, data))

        return record

    def call(self, event: str, data: dict) -> dict:
        return self.sio.call(event, data, namespace=NS, timeout=10)

    def expect(self, name: str, timeout: float = 5.0, **match) -> dict:
        """The next `name` event whose payload has these values (others are kept in `seen`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event, data = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append((event, data))
            if event == name and all(data.get(k) == v for k, v in match.items()):
                return data
        pytest.fail(f"no {name} {match} within {timeout} s at {self.server.url}; got {self.seen}")

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()


def close_all(people: list[Person]) -> None:
    """In parallel: each close waits up to 3 s for the WebSocket closing handshake (websocket-client's timeout)."""
    threads = [threading.Thread(target=p.close) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)


def test_a_session_across_two_server_processes(app_factory, database_url, redis_url, tmp_path):
    app = app_factory()
    with app.app_context():
        make = Factory(db.session)
        booking, therapist, client = make.session_under_way(pseudonym="QuietRiver")
        b, client_email, therapist_email = booking.id, client.email, therapist.email
        db.engine.dispose()

    env = app_env(database_url, REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=f"test-live-{uuid.uuid4().hex}")
    servers = [Server(env, tmp_path, "a"), Server(env, tmp_path, "b")]
    people: list[Person] = []
    try:
        deadline = time.monotonic() + 30
        for server in servers:
            server.wait_ready(deadline)
        a, b_server = servers

        # The client arrives first, on A.
        on_a = Person(a, client_email)
        people.append(on_a)
        ack = on_a.call("join", {"booking_id": b})
        assert (ack["ok"], ack["role"], ack["peer_present"]) == (True, "client", False)

        # The therapist arrives on B: B does not know the client (another process), A hears the arrival...
        on_b = Person(b_server, therapist_email)
        people.append(on_b)
        ack = on_b.call("join", {"booking_id": b})
        assert (ack["ok"], ack["role"]) == (True, "therapist")
        assert on_a.expect("presence", role="therapist", present=True).get("reply") is None
        # ... and answers with `here`, as the page does, so the therapist learns the client is there.
        assert on_a.call("here", {"booking_id": b}) == {"ok": True}
        assert on_b.expect("presence", role="client", present=True, reply=True)

        # Signalling, both ways.
        offer = {"type": "offer", "sdp": "v=0\r\no=- 42 2 IN IP4 127.0.0.1\r\n"}
        assert on_a.call("signal", {"booking_id": b, "description": offer}) == {"ok": True}
        assert on_b.expect("signal", from_role="client")["description"] == offer
        answer = {"type": "answer", "sdp": "v=0\r\no=- 43 2 IN IP4 127.0.0.1\r\n"}
        candidate = {"candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "sdpMid": "0"}
        assert on_b.call("signal", {"booking_id": b, "description": answer}) == {"ok": True}
        assert on_b.call("signal", {"booking_id": b, "candidate": candidate}) == {"ok": True}
        assert on_a.expect("signal", from_role="therapist")["description"] == answer
        assert on_a.expect("signal", from_role="therapist")["candidate"] == candidate

        # Chat, both ways (each side also sees its own message).
        assert on_a.call("chat", {"booking_id": b, "text": "Hello from server A"}) == {"ok": True}
        assert on_b.expect("chat", from_role="client")["text"] == "Hello from server A"
        assert on_b.call("chat", {"booking_id": b, "text": "Hello from server B"}) == {"ok": True}
        assert on_a.expect("chat", from_role="therapist")["text"] == "Hello from server B"

        # Analysis on, then a real face frame on A: the emotion reaches the therapist on B.
        assert on_a.call("analysis", {"booking_id": b, "state": "on"}) == {"ok": True, "state": "on"}
        assert on_b.expect("analysis", state="on")
        jpeg = face_jpeg()
        ack = on_a.call("frame", {"booking_id": b, "image": jpeg, "captured_at": 12345})
        assert ack["ok"] is True and ack["face"] is True and ack["dominant"] == "happy", ack
        emotion = on_b.expect("emotion", captured_at=12345, timeout=10)
        assert emotion["probabilities"] == ack["probabilities"] and len(emotion["probabilities"]) == 7
        assert (emotion["face"], emotion["dominant"]) == (True, "happy")

        # A frame over 1 MB over a real WebSocket: refused in words, and the connection stays up.
        ack = on_a.call("frame", {"booking_id": b, "image": b"\xff\xd8\xff" + bytes(1024 * 1024 + 10)})
        assert ack["ok"] is False and "1 MB" in ack["error"]
        assert on_a.call("frame", {"booking_id": b, "image": jpeg})["ok"] is True
        assert on_b.expect("emotion", face=True)

        # The therapist ends the session on B; the client on A is told; A flushes its seconds when the client goes.
        assert on_b.call("end", {"booking_id": b})["ok"] is True
        assert on_a.expect("ended")["summary_url"] == f"/sessions/{b}/summary"
        assert on_b.expect("ended")
        close_all(people)
        with app.app_context():
            for _ in range(50):
                db.session.expire_all()
                frames = sum(r.frames for r in db.session.scalars(select(EmotionSecond)))
                if frames == 2:
                    break
                time.sleep(0.1)
            assert frames == 2
            assert db.session.get(Booking, b).status == BookingStatus.COMPLETED
            assert db.session.get(LiveSession, b).ended_at is not None
        assert all(server.process.poll() is None for server in servers)
    finally:
        close_all(people)
        for server in servers:
            server.stop()
        with app.app_context():
            db.engine.dispose()
