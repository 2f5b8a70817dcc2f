"""The shipped model scores on FER2013 PrivateTest what its model card says (data in ../shared)."""

import json
from pathlib import Path

import pytest

from mindhaven.emotion.classifier import DEFAULT_MODEL, EmotionClassifier
from mindhaven.training.data import load
from mindhaven.training.evaluate import evaluate

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "fer2013" / "fer2013.csv.gz"


@pytest.mark.skipif(not DATA.exists(), reason=f"FER2013 not found at {DATA}")
def test_private_test_accuracy_matches_the_model_card():
    card = json.loads((DEFAULT_MODEL.parent / "emotion.model_card.json").read_text())
    result = evaluate(EmotionClassifier(threads=2), load(DATA), "PrivateTest")
    assert result.count == 3589
    assert abs(result.accuracy - card["private_test"]["accuracy"]) <= 0.001
    for label, recall in card["private_test"]["recall"].items():
        assert abs(result.recall[label] - recall) <= 0.002
