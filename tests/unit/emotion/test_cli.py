"""`mindhaven emotion evaluate` and `mindhaven emotion analyze`, as a user runs them."""

import cv2
import numpy as np
from click.testing import CliRunner

from mindhaven.cli import main
from mindhaven.emotion.classifier import DEFAULT_MODEL
from tests.unit.training.test_data import face, write_csv


def run(*args):
    return CliRunner().invoke(main, ["emotion", *args])


def test_evaluate_prints_accuracy_recall_and_confusion(tmp_path):
    rows = [(k % 7, face(k), "PrivateTest") for k in range(21)] + [(0, face(99), "Training")]
    write_csv(tmp_path / "fer.csv", rows)
    result = run("evaluate", "--data", str(tmp_path / "fer.csv"), "--model", str(DEFAULT_MODEL))
    assert result.exit_code == 0, result.output
    assert "PrivateTest: 21 faces, accuracy" in result.output
    assert "per-class recall" in result.output and "disgust" in result.output
    matrix = result.output.strip().splitlines()[-7:]  # the confusion matrix closes the table
    assert [line.split()[0] for line in matrix] == ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
    assert sum(int(n) for line in matrix for n in line.split()[1:]) == 21


def test_evaluate_refuses_bad_inputs(tmp_path):
    write_csv(tmp_path / "fer.csv", [(0, face(1), "Training")])
    assert "choose one of" in run("evaluate", "--data", str(tmp_path / "fer.csv"), "--split", "Nope").output
    no_test = run("evaluate", "--data", str(tmp_path / "fer.csv"))
    assert no_test.exit_code == 1 and "no faces in split" in no_test.output
    (tmp_path / "bad.csv").write_text("hello\n")
    assert "header" in run("evaluate", "--data", str(tmp_path / "bad.csv")).output
    from mindhaven.emotion.detector import DEFAULT_MODEL as DETECTOR

    wrong = run("evaluate", "--data", str(tmp_path / "fer.csv"), "--model", str(DETECTOR))
    assert wrong.exit_code == 1 and "expected input 'faces'" in wrong.output


def test_analyze_a_photo(tmp_path, astronaut):
    photo = tmp_path / "astronaut.jpg"
    cv2.imwrite(str(photo), astronaut)
    result = run("analyze", str(photo))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("face 1 at x=") and ": happy (" in result.output


def test_analyze_refuses_a_file_that_is_not_a_photo(tmp_path):
    (tmp_path / "notes.txt").write_text("not a photo")
    result = run("analyze", str(tmp_path / "notes.txt"))
    assert result.exit_code == 1 and "not a JPEG or PNG" in result.output
    blank = tmp_path / "wall.png"
    cv2.imwrite(str(blank), np.full((120, 160, 3), 200, np.uint8))
    assert "No face found." in run("analyze", str(blank)).output
