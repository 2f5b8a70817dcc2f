"""Per-stream smoothing: an exponential moving average of the probabilities.

A single frame's estimate jumps with blinks and head turns; the therapist
needs the trend of the last second or two. One EmotionSmoother per video
stream; safe to call from several threads.
"""

from __future__ import annotations

import threading
import time

import numpy as np


class EmotionSmoother:
    def __init__(self, half_life_s: float = 1.0, reset_after_s: float = 5.0) -> None:
        self.half_life_s = half_life_s
        self.reset_after_s = reset_after_s
        self._state: np.ndarray | None = None
        self._last: float | None = None
        self._lock = threading.Lock()

    def update(self, probabilities: np.ndarray, now: float | None = None) -> np.ndarray:
        """Blend in a new estimate; the weight of the old one halves every `half_life_s` seconds."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if self._state is None or self._last is None or now - self._last > self.reset_after_s:
                self._state = probabilities.astype(np.float64)
            else:
                keep = 0.5 ** (max(now - self._last, 0.0) / self.half_life_s)
                self._state = keep * self._state + (1 - keep) * probabilities
            self._last = now
            return (self._state / self._state.sum()).astype(np.float32)

    def reset(self) -> None:
        with self._lock:
            self._state, self._last = None, None
