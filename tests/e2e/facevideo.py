"""A face video for Chromium's fake camera, made at test time from scikit-image's astronaut portrait.

`skimage.data.astronaut()` (Eileen Collins, a NASA photograph in the public domain) ships inside the
scikit-image wheel, so no video file is kept in the repository. The frames are written as Y4M
(`YUV4MPEG2 ... C420jpeg`), which Chromium plays at the frame rate in its header and loops for as long as the
camera is open (an .mjpeg file would always play at 30 fps). The portrait drifts a few pixels in a closed loop,
so the encoder and the emotion pipeline see a moving picture without a jump when the video starts over.

    .venv/bin/python -m tests.e2e.facevideo /tmp/face.y4m
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import cv2
import numpy as np

WIDTH, HEIGHT, FPS = 640, 480, 15
SECONDS = 2  # Chromium loops the file; 2 s of raw 4:2:0 at 640x480 is about 14 MB
DRIFT_PX = 6  # how far the portrait wanders from the centre
BACKGROUND = 90  # mid grey around the square portrait


def face_frames(
    width: int = WIDTH, height: int = HEIGHT, count: int = FPS * SECONDS, drift: int = DRIFT_PX
) -> list[np.ndarray]:
    """BGR frames: the portrait scaled to the frame's height, centred, moving on a small closed circle."""
    from skimage import data

    side = height - 2 * drift
    portrait = cv2.resize(cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR), (side, side), cv2.INTER_AREA)
    frames = []
    for i in range(count):
        angle = 2 * math.pi * i / count
        dx, dy = round(drift * math.cos(angle)), round(drift * math.sin(angle))
        frame = np.full((height, width, 3), BACKGROUND, np.uint8)
        x, y = (width - side) // 2 + dx, drift + dy
        frame[y : y + side, x : x + side] = portrait
        frames.append(frame)
    return frames


def write_y4m(path: Path, frames: list[np.ndarray], fps: int = FPS) -> Path:
    """Write BGR frames (even width and height) as a 4:2:0 Y4M file Chromium's fake camera can play."""
    height, width = frames[0].shape[:2]
    if width % 2 or height % 2:
        raise ValueError("Y4M 4:2:0 needs an even width and height")
    path = Path(path)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for frame in frames:
            out.write(b"FRAME\n")
            out.write(cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420).tobytes())  # Y plane, then U, then V
    return path


def write_face_video(path: Path) -> Path:
    """The default face video (640x480, 15 fps, 2 s, looping drift) at `path`, which should end in .y4m."""
    return write_y4m(path, face_frames())


if __name__ == "__main__":
    print(write_face_video(Path(sys.argv[1] if len(sys.argv) > 1 else "face.y4m")).resolve())
