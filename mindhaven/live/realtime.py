"""The `/live` Socket.IO namespace: joining a room, signalling, chat, analysis frames, marks, ending.

Every handler validates its payload and answers a bad one with an `error` event (and an ack {ok: false} when
the sender asked for one); nothing a client sends can raise out of a handler, so the connection stays up.
One SocketIO server per app (tests build many apps in one process); with REDIS_URL, events reach members of a
room connected to other server processes through Redis.
"""

from __future__ import annotations

import functools
import secrets
import threading
import time
from dataclasses import dataclass, field

from flask import Flask, current_app, request
from flask_login import current_user
from flask_socketio import SocketIO, emit, join_room, leave_room
from sqlalchemy import select

from mindhaven.consent import services as consent
from mindhaven.dbtypes import utcnow
from mindhaven.errors import DomainError
from mindhaven.extensions import db
from mindhaven.live import aggregates, rooms
from mindhaven.live.analysis import FrameRejected, LiveAnalyser
from mindhaven.live.models import ChatMessage, LiveSession, SessionMark
from mindhaven.safety.crisis import crisis_check
from mindhaven.scheduling.models import BookingStatus

NAMESPACE = "/live"
CHAT_MAX = 2000
MARK_MAX = 200
SOCKET_BUFFER_BYTES = 4 * 1024 * 1024  # above the 1 MB frame limit, so an oversized frame gets a clear error


class Refused(Exception):
    """A payload or action we refuse, with a message for the person."""


@dataclass
class Member:
    booking_id: int
    role: str
    user_id: int
    name: str
    # An opaque id of this connection, sent with presence so that a peer can tell a stale departure (the old
    # page of someone who reloaded, noticed late) from the person leaving.
    conn: str = field(default_factory=lambda: secrets.token_urlsafe(9))


@dataclass
class LiveState:
    """What one server process knows: its own sockets, and its aggregation buffers."""

    members: dict[str, Member]
    analyser: LiveAnalyser
    aggregator: aggregates.SecondAggregator
    lock: threading.Lock
    session_locks: dict[int, threading.Lock]


def state() -> LiveState:
    return current_app.extensions["mindhaven_live"]


def init_socketio(app: Flask) -> SocketIO:
    socketio = SocketIO(
        app,
        async_mode="threading",
        message_queue=app.config.get("REDIS_URL") or None,
        channel=f"{app.config.get('RATELIMIT_KEY_PREFIX', 'mindhaven')}-socketio",
        max_http_buffer_size=SOCKET_BUFFER_BYTES,
        cors_allowed_origins=None,  # same origin only
        logger=False,
        engineio_logger=False,
    )
    app.extensions["mindhaven_live"] = LiveState(
        {}, LiveAnalyser(), aggregates.SecondAggregator(), threading.Lock(), {}
    )
    register_handlers(socketio)
    return socketio


def _payload(data: object, *fields: str) -> dict:
    if not isinstance(data, dict):
        raise Refused("Send an object with the event's fields.")
    missing = [f for f in fields if f not in data]
    if missing:
        raise Refused(f"Missing field: {', '.join(missing)}.")
    booking_id = data.get("booking_id")
    if "booking_id" in fields and (not isinstance(booking_id, int) or isinstance(booking_id, bool)):
        raise Refused("booking_id must be a whole number.")
    return data


def _member(data: dict, role: str | None = None) -> Member:
    """The sender's membership of the room named in the event (joined on this connection)."""
    member = state().members.get(request.sid)
    if member is None or member.booking_id != data["booking_id"]:
        raise Refused("Join this session's room first.")
    if role is not None and member.role != role:
        raise Refused(f"Only the {role} can do that.")
    return member


def _active_member(data: dict, role: str | None = None) -> Member:
    """A member of a room whose session the therapist has not ended (an end is final for every process)."""
    member = _member(data, role)
    live = db.session.get(LiveSession, member.booking_id)
    if live is not None and live.ended_at is not None:
        raise Refused("This session has ended.")
    return member


def _guarded(event: str):
    """Turn refusals and surprises into an error event and an ack {ok: false}; never drop the connection."""

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(data=None, *args):
            try:
                return handler(data)
            except (Refused, DomainError, FrameRejected) as error:
                message = getattr(error, "message", None) or str(error)
            except Exception:  # noqa: BLE001 - a bad event must not kill the socket
                current_app.logger.exception("live event %s failed", event)
                message = "Something went wrong on our side; please try again."
            db.session.rollback()
            emit("error", {"event": event, "message": message})
            return {"ok": False, "error": message}

        return wrapper

    return decorate


def _consented(user_id: int) -> bool:
    from mindhaven.accounts.models import User

    user = db.session.get(User, user_id)
    return user is not None and consent.has_current(db.session, user, "emotion-analysis")


def _session_lock(booking_id: int) -> threading.Lock:
    """One lock per session in this process (a client's frames and pauses arrive through one process)."""
    with state().lock:
        return state().session_locks.setdefault(booking_id, threading.Lock())


def _presence(member: Member, present: bool, reply: bool = False) -> dict:
    message = {"role": member.role, "present": present, "conn": member.conn}
    if reply:
        message["reply"] = True
    return message


def _flush(booking_id: int, before_second: int | None = None) -> None:
    aggregates.write(db.session, state().aggregator.take(booking_id, before_second))


def register_handlers(socketio: SocketIO) -> None:  # noqa: C901 - one place lists the whole protocol
    @socketio.on("connect", namespace=NAMESPACE)
    def connect(auth=None):
        if not current_user.is_authenticated:
            return False  # refused: the browser is not signed in
        return True

    @socketio.on("disconnect", namespace=NAMESPACE)
    def disconnect(*_args):
        with state().lock:
            member = state().members.pop(request.sid, None)
        if member is None:
            return
        if member.role == "client":
            _flush(member.booking_id)
        emit("presence", _presence(member, False), to=rooms.room_name(member.booking_id))

    @socketio.on("join", namespace=NAMESPACE)
    @_guarded("join")
    def join(data):
        data = _payload(data, "booking_id")
        room = rooms.open_room(db.session, current_user, data["booking_id"])
        live = rooms.start(db.session, room)
        db.session.commit()
        name = room.name
        with state().lock:
            peer_present = any(
                m.booking_id == room.booking.id and m.role != room.role for m in state().members.values()
            )
            member = Member(room.booking.id, room.role, current_user.id, current_user.display_name)
            state().members[request.sid] = member
        join_room(name)
        emit("presence", _presence(member, True), to=name, include_self=False)
        chat = db.session.scalars(
            select(ChatMessage).where(ChatMessage.booking_id == room.booking.id).order_by(ChatMessage.at)
        ).all()
        return {
            "ok": True,
            "role": room.role,
            "peer_present": peer_present,
            "analysis": live.analysis,
            "ended": False,
            "chat": [_chat_view(m, room) for m in chat[-200:]],
        }

    @socketio.on("here", namespace=NAMESPACE)
    @_guarded("here")
    def here(data):
        """The answer to someone's arrival, so a newcomer on another server process learns who is there."""
        member = _member(_payload(data, "booking_id"))
        emit("presence", _presence(member, True, reply=True), to=rooms.room_name(member.booking_id), include_self=False)
        return {"ok": True}

    @socketio.on("leave", namespace=NAMESPACE)
    @_guarded("leave")
    def leave(data):
        member = _member(_payload(data, "booking_id"))
        with state().lock:
            state().members.pop(request.sid, None)
        leave_room(rooms.room_name(member.booking_id))
        emit("presence", _presence(member, False), to=rooms.room_name(member.booking_id))
        return {"ok": True}

    @socketio.on("signal", namespace=NAMESPACE)
    @_guarded("signal")
    def signal(data):
        data = _payload(data, "booking_id")
        member = _active_member(data)
        description, candidate = data.get("description"), data.get("candidate")
        if description is None and candidate is None:
            raise Refused("A signal carries a description or a candidate.")
        if description is not None and not (
            isinstance(description, dict)
            and description.get("type") in ("offer", "answer", "rollback", "pranswer")
            and isinstance(description.get("sdp", ""), str)
            and len(description.get("sdp", "")) < 100_000
        ):
            raise Refused("A description needs a type (offer or answer) and an sdp text.")
        if candidate is not None and not (isinstance(candidate, dict) and len(str(candidate)) < 5_000):
            raise Refused("A candidate must be an object.")
        relay = {"from_role": member.role}
        if description is not None:
            relay["description"] = {"type": description["type"], "sdp": description.get("sdp", "")}
        if candidate is not None:
            relay["candidate"] = candidate
        emit("signal", relay, to=rooms.room_name(member.booking_id), include_self=False)
        return {"ok": True}

    @socketio.on("chat", namespace=NAMESPACE)
    @_guarded("chat")
    def chat(data):
        data = _payload(data, "booking_id", "text")
        member = _active_member(data)
        text = data["text"]
        if not isinstance(text, str) or not text.strip():
            raise Refused("Write a message first.")
        if len(text) > CHAT_MAX:
            raise Refused(f"Messages can be at most {CHAT_MAX} characters.")
        message = ChatMessage(
            booking_id=member.booking_id, sender_id=member.user_id, sender_role=member.role, body=text.strip()
        )
        db.session.add(message)
        db.session.commit()
        name = rooms.room_name(member.booking_id)
        emit(
            "chat",
            {"from_role": member.role, "name": member.name, "text": message.body, "at": message.at.isoformat()},
            to=name,
        )
        if member.role == "client" and crisis_check(text).at_risk:
            from mindhaven.safety.events import record_safety_event
            from mindhaven.safety.helplines import crisis_lines_for, dial_parts
            from mindhaven.safety.own_words import plea_for

            plea = plea_for(text)
            lines = [list(line) for line in crisis_lines_for(db.session, current_user)]
            dial = [dial_parts(line[2]) for line in lines]
            emit("crisis", {"lines": lines, "dial": dial, "plea": plea.as_dict() if plea else None})
            emit("crisis_alert", {"at": message.at.isoformat()}, to=name, include_self=False)
            record_safety_event(db.session, current_user, "chat", message.id)
            db.session.commit()
        return {"ok": True}

    @socketio.on("analysis", namespace=NAMESPACE)
    @_guarded("analysis")
    def analysis(data):
        data = _payload(data, "booking_id", "state")
        member = _active_member(data, role="client")
        wanted = data["state"]
        if wanted not in ("on", "paused"):
            raise Refused('state must be "on" or "paused".')
        if wanted == "on" and not _consented(member.user_id):
            raise Refused("Emotion analysis needs your consent first (Settings → Consents).")
        with _session_lock(member.booking_id):
            live = db.session.get(LiveSession, member.booking_id)
            live.analysis = wanted
            db.session.commit()
            if wanted == "paused":
                _flush(member.booking_id)
            emit("analysis", {"state": wanted}, to=rooms.room_name(member.booking_id))
        return {"ok": True, "state": wanted}

    @socketio.on("frame", namespace=NAMESPACE)
    @_guarded("frame")
    def frame(data):
        data = _payload(data, "booking_id", "image")
        member = _active_member(data, role="client")
        live = db.session.get(LiveSession, member.booking_id)
        if live is None or live.analysis != "on":
            raise Refused("Emotion analysis is off or paused for this session, so no frame is analysed.")
        if not _consented(member.user_id):
            raise Refused("Emotion analysis needs your consent first (Settings → Consents).")
        captured_at = data.get("captured_at")
        if captured_at is not None and (not isinstance(captured_at, (int, float)) or isinstance(captured_at, bool)):
            raise Refused("captured_at must be a number (milliseconds).")
        result = state().analyser.analyse(member.booking_id, data["image"])
        # Each event runs in its own thread: a pause may have landed while this frame was analysed. Under the
        # session's lock, the same one the pause takes, a paused session's late frame is dropped, not shown.
        with _session_lock(member.booking_id):
            db.session.rollback()  # end this thread's read snapshot, then read the state as it is now
            live = db.session.get(LiveSession, member.booking_id)
            if live is None or live.analysis != "on":
                raise Refused("Emotion analysis was paused; this frame was dropped.")
            now = time.time()
            state().aggregator.add(member.booking_id, int(now), result["probabilities"])
            _flush(member.booking_id, before_second=int(now))
            event = {**result, "at": int(now * 1000), "captured_at": captured_at}
            emit("emotion", event, to=rooms.room_name(member.booking_id), include_self=False)
        return {"ok": True, **result}

    @socketio.on("mark", namespace=NAMESPACE)
    @_guarded("mark")
    def mark(data):
        data = _payload(data, "booking_id")
        member = _active_member(data, role="therapist")
        note = data.get("note", "")
        if not isinstance(note, str) or len(note) > MARK_MAX:
            raise Refused(f"A note can be at most {MARK_MAX} characters.")
        moment = SessionMark(booking_id=member.booking_id, note=note.strip())
        db.session.add(moment)
        db.session.commit()
        return {"ok": True, "id": moment.id, "at": moment.at.isoformat()}

    @socketio.on("end", namespace=NAMESPACE)
    @_guarded("end")
    def end(data):
        member = _active_member(_payload(data, "booking_id"), role="therapist")
        live = db.session.get(LiveSession, member.booking_id)
        live.ended_at = utcnow()
        live.analysis = "off"
        booking = live_booking(member.booking_id)
        if booking.status == BookingStatus.BOOKED:
            booking.status = BookingStatus.COMPLETED
        db.session.commit()
        _flush(member.booking_id)
        state().analyser.forget(member.booking_id)
        summary_url = f"/sessions/{member.booking_id}/summary"
        emit("ended", {"summary_url": summary_url}, to=rooms.room_name(member.booking_id))
        return {"ok": True, "summary_url": summary_url}


def live_booking(booking_id: int):
    from mindhaven.scheduling.models import Booking

    return db.session.get(Booking, booking_id)


def _chat_view(message: ChatMessage, room: rooms.Room) -> dict:
    booking = room.booking
    name = booking.client.display_name if message.sender_role == "client" else booking.therapist.display_name
    return {"from_role": message.sender_role, "name": name, "text": message.body, "at": message.at.isoformat()}
