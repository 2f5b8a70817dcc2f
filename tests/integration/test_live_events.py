"""The `/live` Socket.IO protocol (docs/live.md) through Flask-SocketIO's test client, with real sign-ins.

Each socket carries the session cookie of a Flask test client that logged in through the real form (CSRF and all).
No app context is held while events are sent: every handler runs in its own, with its own database session, as in
production. Frames are real JPEGs of a real face (scikit-image's astronaut), analysed by the shipped models.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

import cv2
import numpy as np
import pytest
from flask import Flask
from sqlalchemy import select, text

from mindhaven.consent import services as consent
from mindhaven.dbtypes import utcnow
from mindhaven.emotion.labels import LABELS
from mindhaven.extensions import db
from mindhaven.live.models import ChatMessage, EmotionSecond, LiveSession, SessionMark
from mindhaven.scheduling.models import Booking, BookingStatus
from tests.helpers import Browser, Factory

NS = "/live"


@functools.cache
def face_jpeg(width: int = 320, height: int = 240) -> bytes:
    """A 320x240 JPEG of a smiling face: the top of scikit-image's public-domain astronaut portrait."""
    from skimage import data

    image = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    image = cv2.resize(image, (width, width), interpolation=cv2.INTER_AREA)[:height]
    return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


@functools.cache
def blank_jpeg() -> bytes:
    return cv2.imencode(".jpg", np.full((240, 320, 3), 128, np.uint8))[1].tobytes()


@dataclass
class Person:
    id: int
    email: str
    name: str


@dataclass
class Live:
    """One app, one booking under way, its client and therapist; sockets connect as any signed-in person."""

    app: Flask
    booking_id: int
    client: Person
    therapist: Person
    sockets: list = field(default_factory=list)

    @contextmanager
    def db(self):
        with self.app.app_context():
            yield db.session

    def connect(self, who: Person | None):
        flask_client = self.app.test_client()
        if who is not None:
            response = Browser(flask_client).post("/login", data={"email": who.email, "password": Factory.PASSWORD})
            assert response.status_code == 302, response.text
        sock = self.app.extensions["socketio"].test_client(self.app, namespace=NS, flask_test_client=flask_client)
        self.sockets.append(sock)
        return sock

    def joined(self, who: Person):
        sock = self.connect(who)
        assert call(sock, "join", {"booking_id": self.booking_id})["ok"] is True
        return sock

    def add_person(self, kind: str) -> Person:
        with self.db() as session:
            user = getattr(Factory(session), kind)()
            return Person(user.id, user.email, user.display_name)

    def add_booking(self, starts_in: timedelta, status: str = BookingStatus.BOOKED) -> int:
        with self.db() as session:
            starts_at = utcnow() + starts_in
            booking = Booking(
                therapist_id=self.therapist.id,
                client_id=self.client.id,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=50),
                fee_minor=5000,
                status=status,
            )
            session.add(booking)
            session.commit()
            return booking.id

    def set_consent(self, on: bool) -> None:
        from mindhaven.accounts.models import User

        with self.db() as session:
            user = session.get(User, self.client.id)
            if on:
                consent.accept(session, user, "emotion-analysis")
            else:
                consent.withdraw(session, user, "emotion-analysis")
            session.commit()


@pytest.fixture
def live(app_factory):
    app = app_factory()
    with app.app_context():
        make = Factory(db.session)
        booking, therapist, client = make.session_under_way(pseudonym="QuietRiver")
        state = Live(
            app,
            booking.id,
            Person(client.id, client.email, client.display_name),
            Person(therapist.id, therapist.email, therapist.display_name),
        )
    yield state
    for sock in state.sockets:
        if sock.is_connected(NS):
            sock.disconnect(NS)


_NO_DATA = object()


def call(sock, event: str, data=_NO_DATA):
    """Emit with an acknowledgement and return the ack."""
    if data is _NO_DATA:
        return sock.emit(event, namespace=NS, callback=True)
    return sock.emit(event, data, namespace=NS, callback=True)


def received(sock) -> list[tuple[str, object]]:
    """(event name, its one argument) for everything the socket got since last asked."""
    return [(e["name"], e["args"][0] if e["args"] else None) for e in sock.get_received(NS)]


def named(events, name: str) -> list:
    return [payload for event, payload in events if event == name]


def refused(sock, event: str, data=_NO_DATA, expect: str = "") -> str:
    """The event is answered with ack {ok: false} and one matching `error` event, and the socket stays up."""
    received(sock)
    ack = call(sock, event, data)
    assert isinstance(ack, dict) and ack.get("ok") is False, (event, data, ack)
    assert expect in ack["error"], (event, ack["error"], expect)
    assert received(sock) == [("error", {"event": event, "message": ack["error"]})], (event, data)
    assert sock.is_connected(NS)
    return ack["error"]


# Connecting and joining -------------------------------------------------------------------------------------------


def test_an_anonymous_connection_is_refused(live):
    sock = live.connect(None)
    assert not sock.is_connected(NS)
    bare = live.app.extensions["socketio"].test_client(live.app, namespace=NS)
    assert not bare.is_connected(NS)


def test_outsiders_cannot_join_and_stay_connected(live):
    for kind in ("client", "therapist", "admin"):
        sock = live.connect(live.add_person(kind))
        assert sock.is_connected(NS), kind
        refused(sock, "join", {"booking_id": live.booking_id}, "No such session")
        refused(sock, "chat", {"booking_id": live.booking_id, "text": "hello?"}, "Join this session's room first")
        refused(sock, "frame", {"booking_id": live.booking_id, "image": face_jpeg()}, "Join this session's room")
    with live.db() as session:  # nobody's attempt started the session
        assert session.get(LiveSession, live.booking_id) is None
        assert session.scalars(select(ChatMessage)).all() == []


def test_members_cannot_join_outside_the_window(live):
    sock = live.connect(live.client)
    refused(sock, "join", {"booking_id": live.add_booking(timedelta(hours=2))}, "opens 10 minutes before")
    refused(sock, "join", {"booking_id": live.add_booking(timedelta(hours=-2))}, "ended")
    cancelled = live.add_booking(timedelta(minutes=-1), BookingStatus.CANCELLED)
    refused(sock, "join", {"booking_id": cancelled}, "cancelled")
    assert call(sock, "join", {"booking_id": live.booking_id})["ok"] is True


# Malformed events -------------------------------------------------------------------------------------------------

EVENTS = ("join", "here", "leave", "signal", "chat", "analysis", "frame", "mark", "end")


def valid_fields(event: str) -> dict:
    """Everything an event needs besides booking_id, so that only the part under test is wrong."""
    return {
        "signal": {"candidate": {"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host"}},
        "chat": {"text": "hello"},
        "analysis": {"state": "on"},
        "frame": {"image": face_jpeg()},
        "mark": {"note": "a moment"},
    }.get(event, {})


def test_every_malformed_event_is_refused_and_the_connection_stays_up(live):
    therapist = live.joined(live.therapist)
    client = live.connect(live.client)
    stranger = live.connect(live.client)  # the same client, a second tab that never joined
    b = live.booking_id

    # Before joining: everything but join is refused, and a frame is not even looked at.
    for event in EVENTS[1:]:
        refused(stranger, event, {"booking_id": b, **valid_fields(event)}, "Join this session's room first")
    assert call(client, "join", {"booking_id": b})["ok"] is True
    refused(client, "frame", {"booking_id": b, "image": face_jpeg()}, "off or paused")  # analysis is off
    assert call(client, "analysis", {"booking_id": b, "state": "on"})["ok"] is True
    received(therapist)

    for event in EVENTS:
        fields = valid_fields(event)
        refused(client, event, expect="Send an object")  # no payload at all
        for not_a_dict in ("x", [b], 7, 1.5, True):
            refused(client, event, not_a_dict, "Send an object")
        refused(client, event, fields, "Missing field: booking_id")
        for wrong in ("1", True, 1.5, None, [b], {"id": b}):
            refused(client, event, {**fields, "booking_id": wrong}, "booking_id must be a whole number")
        unknown = "No such session" if event == "join" else "Join this session's room first"
        refused(client, event, {**fields, "booking_id": 999_999}, unknown)
        refused(client, event, {**fields, "booking_id": 10**23}, unknown)  # past the database's integer: not found

    truncated = face_jpeg()[: len(face_jpeg()) // 2]
    cases = [
        ("frame", {"booking_id": b}, "Missing field: image"),
        ("frame", {"booking_id": b, "image": "not bytes"}, "must be JPEG bytes"),
        ("frame", {"booking_id": b, "image": 12345}, "must be JPEG bytes"),
        ("frame", {"booking_id": b, "image": None}, "must be JPEG bytes"),
        ("frame", {"booking_id": b, "image": b"GIF89a not a jpeg at all"}, "must be a JPEG image"),
        (
            "frame",
            {"booking_id": b, "image": cv2.imencode(".png", np.zeros((64, 64, 3), np.uint8))[1].tobytes()},
            "JPEG",
        ),
        ("frame", {"booking_id": b, "image": truncated}, "truncated"),
        ("frame", {"booking_id": b, "image": b"\xff\xd8\xff"}, "truncated"),
        ("frame", {"booking_id": b, "image": b"\xff\xd8\xff" + b"\0" * (1024 * 1024 + 100)}, "larger than 1 MB"),
        ("frame", {"booking_id": b, "image": face_jpeg(), "captured_at": "yesterday"}, "captured_at must be"),
        ("frame", {"booking_id": b, "image": face_jpeg(), "captured_at": True}, "captured_at must be"),
        ("analysis", {"booking_id": b}, "Missing field: state"),
        ("analysis", {"booking_id": b, "state": "maybe"}, 'state must be "on" or "paused"'),
        ("analysis", {"booking_id": b, "state": "off"}, 'state must be "on" or "paused"'),
        ("analysis", {"booking_id": b, "state": 1}, 'state must be "on" or "paused"'),
        ("chat", {"booking_id": b}, "Missing field: text"),
        ("chat", {"booking_id": b, "text": ""}, "Write a message first"),
        ("chat", {"booking_id": b, "text": "   \n "}, "Write a message first"),
        ("chat", {"booking_id": b, "text": 42}, "Write a message first"),
        ("chat", {"booking_id": b, "text": ["hi"]}, "Write a message first"),
        ("chat", {"booking_id": b, "text": "x" * 2001}, "at most 2000 characters"),
        ("mark", {"booking_id": b, "note": "a moment"}, "Only the therapist"),
        ("end", {"booking_id": b}, "Only the therapist"),
        ("signal", {"booking_id": b}, "a description or a candidate"),
        ("signal", {"booking_id": b, "description": None, "candidate": None}, "a description or a candidate"),
        ("signal", {"booking_id": b, "description": "offer"}, "A description needs"),
        ("signal", {"booking_id": b, "description": {"type": "bogus", "sdp": "v=0"}}, "A description needs"),
        ("signal", {"booking_id": b, "description": {"type": "offer", "sdp": 5}}, "A description needs"),
        ("signal", {"booking_id": b, "description": {"type": "offer", "sdp": "v" * 100_000}}, "A description needs"),
        ("signal", {"booking_id": b, "candidate": "candidate:1"}, "A candidate must be an object"),
        ("signal", {"booking_id": b, "candidate": {"c": "x" * 6000}}, "A candidate must be an object"),
    ]
    for event, data, expect in cases:
        refused(client, event, data, expect)
    # The therapist's own limits.
    refused(therapist, "frame", {"booking_id": b, "image": face_jpeg()}, "Only the client")
    refused(therapist, "analysis", {"booking_id": b, "state": "paused"}, "Only the client")
    refused(therapist, "mark", {"booking_id": b, "note": "x" * 201}, "at most 200 characters")
    refused(therapist, "mark", {"booking_id": b, "note": 7}, "at most 200 characters")

    # Nothing reached the other side, nothing was stored, and both sockets still work.
    assert received(therapist) == []
    with live.db() as session:
        assert session.scalars(select(ChatMessage)).all() == []
        assert session.scalars(select(SessionMark)).all() == []
        assert session.get(Booking, b).status == BookingStatus.BOOKED
        assert session.get(LiveSession, b).ended_at is None
    assert client.is_connected(NS) and therapist.is_connected(NS) and stranger.is_connected(NS)
    assert call(client, "chat", {"booking_id": b, "text": "still here"}) == {"ok": True}
    assert named(received(therapist), "chat")[0]["text"] == "still here"
    ack = call(client, "frame", {"booking_id": b, "image": face_jpeg(), "captured_at": 1})
    assert ack["ok"] is True and ack["face"] is True


def test_a_frame_without_a_face_is_answered_and_counted(live):
    therapist = live.joined(live.therapist)
    client = live.joined(live.client)
    assert call(client, "analysis", {"booking_id": live.booking_id, "state": "on"})["ok"]
    ack = call(client, "frame", {"booking_id": live.booking_id, "image": blank_jpeg()})
    assert ack == {
        "ok": True,
        "face": False,
        "dominant": None,
        "confidence": 0.0,
        "probabilities": None,
        "flags": ["no_face"],
    }
    (event,) = named(received(therapist), "emotion")
    assert event["face"] is False and event["flags"] == ["no_face"] and event["captured_at"] is None
    client.disconnect(NS)  # leaving flushes the seconds in progress
    with live.db() as session:
        (row,) = session.scalars(select(EmotionSecond)).all()
        assert (row.frames, row.face_ratio, row.happy) == (1, 0.0, 0.0)


# Consent ----------------------------------------------------------------------------------------------------------


def test_analysis_needs_the_consent(live):
    live.set_consent(False)
    therapist = live.joined(live.therapist)
    client = live.joined(live.client)
    received(therapist)
    refused(client, "analysis", {"booking_id": live.booking_id, "state": "on"}, "needs your consent")
    refused(client, "frame", {"booking_id": live.booking_id, "image": face_jpeg()}, "off or paused")
    # Even were the session's state "on" (set before a withdrawal, or by another process), no frame is analysed.
    with live.db() as session:
        session.get(LiveSession, live.booking_id).analysis = "on"
        session.commit()
    refused(client, "frame", {"booking_id": live.booking_id, "image": face_jpeg()}, "needs your consent")
    assert call(client, "analysis", {"booking_id": live.booking_id, "state": "paused"})["ok"]  # pausing is fine
    assert named(received(therapist), "emotion") == []


def test_consent_withdrawn_mid_session_stops_the_frames(live):
    therapist = live.joined(live.therapist)
    client = live.joined(live.client)
    assert call(client, "analysis", {"booking_id": live.booking_id, "state": "on"})["ok"]
    assert call(client, "frame", {"booking_id": live.booking_id, "image": face_jpeg()})["ok"]
    assert len(named(received(therapist), "emotion")) == 1

    live.set_consent(False)  # in Settings, in another tab
    for _ in range(2):
        refused(client, "frame", {"booking_id": live.booking_id, "image": face_jpeg()}, "needs your consent")
    assert named(received(therapist), "emotion") == []
    refused(client, "analysis", {"booking_id": live.booking_id, "state": "on"}, "needs your consent")

    live.set_consent(True)
    assert call(client, "frame", {"booking_id": live.booking_id, "image": face_jpeg()})["ok"]


# The whole session, two people -------------------------------------------------------------------------------------


def test_a_whole_session_between_client_and_therapist(live):
    b = live.booking_id
    therapist = live.connect(live.therapist)
    ack = call(therapist, "join", {"booking_id": b})
    assert ack == {
        "ok": True,
        "role": "therapist",
        "peer_present": False,
        "analysis": "off",
        "ended": False,
        "chat": [],
    }

    client = live.connect(live.client)
    ack = call(client, "join", {"booking_id": b})
    assert (ack["ok"], ack["role"], ack["peer_present"], ack["analysis"]) == (True, "client", True, "off")
    [(event, arrival)] = received(therapist)
    assert (event, arrival["role"], arrival["present"], "reply" in arrival) == ("presence", "client", True, False)
    assert isinstance(arrival["conn"], str) and len(arrival["conn"]) >= 12
    assert received(client) == []

    # The therapist answers the arrival, as the page does, so a newcomer on another process learns who is there.
    assert call(therapist, "here", {"booking_id": b}) == {"ok": True}
    [(event, reply)] = received(client)
    assert (event, reply["role"], reply["present"], reply["reply"]) == ("presence", "therapist", True, True)
    assert reply["conn"] != arrival["conn"]
    assert received(therapist) == []

    # Signalling goes to the other side only.
    offer = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}
    assert call(client, "signal", {"booking_id": b, "description": offer}) == {"ok": True}
    assert received(therapist) == [("signal", {"from_role": "client", "description": offer})]
    assert received(client) == []
    candidate = {"candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "sdpMid": "0"}
    assert call(therapist, "signal", {"booking_id": b, "candidate": candidate}) == {"ok": True}
    assert received(client) == [("signal", {"from_role": "therapist", "candidate": candidate})]
    assert received(therapist) == []

    # Chat reaches both, and is stored encrypted.
    assert call(client, "chat", {"booking_id": b, "text": "  Hello, this week was hard.  "}) == {"ok": True}
    for sock in (client, therapist):
        (message,) = named(received(sock), "chat")
        assert (message["from_role"], message["name"], message["text"]) == (
            "client",
            "QuietRiver",
            "Hello, this week was hard.",
        )
    assert call(therapist, "chat", {"booking_id": b, "text": "Thank you for telling me."})["ok"]
    assert named(received(client), "chat")[0]["from_role"] == "therapist"
    received(therapist)
    with live.db() as session:
        raw = session.execute(text("SELECT body FROM chat_messages ORDER BY id")).scalars().all()
        assert len(raw) == 2 and all("hard" not in r and "Thank" not in r for r in raw)
        bodies = [m.body for m in session.scalars(select(ChatMessage).order_by(ChatMessage.id))]
        assert bodies == ["Hello, this week was hard.", "Thank you for telling me."]

    # A client's risk text: crisis lines to the client at once, an alert to the therapist.
    assert call(client, "chat", {"booking_id": b, "text": "Some days I want to end my life"})["ok"]
    to_client, to_therapist = received(client), received(therapist)
    assert [e for e, _ in to_client] == ["chat", "crisis"]
    lines = named(to_client, "crisis")[0]["lines"]
    assert lines and all(len(line) == 4 for line in lines)
    assert any("988" in line[2] or "14416" in line[2] or "116 123" in line[2] for line in lines)
    assert lines[-1][0] == "Anywhere"  # the international fallback always comes last
    assert named(to_client, "crisis")[0]["plea"] is None  # written in English: the box is English already
    dial = named(to_client, "crisis")[0]["dial"]  # each number its own call link, as the pages show them
    assert len(dial) == len(lines) and all(
        "".join(text for text, _ in parts) == line[2] for parts, line in zip(dial, lines, strict=True)
    )
    assert all(digits is None or digits.lstrip("+").isdigit() for parts in dial for _, digits in parts)
    with live.db() as session:
        from mindhaven.safety.models import SafetyEvent

        assert [e.source for e in session.scalars(select(SafetyEvent))] == ["chat"]
    assert [e for e, _ in to_therapist] == ["chat", "crisis_alert"]
    # The therapist's words never raise the client's crisis box.
    assert call(therapist, "chat", {"booking_id": b, "text": "Do you have thoughts to end my life, I mean yours?"})
    assert [e for e, _ in received(client)] == ["chat"] and [e for e, _ in received(therapist)] == ["chat"]
    # Written in Portuguese: the box also pleads in Portuguese.
    assert call(client, "chat", {"booking_id": b, "text": "Não quero mais viver, desculpa"})["ok"]
    plea = named(received(client), "crisis")[0]["plea"]
    assert plea["lang"] == "pt" and plea["dir"] == "ltr" and plea["text"].startswith("Se você está em perigo agora")
    assert [e for e, _ in received(therapist)] == ["chat", "crisis_alert"]

    # Analysis on, broadcast to both; real frames analysed by the real models.
    assert call(client, "analysis", {"booking_id": b, "state": "on"}) == {"ok": True, "state": "on"}
    assert received(client) == [("analysis", {"state": "on"})]
    assert received(therapist) == [("analysis", {"state": "on"})]
    acks = []
    for n in range(5):
        ack = call(client, "frame", {"booking_id": b, "image": face_jpeg(), "captured_at": 1000 + n})
        assert ack["ok"] is True and ack["face"] is True, ack
        assert ack["dominant"] == "happy" and ack["confidence"] > 0.5  # the astronaut smiles
        assert set(ack["probabilities"]) == set(LABELS)
        assert sum(ack["probabilities"].values()) == pytest.approx(1.0, abs=1e-3)
        acks.append(ack)
    emotions = named(received(therapist), "emotion")
    assert received(client) == []  # the client gets acks, not emotion events
    assert [e["captured_at"] for e in emotions] == [1000, 1001, 1002, 1003, 1004]
    for event, ack in zip(emotions, acks, strict=True):
        assert event["probabilities"] == ack["probabilities"] and len(event["probabilities"]) == 7
        assert (event["face"], event["dominant"], event["confidence"]) == (True, "happy", ack["confidence"])
        assert event["flags"] == [] and isinstance(event["at"], int)

    # Pause: broadcast; frames refused at once; no emotion reaches the therapist.
    assert call(client, "analysis", {"booking_id": b, "state": "paused"}) == {"ok": True, "state": "paused"}
    assert received(therapist) == [("analysis", {"state": "paused"})]
    received(client)
    refused(client, "frame", {"booking_id": b, "image": face_jpeg()}, "off or paused")
    assert received(therapist) == []
    with live.db() as session:  # pausing flushed every second so far
        assert sum(r.frames for r in session.scalars(select(EmotionSecond))) == 5

    # A marked moment is stored (encrypted).
    ack = call(therapist, "mark", {"booking_id": b, "note": "  Spoke about the move  "})
    assert ack["ok"] is True and isinstance(ack["id"], int) and ack["at"]
    with live.db() as session:
        (mark,) = session.scalars(select(SessionMark)).all()
        assert (mark.id, mark.booking_id, mark.note) == (ack["id"], b, "Spoke about the move")
        assert "move" not in session.execute(text("SELECT note FROM session_marks")).scalar()

    # End: both told, the booking completed, the aggregates flushed, and nobody can come back in.
    assert call(therapist, "end", {"booking_id": b}) == {"ok": True, "summary_url": f"/sessions/{b}/summary"}
    for sock in (client, therapist):
        assert named(received(sock), "ended") == [{"summary_url": f"/sessions/{b}/summary"}]
    with live.db() as session:
        assert session.get(Booking, b).status == BookingStatus.COMPLETED
        state = session.get(LiveSession, b)
        assert state.ended_at is not None and state.analysis == "off"
        rows = session.scalars(select(EmotionSecond).where(EmotionSecond.booking_id == b)).all()
    by_second = defaultdict(list)
    for event in emotions:
        by_second[event["at"] // 1000].append(event["probabilities"])
    assert {r.second: r.frames for r in rows} == {s: len(p) for s, p in by_second.items()}
    for row in rows:
        assert row.face_ratio == 1.0
        for label in LABELS:
            mean = sum(p[label] for p in by_second[row.second]) / len(by_second[row.second])
            assert getattr(row, label) == pytest.approx(mean, abs=1e-4), (row.second, label)
    refused(client, "join", {"booking_id": b}, "ended")
    refused(therapist, "join", {"booking_id": b}, "ended")


def test_leaving_and_disconnecting_are_announced_and_flush_the_seconds(live):
    b = live.booking_id
    therapist = live.joined(live.therapist)
    client = live.joined(live.client)
    assert call(client, "analysis", {"booking_id": b, "state": "on"})["ok"]
    received(therapist)

    assert call(client, "leave", {"booking_id": b}) == {"ok": True}
    [(event, left)] = received(therapist)
    assert (event, left["role"], left["present"]) == ("presence", "client", False)
    refused(client, "frame", {"booking_id": b, "image": face_jpeg()}, "Join this session's room first")

    ack = call(client, "join", {"booking_id": b})
    assert (ack["analysis"], ack["peer_present"]) == ("on", True)  # state survives a reload
    [(event, back)] = received(therapist)
    assert (event, back["present"]) == ("presence", True)
    assert back["conn"] != left["conn"]  # a new connection: a late notice about the old one can be told apart
    assert call(client, "frame", {"booking_id": b, "image": face_jpeg()})["ok"]
    received(therapist)
    client.disconnect(NS)  # a closed tab
    assert received(therapist) == [("presence", {"role": "client", "present": False, "conn": back["conn"]})]
    with live.db() as session:
        assert [r.frames for r in session.scalars(select(EmotionSecond))] == [1]  # the second in progress too


def test_client_and_therapist_joining_at_the_same_moment_both_get_in(live, monkeypatch):
    """Both find no session started, both start it: the second insert loses, and must still let its sender in."""
    import threading

    from mindhaven.live import rooms

    barrier = threading.Barrier(2)
    real_start = rooms.start

    def together(session, room):
        barrier.wait(timeout=10)  # both have opened the room and seen no LiveSession
        return real_start(session, room)

    monkeypatch.setattr(rooms, "start", together)
    socks = [live.connect(live.client), live.connect(live.therapist)]
    acks: list = [None, None]

    def join(i: int) -> None:
        acks[i] = call(socks[i], "join", {"booking_id": live.booking_id})

    threads = [threading.Thread(target=join, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [a["ok"] for a in acks] == [True, True], acks
    assert sorted(a["role"] for a in acks) == ["client", "therapist"]
    with live.db() as session:
        assert session.scalars(select(LiveSession)).all()[0].booking_id == live.booking_id


def test_after_the_end_nothing_more_is_accepted_from_those_still_connected(live):
    """The therapist's end is final: no analysis, frames, chat, signals or marks from sockets still in the room."""
    b = live.booking_id
    therapist = live.joined(live.therapist)
    client = live.joined(live.client)
    assert call(client, "analysis", {"booking_id": b, "state": "on"})["ok"]
    assert call(therapist, "end", {"booking_id": b})["ok"]
    received(client)
    received(therapist)

    refused(client, "analysis", {"booking_id": b, "state": "on"}, "ended")
    refused(client, "frame", {"booking_id": b, "image": face_jpeg()}, "ended")
    refused(client, "chat", {"booking_id": b, "text": "are you still there?"}, "ended")
    refused(client, "signal", {"booking_id": b, "description": {"type": "offer", "sdp": "v=0"}}, "ended")
    refused(therapist, "mark", {"booking_id": b, "note": "late"}, "ended")
    refused(therapist, "end", {"booking_id": b}, "ended")
    assert received(therapist) == []
    assert call(client, "leave", {"booking_id": b}) == {"ok": True}  # leaving is always fine
    with live.db() as session:
        assert session.get(LiveSession, b).analysis == "off"
        assert session.scalars(select(ChatMessage)).all() == []
        assert session.scalars(select(SessionMark)).all() == []
        assert session.scalars(select(EmotionSecond)).all() == []
