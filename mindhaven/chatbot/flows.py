"""Guided exercises as multi-turn flows.

A flow's progress lives in the conversation's `state` as {"flow": name, "step": n, ...}. The state is stored in
plain JSON, so it never holds the client's words (those are in the encrypted messages); at most a 0-100 rating.
"""

from __future__ import annotations

import re

STOP_WORDS = frozenset({"stop", "cancel", "quit", "exit", "end", "stop please", "cancel please", "stop it"})
BREATHING_ROUNDS = 3

FLOW_TITLES = {
    "box_breathing": "box breathing",
    "grounding": "5-4-3-2-1 grounding",
    "thought_record": "a thought record",
    "activation": "a small activity plan",
}
# Words that start a flow directly ("breathing", "let's do grounding", "thought record", "activity plan").
_TRIGGERS = (
    ("box_breathing", re.compile(r"\b(box\s+)?breath(e|ing)\b", re.I)),
    ("grounding", re.compile(r"\bgrounding\b|\b5-4-3-2-1\b|\b54321\b", re.I)),
    ("thought_record", re.compile(r"\bthought\s+record\b", re.I)),
    ("activation", re.compile(r"\bactivity\s+plan\b|\bbehaviou?ral\s+activation\b", re.I)),
)
_GROUNDING = (
    (5, "see", "Let's ground you in the present. Look around: name 5 things you can see."),
    (4, "touch", "Now 4 things you can touch or feel (your feet on the floor, the chair, your clothes…)."),
    (3, "hear", "Now 3 things you can hear."),
    (2, "smell", "Now 2 things you can smell (or two smells you like)."),
    (1, "taste", "And 1 thing you can taste."),
)
_THOUGHT = (
    "Let's do a thought record. First, the situation: what happened, where and when? (Type 'stop' at any time.)",
    "What went through your mind? Write down the automatic thought.",
    "Which emotion did you feel, and how strong was it from 0 to 100? (For example: anxious 80)",
    "What evidence supports that thought?",
    "What evidence doesn't fit with it?",
    "Taking both into account, what's a more balanced way to see it?",
    "Reading that balanced thought, how strong is the emotion now, from 0 to 100?",
)
_ACTIVATION = (
    "Let's plan one small thing that matters to you. What's an activity you used to enjoy or that feels "
    "worthwhile, small enough to do this week? (A 10-minute walk, calling a friend, cooking something simple…)",
    "Good choice. When exactly could you do it? Pick a day and a time.",
    "What might get in the way?",
    "And if that happens, what could you do instead? That's your plan B.",
)
_NUMBER = re.compile(r"\b(100|[1-9]?\d)\b")


def is_stop(text: str) -> bool:
    return " ".join(text.lower().split()).strip(".! ") in STOP_WORDS


def trigger(text: str) -> str | None:
    """The flow a message asks for by name, if any."""
    for name, pattern in _TRIGGERS:
        if pattern.search(text):
            return name
    return None


def _rating(text: str) -> int | None:
    found = _NUMBER.search(text)
    return int(found.group(1)) if found else None


def start(name: str) -> tuple[dict, str]:
    """The state and first prompt of flow `name`."""
    if name == "box_breathing":
        return {"flow": name, "step": 0}, (
            "Let's do box breathing together: breathe in for 4, hold for 4, breathe out for 4, hold for 4. "
            f"We'll do {BREATHING_ROUNDS} rounds. Sit comfortably, and type 'next' when you're ready."
        )
    if name == "grounding":
        return {"flow": name, "step": 0}, _GROUNDING[0][2]
    if name == "thought_record":
        return {"flow": name, "step": 0}, _THOUGHT[0]
    if name == "activation":
        return {"flow": name, "step": 0}, _ACTIVATION[0]
    raise ValueError(f"no such flow: {name}")


def advance(state: dict, text: str) -> tuple[dict, str, bool]:
    """One answer in a running flow: (new state, reply, finished)."""
    name, step = state["flow"], int(state.get("step", 0))
    if name == "box_breathing":
        step += 1
        if step <= BREATHING_ROUNDS:
            tail = (
                "Type 'next' when you're ready for the next round."
                if step < BREATHING_ROUNDS
                else "Type 'next' when you've finished."
            )
            reply = (
                f"Round {step} of {BREATHING_ROUNDS}: breathe in… 2… 3… 4. Hold… 2… 3… 4. "
                f"Breathe out… 2… 3… 4. Hold… 2… 3… 4. {tail}"
            )
            return {"flow": name, "step": step}, reply, False
        return {}, "Well done. Notice how your body feels now. How are you feeling after the breathing?", True
    if name == "grounding":
        count, sense, _ = _GROUNDING[step]
        thanks = f"Thank you. Noticing {count} thing{'s' if count > 1 else ''} you can {sense} takes attention."
        step += 1
        if step < len(_GROUNDING):
            return {"flow": name, "step": step}, f"{thanks} {_GROUNDING[step][2]}", False
        return {}, f"{thanks} You've finished 5-4-3-2-1 grounding. How do you feel now, compared with before?", True
    if name == "thought_record":
        new = {"flow": name, "step": step + 1}
        if step == 2:
            new["before"] = _rating(text)
        elif "before" in state:
            new["before"] = state["before"]
        if step + 1 < len(_THOUGHT):
            ack = "Thank you." if step != 2 or new.get("before") is not None else "Thank you (no number is fine too)."
            return new, f"{ack} {_THOUGHT[step + 1]}", False
        before, after = state.get("before"), _rating(text)
        if before is not None and after is not None:
            change = (
                f"Your rating went from {before} to {after}."
                if after != before
                else f"Your rating stayed at {after}, and that's okay."
            )
        else:
            change = "However strong it feels now, looking at the evidence is a skill that grows with practice."
        return (
            {},
            (
                f"{change} Well done for working through a whole thought record. You could write it in your journal "
                "(Reflect → Thought record) to keep it or share it with your therapist."
            ),
            True,
        )
    if name == "activation":
        step += 1
        if step < len(_ACTIVATION):
            return {"flow": name, "step": step}, f"Thank you. {_ACTIVATION[step]}", False
        return (
            {},
            (
                "That's a plan: one small activity, a time for it, and a plan B. Put it in your calendar, and notice "
                "how you feel afterwards, even a little. Small steps add up."
            ),
            True,
        )
    return {}, "Let's start again. What would you like to do?", True
