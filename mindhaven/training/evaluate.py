"""Score any contract-obeying ONNX model on a FER2013 split (numpy + onnxruntime; no torch)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mindhaven.emotion.classifier import EmotionClassifier
from mindhaven.emotion.labels import LABELS
from mindhaven.training.data import FaceSet


@dataclass
class Evaluation:
    split: str
    count: int
    accuracy: float
    recall: dict[str, float]
    confusion: list[list[int]]  # rows: true label, columns: predicted

    def table(self) -> str:
        width = max(len(label) for label in LABELS)
        lines = [f"{self.split}: {self.count} faces, accuracy {self.accuracy * 100:.2f} %", "", "per-class recall:"]
        lines += [f"  {label:<{width}}  {self.recall[label] * 100:6.2f} %" for label in LABELS]
        lines += [
            "",
            "confusion matrix (rows: true, columns: predicted):",
            " " * (width + 2) + " ".join(f"{label[:7]:>7}" for label in LABELS),
        ]
        lines += [
            f"  {label:<{width}}" + " ".join(f"{n:>7}" for n in row)
            for label, row in zip(LABELS, self.confusion, strict=True)
        ]
        return "\n".join(lines)


def evaluate(classifier: EmotionClassifier, faces: FaceSet, split: str, batch: int = 256) -> Evaluation:
    subset = faces.split(split)
    if len(subset) == 0:
        raise ValueError(f"no faces in split {split!r}")
    predictions = []
    for start in range(0, len(subset), batch):
        x = subset.images[start : start + batch].astype(np.float32)[:, None] / 255.0
        predictions.append(classifier.logits(x).argmax(axis=1))
    predicted = np.concatenate(predictions)
    confusion = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    np.add.at(confusion, (subset.labels, predicted), 1)
    support = confusion.sum(axis=1)
    recall = {label: float(confusion[i, i] / support[i]) if support[i] else 0.0 for i, label in enumerate(LABELS)}
    return Evaluation(split, len(subset), float((predicted == subset.labels).mean()), recall, confusion.tolist())
