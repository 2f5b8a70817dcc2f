"""The emotion engine: face detection, classification and smoothing on CPU.

Imports only numpy, OpenCV and onnxruntime: no Flask, no torch. The web app,
the benchmarks and the evaluation command all use it.
"""

from mindhaven.emotion.errors import ImageError

__all__ = ["ImageError"]
