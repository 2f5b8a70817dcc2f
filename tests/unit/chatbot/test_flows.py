"""Every exercise end to end through the engine, with a plain state dict (no database)."""

from __future__ import annotations

from mindhaven.chatbot.engine import CRISIS, respond


def _talk(messages: list[str], state: dict | None = None):
    state = state or {}
    replies = []
    for text in messages:
        reply = respond(text, state)
        state = reply.state
        replies.append(reply)
    return replies, state


def test_box_breathing_runs_three_rounds_then_ends() -> None:
    replies, state = _talk(["breathing", "next", "next", "next", "next"])
    assert "4" in replies[0].text and "next" in replies[0].text
    assert [r.text.split(":")[0] for r in replies[1:4]] == ["Round 1 of 3", "Round 2 of 3", "Round 3 of 3"]
    assert "How are you feeling" in replies[4].text
    assert "flow" not in state


def test_offer_after_anxiety_is_accepted_with_yes() -> None:
    replies, state = _talk(["I feel anxious", "yes"])
    assert replies[0].intent == "anxious"
    assert state["flow"] == "box_breathing"


def test_grounding_acknowledges_each_answer() -> None:
    replies, state = _talk(["grounding", "lamp, window, cup, book, plant", "desk, sleeve", "cars", "coffee", "mint"])
    assert "5 things you can see" in replies[0].text
    assert "Noticing 5 things you can see" in replies[1].text and "4 things you can touch" in replies[1].text
    assert "3 things you can hear" in replies[2].text
    assert "2 things you can smell" in replies[3].text
    assert "1 thing you can taste" in replies[4].text
    assert "finished 5-4-3-2-1" in replies[5].text
    assert "flow" not in state


def test_thought_record_walks_all_steps_and_compares_ratings_without_keeping_words() -> None:
    answers = [
        "thought record",
        "My friend didn't reply to my message",
        "She is angry with me",
        "anxious 80",
        "She hasn't answered in a day",
        "She's often busy at work and replied warmly last week",
        "She is probably just busy",
        "40",
    ]
    replies, state = _talk(answers)
    assert "situation" in replies[0].text
    assert "automatic thought" in replies[1].text
    assert "0 to 100" in replies[2].text
    assert "evidence supports" in replies[3].text
    assert "doesn't fit" in replies[4].text
    assert "balanced" in replies[5].text
    assert "how strong is the emotion now" in replies[6].text
    assert "from 80 to 40" in replies[7].text
    assert "flow" not in state
    assert "friend" not in str(state)  # the state is plain JSON: never the client's words


def test_activation_plan() -> None:
    replies, state = _talk(["activity plan", "a walk in the park", "Saturday 10am", "rain", "walk in the mall"])
    assert "activity" in replies[0].text
    assert "When exactly" in replies[1].text
    assert "get in the way" in replies[2].text
    assert "plan B" in replies[3].text
    assert "That's a plan" in replies[4].text
    assert "flow" not in state


def test_stop_and_cancel_leave_a_flow() -> None:
    for word in ("stop", "Cancel"):
        replies, state = _talk(["grounding", "a, b, c, d, e", word])
        assert "stopped the exercise" in replies[-1].text
        assert "flow" not in state


def test_exercise_menu_and_feelings_replies_vary() -> None:
    replies, _ = _talk(["can you give me an exercise", "i feel so sad", "i feel sad today", "i'm feeling really low"])
    assert "grounding" in replies[0].text and "thought record" in replies[0].text
    texts = [r.text for r in replies[1:]]
    assert all(r.intent == "feeling_low" for r in replies[1:])
    assert len(set(texts)) == 3


def test_risk_interrupts_a_flow_with_the_crisis_reply() -> None:
    replies, state = _talk(["thought record", "work was awful", "I want to kill myself"])
    assert replies[-1].crisis is True and replies[-1].intent == CRISIS
    assert replies[-1].risk_level == "high"
    assert "flow" not in state
    # The next message is ordinary conversation again, not the old exercise.
    follow = respond("next", state)
    assert follow.intent != "exercises" or "Round" not in follow.text
