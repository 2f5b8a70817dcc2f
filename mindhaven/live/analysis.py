"""Frames in, emotion estimates out: one shared pipeline, one smoother per session, nothing kept but numbers."""

from __future__ import annotations

import threading

from mindhaven.emotion.errors import ImageError
from mindhaven.emotion.labels import LABELS

MAX_FRAME_BYTES = 1024 * 1024
JPEG_MAGIC = b"\xff\xd8\xff"


class FrameRejected(ValueError):
    """The frame cannot be analysed; the message says why in plain words."""


class LiveAnalyser:
    """Thread-safe: the pipeline is shared, each session's smoother is its own."""

    def __init__(self) -> None:
        self._pipeline = None
        self._smoothers: dict[int, object] = {}
        self._lock = threading.Lock()

    def _get_pipeline(self):
        with self._lock:
            if self._pipeline is None:
                from mindhaven.emotion.pipeline import EmotionPipeline

                self._pipeline = EmotionPipeline(threads=1)
            return self._pipeline

    def _smoother(self, booking_id: int):
        from mindhaven.emotion.smoothing import EmotionSmoother

        with self._lock:
            return self._smoothers.setdefault(booking_id, EmotionSmoother())

    def forget(self, booking_id: int) -> None:
        with self._lock:
            self._smoothers.pop(booking_id, None)

    def analyse(self, booking_id: int, image: object) -> dict:
        """A JSON-ready result; raises FrameRejected for anything that is not a usable JPEG."""
        if not isinstance(image, (bytes, bytearray, memoryview)):
            raise FrameRejected("A frame must be JPEG bytes.")
        data = bytes(image)
        if len(data) > MAX_FRAME_BYTES:
            raise FrameRejected("That frame is larger than 1 MB; send at most 320 pixels wide.")
        if not data.startswith(JPEG_MAGIC):
            raise FrameRejected("A frame must be a JPEG image.")
        try:
            analysis = self._get_pipeline().analyze(data, self._smoother(booking_id))
        except ImageError as error:
            raise FrameRejected(str(error)) from None
        if analysis.faces and analysis.smoothed is not None:
            probabilities = {label: round(float(analysis.smoothed[label]), 4) for label in LABELS}
            dominant = max(probabilities, key=probabilities.get)
            return {
                "face": True,
                "dominant": dominant,
                "confidence": probabilities[dominant],
                "probabilities": probabilities,
                "flags": list(analysis.flags),
            }
        return {
            "face": False,
            "dominant": None,
            "confidence": 0.0,
            "probabilities": None,
            "flags": list(analysis.flags),
        }
