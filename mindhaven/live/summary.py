"""The after-session summary, computed from the per-second aggregates (plain functions, no web framework)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from mindhaven.emotion.labels import LABELS

NEGATIVE = ("angry", "disgust", "fear", "sad")
NEGATIVE_THRESHOLD = 0.5  # a second is negative when these four together reach half the probability
MIN_STRETCH_SECONDS = 5
MAX_GAP_SECONDS = 2  # seconds without a face or a frame inside a stretch do not break it


@dataclass(frozen=True)
class Second:
    second: int
    face_ratio: float
    probabilities: dict[str, float]


@dataclass
class Summary:
    duration_seconds: int
    seconds_with_face_ratio: float
    distribution: dict[str, float]
    timeline: list[dict]
    marks: list[dict] = field(default_factory=list)
    negative_stretches: list[dict] = field(default_factory=list)
    analysed: bool = False


def is_negative(second: Second) -> bool:
    return second.face_ratio > 0 and sum(second.probabilities[label] for label in NEGATIVE) >= NEGATIVE_THRESHOLD


def negative_stretches(seconds: Sequence[Second], start: int, top: int = 3) -> list[dict]:
    """The longest runs of sustained negative affect (at least 5 s, gaps of up to 2 s bridged), longest first."""
    runs: list[list[Second]] = []
    current: list[Second] = []
    for second in sorted(seconds, key=lambda s: s.second):
        if not is_negative(second):
            if second.face_ratio > 0 and current:  # a face that is not negative ends the stretch
                runs.append(current)
                current = []
            continue
        if current and second.second - current[-1].second > MAX_GAP_SECONDS + 1:
            runs.append(current)
            current = []
        current.append(second)
    if current:
        runs.append(current)
    stretches = []
    for run in runs:
        length = run[-1].second - run[0].second + 1
        if length < MIN_STRETCH_SECONDS:
            continue
        totals = Counter()
        for s in run:
            for label in NEGATIVE:
                totals[label] += s.probabilities[label]
        stretches.append(
            {
                "start_seconds": run[0].second - start,
                "end_seconds": run[-1].second - start + 1,
                "seconds": length,
                "dominant": totals.most_common(1)[0][0],
            }
        )
    return sorted(stretches, key=lambda s: (-s["seconds"], s["start_seconds"]))[:top]


def summarise(seconds: Sequence[Second], started_at: datetime, ended_at: datetime, marks: Sequence[tuple]) -> Summary:
    start = int(started_at.timestamp())
    with_face = [s for s in seconds if s.face_ratio > 0]
    dominant = Counter(max(s.probabilities, key=s.probabilities.get) for s in with_face)
    distribution = {label: dominant[label] / len(with_face) for label in LABELS} if with_face else {}
    return Summary(
        duration_seconds=max(0, int((ended_at - started_at).total_seconds())),
        seconds_with_face_ratio=(len(with_face) / len(seconds)) if seconds else 0.0,
        distribution=distribution,
        timeline=[
            {"t": s.second - start, "probabilities": s.probabilities, "face": s.face_ratio}
            for s in sorted(seconds, key=lambda s: s.second)
        ],
        marks=[{"at_seconds": max(0, int(at.timestamp()) - start), "note": note} for at, note in marks],
        negative_stretches=negative_stretches(seconds, start),
        analysed=bool(seconds),
    )
