"""A tiny FER2013-format csv whose classes a net can learn in an epoch or two (brightness encodes the class)."""

import numpy as np
import pytest

from tests.unit.training.test_data import write_csv


@pytest.fixture
def tiny_csv(tmp_path):
    rng = np.random.default_rng(0)
    rows = []
    for i in range(96):
        label = i % 7
        image = rng.integers(0, 60, (48, 48), dtype=np.uint8) + np.uint8(label * 25)  # brightness encodes the class
        rows.append((label, image, "Training" if i < 64 else ("PublicTest" if i < 80 else "PrivateTest")))
    path = tmp_path / "tiny.csv"
    write_csv(path, rows)
    return path
