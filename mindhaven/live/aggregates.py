"""Per-second emotion aggregates: collected in memory as frames arrive, written in batches each new second.

A crash loses at most the second in progress and the one before it. Only numbers are kept, never images.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mindhaven.emotion.labels import LABELS
from mindhaven.live.models import EmotionSecond


@dataclass
class _Bucket:
    frames: int = 0
    with_face: int = 0
    sums: list[float] = field(default_factory=lambda: [0.0] * len(LABELS))


class SecondAggregator:
    """Thread-safe sums per (session, second)."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[int, int], _Bucket] = defaultdict(_Bucket)
        self._lock = threading.Lock()

    def add(self, booking_id: int, second: int, probabilities: dict[str, float] | None) -> None:
        with self._lock:
            bucket = self._buckets[(booking_id, second)]
            bucket.frames += 1
            if probabilities is not None:
                bucket.with_face += 1
                for i, label in enumerate(LABELS):
                    bucket.sums[i] += probabilities[label]

    def take(self, booking_id: int, before_second: int | None = None) -> list[EmotionSecond]:
        """Remove and return the session's finished seconds (all of them when before_second is None)."""
        with self._lock:
            keys = [k for k in self._buckets if k[0] == booking_id and (before_second is None or k[1] < before_second)]
            buckets = [(k[1], self._buckets.pop(k)) for k in sorted(keys)]
        rows = []
        for second, bucket in buckets:
            means = [s / bucket.with_face if bucket.with_face else 0.0 for s in bucket.sums]
            rows.append(
                EmotionSecond(
                    booking_id=booking_id,
                    second=second,
                    frames=bucket.frames,
                    face_ratio=bucket.with_face / bucket.frames,
                    **{label: round(mean, 5) for label, mean in zip(LABELS, means, strict=True)},
                )
            )
        return rows


def write(session: Session, rows: list[EmotionSecond]) -> int:
    """Insert a batch; a second already written (a reconnect through another process) is skipped."""
    if not rows:
        return 0
    session.add_all(rows)
    try:
        session.commit()
        return len(rows)
    except IntegrityError:
        session.rollback()
    written = 0
    for row in rows:
        exists = session.scalar(
            select(EmotionSecond.id).where(
                EmotionSecond.booking_id == row.booking_id, EmotionSecond.second == row.second
            )
        )
        if exists is None:
            session.add(EmotionSecond(**{c: getattr(row, c) for c in _COLUMNS}))
            session.commit()
            written += 1
    return written


_COLUMNS = ("booking_id", "second", "frames", "face_ratio", *LABELS)
