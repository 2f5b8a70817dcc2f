"""The evaluation set meets the goals: recall on high and imminent >= 0.98, false alarms on clearly safe <= 5 %."""

from collections import Counter

from benchmarks.safety_eval import FALSE_ALARM_GOAL, RECALL_GOAL, evaluate, load


def test_evaluation_set_is_big_and_balanced_enough():
    rows = load()
    assert len(rows) >= 300
    levels, groups = Counter(r["level"] for r in rows), Counter(r["group"] for r in rows)
    assert levels["high"] + levels["imminent"] >= 120
    assert groups["safe"] >= 80
    assert set(groups) == {"direct", "indirect", "slang", "typo", "negation", "quote", "safe"}
    assert all(r["level"] == "none" for r in rows if r["group"] == "safe")


def test_goals_are_met():
    result = evaluate(load())
    assert result["recall_high_imminent"] >= RECALL_GOAL, result["missed"]
    assert result["false_alarm_rate_safe"] <= FALSE_ALARM_GOAL, result["false_alarms"]
