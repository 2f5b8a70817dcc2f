"""Evaluate the risk check on labelled messages: the phrase rules alone and with the learned layer.

Ten sets in benchmarks/data:
- `safety_eval.jsonl`: the phrase rules were tuned on it and the learned layer is trained on it (optimistic by
  construction);
- `safety_heldout.jsonl` to `safety_heldout4.jsonl`: written by separate authors to measure earlier versions of the
  check, each scored before it joined the training data (training figures now);
- `safety_heldout5.jsonl`: 300 messages written by another author who saw neither the project nor any of its data,
  never trained on, scored once after every choice was made (the honest figure);
- `safety_multilingual.jsonl`: 240 messages in Spanish, Portuguese, French, German and Hindi (Latin letters and
  Devanagari), 40 each, by an author who saw nothing of the project; it measured the check once, then the rules for
  other languages were extended from its misses and it joined the learned layer's training (training figures now);
- `safety_multilingual2.jsonl`: 240 more by another author who saw nothing of the project; it measured the check
  once, then it too extended the rules and joined training (training figures now);
- `safety_multilingual3.jsonl`: 240 more by a third such author; it measured the check once, then extended the
  rules and joined training (training figures now);
- `safety_multilingual4.jsonl`: 240 more by a fourth such author, never trained on, scored once after every choice
  (the honest figure for other languages). The multilingual tables are per language.
Prints recall on high and imminent messages (caught = assessed high or imminent), how many of them would see the
crisis card (assessed anything above none: concern shows it too) and the false-alarm rate on clearly-safe
messages (group "safe": any level other than none is a false alarm) for each set and check, then the full
check's per-group table and misses on the last set; writes benchmarks/results/safety_eval.json.
Goals: recall >= 0.98, false alarms <= 5 %.

    .venv/bin/python benchmarks/safety_eval.py [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mindhaven.safety.risk import LEVELS, assess, assess_by_rules, rank  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "safety_eval.jsonl"
EARLIER = tuple(ROOT / "benchmarks" / "data" / f"safety_heldout{n}.jsonl" for n in ("", "2", "3", "4"))
HELD_OUT = ROOT / "benchmarks" / "data" / "safety_heldout5.jsonl"
MULTILINGUAL_EARLIER = tuple(ROOT / "benchmarks" / "data" / f"safety_multilingual{n}.jsonl" for n in ("", "2", "3"))
MULTILINGUAL = ROOT / "benchmarks" / "data" / "safety_multilingual4.jsonl"
SETS = {
    "tuning": DATA,
    **{f"earlier {n}": path for n, path in enumerate(EARLIER, 1)},
    "held_out": HELD_OUT,
    **{f"multilingual {n}": path for n, path in enumerate(MULTILINGUAL_EARLIER, 1)},
    "multilingual": MULTILINGUAL,
}
GROUP_BY = {name: "lang" for name in SETS if name.startswith("multilingual")}  # per language; others per wording
RESULTS = ROOT / "benchmarks" / "results" / "safety_eval.json"
RECALL_GOAL = 0.98
FALSE_ALARM_GOAL = 0.05
CHECKS = {"rules": assess_by_rules, "rules+learned": assess}


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(rows: list[dict], check=assess, group_by: str = "group") -> dict:
    at_risk = [r for r in rows if rank(r["level"]) >= rank("high")]
    safe = [r for r in rows if r["group"] == "safe"]
    predicted = {id(r): check(r["text"]).level for r in rows}
    missed = [r for r in at_risk if rank(predicted[id(r)]) < rank("high")]
    shown = [r for r in at_risk if predicted[id(r)] != "none"]  # crisis resources appear for any level above none
    alarms = [r for r in safe if predicted[id(r)] != "none"]
    groups: dict[str, dict] = defaultdict(lambda: {"n": 0, "exact": 0, "high_n": 0, "high_caught": 0, "flagged": 0})
    confusion = {gold: dict.fromkeys(LEVELS, 0) for gold in LEVELS}
    for r in rows:
        got = predicted[id(r)]
        g = groups[r[group_by]]
        g["n"] += 1
        g["exact"] += got == r["level"]
        g["flagged"] += got != "none"
        if rank(r["level"]) >= rank("high"):
            g["high_n"] += 1
            g["high_caught"] += rank(got) >= rank("high")
        confusion[r["level"]][got] += 1
    recall = (len(at_risk) - len(missed)) / len(at_risk)
    false_alarm = len(alarms) / len(safe)
    return {
        "messages": len(rows),
        "high_or_imminent": len(at_risk),
        "clearly_safe": len(safe),
        "recall_high_imminent": round(recall, 4),
        "crisis_card_shown_high_imminent": round(len(shown) / len(at_risk), 4),
        "false_alarm_rate_safe": round(false_alarm, 4),
        "exact_level_accuracy": round(sum(predicted[id(r)] == r["level"] for r in rows) / len(rows), 4),
        "goals": {"recall": RECALL_GOAL, "false_alarm": FALSE_ALARM_GOAL},
        "met": recall >= RECALL_GOAL and false_alarm <= FALSE_ALARM_GOAL,
        "groups": dict(sorted(groups.items())),
        "confusion": confusion,
        "missed": [{"text": r["text"], "level": r["level"], "got": predicted[id(r)]} for r in missed],
        "false_alarms": [{"text": r["text"], "got": predicted[id(r)]} for r in alarms],
    }


def report(result: dict) -> str:
    lines = [
        f"messages {result['messages']}  high/imminent {result['high_or_imminent']}  "
        f"clearly safe {result['clearly_safe']}",
        f"recall (high+imminent caught as high+) {result['recall_high_imminent']:.3f}  goal >= {RECALL_GOAL}",
        f"false alarms on clearly safe           {result['false_alarm_rate_safe']:.1%}  goal <= {FALSE_ALARM_GOAL:.0%}",
        f"exact level accuracy                   {result['exact_level_accuracy']:.1%}",
        "",
        f"{'group':<10} {'n':>4} {'exact':>7} {'high+ caught':>13} {'flagged':>8}",
    ]
    for name, g in result["groups"].items():
        caught = f"{g['high_caught']}/{g['high_n']}" if g["high_n"] else "-"
        lines.append(f"{name:<10} {g['n']:>4} {g['exact'] / g['n']:>7.0%} {caught:>13} {g['flagged']:>8}")
    lines += ["", "gold \\ got  " + " ".join(f"{lvl:>9}" for lvl in LEVELS)]
    for gold, row in result["confusion"].items():
        lines.append(f"{gold:<11} " + " ".join(f"{row[lvl]:>9}" for lvl in LEVELS))
    for title, key in (("missed", "missed"), ("false alarms", "false_alarms")):
        if result[key]:
            lines += ["", f"{title}:"] + [f"  {m}" for m in result[key]]
    lines += ["", "goals met" if result["met"] else "GOALS NOT MET"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    results = {
        name: {check: evaluate(load(path), fn, GROUP_BY.get(name, "group")) for check, fn in CHECKS.items()}
        for name, path in SETS.items()
    }
    print(f"{'set':<15} {'check':<14} {'recall high+':>12} {'card shown':>11} {'false alarms':>13}")
    for name, by_check in results.items():
        for check, result in by_check.items():
            print(
                f"{name:<15} {check:<14} {result['recall_high_imminent']:>12.3f} "
                f"{result['crisis_card_shown_high_imminent']:>11.3f} "
                f"{result['false_alarm_rate_safe']:>13.1%}"
            )
    for name in ("held_out", "multilingual"):
        print(
            f"\nthe full check on the {name.replace('_', '-')} set{' (held out)' if name == 'multilingual' else ''}:\n"
        )
        print(report(results[name]["rules+learned"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
