"""An int8 copy of a contract model, so one CPU thread classifies a face in well under the 3 ms budget.

Static quantisation (onnxruntime's QDQ format): weights int8 per output channel, activations uint8 with ranges
measured on Training faces only, so neither test split shapes the model. The graph keeps the contract: float32
`faces` in, float32 `logits` out, flip averaging and normalisation inside.

Weights use 7 bits (`reduce_range`): on x86 CPUs without VNNI the uint8 x int8 dot product can saturate in
16 bits, which silently costs accuracy on older servers; with 7-bit weights it cannot, on any CPU.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from mindhaven.training import data as fer


@dataclass(frozen=True)
class QuantizationSettings:
    calibration_faces: int = 4096
    calibration_split: str = "Training"
    seed: int = 0
    weights: str = "int8, per output channel, 7-bit range (no saturation on CPUs without VNNI)"
    activations: str = "uint8, ranges from the calibration faces (min-max)"
    format: str = "ONNX QDQ, onnxruntime static quantisation"

    def describe(self) -> dict:
        return asdict(self)


def widen_fp16_weights(model):
    """Undo `export.store_weights_as_fp16`: the quantiser only recognises float32 initialisers as weights."""
    from onnx import TensorProto, numpy_helper

    graph = model.graph
    halves = {i.name: i for i in graph.initializer if i.data_type == TensorProto.FLOAT16}
    casts = [n for n in graph.node if n.op_type == "Cast" and len(n.input) == 1 and n.input[0] in halves]
    widened = [
        numpy_helper.from_array(numpy_helper.to_array(halves[n.input[0]]).astype(np.float32), n.output[0])
        for n in casts
    ]
    cast_names = {id(n) for n in casts}
    kept_nodes = [n for n in graph.node if id(n) not in cast_names]
    used = {n.input[0] for n in casts}
    kept_initializers = [i for i in graph.initializer if i.name not in used]
    del graph.node[:]
    graph.node.extend(kept_nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept_initializers + widened)
    return model


def calibration_faces(faces: fer.FaceSet, settings: QuantizationSettings) -> np.ndarray:
    """A seeded sample of the calibration split as float32 [N,1,48,48] in [0,1] (the model's input)."""
    pool = faces.images[faces.splits == settings.calibration_split]
    if len(pool) == 0:
        raise ValueError(f"no {settings.calibration_split} faces to calibrate on")
    count = min(settings.calibration_faces, len(pool))
    chosen = np.random.default_rng(settings.seed).choice(len(pool), count, replace=False)
    return pool[np.sort(chosen)].astype(np.float32)[:, None] / 255.0


def _batches(faces: np.ndarray, size: int = 64) -> Iterator[dict[str, np.ndarray]]:
    for start in range(0, len(faces), size):
        yield {"faces": faces[start : start + size]}


def quantize_model(
    source: str | Path, target: str | Path, faces: np.ndarray, settings: QuantizationSettings | None = None
) -> Path:
    """Write an int8 copy of `source` (a contract model, fp16 or fp32 weights) to `target`."""
    import onnx
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    settings = settings or QuantizationSettings()

    class FaceReader(CalibrationDataReader):
        def __init__(self) -> None:
            self.batches = _batches(faces)

        def get_next(self) -> dict[str, np.ndarray] | None:
            return next(self.batches, None)

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        wide, prepared = Path(work) / "fp32.onnx", Path(work) / "prepared.onnx"
        onnx.save(widen_fp16_weights(onnx.load(str(source))), str(wide))
        quant_pre_process(str(wide), str(prepared))
        quantize_static(
            str(prepared),
            str(target),
            FaceReader(),
            quant_format=QuantFormat.QDQ,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=True,
        )
    return target
