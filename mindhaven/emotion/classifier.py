"""The facial-emotion classifier on onnxruntime.

Contract (DESIGN §3): input `faces` float32 [N,1,48,48] in [0,1]; output
`logits` [N,7] in FER2013 order. Any model obeying it can be loaded.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort

from mindhaven.emotion.labels import LABELS

DEFAULT_MODEL = Path(__file__).parent / "models" / "emotion.onnx"


class ModelContractError(ValueError):
    """The ONNX file does not follow the faces -> logits contract."""


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


class EmotionClassifier:
    """Thread-safe: onnxruntime sessions may be run from several threads at once."""

    def __init__(self, model_path: str | Path = DEFAULT_MODEL, threads: int = 1) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.path = Path(model_path)
        self.session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        inputs, outputs = self.session.get_inputs(), self.session.get_outputs()
        if [i.name for i in inputs] != ["faces"] or [o.name for o in outputs] != ["logits"]:
            raise ModelContractError(f"{self.path}: expected input 'faces' and output 'logits'")
        if list(inputs[0].shape[1:]) != [1, 48, 48] or outputs[0].shape[-1] != len(LABELS):
            raise ModelContractError(f"{self.path}: expected faces [N,1,48,48] -> logits [N,7]")

    def logits(self, faces: np.ndarray) -> np.ndarray:
        """faces: float32 [N,1,48,48] in [0,1]."""
        if faces.shape[0] == 0:
            return np.zeros((0, len(LABELS)), np.float32)
        return self.session.run(["logits"], {"faces": faces.astype(np.float32, copy=False)})[0]

    def probabilities(self, faces: np.ndarray) -> np.ndarray:
        return softmax(self.logits(faces))
