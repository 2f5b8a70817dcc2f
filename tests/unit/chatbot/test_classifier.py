"""The intent classifier on the held-out set (written separately from the training phrases)."""

from __future__ import annotations

import json
from pathlib import Path

from mindhaven.chatbot.classifier import classify
from mindhaven.chatbot.intents import INTENTS, patterns

HELDOUT = Path(__file__).parents[2] / "data" / "chatbot_heldout.jsonl"


def _rows() -> list[dict]:
    return [json.loads(line) for line in HELDOUT.read_text().splitlines() if line.strip()]


def test_heldout_set_is_large_covers_every_intent_and_does_not_overlap_training() -> None:
    rows = _rows()
    assert len(rows) >= 150
    assert {r["intent"] for r in rows} == set(INTENTS)
    training = {text.lower() for text, _ in patterns()}
    assert not [r["text"] for r in rows if r["text"].lower() in training]


def test_heldout_accuracy_is_at_least_90_percent() -> None:
    rows = _rows()
    correct = sum(classify(r["text"]).intent == r["intent"] for r in rows)
    assert correct / len(rows) >= 0.90, correct / len(rows)


def test_gibberish_is_unknown() -> None:
    assert classify("zxqv plorth").intent == "unknown"
    assert classify("").intent == "unknown"


def test_good_days_are_not_answered_as_bad_ones() -> None:
    """A usability audit saw "I'm feeling better today" answered with "I'm sorry you're feeling this low"."""
    for text in ("I'm feeling better today", "I'm okay today, just wanted to say hi", "I feel good"):
        assert classify(text).intent == "feeling_okay", text
    assert classify("Hi, I had a long day at work and feel a bit tense").intent == "stressed"
    assert classify("I feel sad").intent == "feeling_low"
