"""The fixed vocabulary of self-reflection: guided prompts, journal kinds and mood-check-in emotion tags."""

from __future__ import annotations

KINDS = {
    "free": "Free entry",
    "prompt": "Guided prompt",
    "thought_record": "Thought record",
}

PROMPTS = (
    "What went well today?",
    "What is worrying you, and what would you tell a friend in your place?",
    "What are three things you are grateful for right now?",
    "When did you feel most like yourself this week?",
    "What is one small thing you could do tomorrow to look after yourself?",
    "What would you like to bring to your next session?",
)

EMOTION_TAGS = (
    "calm",
    "happy",
    "grateful",
    "hopeful",
    "tired",
    "anxious",
    "sad",
    "angry",
    "lonely",
    "overwhelmed",
    "stressed",
    "numb",
)

# The thought record's free-text fields, in the order the form asks for them.
THOUGHT_FIELDS = {
    "situation": "Situation: where were you, what happened?",
    "automatic_thought": "Automatic thought: what went through your mind?",
    "evidence_for": "Evidence that supports the thought",
    "evidence_against": "Evidence that does not support the thought",
    "balanced_thought": "A more balanced thought",
}
REQUIRED_THOUGHT_FIELDS = ("situation", "automatic_thought")
