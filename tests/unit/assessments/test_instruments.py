"""PHQ-9 and GAD-7: wording, scoring at every published band boundary, and answer validation."""

from __future__ import annotations

import pytest

from mindhaven.assessments import instruments
from mindhaven.assessments.instruments import GAD7, PHQ9, InvalidAnswers
from mindhaven.errors import ValidationFailed


def answers_summing_to(total: int, count: int) -> list[int]:
    """A valid answer list (each 0-3) whose sum is `total`."""
    out = []
    for _ in range(count):
        step = min(3, total)
        out.append(step)
        total -= step
    assert total == 0
    return out


PHQ9_BOUNDARIES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately severe"),
    (19, "moderately severe"),
    (20, "severe"),
    (27, "severe"),
]
GAD7_BOUNDARIES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


@pytest.mark.parametrize(("total", "band"), PHQ9_BOUNDARIES)
def test_phq9_bands_at_every_boundary(total, band):
    answers = answers_summing_to(total, 9)
    assert instruments.score("phq9", answers) == total
    assert instruments.band_for("phq9", total) == band


@pytest.mark.parametrize(("total", "band"), GAD7_BOUNDARIES)
def test_gad7_bands_at_every_boundary(total, band):
    answers = answers_summing_to(total, 7)
    assert instruments.score("gad7", answers) == total
    assert instruments.band_for("gad7", total) == band


def test_band_ranges_cover_every_score_without_gaps():
    for inst in (PHQ9, GAD7):
        covered = []
        for _, name in inst.bands:
            low, high = instruments.band_range(inst.kind, name)
            covered.extend(range(low, high + 1))
        assert covered == list(range(inst.max_score + 1))


def test_scores_outside_the_scale_are_refused():
    with pytest.raises(ValueError):
        instruments.band_for("phq9", 28)
    with pytest.raises(ValueError):
        instruments.band_for("gad7", 22)
    with pytest.raises(ValueError):
        instruments.band_for("gad7", -1)


def test_standard_wording():
    assert PHQ9.stem == "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    assert len(PHQ9.items) == 9 and len(GAD7.items) == 7
    assert PHQ9.items[0] == "Little interest or pleasure in doing things"
    assert PHQ9.items[8] == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert GAD7.items[0] == "Feeling nervous, anxious or on edge"
    assert GAD7.items[6] == "Feeling afraid as if something awful might happen"
    assert [label for _, label in instruments.OPTIONS] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]


@pytest.mark.parametrize(
    ("kind", "answers", "message"),
    [
        ("phq9", [0] * 8, "exactly 9 answers; 8 given"),
        ("phq9", [0] * 10, "exactly 9 answers; 10 given"),
        ("gad7", [], "exactly 7 answers; 0 given"),
        ("gad7", [0, 0, 4, 0, 0, 0, 0], "Question 3"),
        ("gad7", [0, -1, 0, 0, 0, 0, 0], "Question 2"),
        ("gad7", [0, 0, 0, 0, 0, 0, "1"], "Question 7"),
        ("gad7", [0, 0, 0, 0, 0, 0, 1.0], "Question 7"),
        ("gad7", [True, 0, 0, 0, 0, 0, 0], "Question 1"),
        ("gad7", [None, 0, 0, 0, 0, 0, 0], "Question 1"),
        ("gad7", "0000000", "must be a list"),
        ("gad7", None, "must be a list"),
        ("bdi", [0] * 21, "Unknown questionnaire"),
    ],
)
def test_validation_errors_are_clear(kind, answers, message):
    with pytest.raises(InvalidAnswers, match=message) as caught:
        instruments.validate(kind, answers)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, ValidationFailed)


def test_item_nine_triggers_the_safety_flow_only_above_zero():
    assert not instruments.needs_safety_flow("phq9", [3] * 8 + [0])
    for value in (1, 2, 3):
        assert instruments.needs_safety_flow("phq9", [0] * 8 + [value])
    assert not instruments.needs_safety_flow("gad7", [3] * 7)


def test_explanations_are_gentle_and_never_diagnose():
    for inst in (PHQ9, GAD7):
        for _, band in inst.bands:
            text = instruments.explain(inst.kind, band).lower()
            assert "diagnos" not in text and "you have" not in text
