"""The shipped models obey their contracts, and their licences travel with them."""

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from mindhaven.emotion.classifier import DEFAULT_MODEL, EmotionClassifier, ModelContractError
from mindhaven.emotion.detector import DEFAULT_MODEL as DETECTOR_MODEL
from mindhaven.emotion.labels import LABELS

MODELS = DEFAULT_MODEL.parent


def test_classifier_contract_names_shapes_and_types():
    session = ort.InferenceSession(str(DEFAULT_MODEL), providers=["CPUExecutionProvider"])
    (inp,), (out,) = session.get_inputs(), session.get_outputs()
    assert inp.name == "faces" and inp.type == "tensor(float)" and inp.shape[1:] == [1, 48, 48]
    assert out.name == "logits" and out.shape[-1] == 7
    for batch in (1, 3, 17):
        faces = np.random.default_rng(batch).random((batch, 1, 48, 48), dtype=np.float32)
        assert session.run(["logits"], {"faces": faces})[0].shape == (batch, 7)


def test_class_order_is_fer2013():
    assert LABELS == ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
    card = json.loads((MODELS / "emotion.model_card.json").read_text())
    assert card["contract"]["labels"] == list(LABELS)


def test_batching_gives_the_same_answer_as_one_by_one():
    classifier = EmotionClassifier()
    faces = np.random.default_rng(0).random((5, 1, 48, 48), dtype=np.float32)
    together = classifier.logits(faces)
    alone = np.concatenate([classifier.logits(faces[i : i + 1]) for i in range(5)])
    assert np.allclose(together, alone, atol=1e-4)


def test_shipped_files_are_small_and_licensed():
    assert DEFAULT_MODEL.stat().st_size <= 20 * 1024 * 1024
    assert (MODELS / "emotion.model_card.md").is_file()
    assert DETECTOR_MODEL.is_file()
    licence = (MODELS / "blazeface_short.LICENSE").read_text()
    assert "Apache License" in licence


def test_a_model_breaking_the_contract_is_refused(tmp_path):
    bogus = tmp_path / "bogus.onnx"
    bogus.write_bytes(DETECTOR_MODEL.read_bytes())  # a valid ONNX file with other inputs and outputs
    with pytest.raises(ModelContractError):
        EmotionClassifier(bogus)


def test_model_card_figures_are_consistent():
    card = json.loads((MODELS / "emotion.model_card.json").read_text())
    confusion = np.array(card["private_test"]["confusion"])
    assert confusion.sum() == card["private_test"]["count"] == 3589
    assert np.isclose(np.trace(confusion) / confusion.sum(), card["private_test"]["accuracy"])
    assert Path(MODELS / card["file"]).resolve() == DEFAULT_MODEL.resolve()
