"""Held-out intent accuracy of the support chatbot's offline classifier, overall and per intent.

Run: .venv/bin/python benchmarks/chatbot_eval.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mindhaven.chatbot.classifier import DEFAULT_THRESHOLD, default_classifier  # noqa: E402


def main() -> None:
    rows = [json.loads(line) for line in (ROOT / "tests/data/chatbot_heldout.jsonl").read_text().splitlines() if line]
    start = time.perf_counter()
    classifier = default_classifier()
    trained = time.perf_counter() - start
    total, right = Counter(), Counter()
    start = time.perf_counter()
    for row in rows:
        total[row["intent"]] += 1
        right[row["intent"]] += classifier.predict(row["text"]).intent == row["intent"]
    per_message = (time.perf_counter() - start) / len(rows) * 1000
    print(f"threshold {DEFAULT_THRESHOLD}; trained in {trained * 1000:.0f} ms; {per_message:.2f} ms per message")
    for intent in sorted(total):
        print(f"{intent:16s} {right[intent]:3d}/{total[intent]:3d}  {right[intent] / total[intent]:.0%}")
    print(f"held-out accuracy: {sum(right.values())}/{len(rows)} = {sum(right.values()) / len(rows):.1%}")


if __name__ == "__main__":
    main()
