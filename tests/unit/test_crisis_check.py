"""The crisis check flags risk in client-written text and leaves ordinary worries alone."""

import pytest

from mindhaven.safety.crisis import crisis_check


@pytest.mark.parametrize(
    "text",
    [
        "Sometimes I think about suicide",
        "I want to kill myself",
        "i keep thinking about   ending my life",
        "I just want to die",
        "everyone would be better off dead without me... I mean me dead",
        "There's no reason to live anymore",
        "I've been cutting myself again",
        "history of self-harm",
        "I took an overdose last year",
        "I don't want to wake up tomorrow",
        "SUICIDAL thoughts at night",
    ],
)
def test_risk_is_flagged(text):
    result = crisis_check(text)
    assert result.at_risk and result.matched


@pytest.mark.parametrize(
    "text",
    ["", None, "I feel anxious before exams", "Work stress is killing my sleep", "my grandfather died last spring"],
)
def test_ordinary_worries_are_not_flagged(text):
    assert crisis_check(text).at_risk is False
