"""Compare the students of a GPU run as the app would ship them, and name the one to ship.

    .venv/bin/python tools/pick_candidate.py OUT [--data ../shared/data/fer2013/fer2013.csv.gz]

Each candidate (one student with flip averaging, the two shipped-size students as an ensemble, the stride-1
student without flip averaging) is exported, quantised to int8 like the shipped file, timed on one CPU thread
and scored on PublicTest only. The winner is the most accurate on PublicTest among those within the latency
budget: 90 % of 3 ms on this host, or, on a CPU where even the shipped file is slower than that (no VNNI: 2.5-3 ms),
no slower than the shipped file timed here. PrivateTest is not touched here: score the winner once, afterwards
(docs/emotion.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mindhaven.emotion.classifier import EmotionClassifier
from mindhaven.training.card import per_face_latency_ms
from mindhaven.training.data import load
from mindhaven.training.evaluate import evaluate
from mindhaven.training.export import export_onnx
from mindhaven.training.quantize import QuantizationSettings, calibration_faces, quantize_model

BUDGET_MS = 3.0
HEADROOM = 0.9  # choose only what runs in 90 % of the budget here
SHIPPED = Path(__file__).resolve().parents[1] / "mindhaven" / "emotion" / "models" / "emotion.onnx"


def allowed_ms(shipped_ms: float) -> float:
    """The latency a candidate may take on this host: the budget with headroom, or the shipped file's own time
    where this CPU is too slow for even that (a new model must not be slower than the one it replaces)."""
    return max(BUDGET_MS * HEADROOM, shipped_ms * 1.02)


CANDIDATES = {  # name: (checkpoints, flip averaging)
    "student1": (["student1.pt"], True),
    "student2": (["student2.pt"], True),
    "student1+2": (["student1.pt", "student2.pt"], True),
    "student-s1": (["student-s1.pt"], False),
    "student-s1-flip": (["student-s1.pt"], True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="the folder the GPU run returned")
    parser.add_argument(
        "--data", default=str(Path(__file__).resolve().parents[2] / "shared/data/fer2013/fer2013.csv.gz")
    )
    args = parser.parse_args()
    faces = load(args.data)
    settings = QuantizationSettings()
    calibration = calibration_faces(faces, settings)
    folder = args.run / "candidates"
    rows = []
    for name, (files, flip) in CANDIDATES.items():
        checkpoints = [args.run / f for f in files]
        if not all(c.is_file() for c in checkpoints):
            print(f"{name}: missing {', '.join(str(c) for c in checkpoints if not c.is_file())}")
            continue
        float_file = export_onnx(checkpoints, folder / f"{name}.fp16.onnx", tta=flip, fp16_weights=True)
        int8_file = quantize_model(float_file, folder / f"{name}.onnx", calibration, settings)
        public = evaluate(EmotionClassifier(int8_file, threads=2), faces, "PublicTest").accuracy
        rows.append((name, public, per_face_latency_ms(int8_file)))
    shipped_ms = per_face_latency_ms(SHIPPED)
    limit = allowed_ms(shipped_ms)
    print(f"shipped file here: {shipped_ms:.2f} ms per face; candidates may take up to {limit:.2f} ms")
    print(f"{'candidate':<16} {'PublicTest':>10} {'ms/face':>8}")
    for name, public, ms in rows:
        print(f"{name:<16} {public * 100:9.2f}% {ms:8.2f}{'' if ms <= limit else '  over budget'}")
    eligible = [row for row in rows if row[2] <= limit]
    if eligible:
        best = max(eligible, key=lambda row: row[1])
        print(f"ship: {folder / (best[0] + '.onnx')} (PublicTest {best[1] * 100:.2f} %)")


if __name__ == "__main__":
    main()
