"""A tiny real training run: checkpoints, resume, ONNX export by the contract (needs the train extra)."""

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch not installed: training tests need the train extra")

from mindhaven.emotion.classifier import EmotionClassifier  # noqa: E402
from mindhaven.training.export import export_onnx  # noqa: E402
from mindhaven.training.nets import build  # noqa: E402
from mindhaven.training.train import TrainConfig, epochs_within, train  # noqa: E402


def config(tiny_csv, out, epochs):
    return TrainConfig(
        data=str(tiny_csv),
        out=str(out),
        arch="havennet-small",
        epochs=epochs,
        batch_size=16,
        lr=0.05,
        threads=1,
        seed=7,
    )


def test_train_checkpoints_resumes_and_exports(tiny_csv, tmp_path):
    out = tmp_path / "run"
    first = train(config(tiny_csv, out, epochs=2))
    assert (out / "best.pt").is_file() and (out / "last.pt").is_file()
    assert len(json.loads((out / "history.json").read_text())) == 2
    assert first["training_faces"] == 64

    # Stop after one epoch of a two-epoch run, then resume: the run ends exactly like the uninterrupted one.
    interrupted = tmp_path / "interrupted"
    cfg = config(tiny_csv, interrupted, epochs=2)
    cfg.stop_after = 1
    assert train(cfg)["complete"] is False
    cfg.stop_after = None
    resumed = train(cfg, resume=True)
    history = json.loads((interrupted / "history.json").read_text())
    assert [h["epoch"] for h in history] == [1, 2] and resumed["complete"]
    straight = json.loads((out / "history.json").read_text())
    assert [h["train_loss"] for h in history] == pytest.approx([h["train_loss"] for h in straight], rel=1e-4)

    with pytest.raises(ValueError, match="same --arch and --epochs"):
        train(config(tiny_csv, interrupted, epochs=5), resume=True)

    model = export_onnx(out / "best.pt", tmp_path / "tiny.onnx", tta=True)
    classifier = EmotionClassifier(model)
    faces = np.random.default_rng(1).random((3, 1, 48, 48), dtype=np.float32)
    net = build("havennet-small")
    net.load_state_dict(torch.load(out / "best.pt", weights_only=False)["model"])
    net.eval()
    with torch.no_grad():
        x = torch.from_numpy(faces)
        expected = ((net(x) + net(torch.flip(x, dims=[3]))) / 2).numpy()
    assert np.allclose(classifier.logits(faces), expected, atol=1e-4)


def test_same_seed_same_result(tiny_csv, tmp_path):
    a = train(config(tiny_csv, tmp_path / "a", epochs=1))
    b = train(config(tiny_csv, tmp_path / "b", epochs=1))
    assert a["best_public_test_accuracy"] == b["best_public_test_accuracy"]
    history_a = json.loads((tmp_path / "a" / "history.json").read_text())
    history_b = json.loads((tmp_path / "b" / "history.json").read_text())
    assert history_a[0]["train_loss"] == pytest.approx(history_b[0]["train_loss"], rel=1e-5)


def test_unknown_architecture_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown architecture"):
        build("resnet-9000")


def test_distillation_from_a_trained_teacher(tiny_csv, tmp_path):
    teacher = train(config(tiny_csv, tmp_path / "teacher", epochs=1))
    assert teacher["complete"]
    cfg = config(tiny_csv, tmp_path / "student", epochs=1)
    cfg.teachers = [str(tmp_path / "teacher" / "best.pt")]
    student = train(cfg)
    assert student["complete"] and student["config"]["teachers"] == cfg.teachers
    plain = json.loads((tmp_path / "teacher" / "history.json").read_text())[0]["train_loss"]
    distilled = json.loads((tmp_path / "student" / "history.json").read_text())[0]["train_loss"]
    assert distilled != pytest.approx(plain)  # the targets changed, so the loss did


def test_vgg16_baseline_trains_and_exports_by_the_contract(tiny_csv, tmp_path):
    cfg = config(tiny_csv, tmp_path / "vgg", epochs=1)
    cfg.arch = "vgg16"
    assert train(cfg)["parameters"] > 10_000_000
    model = export_onnx(tmp_path / "vgg" / "best.pt", tmp_path / "vgg.onnx")
    assert EmotionClassifier(model).logits(np.zeros((2, 1, 48, 48), np.float32)).shape == (2, 7)


def test_a_time_budget_shortens_the_schedule_to_fit(tiny_csv, tmp_path):
    cfg = config(tiny_csv, tmp_path / "budget", epochs=50)
    cfg.time_budget = 0.001  # far less than one epoch takes: the run shrinks to a single epoch
    summary = train(cfg)
    assert summary["complete"] and summary["config"]["epochs"] == 1
    assert len(json.loads((tmp_path / "budget" / "history.json").read_text())) == 1


def test_epochs_within_a_budget():
    cfg = TrainConfig(data="-", out="-", epochs=100, time_budget=230)
    assert epochs_within(cfg, 2.0) == 100  # fits: the planned schedule stays
    assert epochs_within(cfg, 4.0) == 57
    assert epochs_within(cfg, 1000.0) == 1
    cfg.time_budget = None
    assert epochs_within(cfg, 1000.0) == 100


def test_several_checkpoints_export_as_one_averaged_graph(tiny_csv, tmp_path):
    train(config(tiny_csv, tmp_path / "a", epochs=1))
    cfg = config(tiny_csv, tmp_path / "b", epochs=1)
    cfg.seed = 8
    train(cfg)
    checkpoints = [tmp_path / "a" / "best.pt", tmp_path / "b" / "best.pt"]
    ensemble = EmotionClassifier(export_onnx(checkpoints, tmp_path / "pair.onnx", tta=True))
    singles = [EmotionClassifier(export_onnx(c, tmp_path / f"{c.parent.name}.onnx", tta=True)) for c in checkpoints]
    faces = np.random.default_rng(2).random((4, 1, 48, 48), dtype=np.float32)
    expected = (singles[0].logits(faces) + singles[1].logits(faces)) / 2
    assert np.allclose(ensemble.logits(faces), expected, atol=1e-4)
    assert not np.allclose(singles[0].logits(faces), singles[1].logits(faces), atol=1e-3)  # two different nets
    plain = EmotionClassifier(export_onnx(checkpoints[:1], tmp_path / "plain.onnx", tta=False))
    net = build("havennet-small")
    net.load_state_dict(torch.load(checkpoints[0], weights_only=False)["model"])
    with torch.no_grad():
        assert np.allclose(plain.logits(faces), net.eval()(torch.from_numpy(faces)).numpy(), atol=1e-4)
    with pytest.raises(ValueError, match="no checkpoint"):
        export_onnx([], tmp_path / "none.onnx")


def test_the_teacher_architectures_build():
    from mindhaven.training.nets import parameter_count

    assert parameter_count(build("havennet-wide-s1")) > 11_000_000
    assert build("havennet-wide-s1")(torch.rand(2, 1, 48, 48)).shape == (2, 7)
