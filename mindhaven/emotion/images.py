"""Turning untrusted input (JPEG/PNG bytes or a numpy array) into a BGR uint8 image, or a clear ImageError.

Sizes are read from the file header before decoding, so a 10000x10000 upload
is refused without allocating 300 MB, and a truncated JPEG or PNG is refused
instead of being half-decoded into grey.
"""

from __future__ import annotations

import struct

import cv2
import numpy as np

from mindhaven.emotion.errors import ImageError

MIN_SIDE = 32
MAX_SIDE = 4096
MAX_BYTES = 8 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the first SOF marker of a JPEG."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            raise ImageError("the JPEG data is corrupt (no marker where one was expected)")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    raise ImageError("the JPEG is truncated or has no image header")


def _png_size(data: bytes) -> tuple[int, int]:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise ImageError("the PNG is truncated or has no image header")
    return struct.unpack(">II", data[16:24])


def _check_size(width: int, height: int) -> None:
    if min(width, height) < MIN_SIDE:
        raise ImageError(f"the image is {width}x{height}; it must be at least {MIN_SIDE} pixels on each side")
    if max(width, height) > MAX_SIDE:
        raise ImageError(f"the image is {width}x{height}; it must be at most {MAX_SIDE} pixels on each side")


def decode_bytes(data: bytes) -> np.ndarray:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImageError(f"expected image bytes, got {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise ImageError("the image is empty (0 bytes)")
    if len(data) > MAX_BYTES:
        raise ImageError(f"the image is {len(data):,} bytes; at most {MAX_BYTES:,} are accepted")
    if data[:3] == b"\xff\xd8\xff":
        width, height = _jpeg_size(data)
        if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
            raise ImageError("the JPEG is truncated (it does not end with an end-of-image marker)")
    elif data[:8] == PNG_SIGNATURE:
        width, height = _png_size(data)
        if b"IEND" not in data[-16:]:
            raise ImageError("the PNG is truncated (it has no end chunk)")
    else:
        raise ImageError("the data is not a JPEG or PNG image")
    _check_size(width, height)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ImageError("the image data is corrupt and could not be decoded")
    return image


def from_array(array: np.ndarray) -> np.ndarray:
    """Accepts uint8 HxW (grey), HxWx1, HxWx3 (BGR) or HxWx4 (BGRA)."""
    if not isinstance(array, np.ndarray):
        raise ImageError(f"expected a numpy array, got {type(array).__name__}")
    if array.dtype != np.uint8:
        raise ImageError(f"expected pixels of dtype uint8 (0-255), got {array.dtype}")
    if array.ndim == 2:
        array = array[:, :, None]
    if array.ndim != 3 or array.shape[2] not in (1, 3, 4):
        raise ImageError(f"expected an image of shape HxW, HxWx1, HxWx3 or HxWx4, got {array.shape}")
    _check_size(array.shape[1], array.shape[0])
    channels = array.shape[2]
    if channels == 1:
        return cv2.cvtColor(array, cv2.COLOR_GRAY2BGR)
    if channels == 4:
        return cv2.cvtColor(array, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(array)


def to_bgr(image: bytes | bytearray | memoryview | np.ndarray) -> np.ndarray:
    if isinstance(image, np.ndarray):
        return from_array(image)
    return decode_bytes(image)
