"""The fixed vocabulary of the library: topics to browse by and kinds of entry."""

from __future__ import annotations

TOPICS: dict[str, str] = {
    "anxiety": "Anxiety",
    "depression": "Low mood and depression",
    "sleep": "Sleep",
    "stress": "Stress",
    "grief": "Grief and loss",
    "panic": "Panic",
    "loneliness": "Loneliness",
    "self-compassion": "Self-compassion",
    "relationships": "Relationships",
    "anger": "Anger",
    "therapy": "How therapy works",
    "first-session": "Your first session",
    "crisis": "Crisis support",
}

KINDS: dict[str, str] = {
    "article": "Article",
    "exercise": "Exercise",
    "helpline": "Helpline",
    "link": "Link",
}


def topic_label(slug: str) -> str:
    return TOPICS.get(slug, slug)


def kind_label(slug: str) -> str:
    return KINDS.get(slug, slug)
