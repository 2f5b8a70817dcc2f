"""Per-second aggregates: means over the frames with a face, the face ratio, what take() hands over, and write()."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from mindhaven.dbtypes import utcnow
from mindhaven.emotion.labels import LABELS
from mindhaven.live.aggregates import SecondAggregator, write
from mindhaven.live.models import EmotionSecond
from mindhaven.scheduling.models import Booking


def probs(**given: float) -> dict[str, float]:
    return {label: given.get(label, 0.0) for label in LABELS}


def test_means_are_over_the_frames_with_a_face_and_face_ratio_over_all_frames():
    agg = SecondAggregator()
    agg.add(1, 100, probs(happy=0.8, neutral=0.2))
    agg.add(1, 100, probs(happy=0.4, sad=0.6))
    agg.add(1, 100, None)  # a frame without a face
    agg.add(1, 100, probs(happy=0.3, neutral=0.7))
    (row,) = agg.take(1)
    assert (row.booking_id, row.second, row.frames) == (1, 100, 4)
    assert row.face_ratio == pytest.approx(0.75)
    assert row.happy == pytest.approx(0.5)
    assert row.neutral == pytest.approx(0.3)
    assert row.sad == pytest.approx(0.2)
    assert row.angry == row.disgust == row.fear == row.surprise == 0.0
    assert sum(getattr(row, label) for label in LABELS) == pytest.approx(1.0)


def test_a_second_without_any_face_has_zero_means_and_zero_ratio():
    agg = SecondAggregator()
    agg.add(1, 7, None)
    agg.add(1, 7, None)
    (row,) = agg.take(1)
    assert (row.frames, row.face_ratio) == (2, 0.0)
    assert all(getattr(row, label) == 0.0 for label in LABELS)


def test_means_are_rounded_to_five_places():
    agg = SecondAggregator()
    for _ in range(3):
        agg.add(1, 5, probs(happy=1 / 3, neutral=2 / 3))
    (row,) = agg.take(1)
    assert row.happy == 0.33333 and row.neutral == 0.66667


def test_take_before_second_hands_over_only_finished_seconds_in_order():
    agg = SecondAggregator()
    for second in (103, 101, 102, 104):
        agg.add(1, second, probs(neutral=1.0))
    agg.add(2, 101, probs(sad=1.0))  # another session is not touched

    assert [r.second for r in agg.take(1, before_second=103)] == [101, 102]  # strictly before
    assert agg.take(1, before_second=103) == []  # taken means removed
    assert [r.second for r in agg.take(1, before_second=0)] == []
    assert [r.second for r in agg.take(1)] == [103, 104]  # None: everything, the second in progress too
    assert agg.take(1) == []
    (other,) = agg.take(2)
    assert (other.booking_id, other.second, other.sad) == (2, 101, 1.0)


def test_a_second_taken_early_and_continued_comes_back_as_a_new_bucket():
    agg = SecondAggregator()
    agg.add(1, 50, probs(happy=1.0))
    (first,) = agg.take(1)
    agg.add(1, 50, probs(sad=1.0))
    (again,) = agg.take(1)
    assert (first.second, first.happy, again.second, again.sad, again.frames) == (50, 1.0, 50, 1.0, 1)


def test_adding_from_many_threads_loses_nothing():
    agg = SecondAggregator()
    barrier = threading.Barrier(8)

    def add_many():
        barrier.wait()
        for i in range(500):
            agg.add(1, i % 5, probs(happy=1.0) if i % 2 else None)

    threads = [threading.Thread(target=add_many) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = agg.take(1)
    assert [r.second for r in rows] == [0, 1, 2, 3, 4]
    assert sum(r.frames for r in rows) == 8 * 500
    assert all(r.happy == 1.0 and r.face_ratio == pytest.approx(0.5) for r in rows)


# write(): database, both backends --------------------------------------------------------------------------------


@pytest.fixture
def booking(session, make) -> Booking:
    now = utcnow()
    row = Booking(
        therapist_id=make.therapist().id,
        client_id=make.client().id,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(minutes=45),
        fee_minor=5000,
    )
    session.add(row)
    session.commit()
    return row


def stored(session, booking_id: int) -> dict[int, EmotionSecond]:
    session.expire_all()
    rows = session.scalars(select(EmotionSecond).where(EmotionSecond.booking_id == booking_id))
    return {r.second: r for r in rows}


def test_write_stores_a_batch(session, booking):
    agg = SecondAggregator()
    agg.add(booking.id, 1000, probs(happy=0.6, neutral=0.4))
    agg.add(booking.id, 1000, None)
    agg.add(booking.id, 1001, probs(sad=1.0))
    assert write(session, agg.take(booking.id)) == 2
    rows = stored(session, booking.id)
    assert sorted(rows) == [1000, 1001]
    assert (rows[1000].frames, rows[1000].face_ratio, rows[1000].happy, rows[1000].neutral) == (2, 0.5, 0.6, 0.4)
    assert rows[1001].sad == 1.0
    assert write(session, []) == 0


def test_write_skips_a_second_already_written_and_keeps_the_rest(session, booking):
    agg = SecondAggregator()
    agg.add(booking.id, 2000, probs(happy=1.0))
    assert write(session, agg.take(booking.id)) == 1

    # The same second again (a reconnect through another process), between two new ones.
    agg.add(booking.id, 1999, probs(neutral=1.0))
    agg.add(booking.id, 2000, probs(sad=1.0))
    agg.add(booking.id, 2001, probs(fear=1.0))
    assert write(session, agg.take(booking.id)) == 2

    rows = stored(session, booking.id)
    assert sorted(rows) == [1999, 2000, 2001]
    assert rows[2000].happy == 1.0 and rows[2000].sad == 0.0  # the first write wins
    assert rows[1999].neutral == 1.0 and rows[2001].fear == 1.0
    # The session is usable afterwards (the failed batch was rolled back).
    agg.add(booking.id, 2002, probs(happy=1.0))
    assert write(session, agg.take(booking.id)) == 1
