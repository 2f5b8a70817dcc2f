"""The int8 copy of a model: same contract, nearly the same answers, calibrated on Training faces only."""

import json

import numpy as np
import pytest

pytest.importorskip("torch", reason="torch not installed: quantisation tests need the train extra")
onnx = pytest.importorskip("onnx")

from click.testing import CliRunner  # noqa: E402

from mindhaven.cli import main  # noqa: E402
from mindhaven.emotion.classifier import EmotionClassifier  # noqa: E402
from mindhaven.training.card import write_card  # noqa: E402
from mindhaven.training.data import FaceSet, load  # noqa: E402
from mindhaven.training.export import export_onnx  # noqa: E402
from mindhaven.training.quantize import (  # noqa: E402
    QuantizationSettings,
    calibration_faces,
    quantize_model,
    widen_fp16_weights,
)
from mindhaven.training.train import train  # noqa: E402
from tests.unit.training.test_training import config  # noqa: E402


@pytest.fixture
def trained(tiny_csv, tmp_path):
    """A tiny net trained for two epochs, exported with fp16 weights and flip averaging, and its summary."""
    summary = train(config(tiny_csv, tmp_path / "run", epochs=2))
    model = export_onnx(tmp_path / "run" / "best.pt", tmp_path / "run" / "tiny.onnx", tta=True, fp16_weights=True)
    return model, summary


def dataset_faces(tiny_csv) -> np.ndarray:
    return load(tiny_csv).images.astype(np.float32)[:, None] / 255.0


def test_int8_copy_keeps_the_contract_and_the_answers(trained, tiny_csv, tmp_path):
    model, _ = trained
    faces = load(tiny_csv)
    settings = QuantizationSettings(calibration_faces=64)
    int8 = quantize_model(model, tmp_path / "int8.onnx", calibration_faces(faces, settings), settings)

    graph = onnx.load(str(int8)).graph
    ops = {node.op_type for node in graph.node}
    assert {"QuantizeLinear", "DequantizeLinear"} <= ops
    assert any(i.data_type == onnx.TensorProto.INT8 and len(i.dims) == 4 for i in graph.initializer)  # conv weights

    x = dataset_faces(tiny_csv)
    expected = EmotionClassifier(model).logits(x)
    got = EmotionClassifier(int8).logits(x)  # the runtime accepts it: names, shapes, class count
    assert got.shape == expected.shape == (96, 7)
    assert (got.argmax(1) == expected.argmax(1)).mean() >= 0.9
    assert np.abs(got - expected).max() < 0.1 * np.abs(expected).max()


def test_calibration_takes_training_faces_only_and_is_seeded():
    images = np.concatenate([np.full((30, 48, 48), 10, np.uint8), np.full((20, 48, 48), 200, np.uint8)])
    splits = np.array(["Training"] * 30 + ["PrivateTest"] * 10 + ["PublicTest"] * 10)
    faces = FaceSet(images, np.zeros(50, np.int64), splits, np.array(["fer2013"] * 50))
    sample = calibration_faces(faces, QuantizationSettings(calibration_faces=100))
    assert sample.shape == (30, 1, 48, 48) and sample.dtype == np.float32
    assert np.allclose(sample, 10 / 255)  # no test face among them
    a = calibration_faces(faces, QuantizationSettings(calibration_faces=5, seed=1))
    b = calibration_faces(faces, QuantizationSettings(calibration_faces=5, seed=1))
    assert a.shape == (5, 1, 48, 48) and np.array_equal(a, b)
    with pytest.raises(ValueError, match="no Training faces"):
        calibration_faces(faces.split("PublicTest"), QuantizationSettings())


def test_widening_fp16_weights_changes_no_answer(trained, tiny_csv, tmp_path):
    model, _ = trained
    wide = widen_fp16_weights(onnx.load(str(model)))
    assert all(i.data_type == onnx.TensorProto.FLOAT for i in wide.graph.initializer if len(i.dims) > 1)
    assert not any(n.op_type == "Cast" and n.input[0].endswith("_fp16") for n in wide.graph.node)
    onnx.save(wide, str(tmp_path / "wide.onnx"))
    x = dataset_faces(tiny_csv)[:8]
    assert np.allclose(
        EmotionClassifier(tmp_path / "wide.onnx").logits(x), EmotionClassifier(model).logits(x), atol=1e-5
    )


def test_quantize_command_writes_the_model_and_a_rescored_card(trained, tiny_csv, tmp_path):
    model, summary = trained
    card = write_card(model, str(tiny_csv), model.parent, summary)
    target = tmp_path / "shipped" / "tiny.onnx"
    result = CliRunner().invoke(
        main,
        [
            "emotion",
            "quantize",
            str(model),
            str(target),
            "--data",
            str(tiny_csv),
            "--card",
            str(model.parent / "model_card.json"),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "PrivateTest" in result.output and target.is_file()
    rescored = json.loads((target.parent / "tiny.model_card.json").read_text())
    assert rescored["weights"]["calibration_split"] == "Training"
    assert rescored["architecture"] == card["architecture"] and rescored["file"] == "tiny.onnx"
    assert rescored["file_bytes"] == target.stat().st_size < model.stat().st_size
    assert sum(map(sum, rescored["private_test"]["confusion"])) == 16
    markdown = (target.parent / "tiny.model_card.md").read_text()
    assert "| Weights | int8, per output channel" in markdown
    assert (target.parent / "confusion_private_test.png").is_file()


def test_quantize_command_refuses_data_it_cannot_read(trained, tmp_path):
    model, _ = trained
    bad = tmp_path / "bad.csv"
    bad.write_text("not,a,fer,file\n")
    result = CliRunner().invoke(main, ["emotion", "quantize", str(model), str(tmp_path / "x.onnx"), "--data", str(bad)])
    assert result.exit_code == 1 and "Error" in result.output
    assert not (tmp_path / "x.onnx").exists()
