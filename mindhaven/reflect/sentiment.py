"""Sentiment of client-written text: VADER's compound score, computed here, offline.

VADER is a lexicon and a handful of rules tuned on English social-media text. It is a rough signal for trends
("this week's entries read lower than last week's"), never a judgement of one entry: it misses sarcasm, other
languages and most clinical nuance. One analyser is shared; building it loads the lexicon once.
"""

from __future__ import annotations

import threading

from mindhaven.language import guess_language

_lock = threading.Lock()
_analyser = None


def _get():
    global _analyser
    with _lock:
        if _analyser is None:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            _analyser = SentimentIntensityAnalyzer()
        return _analyser


def sentiment(text: str | None) -> float | None:
    """The compound score in -1..1 (rounded to 4 places); None for empty text or text in another language.

    VADER reads English only: "Ich bin müde" (I am tired) scored positive. Such entries get no tone rather than a
    wrong one, and stay out of the tone trend.
    """
    if not text or not text.strip() or guess_language(text) != "en":
        return None
    return round(float(_get().polarity_scores(text)["compound"]), 4)


def describe(score: float | None) -> str:
    """A plain word for a score, using VADER's usual ±0.05 thresholds."""
    if score is None:
        return "not measured"
    if score >= 0.05:
        return "positive"
    if score <= -0.05:
        return "negative"
    return "neutral"
