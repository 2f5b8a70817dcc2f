"""Bad input raises ImageError with a clear message; good input in every accepted form decodes."""

import cv2
import numpy as np
import pytest

from mindhaven.emotion import ImageError
from mindhaven.emotion.images import to_bgr


def _png(image: np.ndarray) -> bytes:
    return cv2.imencode(".png", image)[1].tobytes()


@pytest.mark.parametrize(
    "name, make, message",
    [
        ("empty bytes", lambda jpeg: b"", "empty"),
        ("text", lambda jpeg: b"hello, this is not an image", "not a JPEG or PNG"),
        ("truncated JPEG", lambda jpeg: jpeg[: len(jpeg) // 2], "truncated"),
        ("JPEG header only", lambda jpeg: jpeg[:20], "truncated"),
        ("truncated PNG", lambda jpeg: _png(np.zeros((64, 64, 3), np.uint8))[:-30], "truncated"),
        ("1x1 PNG", lambda jpeg: _png(np.zeros((1, 1, 3), np.uint8)), "at least"),
        (
            "10000x10000 JPEG",
            lambda jpeg: cv2.imencode(".jpg", np.zeros((10000, 10000), np.uint8))[1].tobytes(),
            "at most",
        ),
        ("not bytes", lambda jpeg: "a string", "expected image bytes"),
        ("garbage after JPEG magic", lambda jpeg: b"\xff\xd8\xff" + b"\x00" * 100, "corrupt"),
    ],
)
def test_bad_bytes_raise_image_error(astronaut_jpeg, pipeline, name, make, message):
    data = make(astronaut_jpeg)
    with pytest.raises(ImageError, match=message):
        to_bgr(data)
    with pytest.raises(ImageError):
        pipeline.analyze(data)


@pytest.mark.parametrize(
    "array, message",
    [
        (np.zeros((64, 64, 3), np.float32), "uint8"),
        (np.zeros((64, 64, 3), np.int64), "uint8"),
        (np.zeros((64, 64, 2), np.uint8), "shape"),
        (np.zeros((64, 64, 5), np.uint8), "shape"),
        (np.zeros((2, 64, 64, 3), np.uint8), "shape"),
        (np.zeros((1, 1, 3), np.uint8), "at least"),
        (np.zeros((10000, 10000), np.uint8), "at most"),
        (np.zeros(5, np.uint8), "shape"),
    ],
)
def test_bad_arrays_raise_image_error(array, message, pipeline):
    with pytest.raises(ImageError, match=message):
        pipeline.analyze(array)


def test_all_accepted_forms_decode_to_the_same_picture(astronaut, astronaut_jpeg):
    grey = cv2.cvtColor(astronaut, cv2.COLOR_BGR2GRAY)
    assert to_bgr(astronaut).shape == (512, 512, 3)
    assert to_bgr(grey).shape == (512, 512, 3)
    assert to_bgr(grey[:, :, None]).shape == (512, 512, 3)
    assert to_bgr(cv2.cvtColor(astronaut, cv2.COLOR_BGR2BGRA)).shape == (512, 512, 3)
    assert np.array_equal(to_bgr(_png(astronaut)), astronaut)
    assert np.abs(to_bgr(astronaut_jpeg).astype(int) - astronaut).mean() < 5
    assert to_bgr(bytearray(astronaut_jpeg)).shape == (512, 512, 3)


def test_image_error_is_a_value_error():
    assert issubclass(ImageError, ValueError)
