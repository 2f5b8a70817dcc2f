"""The chatbot's intents: training phrases and replies, loaded from data/intents.json.

The JSON file is the single place to add phrases or replies; the classifier trains from it at first use.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

INTENTS_FILE = Path(__file__).parent / "data" / "intents.json"

INTENTS = (
    "greeting",
    "feeling_okay",
    "feeling_low",
    "anxious",
    "stressed",
    "lonely",
    "angry",
    "sleep",
    "cannot_cope",
    "wants_therapist",
    "booking_help",
    "exercises",
    "resources",
    "thanks",
    "goodbye",
    "unknown",
)
# Feelings get an empathic reflection (and, when configured, may go to the language model).
FEELINGS = frozenset({"feeling_low", "anxious", "stressed", "lonely", "angry", "sleep", "cannot_cope"})

# Links shown under a reply, by intent: (label, URL). /resources is built by the resource library.
LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "wants_therapist": (("See your matched therapists", "/matches"),),
    "booking_help": (("Your sessions", "/sessions"), ("Find a therapist", "/matches")),
    "resources": (("Resource library", "/resources"),),
    "sleep": (("Resources on sleep", "/resources"),),
    "feeling_low": (("Resource library", "/resources"), ("Talk to a therapist", "/matches")),
    "stressed": (("Resource library", "/resources"),),
    "lonely": (("Talk to a therapist", "/matches"),),
    "cannot_cope": (("Crisis helplines", "/help/crisis"), ("Talk to a therapist", "/matches")),
}


@lru_cache(maxsize=1)
def load_intents() -> dict[str, dict[str, list[str]]]:
    data = json.loads(INTENTS_FILE.read_text(encoding="utf-8"))
    missing = set(INTENTS) - set(data)
    if missing:
        raise ValueError(f"intents.json lacks {sorted(missing)}")
    return data


def responses(intent: str) -> list[str]:
    return load_intents()[intent]["responses"]


def patterns() -> list[tuple[str, str]]:
    """(text, intent) pairs to train on."""
    return [(text, intent) for intent, spec in load_intents().items() for text in spec["patterns"]]
