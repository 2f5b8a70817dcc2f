"""Scheduling: how fast open slots are computed, and how many bookings the service takes under contention.

Prints a table and writes benchmarks/results/scheduling_bench.json:

a) Slot computation for a busy therapist with a year of history (Europe/London; Mon-Fri 09:00-13:00 and
   14:00-18:00, a shorter reduced-fee Saturday 10:00-13:00, 20 date overrides, 10 time-off ranges, 1,500 sessions
   spread over 300 days back and 65 days ahead, about two thirds of all bookable hours):
   - `slots.open_slots` alone over the 14-day booking horizon: on a Schedule holding all 1,500 intervals as busy,
     and on one holding only those within a day of the horizon (what `availability.schedule_for` loads);
   - `availability.upcoming_slots(session, therapist)`, the path the pages take: four queries on a freshly
     migrated database holding that year as Booking rows (completed, cancelled and booked), then open_slots.
     Its result is first checked against the pure function on the same data.
b) Booking throughput: threads, each in its own app context and database session, call `booking.book(...)` as
   fast as they can for a few seconds, every booking for a new client, on slots of six therapists open all day.
   First one thread alone (the baseline), then N threads under contention: three attempts in four go to a slot
   no other thread is given; every fourth goes to the next "hot" slot, which all threads are given in the same
   order, so they race for it. After each run the script checks, and asserts, that no therapist (buffer
   included) or client holds overlapping booked sessions, that no slot was booked twice, and that the claims
   match the bookings.

SQLite always (a fresh file); PostgreSQL too when BENCH_DATABASE_URL is set, for example
postgresql+psycopg://postgres@127.0.0.1:5432/mindhaven_bench. That database is created when missing, and its
public schema is DROPPED and rebuilt by the migrations: the script refuses a database whose name lacks "bench".

    .venv/bin/python benchmarks/scheduling_bench.py [--threads 8] [--seconds 5] [--runs 300]
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy
from bench_machine import machine  # noqa: E402 - beside this script
from cryptography.fernet import Fernet
from flask import Flask
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from mindhaven import create_app
from mindhaven.accounts import services as accounts
from mindhaven.accounts.models import Role, User
from mindhaven.errors import Conflict
from mindhaven.extensions import db
from mindhaven.scheduling import availability, booking, slots
from mindhaven.scheduling.models import (
    AvailabilityWindow,
    Booking,
    BookingClaim,
    BookingStatus,
    DateOverride,
    FeeKind,
    TimeOff,
)
from mindhaven.security.audit import Actor

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the account factory lives in tests/
from tests.helpers import Factory  # noqa: E402

DEFAULT_OUT = ROOT / "benchmarks" / "results" / "scheduling_bench.json"
PASSWORD = "a calm green valley"
SEED = 20261126

# a) The busy therapist's year.
ZONE = "Europe/London"
WEEKLY = (
    *(slots.WeeklyWindow(day, wall_time(9), wall_time(13)) for day in range(5)),
    *(slots.WeeklyWindow(day, wall_time(14), wall_time(18)) for day in range(5)),
    slots.WeeklyWindow(5, wall_time(10), wall_time(13), reduced_fee=True),
)
HISTORY_DAYS, FUTURE_DAYS = 300, 65
BUSY_INTERVALS, OVERRIDES, TIME_OFF_RANGES = 1500, 20, 10
SESSION, BUFFER = timedelta(minutes=50), timedelta(minutes=10)

# b) Contention.
BENCH_THERAPISTS = 6  # open every day 00:00-23:55 UTC: 24 slots a day each, about 2,000 in the horizon
HOT_EVERY = 4  # every 4th attempt of every thread goes to the shared hot slot list


class PipelineWarnings(logging.Filter):
    """Counts, instead of printing, psycopg's "error ignored terminating <Pipeline>: pipeline aborted" warnings.

    psycopg logs these when a statement fails inside its pipeline mode, which SQLAlchemy uses for executemany
    (the claims' insert): here, only when a booking loses the race for its claims at commit. Counted and
    reported, so that the table stays readable.
    """

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if "pipeline aborted" in record.getMessage():
            self.count += 1
            return False
        return True


PIPELINE_WARNINGS = PipelineWarnings()
logging.getLogger("psycopg").addFilter(PIPELINE_WARNINGS)


def log(message: str) -> None:
    print(message, flush=True)


def ms_stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "runs": len(samples),
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000, 3),
        "min_ms": round(ordered[0] * 1000, 3),
    }


def timed(function, runs: int, warmup: int = 10) -> list[float]:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


# The year of history ---------------------------------------------------------------------------------


@dataclass
class Year:
    now: datetime
    overrides: dict[date, tuple[tuple[wall_time, wall_time], ...]]
    time_off: list[slots.Interval]
    sessions: list[tuple[datetime, str]]  # start (UTC) and status

    def schedule(self, statuses: tuple[str, ...] | None = None) -> slots.Schedule:
        busy = tuple(
            slots.Interval(start, start + SESSION)
            for start, status in self.sessions
            if statuses is None or status in statuses
        )
        return slots.Schedule(
            timezone=ZONE,
            weekly=WEEKLY,
            overrides=self.overrides,
            time_off=tuple(self.time_off),
            busy=busy,
            session_minutes=int(SESSION.total_seconds() // 60),
            buffer_minutes=int(BUFFER.total_seconds() // 60),
        )


def make_year(now: datetime) -> Year:
    """A deterministic (seeded) year around `now`, with a little of everything inside the next 14 days."""
    rng = random.Random(SEED)
    tz = ZoneInfo(ZONE)
    today = now.astimezone(tz).date()
    first, last = today - timedelta(days=HISTORY_DAYS), today + timedelta(days=FUTURE_DAYS)
    days = [first + timedelta(days=n) for n in range((last - first).days)]

    overrides: dict[date, tuple[tuple[wall_time, wall_time], ...]] = {
        today + timedelta(days=3): (),  # closed
        today + timedelta(days=9): ((wall_time(12), wall_time(20)),),  # a late day
    }
    while len(overrides) < OVERRIDES:
        day = rng.choice(days)
        overrides.setdefault(day, rng.choice([(), ((wall_time(8), wall_time(12)),), ((wall_time(12), wall_time(20)),)]))

    time_off = [
        slots.Interval(
            slots.local_to_utc(today + timedelta(days=5), wall_time(0), tz),
            slots.local_to_utc(today + timedelta(days=7), wall_time(0), tz),
        )
    ]
    while len(time_off) < TIME_OFF_RANGES:
        start = rng.choice(days)
        if start > today - timedelta(days=1) and start < today + timedelta(days=15):
            continue  # one range in the horizon is enough
        time_off.append(
            slots.Interval(
                slots.local_to_utc(start, wall_time(0), tz),
                slots.local_to_utc(start + timedelta(days=rng.randint(1, 10)), wall_time(0), tz),
            )
        )

    # Every start a session could have had, on the windows of its day; then 1,500 of them, taken.
    starts: list[datetime] = []
    weekly_by_day: dict[int, list[tuple[wall_time, wall_time]]] = defaultdict(list)
    for window in WEEKLY:
        weekly_by_day[window.weekday].append((window.start, window.end))
    for day in days:
        windows = overrides[day] if day in overrides else weekly_by_day[day.weekday()]
        for wall_start, wall_end in windows:
            start, end = slots.local_to_utc(day, wall_start, tz), slots.local_to_utc(day, wall_end, tz)
            while start + SESSION <= end:
                if not any(off.start < start + SESSION and start < off.end for off in time_off):
                    starts.append(start)
                start += SESSION + BUFFER
    taken = sorted(rng.sample(starts, BUSY_INTERVALS))
    sessions = []
    for start in taken:
        if start + SESSION <= now:
            status = BookingStatus.CANCELLED if rng.random() < 0.12 else BookingStatus.COMPLETED
        else:
            status = BookingStatus.CANCELLED if rng.random() < 0.10 else BookingStatus.BOOKED
        sessions.append((start, str(status)))
    return Year(now=now, overrides=overrides, time_off=time_off, sessions=sessions)


# Databases -------------------------------------------------------------------------------------------


def app_env(database_url: str) -> dict[str, str]:
    return {
        "MINDHAVEN_ENV": "testing",
        "SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "DATA_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "1024",
    }


def bench_database_name(url: str) -> str:
    name = make_url(url).database or ""
    if "bench" not in name:
        raise SystemExit(f"BENCH_DATABASE_URL names database {name!r}: its schema would be dropped; use a *bench* one")
    return name


def prepare_postgres(url: str) -> str:
    """Create the database if it is missing and empty its public schema."""
    parsed = make_url(url)
    name = bench_database_name(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            log(f"created database {name}")
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def migrated_app(database_url: str, instance: Path) -> tuple[Flask, float]:
    from flask_migrate import upgrade

    app = create_app({"TESTING": True}, env=app_env(database_url))
    app.instance_path = str(instance)
    start = time.perf_counter()
    with app.app_context():
        upgrade()
    return app, time.perf_counter() - start


CLIENT_NUMBERS = itertools.count(1)


def new_therapist(session, admin: User, zone: str) -> User:
    """A verified therapist (the tests' factory, which the admin in the database verifies)."""
    return Factory(session).therapist(timezone=zone)


def new_clients(session, count: int, password_hash: str) -> list[int]:
    """Client rows inserted directly, all with one password hash (hashing each would only cost time)."""
    users = [
        User(
            email=f"client{n}@bench.example",
            display_name=f"Client {n}",
            role=Role.CLIENT,
            password_hash=password_hash,
            timezone="Europe/Berlin",
        )
        for n in itertools.islice(CLIENT_NUMBERS, count)
    ]
    session.add_all(users)
    session.commit()
    return [user.id for user in users]


def seed_people(session) -> tuple[User, str]:
    admin = accounts.create_admin(session, email="admin@bench.example", name="Bench Admin", password=PASSWORD)
    session.commit()
    return admin, admin.password_hash


def seed_year(session, admin: User, password_hash: str, year: Year) -> User:
    """The busy therapist: windows, overrides, time off, and the year as Booking rows with 60 clients."""
    therapist = new_therapist(session, admin, ZONE)
    for window in WEEKLY:
        session.add(
            AvailabilityWindow(
                therapist_id=therapist.id,
                weekday=window.weekday,
                start_minute=window.start.hour * 60 + window.start.minute,
                end_minute=window.end.hour * 60 + window.end.minute,
                reduced_fee=window.reduced_fee,
            )
        )
    for day, hours in year.overrides.items():
        if not hours:
            session.add(DateOverride(therapist_id=therapist.id, day=day, start_minute=None, end_minute=None))
        for start, end in hours:
            minutes = (start.hour * 60 + start.minute, end.hour * 60 + end.minute)
            session.add(
                DateOverride(therapist_id=therapist.id, day=day, start_minute=minutes[0], end_minute=minutes[1])
            )
    for off in year.time_off:
        session.add(TimeOff(therapist_id=therapist.id, starts_at=off.start, ends_at=off.end, note="away"))
    clients = new_clients(session, 60, password_hash)
    rng = random.Random(SEED + 1)
    for start, status in year.sessions:
        session.add(
            Booking(
                therapist_id=therapist.id,
                client_id=rng.choice(clients),
                starts_at=start,
                ends_at=start + SESSION,
                status=status,
                fee_minor=5000,
                fee_kind=FeeKind.STANDARD,
                created_at=start - timedelta(days=7),
                cancelled_at=start - timedelta(days=2) if status == BookingStatus.CANCELLED else None,
            )
        )
    session.commit()
    return therapist


# a) Slot computation ---------------------------------------------------------------------------------


def bench_pure(year: Year, runs: int) -> dict:
    schedule = year.schedule()
    end = year.now + availability.BOOKING_HORIZON
    found = slots.open_slots(schedule, year.now, end, now=year.now)
    samples = timed(lambda: slots.open_slots(schedule, year.now, end, now=year.now), runs)
    in_horizon = sum(1 for i in schedule.busy if year.now <= i.start < end)
    # What schedule_for hands over: only the intervals within a day of the horizon.
    near = replace(
        schedule,
        busy=tuple(
            i for i in schedule.busy if i.end > year.now - timedelta(days=1) and i.start < end + timedelta(days=1)
        ),
    )
    assert slots.open_slots(near, year.now, end, now=year.now) == found
    near_samples = timed(lambda: slots.open_slots(near, year.now, end, now=year.now), runs)
    return {
        "busy_intervals": len(schedule.busy),
        "busy_in_horizon": in_horizon,
        "overrides": len(schedule.overrides),
        "time_off_ranges": len(schedule.time_off),
        "open_slots": len(found),
        **ms_stats(samples),
        "busy_near_horizon_only": {"busy_intervals": len(near.busy), **ms_stats(near_samples)},
    }


def bench_db_path(app: Flask, therapist_id: int, year: Year, runs: int) -> dict:
    with app.app_context():
        session = db.session
        therapist = session.get(User, therapist_id)
        # The database path must agree with the pure function on the same data (booked sessions only are busy).
        expected = slots.open_slots(
            year.schedule((BookingStatus.BOOKED,)),
            year.now,
            year.now + availability.BOOKING_HORIZON,
            now=year.now,
        )
        got = availability.upcoming_slots(session, therapist, now=year.now)
        assert got == expected, f"upcoming_slots disagrees with open_slots: {len(got)} vs {len(expected)} slots"
        counts = dict(session.execute(select(Booking.status, func.count()).group_by(Booking.status)).all())
        samples = timed(lambda: availability.upcoming_slots(session, therapist), runs)
        now = datetime.now(UTC)
        reads = timed(
            lambda: availability.schedule_for(session, therapist, now, now + availability.BOOKING_HORIZON), runs
        )
        slots_now = len(availability.upcoming_slots(session, therapist))
        session.rollback()
    return {
        "booking_rows": {str(k): v for k, v in sorted(counts.items())},
        "open_slots": slots_now,
        "matches_pure_function": True,
        **ms_stats(samples),
        "schedule_for_median_ms": ms_stats(reads)["median_ms"],
    }


# b) Contention ---------------------------------------------------------------------------------------


@dataclass
class ThreadResult:
    attempts: Counter = field(default_factory=Counter)  # by kind: "private" or "hot"
    booked: int = 0
    booked_hot: int = 0
    gone: Counter = field(default_factory=Counter)  # refused at the early check ("no longer open"), by kind
    lost_race: Counter = field(default_factory=Counter)  # refused by the claims' primary key at commit
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def bench_contention(app: Flask, admin_id: int, password_hash: str, threads: int, seconds: float) -> dict:
    with app.app_context():
        session = db.session
        admin = session.get(User, admin_id)
        therapists = [new_therapist(session, admin, "UTC") for _ in range(BENCH_THERAPISTS)]
        for therapist in therapists:
            for weekday in range(7):
                availability.add_window(session, therapist, weekday, "00:00", "23:55", reduced_fee=False)
        now = datetime.now(UTC)
        supply = [(t.id, s.start) for t in therapists for s in availability.upcoming_slots(session, t, now=now)]
        therapist_ids = [t.id for t in therapists]
        buffer_minutes = availability.profile_of(therapists[0]).buffer_minutes
        random.Random(SEED + 2).shuffle(supply)
        hot = supply[: len(supply) // (HOT_EVERY * 2)] if threads > 1 else []  # alone, nobody to race
        private = supply[len(hot) :]
        queues: list[list[tuple[int, datetime, bool]]] = [[] for _ in range(threads)]
        for n, (therapist_id, start) in enumerate(private):
            queues[n % threads].append((therapist_id, start, False))
        for queue in queues:  # every HOT_EVERY-th attempt: the next hot slot, in the same order for all
            for k, (therapist_id, start) in enumerate(hot):
                position = (k + 1) * HOT_EVERY - 1
                if position > len(queue):
                    break
                queue.insert(position, (therapist_id, start, True))
        per_thread = max(len(q) for q in queues)
        client_pools = [new_clients(session, per_thread, password_hash) for _ in range(threads)]
        session.rollback()
    log(f"  {len(supply)} open slots with {BENCH_THERAPISTS} therapists, {len(hot)} of them hot; {threads} threads")

    results = [ThreadResult() for _ in range(threads)]
    warnings_before = PIPELINE_WARNINGS.count
    gate = threading.Barrier(threads + 1)
    deadline: list[float] = []

    def work(index: int) -> None:
        result, pool = results[index], iter(client_pools[index])
        with app.app_context():
            session = db.session
            client = session.get(User, next(pool))
            gate.wait()
            for therapist_id, start, is_hot in queues[index]:
                if time.perf_counter() > deadline[0]:
                    break
                kind = "hot" if is_hot else "private"
                result.attempts[kind] += 1
                began = time.perf_counter()
                try:
                    booking.book(session, Actor(client.id, "client"), client, therapist_id, start, now=now)
                except Conflict as error:
                    session.rollback()
                    (result.lost_race if error.message == booking.TAKEN else result.gone)[kind] += 1
                except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
                    session.rollback()
                    result.errors.append(f"{type(error).__name__}: {str(error)[:200]}")
                else:
                    result.latencies.append(time.perf_counter() - began)
                    result.booked += 1
                    result.booked_hot += is_hot
                    client = session.get(User, next(pool))
            db.session.remove()

    workers = [threading.Thread(target=work, args=(i,), name=f"bench-{i}") for i in range(threads)]
    for worker in workers:
        worker.start()
    deadline.append(time.perf_counter() + seconds)
    started = time.perf_counter()
    gate.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started

    check = verify(app, therapist_ids, buffer_minutes)
    booked = sum(r.booked for r in results)
    assert check["booked_sessions"] == booked, (check, booked)
    gone = sum((r.gone for r in results), Counter())
    lost = sum((r.lost_race for r in results), Counter())
    errors = [e for r in results for e in r.errors]
    latencies = [x for r in results for x in r.latencies]
    return {
        "threads": threads,
        "seconds": round(elapsed, 2),
        "attempts": sum(sum(r.attempts.values()) for r in results),
        "attempts_hot": sum(r.attempts["hot"] for r in results),
        "booked": booked,
        "booked_hot": sum(r.booked_hot for r in results),
        "bookings_per_s": round(booked / elapsed, 1),
        "attempts_per_s": round(sum(sum(r.attempts.values()) for r in results) / elapsed, 1),
        "conflicts_lost_race_at_commit": dict(lost),
        "conflicts_gone_at_check": dict(gone),
        "conflicts": sum(lost.values()) + sum(gone.values()),
        "errors": len(errors),
        "psycopg_pipeline_aborted_warnings": PIPELINE_WARNINGS.count - warnings_before,
        "error_samples": sorted(set(errors))[:5],
        "book_latency": ms_stats(latencies) if latencies else None,
        "check": check,
    }


def verify(app: Flask, therapist_ids: list[int], buffer_minutes: int) -> dict:
    """No therapist (buffer included) or client holds overlapping booked sessions; claims match bookings."""
    buffer = timedelta(minutes=buffer_minutes)
    with app.app_context():
        session = db.session
        rows = session.execute(
            select(Booking.id, Booking.therapist_id, Booking.client_id, Booking.starts_at, Booking.ends_at).where(
                Booking.therapist_id.in_(therapist_ids), Booking.status == BookingStatus.BOOKED
            )
        ).all()
        claims = session.scalar(
            select(func.count()).select_from(BookingClaim).where(BookingClaim.booking_id.in_([r.id for r in rows]))
        )
        session.rollback()
    by_therapist, by_client = defaultdict(list), defaultdict(list)
    for row in rows:
        by_therapist[row.therapist_id].append((row.starts_at, row.ends_at))
        by_client[row.client_id].append((row.starts_at, row.ends_at))

    def overlaps(spans: dict[int, list[tuple[datetime, datetime]]], gap: timedelta) -> int:
        found = 0
        for times in spans.values():
            times.sort()
            found += sum(1 for (_, end), (start, _) in zip(times, times[1:], strict=False) if start < end + gap)
        return found

    therapist_overlaps, client_overlaps = overlaps(by_therapist, buffer), overlaps(by_client, timedelta(0))
    booked_at = Counter((row.therapist_id, row.starts_at) for row in rows)
    twice = sum(1 for count in booked_at.values() if count > 1)
    session_cells = len(booking.cells(rows[0].starts_at, rows[0].ends_at)) if rows else 0
    buffer_cells = buffer_minutes // 5
    expected_claims = len(rows) * (2 * session_cells + buffer_cells)
    assert therapist_overlaps == 0, f"{therapist_overlaps} overlapping sessions for a therapist"
    assert client_overlaps == 0, f"{client_overlaps} overlapping sessions for a client"
    assert twice == 0, f"{twice} slots booked more than once"
    assert claims == expected_claims, f"{claims} claims for {len(rows)} bookings, expected {expected_claims}"
    return {
        "booked_sessions": len(rows),
        "therapists": len(by_therapist),
        "clients": len(by_client),
        "therapist_overlaps": therapist_overlaps,
        "client_overlaps": client_overlaps,
        "slots_booked_twice": twice,
        "claims": claims,
        "ok": True,
    }


# Main ------------------------------------------------------------------------------------------------


def run_backend(name: str, url: str, instance: Path, year: Year, args) -> dict:
    log(f"\n[{name}] migrating a fresh database")
    app, migrate_s = migrated_app(url, instance)
    try:
        with app.app_context():
            version = db.session.scalar(text("SELECT sqlite_version()" if name == "sqlite" else "SHOW server_version"))
            admin, password_hash = seed_people(db.session)
            admin_id = admin.id
            started = time.perf_counter()
            therapist_id = seed_year(db.session, admin, password_hash, year).id
            seed_s = time.perf_counter() - started
            db.session.rollback()
        log(f"  migrations {migrate_s:.1f} s; a year of {len(year.sessions)} bookings inserted in {seed_s:.1f} s")
        upcoming = bench_db_path(app, therapist_id, year, args.runs)
        log(f"  upcoming_slots: median {upcoming['median_ms']} ms, p95 {upcoming['p95_ms']} ms")
        runs = {}
        for threads, seconds in ((1, args.serial_seconds), (args.threads, args.seconds)):
            runs[threads] = result = bench_contention(app, admin_id, password_hash, threads, seconds)
            log(
                f"  {threads} thread(s): {result['booked']} booked in {result['seconds']} s "
                f"({result['bookings_per_s']}/s), {result['conflicts']} conflicts, {result['errors']} errors"
            )
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return {
        "server_version": version,
        "migrations_s": round(migrate_s, 2),
        "upcoming_slots": upcoming,
        "serial": runs[1],
        "contention": runs[args.threads],
    }


def table(results: dict) -> str:
    pure = results["open_slots_pure"]
    lines = [
        "",
        "a) open slots over the next 14 days, therapist with a year of history",
        f"   {'path':<46} {'median ms':>10} {'p95 ms':>8} {'slots':>6}",
        f"   {'slots.open_slots (1,500 busy intervals)':<46} {pure['median_ms']:>10} {pure['p95_ms']:>8} "
        f"{pure['open_slots']:>6}",
    ]
    near = pure["busy_near_horizon_only"]
    label = f"slots.open_slots ({near['busy_intervals']} near the horizon only)"
    lines.append(f"   {label:<46} {near['median_ms']:>10} {near['p95_ms']:>8} {pure['open_slots']:>6}")
    for name, backend in results["backends"].items():
        up = backend["upcoming_slots"]
        label = f"availability.upcoming_slots on {name}"
        lines.append(f"   {label:<46} {up['median_ms']:>10} {up['p95_ms']:>8} {up['open_slots']:>6}")
    lines += [
        "",
        f"b) booking.book(), one new client per booking; with several threads every {HOT_EVERY}th attempt of each "
        "goes to a shared hot slot",
        f"   {'backend':<11} {'threads':>7} {'s':>5} {'attempts':>8} {'per s':>6} {'hot':>5} {'booked':>7} "
        f"{'per s':>7} {'lost race':>9} {'gone':>5} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}",
    ]
    for name, backend in results["backends"].items():
        for b in (backend["serial"], backend["contention"]):
            latency = b["book_latency"] or {"median_ms": "-", "p95_ms": "-"}
            lines.append(
                f"   {name:<11} {b['threads']:>7} {b['seconds']:>5} {b['attempts']:>8} {b['attempts_per_s']:>6} "
                f"{b['attempts_hot']:>5} "
                f"{b['booked']:>7} {b['bookings_per_s']:>7} {sum(b['conflicts_lost_race_at_commit'].values()):>9} "
                f"{sum(b['conflicts_gone_at_check'].values()):>5} {b['errors']:>6} {latency['median_ms']:>7} "
                f"{latency['p95_ms']:>7}"
            )
    lines.append("   (lost race: refused by the claims' primary key at commit; gone: no longer open at the check)")
    lines.append("")
    for name, backend in results["backends"].items():
        for b in (backend["serial"], backend["contention"]):
            c = b["check"]
            lines.append(
                f"   overlap check ({name}, {b['threads']} thread{'s' if b['threads'] > 1 else ''}): "
                f"{c['booked_sessions']} booked sessions, {c['therapists']} therapists, {c['clients']} clients: "
                f"{c['therapist_overlaps']} therapist overlaps (buffer included), {c['client_overlaps']} client "
                f"overlaps, {c['slots_booked_twice']} slots booked twice, {c['claims']} claims as expected: OK"
            )
        warnings = backend["contention"]["psycopg_pipeline_aborted_warnings"]
        if warnings:
            lines.append(f"   ({name}: psycopg logged {warnings} 'pipeline aborted' warnings, counted, not printed)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long the threads book, per backend")
    parser.add_argument("--serial-seconds", type=float, default=2.0, help="the one-thread baseline, per backend")
    parser.add_argument("--runs", type=int, default=300, help="timed runs per slot measurement")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    began = time.perf_counter()
    pg_url = os.environ.get("BENCH_DATABASE_URL", "")
    if pg_url:
        bench_database_name(pg_url)  # refuse before anything runs

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    year = make_year(now)
    log(
        f"a year of history: {len(year.sessions)} sessions, {len(year.overrides)} overrides, "
        f"{len(year.time_off)} time-off ranges"
    )
    pure = bench_pure(year, args.runs)
    log(f"  open_slots: median {pure['median_ms']} ms, p95 {pure['p95_ms']} ms, {pure['open_slots']} slots")

    backends = {}
    with tempfile.TemporaryDirectory(prefix="scheduling-bench-") as folder:
        backends["sqlite"] = run_backend("sqlite", f"sqlite:///{folder}/bench.db", Path(folder), year, args)
        if pg_url:
            prepare_postgres(pg_url)
            backends["postgresql"] = run_backend("postgresql", pg_url, Path(folder), year, args)
        else:
            log("\n(BENCH_DATABASE_URL not set: PostgreSQL skipped)")

    results = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": machine(sqlalchemy=sqlalchemy.__version__),
        "now": now.isoformat(),
        "threads": args.threads,
        "open_slots_pure": pure,
        "backends": backends,
        "total_s": round(time.perf_counter() - began, 1),
    }
    log(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    log(
        f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} "
        f"in {results['total_s']} s total"
    )


if __name__ == "__main__":
    main()
