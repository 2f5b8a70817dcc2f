"""The chatbot's brain, free of the database: one client message and the conversation state in, one reply out.

Order, always: (1) the safety check — on any risk the reply is the crisis card and any exercise stops; (2) "stop"
inside an exercise; (3) the running exercise; (4) an exercise asked for by name or accepted after an offer;
(5) the intent classifier, with an empathic, varied reply; the optional language model may phrase replies to
feelings and unknown messages, and what it writes passes the same safety check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from mindhaven.chatbot import flows
from mindhaven.chatbot.classifier import classify
from mindhaven.chatbot.intents import FEELINGS, LINKS, responses
from mindhaven.safety.crisis import crisis_check
from mindhaven.safety.risk import assess as _assess
from mindhaven.safety.risk import assess_by_rules

CRISIS = "crisis"
CRISIS_TEXT = (
    "I'm really glad you told me, and I'm concerned about your safety. You deserve support right now from a "
    "person who can help: please call one of the helplines below; they are free and open day and night. If you "
    "are in immediate danger, call your local emergency number. I've let your therapist know so they can check "
    "in with you. I'm a simple assistant, so I'll pause our exercises here."
)
STOPPED = "Okay, we've stopped the exercise. That's completely fine. How are you feeling now?"
# A reply to "yes" after an exercise was offered.
_YES = frozenset({"yes", "yes please", "yeah", "yep", "ok", "okay", "sure", "let's do it", "lets do it", "y"})
_OFFERS = {"anxious": "box_breathing", "angry": "box_breathing", "sleep": "box_breathing", "cannot_cope": "grounding"}
_LEVEL_ORDER = ("none", "concern", "high", "imminent")


class LanguageModel(Protocol):
    def reply(self, history: Sequence[tuple[str, str]], text: str) -> str | None: ...


@dataclass(frozen=True)
class SafetyResult:
    at_risk: bool
    level: str | None  # None, or concern / high / imminent


@dataclass
class Reply:
    text: str
    intent: str
    state: dict
    crisis: bool = False
    risk_level: str | None = None  # of the client's message
    links: tuple[tuple[str, str], ...] = ()
    used_llm: bool = False
    score: float = 0.0
    extra: dict = field(default_factory=dict)


def _level_name(level) -> str:
    value = getattr(level, "value", level)
    return str(value or "none").lower()


def safety_check(text: str, written_by_client: bool = True) -> SafetyResult:
    """crisis_check and the safety module's `assess`; the higher level wins, errs to safety.

    The model's own replies pass the phrase rules only: the learned layer was trained on what clients write, and
    a caring reply ("that sounds really hard") reads to it like distress.
    """
    if not written_by_client:
        level = _level_name(assess_by_rules(text).level)
        return SafetyResult(level != "none", None if level == "none" else level)
    level = "high" if crisis_check(text).at_risk else "none"
    try:
        assessed = _level_name(getattr(_assess(text), "level", "none"))
    except Exception:  # noqa: BLE001 - a failing model must not silence the phrase check
        assessed = "none"
    if assessed in _LEVEL_ORDER and _LEVEL_ORDER.index(assessed) > _LEVEL_ORDER.index(level):
        level = assessed
    elif assessed not in _LEVEL_ORDER:
        level = "high" if level == "none" else level
    return SafetyResult(level != "none", None if level == "none" else level)


def _pick(intent: str, state: dict) -> str:
    """Rotate through an intent's replies so the same words don't repeat back to back."""
    options = responses(intent)
    seen = dict(state.get("seen") or {})
    index = int(seen.get(intent, 0))
    seen[intent] = index + 1
    state["seen"] = seen
    return options[index % len(options)]


def _base_state(state: dict) -> dict:
    """What survives between turns outside a flow: the reply rotation and the last intent."""
    return {key: state[key] for key in ("seen", "last_intent") if key in state}


def respond(
    text: str,
    state: dict | None,
    *,
    history: Sequence[tuple[str, str]] = (),
    llm: LanguageModel | None = None,
) -> Reply:
    state = dict(state or {})
    text = text.strip()
    safety = safety_check(text)
    if safety.at_risk:
        return Reply(CRISIS_TEXT, CRISIS, _base_state(state), crisis=True, risk_level=safety.level)

    running = state.get("flow")
    if running and flows.is_stop(text):
        return Reply(STOPPED, "exercises", _base_state(state))
    if running:
        new, reply, finished = flows.advance({k: v for k, v in state.items() if k not in ("seen", "last_intent")}, text)
        merged = {**_base_state(state), **new}
        return Reply(reply, "exercises", merged, extra={"finished": finished})

    asked = flows.trigger(text)
    offered = state.get("offer")
    if asked is None and offered and " ".join(text.lower().split()).strip(".!") in _YES:
        asked = offered
    if asked is not None:
        new, reply = flows.start(asked)
        return Reply(reply, "exercises", {**_base_state(state), **new})

    prediction = classify(text)
    intent = prediction.intent
    base = _base_state(state)
    reply = _pick(intent, base)
    used = False
    if llm is not None and (intent in FEELINGS or intent == "unknown"):
        generated = _ask_llm(llm, history, text)
        if generated is not None:
            reply, used = generated, True
    base["last_intent"] = intent
    if intent in _OFFERS:
        base["offer"] = _OFFERS[intent]
    if intent == "exercises":
        base["offer"] = "box_breathing"
    return Reply(reply, intent, base, links=LINKS.get(intent, ()), used_llm=used, score=prediction.score)


def _ask_llm(llm: LanguageModel, history: Sequence[tuple[str, str]], text: str) -> str | None:
    try:
        generated = llm.reply(history, text)
    except Exception:  # noqa: BLE001 - any failure falls back to the offline reply
        return None
    if not generated or not generated.strip():
        return None
    if safety_check(generated, written_by_client=False).at_risk:  # the model's words pass the phrase rules too
        return None
    return generated.strip()
