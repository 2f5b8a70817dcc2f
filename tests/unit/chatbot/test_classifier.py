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
