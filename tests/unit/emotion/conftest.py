"""Shared fixtures for the emotion engine: the shipped pipeline and real face images."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from mindhaven.emotion.pipeline import EmotionPipeline


@pytest.fixture(scope="session")
def pipeline() -> EmotionPipeline:
    return EmotionPipeline()


@pytest.fixture(scope="session")
def astronaut() -> np.ndarray:
    """skimage's astronaut (Eileen Collins, public domain), smiling, as BGR uint8 512x512."""
    from skimage import data

    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


@pytest.fixture(scope="session")
def astronaut_jpeg(astronaut) -> bytes:
    ok, encoded = cv2.imencode(".jpg", astronaut, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return encoded.tobytes()
