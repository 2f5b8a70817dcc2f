"""Frames are analysed in memory and dropped: no image reaches the database or the disk (docs/live.md, DESIGN §4).

Two independent checks over a real session in which several real JPEG frames are analysed:

a) after the session, every column of every table is read back and searched for the frames: raw JPEG bytes
   (the magic ff d8 ff, and a chunk from the middle of each frame), their base64 (standard and URL-safe) and hex
   forms, also inside every value that decrypts with the app's data key (the encrypted text columns); on SQLite the
   database file and its WAL are searched for the same chunks too (a frame written and then deleted leaves them);
b) while the frames are handled, every file opened for writing is recorded: builtins.open / io.open, os.open,
   io.FileIO, cv2.imwrite, plus a Python audit hook on "open" (which also sees opens through references taken
   before the patches). Only the database file and its -wal/-shm/-journal files are allowed; the temporary
   directory (a fresh one for the test) and the instance folder must gain no files.

A last test plants a frame in the database and writes one to disk inside the watched window, and checks that both
checks catch it: they can fail.
"""

from __future__ import annotations

import base64
import builtins
import functools
import io
import os
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url

from mindhaven.extensions import db
from mindhaven.live.models import ChatMessage, EmotionSecond
from mindhaven.security.encryption import DataKeyError, current_cipher
from tests.helpers import Browser, Factory

NS = "/live"
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


@functools.cache
def frames() -> tuple[bytes, ...]:
    """Three different real 320x240 JPEGs: the astronaut's face, mirrored, and a little darker and smaller."""
    from skimage import data

    face = cv2.resize(cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR), (320, 320), interpolation=cv2.INTER_AREA)
    face = face[:240]
    variants = (face, face[:, ::-1], (face * 0.8).astype(np.uint8))
    return tuple(cv2.imencode(".jpg", v, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes() for v in variants)


def needles(jpeg: bytes) -> tuple[list[bytes], list[str]]:
    """What a stored copy of this JPEG would contain: as bytes, and as text."""
    head, middle = jpeg[:30], jpeg[1500:1530]  # 1500 is a multiple of 3: base64 of the whole frame contains both
    raw = [jpeg[1000:1032], jpeg[-64:-2]]  # from the entropy-coded data: unique to this frame
    texts = []
    for chunk in (head, middle):
        texts += [base64.b64encode(chunk).decode(), base64.urlsafe_b64encode(chunk).decode(), chunk.hex()]
    return [b"\xff\xd8\xff", *raw], texts


def find_frames_in_database(engine, cipher, jpegs) -> list[str]:
    """Every (table.column) whose value holds one of the frames, in any of the forms above."""
    raw_needles, text_needles = set(), set()
    for jpeg in jpegs:
        r, t = needles(jpeg)
        raw_needles.update(r)
        text_needles.update(t)

    def holds(value) -> bool:
        if isinstance(value, memoryview | bytearray):
            value = bytes(value)
        if isinstance(value, bytes):
            return any(n in value for n in raw_needles) or holds(value.decode("latin-1"))
        if not isinstance(value, str):
            return False
        if any(n in value for n in text_needles) or any(n.decode("latin-1") in value for n in raw_needles):
            return True
        if value.startswith("gAAAAA"):  # a Fernet token: look inside
            try:
                return holds(cipher.decrypt(value))
            except (DataKeyError, UnicodeError):
                return False
        return False

    found = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')).mappings():
                found += [f"{table}.{column}" for column, value in row.items() if holds(value)]
    return found


def find_frames_in_files(paths, jpegs) -> list[str]:
    chunks = [chunk for jpeg in jpegs for chunk in needles(jpeg)[0][1:]]
    found = []
    for path in paths:
        if path.exists():
            content = path.read_bytes()
            found += [f"{path.name}: {chunk[:4].hex()}…" for chunk in chunks if chunk in content]
    return found


class WriteWatch:
    """Records files opened for writing, from the moment it is switched on until it is switched off."""

    def __init__(self, allowed: set[str]) -> None:
        self.allowed = {os.path.realpath(p) for p in allowed}
        self.on = False
        self.seen: list[tuple[str, str]] = []

    def note(self, path, how: str) -> None:
        if not self.on or isinstance(path, int):  # an int is an already open descriptor
            return
        try:
            name = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            name = repr(path)
        if name not in self.allowed:
            self.seen.append((name, how))

    def install(self, monkeypatch) -> None:
        real_open, real_os_open, real_fileio, real_imwrite = builtins.open, os.open, io.FileIO, cv2.imwrite
        watch = self

        def open_(file, mode="r", *args, **kwargs):
            if any(c in mode for c in "wax+"):
                watch.note(file, f"open({mode!r})")
            return real_open(file, mode, *args, **kwargs)

        def os_open(path, flags, *args, **kwargs):
            if flags & WRITE_FLAGS:
                watch.note(path, f"os.open(flags={flags:#o})")
            return real_os_open(path, flags, *args, **kwargs)

        class FileIO(real_fileio):
            def __init__(self, file, mode="r", *args, **kwargs):
                if any(c in mode for c in "wax+"):
                    watch.note(file, f"FileIO({mode!r})")
                super().__init__(file, mode, *args, **kwargs)

        def imwrite(filename, *args, **kwargs):
            watch.note(filename, "cv2.imwrite")
            return real_imwrite(filename, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", open_)
        monkeypatch.setattr(io, "open", open_)
        monkeypatch.setattr(os, "open", os_open)
        monkeypatch.setattr(io, "FileIO", FileIO)
        monkeypatch.setattr(cv2, "imwrite", imwrite)
        _AUDIT.append(self)

    def audit(self, event: str, args: tuple) -> None:
        if event != "open" or not self.on:
            return
        path, mode, flags = (tuple(args) + (None, None, None))[:3]
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        )
        if writes:
            self.note(path, f"audit open(mode={mode!r}, flags={flags!r})")


_AUDIT: list[WriteWatch] = []  # the audit hook cannot be removed; it only looks at watches that are on


def _audit_hook(event: str, args: tuple) -> None:
    if event == "open" and _AUDIT:
        for watch in list(_AUDIT):
            watch.audit(event, args)


sys.addaudithook(_audit_hook)


@pytest.fixture
def watch(monkeypatch, tmp_path, database_url):
    """A fresh temporary directory for everything in this test, and the write watch over it."""
    import onnxruntime  # noqa: F401 - importing it writes $TMPDIR/.ses (a number and a UUID, no image): not ours

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    allowed = set()
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        allowed = {url.database + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    watch = WriteWatch(allowed)
    watch.install(monkeypatch)
    yield watch
    watch.on = False
    _AUDIT.remove(watch)


def snapshot(folder: Path, skip: set[str]) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and os.path.realpath(p) not in skip and "__pycache__" not in p.parts
    }


@pytest.fixture
def session_setup(app_factory):
    app = app_factory()
    with app.app_context():
        make = Factory(db.session)
        booking, therapist, client = make.session_under_way()
        emails = client.email, therapist.email
        booking_id = booking.id

    def connect(email):
        flask_client = app.test_client()
        response = Browser(flask_client).post("/login", data={"email": email, "password": Factory.PASSWORD})
        assert response.status_code == 302
        return app.extensions["socketio"].test_client(app, namespace=NS, flask_test_client=flask_client)

    return app, booking_id, connect(emails[0]), connect(emails[1])


def emit(sock, event, data):
    return sock.emit(event, data, namespace=NS, callback=True)


def test_a_session_with_analysed_frames_stores_no_image(session_setup, watch, tmp_path, database_url):
    app, b, client, therapist = session_setup
    assert emit(therapist, "join", {"booking_id": b})["ok"] and emit(client, "join", {"booking_id": b})["ok"]
    assert emit(client, "analysis", {"booking_id": b, "state": "on"})["ok"]
    before = snapshot(tmp_path, watch.allowed)

    watch.on = True  # from the first frame (the models load here too) to the end of the session
    acks = [
        emit(client, "frame", {"booking_id": b, "image": jpeg, "captured_at": n}) for n, jpeg in enumerate(frames())
    ]
    acks += [emit(client, "frame", {"booking_id": b, "image": frames()[0]}) for _ in range(6)]
    assert emit(client, "analysis", {"booking_id": b, "state": "paused"})["ok"]
    assert emit(client, "analysis", {"booking_id": b, "state": "on"})["ok"]
    acks += [emit(client, "frame", {"booking_id": b, "image": jpeg}) for jpeg in frames()]
    assert emit(client, "chat", {"booking_id": b, "text": "That felt better."})["ok"]
    assert emit(therapist, "mark", {"booking_id": b, "note": "smiled"})["ok"]
    assert emit(therapist, "end", {"booking_id": b})["ok"]
    client.disconnect(NS)
    therapist.disconnect(NS)
    watch.on = False

    assert all(a["ok"] and a["face"] for a in acks), acks  # the frames really were analysed

    # b) no file opened for writing; no new files in the temporary directory or the instance folder.
    assert watch.seen == []
    assert sorted(os.listdir(tempfile.gettempdir())) == []
    after = snapshot(tmp_path, watch.allowed)
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}

    # a) no frame in any column of any table, nor in the SQLite file and its WAL.
    with app.app_context():
        # Numbers were kept (a second resumed after the pause may be skipped as already written: at most all).
        assert 0 < sum(r.frames for r in db.session.scalars(select(EmotionSecond))) <= len(acks)
        assert find_frames_in_database(db.engine, current_cipher(), frames()) == []
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        files = [Path(url.database + suffix) for suffix in ("", "-wal", "-journal")]
        assert find_frames_in_files(files, frames()) == []


def test_the_checks_catch_a_stored_frame(session_setup, watch, tmp_path, database_url):
    """The same checks, on a frame deliberately stored: each of them must find it."""
    app, b, client, _ = session_setup
    jpeg = frames()[1]
    with app.app_context():
        db.session.add(ChatMessage(booking_id=b, sender_role="client", body=base64.b64encode(jpeg).decode()))
        db.session.execute(  # a hex copy in a plain text column
            text("UPDATE bookings SET cancel_reason = :v WHERE id = :b"), {"v": jpeg[:140].hex(), "b": b}
        )
        db.session.commit()
        found = find_frames_in_database(db.engine, current_cipher(), frames())
    assert sorted(found) == ["bookings.cancel_reason", "chat_messages.body"]
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with app.app_context():
            db.session.execute(text("UPDATE bookings SET cancel_reason = :v WHERE id = :b"), {"v": jpeg, "b": b})
            db.session.commit()
        files = [Path(url.database + suffix) for suffix in ("", "-wal")]
        assert find_frames_in_files(files, frames()) != []

    watch.on = True
    leak = tmp_path / "leak"
    with open(leak.with_suffix(".jpg"), "wb") as f:
        f.write(jpeg)
    leak.with_suffix(".png").write_bytes(jpeg)
    os.close(os.open(leak.with_suffix(".raw"), os.O_WRONLY | os.O_CREAT, 0o600))
    io.FileIO(leak.with_suffix(".fio"), "w").close()
    cv2.imwrite(str(leak.with_suffix(".bmp")), np.zeros((8, 8, 3), np.uint8))
    with tempfile.NamedTemporaryFile(suffix=".jpg", delete=False) as f:
        f.write(jpeg)
    with open(leak.with_suffix(".jpg"), "rb") as f:  # reading is fine
        f.read()
    watch.on = False
    seen = {Path(name).suffix for name, _ in watch.seen}
    assert {".jpg", ".png", ".raw", ".fio", ".bmp"} <= seen
    assert os.listdir(tempfile.gettempdir()) != []
