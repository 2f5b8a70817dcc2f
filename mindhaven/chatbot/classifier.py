"""An offline intent classifier: TF-IDF over word and character n-grams, scored against each intent.

Each intent's score blends the cosine similarity to its centroid with the similarity to its nearest training
phrase; below `threshold` the answer is "unknown". Trained from intents.json at first use (milliseconds), with
numpy only: nothing leaves the machine.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from mindhaven.chatbot.intents import patterns

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTRACTIONS = {"can't": "cannot", "won't": "will not", "n't": " not", "i'm": "i am", "'re": " are", "'ve": " have"}

UNKNOWN = "unknown"
DEFAULT_THRESHOLD = 0.25
CENTROID_WEIGHT = 0.5


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    for short, full in _CONTRACTIONS.items():
        text = text.replace(short, full)
    return " ".join(_WORD.findall(text))


def features(text: str) -> Counter:
    words = normalise(text).split()
    grams: Counter = Counter()
    grams.update("w:" + w for w in words)
    grams.update("b:" + a + "_" + b for a, b in zip(words, words[1:], strict=False))
    for word in words:
        padded = f" {word} "
        for n in (3, 4, 5):
            grams.update("c:" + padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


@dataclass(frozen=True)
class Prediction:
    intent: str
    score: float
    ranked: tuple[tuple[str, float], ...]  # the top intents and their scores, best first


class IntentClassifier:
    def __init__(self, examples: list[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        docs = [features(text) for text, _ in examples]
        df: Counter = Counter()
        for doc in docs:
            df.update(doc.keys())
        self.vocab = {term: i for i, term in enumerate(sorted(df))}
        n = len(docs)
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in sorted(df)])
        matrix = np.vstack([self._vector(doc) for doc in docs])
        labels = [intent for _, intent in examples]
        self.intents = sorted(set(labels))
        self.example_matrix = matrix
        self.example_labels = np.array([self.intents.index(label) for label in labels])
        centroids = np.vstack([matrix[self.example_labels == i].mean(axis=0) for i in range(len(self.intents))])
        self.centroids = centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)

    def _vector(self, doc: Counter) -> np.ndarray:
        vec = np.zeros(len(self.vocab))
        for term, count in doc.items():
            index = self.vocab.get(term)
            if index is not None:
                vec[index] = 1.0 + math.log(count)
        vec *= self.idf
        norm = np.linalg.norm(vec)
        return vec / norm if norm > 0 else vec

    def scores(self, text: str) -> dict[str, float]:
        vec = self._vector(features(text))
        centroid = self.centroids @ vec
        sims = self.example_matrix @ vec
        nearest = np.array([sims[self.example_labels == i].max() for i in range(len(self.intents))])
        blended = CENTROID_WEIGHT * centroid + (1 - CENTROID_WEIGHT) * nearest
        return {intent: float(score) for intent, score in zip(self.intents, blended, strict=True)}

    def predict(self, text: str) -> Prediction:
        scores = self.scores(text)
        ranked = tuple(sorted(scores.items(), key=lambda item: item[1], reverse=True)[:3])
        best, score = ranked[0]
        if score < self.threshold:
            best = UNKNOWN
        return Prediction(best, score, ranked)


@lru_cache(maxsize=1)
def default_classifier() -> IntentClassifier:
    return IntentClassifier(patterns())


def classify(text: str) -> Prediction:
    return default_classifier().predict(text)
