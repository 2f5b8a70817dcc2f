"""The model card: JSON for tools, Markdown for people, PNG charts of the confusion matrix and training curves.

PrivateTest is scored here, once, with the exported ONNX file and the same
onnxruntime code the app runs, so the card's figure is the one users reproduce
with `mindhaven emotion evaluate`.
"""

from __future__ import annotations

import json
import platform
import time
from datetime import date
from pathlib import Path

import numpy as np

from mindhaven.emotion.classifier import EmotionClassifier
from mindhaven.emotion.labels import LABELS
from mindhaven.training import data as fer
from mindhaven.training.evaluate import Evaluation, evaluate


def per_face_latency_ms(model: Path, runs: int = 300) -> float:
    """Median time of one face on one CPU thread (batch of 1)."""
    classifier = EmotionClassifier(model, threads=1)
    face = np.random.default_rng(0).random((1, 1, 48, 48), dtype=np.float32)
    for _ in range(30):
        classifier.logits(face)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        classifier.logits(face)
        times.append(time.perf_counter() - start)
    return float(np.median(times) * 1000)


def plot_confusion(evaluation: Evaluation, target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matrix = np.array(evaluation.confusion, dtype=float)
    share = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    ax.imshow(share, cmap="Greens", vmin=0, vmax=1)
    ax.set_xticks(range(len(LABELS)), LABELS, rotation=45, ha="right")
    ax.set_yticks(range(len(LABELS)), LABELS)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for i in range(len(LABELS)):
        for j in range(len(LABELS)):
            ax.text(
                j,
                i,
                f"{int(matrix[i, j])}",
                ha="center",
                va="center",
                color="white" if share[i, j] > 0.5 else "black",
                fontsize=8,
            )
    ax.set_title(f"{evaluation.split}: accuracy {evaluation.accuracy * 100:.2f} %")
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def plot_curves(history: list[dict], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [h["epoch"] for h in history]
    fig, left = plt.subplots(figsize=(6.4, 4))
    left.plot(epochs, [h["train_loss"] for h in history], color="#2f6f62", label="training loss")
    left.set_xlabel("epoch")
    left.set_ylabel("training loss")
    right = left.twinx()
    right.plot(epochs, [h["public_test_accuracy"] * 100 for h in history], color="#a12d2d", label="PublicTest accuracy")
    right.set_ylabel("PublicTest accuracy (%)")
    fig.legend(loc="lower center", ncol=2, fontsize=8)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(target, dpi=110)
    plt.close(fig)


def score_file(model: Path, data: str, folder: Path) -> tuple[dict, Evaluation]:
    """Score a contract file on both test splits, draw its confusion matrix into `folder`, time it: the card
    fields that describe this very file, and the PrivateTest evaluation."""
    faces = fer.load(data)
    classifier = EmotionClassifier(model, threads=2)
    public = evaluate(classifier, faces, "PublicTest")
    private = evaluate(classifier, faces, "PrivateTest")
    plot_confusion(private, folder / "confusion_private_test.png")
    fields = {
        "name": model.stem,
        "file": model.name,
        "date": date.today().isoformat(),
        "file_bytes": model.stat().st_size,
        "public_test": {"accuracy": public.accuracy, "recall": public.recall},
        "private_test": {
            "accuracy": private.accuracy,
            "recall": private.recall,
            "confusion": private.confusion,
            "count": private.count,
        },
        "latency_ms_per_face_one_thread": per_face_latency_ms(model),
        "latency_machine": f"{platform.processor() or platform.machine()}, {platform.system()}",
    }
    return fields, private


def write_card(model: Path, data: str, out: Path, summary: dict, flip_averaged: bool | None = None) -> dict:
    """Score the exported file and describe it; `flip_averaged` says how it was exported (default: as selected)."""
    measured, private = score_file(model, data, out)
    history = json.loads((out / "history.json").read_text())
    plot_curves(history, out / "training_curves.png")
    card = {
        "contract": {
            "input": "faces float32 [N,1,48,48] in [0,1]",
            "output": "logits [N,7]",
            "labels": list(LABELS),
            "flip_averaging_in_graph": summary["config"]["tta"] if flip_averaged is None else flip_averaged,
        },
        "architecture": summary["config"]["arch"],
        "parameters": summary["parameters"],
        "training": {
            "data": "FER2013 Training split, deduplicated by pixel hash and with every face that also appears in "
            "PublicTest or PrivateTest removed",
            "data_cleaning": summary["data_cleaning"],
            "training_faces": summary["training_faces"],
            "ferplus_soft_labels": summary["config"]["ferplus"] is not None,
            "ferplus_weight": summary["config"]["ferplus_weight"] if summary["config"]["ferplus"] else None,
            "epochs": summary["config"]["epochs"],
            "best_epoch": summary["best_epoch"],
            "seconds": round(summary["training_seconds"]),
            "device": summary["device"],
            "config": summary["config"],
        },
        "selection": "checkpoint with the best PublicTest accuracy; PrivateTest scored once, after selection",
        **measured,
    }
    (out / "model_card.json").write_text(json.dumps(card, indent=1))
    (out / "model_card.md").write_text(render_markdown(card, private))
    return card


def render_markdown(card: dict, private: Evaluation) -> str:
    public, private_recall = card["public_test"]["recall"], card["private_test"]["recall"]
    recall_rows = "\n".join(
        f"| {label} | {public[label] * 100:.1f} % | {private_recall[label] * 100:.1f} % |" for label in LABELS
    )
    targets = (
        f"FER2013 labels blended with FER+ vote distributions (FER+ share {card['training']['ferplus_weight']})"
        if card["training"]["ferplus_soft_labels"]
        else "FER2013 labels"
    )
    flip = "inside the graph (the runtime gets it too)" if card["contract"]["flip_averaging_in_graph"] else "no"
    weights = card.get("weights", {}).get("weights", "float32 (stored as float16 where the file says so)")
    notes = "".join(f"{note}\n\n" for note in card.get("notes", []))
    training = card["training"]
    return f"""# Model card: {card["name"]}

A facial-emotion classifier for 48x48 grey face crops, shipped with MindHaven to give therapists a live,
consented estimate of the emotions a client's face shows during a video session.

## Figures

| | value |
| --- | --- |
| FER2013 PrivateTest accuracy | **{private.accuracy * 100:.2f} %** ({private.count} faces, scored once) |
| FER2013 PublicTest accuracy (used for selection) | {card["public_test"]["accuracy"] * 100:.2f} % |
| Parameters | {card["parameters"]:,} |
| File size | {card["file_bytes"] / 1e6:.1f} MB |
| Latency, one face, one CPU thread (onnxruntime) | {card["latency_ms_per_face_one_thread"]:.2f} ms |
| Flip averaging | {flip} |
| Weights | {weights} |

Per-class recall (disgust and fear are the hard classes):

| class | PublicTest | PrivateTest |
| --- | --- | --- |
{recall_rows}

{notes}![Confusion matrix on PrivateTest](confusion_private_test.png)

![Training curves](training_curves.png)

```
{private.table()}
```

## Training

- Architecture `{card["architecture"]}` (see `mindhaven/training/nets.py`), trained from scratch.
- Data: {training["data"]}. {"; ".join(training["data_cleaning"])}.
- Targets: {targets}, label smoothing 0.1.
- {training["epochs"]} epochs, best PublicTest at epoch {training["best_epoch"]};
  {training["seconds"] / 60:.0f} minutes on `{training["device"]}`.
- Augmentation: small affine jitter, horizontal flip, brightness/contrast, random erasing, mixup.
  SGD with Nesterov momentum and a one-cycle schedule.
- Selection on PublicTest only; PrivateTest was scored once, after selection, by this card.

## Intended use and limits

- Intended use: a conversation aid for a licensed therapist, during a session the client has consented to analyse.
  It estimates what a face shows, not what a person feels, and it is never a diagnosis.
- FER2013 is web-scraped, mostly posed or candid photos of adults, with noisy labels (human agreement is about 65 %).
  Accuracy on real webcam video, on children, on older adults and across skin tones and cultures has not been
  measured and may be lower. Disgust has very few training examples and is recognised poorly.
- Poor light, strong head turns, glasses and masks lower accuracy; the pipeline flags dark frames, missing or
  several faces, and low confidence.
- The original prototype compared its CNN with a VGG16 on frozen ImageNet weights (46 %). ImageNet weights cannot be
  downloaded here, so MindHaven's VGG16 baseline is the VGG16 layout adapted to 48x48 grey and trained from scratch
  (see BENCHMARKS.md).
"""


def rescore_card(source_card: Path, model: Path, data: str, changes: dict) -> dict:
    """The card of a file derived from a carded model (e.g. its int8 copy), scored afresh beside it.

    Training facts carry over; `changes` (such as `weights`) are merged in; both test splits, the confusion
    matrix and the latency are measured again on the new file, and the Markdown is rendered anew.
    Writes `<model stem>.model_card.json|md` and `confusion_private_test.png` next to `model`.
    """
    card = json.loads(source_card.read_text())
    folder = model.parent
    measured, private = score_file(model, data, folder)
    curves = source_card.parent / "training_curves.png"
    if curves.is_file() and not (folder / "training_curves.png").exists():
        (folder / "training_curves.png").write_bytes(curves.read_bytes())
    card.update(changes)
    card.update(measured)
    (folder / f"{model.stem}.model_card.json").write_text(json.dumps(card, indent=1))
    (folder / f"{model.stem}.model_card.md").write_text(render_markdown(card, private))
    return card


def render_card_file(card_json: Path) -> Path:
    """Render `<stem>.model_card.md` again from its JSON (after editing its notes, say); nothing is rescored."""
    card = json.loads(card_json.read_text())
    stored = card["private_test"]
    private = Evaluation("PrivateTest", stored["count"], stored["accuracy"], stored["recall"], stored["confusion"])
    target = card_json.with_name(card_json.name.replace(".json", ".md"))
    target.write_text(render_markdown(card, private))
    return target
