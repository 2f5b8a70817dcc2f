"""EmotionPipeline.analyze(image): faces, their seven probabilities, and quality flags.

decode -> detect faces -> crop with margin, grey, 48x48 -> classify all faces
in one batch -> smooth the main face per stream -> result with flags.
Frames live only in memory: nothing here writes to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from mindhaven.emotion import images
from mindhaven.emotion.classifier import DEFAULT_MODEL as DEFAULT_CLASSIFIER
from mindhaven.emotion.classifier import EmotionClassifier
from mindhaven.emotion.detector import DEFAULT_MODEL as DEFAULT_DETECTOR
from mindhaven.emotion.detector import Detection, FaceDetector
from mindhaven.emotion.labels import LABELS
from mindhaven.emotion.smoothing import EmotionSmoother

CROP_MARGIN = 0.15  # FER2013 faces show a little forehead and chin around the detector's box
DARK_LUMA = 40.0  # mean brightness (0-255) below which the frame is too dark to trust
LOW_CONFIDENCE = 0.4


@dataclass(frozen=True)
class FaceResult:
    box: tuple[int, int, int, int]  # x, y, width, height in pixels
    probabilities: dict[str, float]
    dominant: str
    confidence: float
    detector_score: float


@dataclass(frozen=True)
class Analysis:
    faces: list[FaceResult]
    smoothed: dict[str, float] | None  # the main face, smoothed over the stream (None without a stream)
    flags: list[str] = field(default_factory=list)  # no_face, several_faces, too_dark, low_confidence

    def to_dict(self) -> dict:
        return {
            "faces": [
                {
                    "box": list(f.box),
                    "probabilities": f.probabilities,
                    "dominant": f.dominant,
                    "confidence": f.confidence,
                }
                for f in self.faces
            ],
            "smoothed": self.smoothed,
            "flags": self.flags,
        }


def crop_face(grey: np.ndarray, box: Detection, margin: float = CROP_MARGIN) -> np.ndarray:
    """A square 48x48 crop around the box, padded with edge pixels where it leaves the frame."""
    side = max(box.width, box.height) * (1 + 2 * margin)
    cx, cy = box.x + box.width / 2, box.y + box.height / 2
    x1, y1 = int(round(cx - side / 2)), int(round(cy - side / 2))
    x2, y2 = int(round(cx + side / 2)), int(round(cy + side / 2))
    h, w = grey.shape
    pad = max(0, -x1, -y1, x2 - w, y2 - h)
    if pad:
        grey = cv2.copyMakeBorder(grey, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        x1, y1, x2, y2 = x1 + pad, y1 + pad, x2 + pad, y2 + pad
    return cv2.resize(grey[y1:y2, x1:x2], (48, 48), interpolation=cv2.INTER_AREA)


class EmotionPipeline:
    """One per process; safe to share across threads. Smoothing state lives in the EmotionSmoother you pass."""

    def __init__(
        self,
        classifier_path: str | Path = DEFAULT_CLASSIFIER,
        detector_path: str | Path = DEFAULT_DETECTOR,
        threads: int = 1,
        max_faces: int = 4,
    ) -> None:
        self.detector = FaceDetector(detector_path, threads=threads)
        self.classifier = EmotionClassifier(classifier_path, threads=threads)
        self.max_faces = max_faces

    def analyze(self, image: bytes | np.ndarray, stream: EmotionSmoother | None = None) -> Analysis:
        """Raises ImageError (one documented type) for anything that is not a usable image."""
        bgr = images.to_bgr(image)
        grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        flags: list[str] = []
        if float(grey.mean()) < DARK_LUMA:
            flags.append("too_dark")
        detections = self.detector.detect(bgr)[: self.max_faces]
        if not detections:
            return Analysis([], None, ["no_face", *flags])
        if len(detections) > 1:
            flags.append("several_faces")
        crops = np.stack([crop_face(grey, d) for d in detections]).astype(np.float32)[:, None] / 255.0
        probabilities = self.classifier.probabilities(crops)
        faces = []
        for detection, p in zip(detections, probabilities, strict=True):
            best = int(p.argmax())
            faces.append(
                FaceResult(
                    (detection.x, detection.y, detection.width, detection.height),
                    {label: float(v) for label, v in zip(LABELS, p, strict=True)},
                    LABELS[best],
                    float(p[best]),
                    detection.score,
                )
            )
        main = max(range(len(faces)), key=lambda i: detections[i].width * detections[i].height)
        if faces[main].confidence < LOW_CONFIDENCE:
            flags.append("low_confidence")
        smoothed = None
        if stream is not None:
            smoothed = {label: float(v) for label, v in zip(LABELS, stream.update(probabilities[main]), strict=True)}
        if main != 0:  # the main (largest) face first
            faces.insert(0, faces.pop(main))
        return Analysis(faces, smoothed, flags)
