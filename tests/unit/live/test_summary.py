"""The after-session summary as plain functions: negative stretches, the distribution, marks, empty sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mindhaven.emotion.labels import LABELS
from mindhaven.live.summary import (
    MAX_GAP_SECONDS,
    MIN_STRETCH_SECONDS,
    Second,
    is_negative,
    negative_stretches,
    summarise,
)

START = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
T0 = int(START.timestamp())


def probs(**given: float) -> dict[str, float]:
    """Seven probabilities: the given ones, the rest of the mass spread evenly over the others."""
    rest = [label for label in LABELS if label not in given]
    left = max(0.0, 1.0 - sum(given.values()))
    return {label: given.get(label, left / len(rest) if rest else 0.0) for label in LABELS}


SAD = probs(sad=0.7)
ANGRY = probs(angry=0.6)
HAPPY = probs(happy=0.8)
NEUTRAL = probs(neutral=0.9)


def sec(offset: int, p: dict[str, float], face: float = 1.0) -> Second:
    return Second(T0 + offset, face, p)


def negative_run(offsets, p=SAD) -> list[Second]:
    return [sec(o, p) for o in offsets]


# Which seconds count as negative -------------------------------------------------------------------------------


def test_a_second_is_negative_when_the_four_negative_labels_reach_half():
    assert is_negative(sec(0, SAD))
    assert is_negative(sec(0, probs(angry=0.2, disgust=0.1, fear=0.1, sad=0.1)))  # 0.5 together, exactly
    assert not is_negative(sec(0, probs(angry=0.2, disgust=0.1, fear=0.1, sad=0.09)))
    assert not is_negative(sec(0, HAPPY))
    assert not is_negative(sec(0, SAD, face=0.0))  # no face: the zeros mean nothing


# Stretches --------------------------------------------------------------------------------------------------------


def test_a_run_of_exactly_the_minimum_counts_and_one_second_less_does_not():
    assert MIN_STRETCH_SECONDS == 5
    (stretch,) = negative_stretches(negative_run(range(10, 15)), T0)
    assert stretch == {"start_seconds": 10, "end_seconds": 15, "seconds": 5, "dominant": "sad"}
    assert negative_stretches(negative_run(range(10, 14)), T0) == []


def test_missing_seconds_up_to_the_gap_are_bridged():
    assert MAX_GAP_SECONDS == 2
    # 0-2, two seconds without frames (3, 4), then 5-6: one stretch of 7 s.
    seconds = negative_run([0, 1, 2, 5, 6])
    assert negative_stretches(seconds, T0) == [{"start_seconds": 0, "end_seconds": 7, "seconds": 7, "dominant": "sad"}]
    # Bridging can make a stretch long enough: 0, 1, (gap), 4 is five seconds from first to last.
    assert negative_stretches(negative_run([0, 1, 4]), T0)[0]["seconds"] == 5


def test_a_gap_longer_than_two_seconds_breaks_the_stretch():
    # 0-3 and 7-11: three missing seconds between them, so two runs; the first (4 s) is too short.
    seconds = negative_run([0, 1, 2, 3, 7, 8, 9, 10, 11])
    assert negative_stretches(seconds, T0) == [{"start_seconds": 7, "end_seconds": 12, "seconds": 5, "dominant": "sad"}]


def test_seconds_without_a_face_inside_a_stretch_are_bridged_like_missing_ones():
    seconds = [*negative_run([0, 1, 2]), sec(3, NEUTRAL, face=0.0), sec(4, NEUTRAL, face=0.0), *negative_run([5, 6])]
    assert negative_stretches(seconds, T0)[0]["seconds"] == 7


def test_a_second_with_a_face_that_is_not_negative_breaks_the_stretch():
    """Only seconds without a face or a frame are bridged (a visible smile ends sustained negative affect)."""
    seconds = [*negative_run([0, 1, 2, 3]), sec(4, HAPPY), *negative_run([5, 6, 7, 8])]
    assert negative_stretches(seconds, T0) == []
    seconds = [*negative_run(range(0, 6)), sec(6, HAPPY), *negative_run(range(7, 12))]
    assert [s["seconds"] for s in negative_stretches(seconds, T0)] == [6, 5]


def test_stretches_are_longest_first_top_three_with_the_dominant_negative_label():
    seconds = [
        *negative_run(range(0, 6), ANGRY),  # 6 s, angry
        *negative_run(range(20, 29), SAD),  # 9 s, sad
        *negative_run(range(40, 46), SAD),  # 6 s, later
        *negative_run(range(60, 67), probs(fear=0.55)),  # 7 s, fear
    ]
    stretches = negative_stretches(reversed(seconds), T0)  # order of the input does not matter
    assert [(s["start_seconds"], s["seconds"], s["dominant"]) for s in stretches] == [
        (20, 9, "sad"),
        (60, 7, "fear"),
        (0, 6, "angry"),  # the earlier of the two 6 s stretches
    ]
    assert len(negative_stretches(seconds, T0, top=10)) == 4


def test_the_dominant_label_sums_over_the_whole_stretch():
    seconds = [*negative_run(range(0, 3), probs(angry=0.6)), *negative_run(range(3, 6), probs(sad=0.9))]
    assert negative_stretches(seconds, T0)[0]["dominant"] == "sad"  # 2.7 sad against 1.8 angry


def test_offsets_are_relative_to_the_session_start():
    (stretch,) = negative_stretches(negative_run(range(100, 110)), T0 + 40)
    assert (stretch["start_seconds"], stretch["end_seconds"]) == (60, 70)


# The whole summary ------------------------------------------------------------------------------------------------


def test_distribution_is_the_share_of_seconds_with_a_face_by_dominant_emotion():
    seconds = [
        *[sec(i, HAPPY) for i in range(6)],
        *[sec(6 + i, NEUTRAL) for i in range(3)],
        sec(9, SAD),
        sec(10, SAD, face=0.0),  # no face: neither in the distribution nor its denominator
        sec(11, HAPPY, face=0.0),
    ]
    summary = summarise(seconds, START, START + timedelta(minutes=50), [])
    assert set(summary.distribution) == set(LABELS)
    assert summary.distribution["happy"] == pytest.approx(0.6)
    assert summary.distribution["neutral"] == pytest.approx(0.3)
    assert summary.distribution["sad"] == pytest.approx(0.1)
    assert summary.distribution["angry"] == 0.0
    assert sum(summary.distribution.values()) == pytest.approx(1.0)
    assert summary.seconds_with_face_ratio == pytest.approx(10 / 12)
    assert summary.duration_seconds == 3000
    assert summary.analysed is True


def test_a_partly_visible_face_counts_as_a_second_with_a_face():
    summary = summarise([sec(0, SAD, face=0.25), sec(1, HAPPY)], START, START + timedelta(seconds=2), [])
    assert summary.distribution["sad"] == pytest.approx(0.5)
    assert summary.seconds_with_face_ratio == 1.0


def test_timeline_is_sorted_and_relative():
    seconds = [sec(5, SAD), sec(1, HAPPY, face=0.5)]
    timeline = summarise(seconds, START, START + timedelta(seconds=10), []).timeline
    assert timeline == [
        {"t": 1, "probabilities": HAPPY, "face": 0.5},
        {"t": 5, "probabilities": SAD, "face": 1.0},
    ]


def test_marks_are_offsets_from_the_start_never_negative():
    marks = [
        (START + timedelta(minutes=12, seconds=30), "talked about work"),
        (START + timedelta(seconds=59, microseconds=900_000), "tears"),
        (START - timedelta(seconds=30), "before the start"),
    ]
    summary = summarise([], START, START + timedelta(minutes=50), marks)
    assert summary.marks == [
        {"at_seconds": 750, "note": "talked about work"},
        {"at_seconds": 59, "note": "tears"},
        {"at_seconds": 0, "note": "before the start"},
    ]


def test_a_session_without_analysis_has_an_empty_summary():
    summary = summarise([], START, START + timedelta(minutes=30), [])
    assert summary.analysed is False
    assert summary.distribution == {}
    assert summary.seconds_with_face_ratio == 0.0
    assert summary.timeline == [] and summary.marks == [] and summary.negative_stretches == []
    assert summary.duration_seconds == 1800


def test_only_seconds_without_a_face_give_no_distribution_and_no_stretches():
    seconds = [sec(i, SAD, face=0.0) for i in range(20)]
    summary = summarise(seconds, START, START + timedelta(minutes=1), [])
    assert summary.analysed is True
    assert summary.distribution == {} and summary.negative_stretches == []
    assert summary.seconds_with_face_ratio == 0.0


def test_an_end_before_the_start_gives_zero_duration():
    assert summarise([], START, START - timedelta(seconds=5), []).duration_seconds == 0
