"""Loaders for every format, and deduplication / leakage removal on a small synthetic set."""

import gzip

import cv2
import numpy as np
import pytest

from mindhaven.training import data as fer


def face(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (48, 48), dtype=np.uint8)


def write_csv(path, rows, gz=False):
    text = "emotion,pixels,Usage\n" + "".join(
        f"{label},{' '.join(map(str, image.ravel()))},{usage}\n" for label, image, usage in rows
    )
    if gz:
        with gzip.open(path, "wt", newline="") as handle:
            handle.write(text)
    else:
        path.write_text(text)


ROWS = [
    (3, face(1), "Training"),
    (4, face(2), "Training"),
    (3, face(1), "Training"),  # repeat in training
    (0, face(3), "Training"),
    (6, face(3), "PrivateTest"),  # leaked into test
    (5, face(4), "PublicTest"),
    (2, face(5), "PrivateTest"),
    (2, face(5), "PrivateTest"),
]


@pytest.mark.parametrize("gz", [False, True])
def test_csv_loader_reads_plain_and_gzipped(tmp_path, gz):
    path = tmp_path / ("fer.csv.gz" if gz else "fer.csv")
    write_csv(path, ROWS, gz)
    faces = fer.load(path)
    assert len(faces) == 8 and faces.images.shape == (8, 48, 48) and faces.images.dtype == np.uint8
    assert list(faces.labels) == [r[0] for r in ROWS]
    assert np.array_equal(faces.images[1], face(2))
    assert list(faces.splits) == [r[2] for r in ROWS]


def test_combine_removes_training_repeats_and_test_leaks_and_reports_them(tmp_path):
    write_csv(tmp_path / "fer.csv", ROWS)
    cleaned, report = fer.combine(fer.load(tmp_path / "fer.csv"))
    assert report.duplicate_in_training == 1
    assert report.leaked_from_test == 1
    assert report.duplicate_in_test == 1
    assert report.kept == {"Training": 2, "PublicTest": 1, "PrivateTest": 3}
    training = {fer.pixel_hash(i) for i in cleaned.split("Training").images}
    tests = {fer.pixel_hash(i) for s in fer.TEST_SPLITS for i in cleaned.split(s).images}
    assert training.isdisjoint(tests)
    assert "leaked" not in " ".join(report.lines()) or report.lines()


def test_held_out_test_hashes_remove_their_training_twins_without_the_test_faces(tmp_path):
    """PrivateTest stays off the training machine; its hashes travel and still keep its twins out of training."""
    write_csv(tmp_path / "fer.csv", ROWS)
    assert fer.write_test_hashes(fer.load(tmp_path / "fer.csv"), tmp_path / "private.sha1") == 2
    without_private = [row for row in ROWS if row[2] != "PrivateTest"]
    write_csv(tmp_path / "packed.csv", without_private)
    packed = fer.load(tmp_path / "packed.csv")

    _, blind = fer.combine(packed)
    cleaned, report = fer.combine(packed, held_out=fer.read_test_hashes(tmp_path / "private.sha1"))

    assert blind.leaked_from_test == 0  # without the hashes the twin of a PrivateTest face would be trained on
    assert report.leaked_from_test == 1
    assert fer.pixel_hash(face(3)) not in {fer.pixel_hash(i) for i in cleaned.split("Training").images}


def test_combining_a_folder_dump_of_the_same_faces_adds_nothing(tmp_path):
    """The Kaggle image folders are FER2013 again: combining must not leak their test faces into training."""
    write_csv(tmp_path / "fer.csv", ROWS)
    root = tmp_path / "folders"
    # The folder dump puts a PrivateTest face under train/ (as mislabelled dumps do) and a training face under test/.
    for split, label, image in [("train", "fear", face(5)), ("train", "happy", face(9)), ("test", "happy", face(1))]:
        (root / split / label).mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(root / split / label / f"{fer.pixel_hash(image)[:8]}.png"), image)
    csv_faces, folder_faces = fer.load(tmp_path / "fer.csv"), fer.load(root)
    assert set(folder_faces.splits) == {"Training", "PrivateTest"}
    cleaned, report = fer.combine(csv_faces, folder_faces)
    training = {fer.pixel_hash(i) for i in cleaned.split("Training").images}
    assert fer.pixel_hash(face(5)) not in training and fer.pixel_hash(face(1)) not in training
    assert fer.pixel_hash(face(9)) in training
    assert report.by_source["folder:folders"] == 1


def test_ferplus_votes_map_onto_fer2013_classes(tmp_path):
    header = "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n"
    (tmp_path / "ferplus.csv").write_text(
        header + "Training,a.png,4,6,0,0,0,0,0,0,0,0\nTraining,b.png,0,0,0,0,0,0,0,0,2,8\n"
    )
    votes = fer.load_ferplus_votes(tmp_path / "ferplus.csv", np.array(["Training", "Training"]))
    soft = fer.ferplus_soft_labels(votes, np.array([3, 4]), weight=0.5)
    assert np.allclose(soft[0], [0, 0, 0, 0.5 + 0.3, 0, 0, 0.2])  # happy 0.5 hard + 0.5*0.6; neutral 0.5*0.4
    assert np.allclose(soft[1], np.eye(7)[4])  # only unknown / not-a-face votes: keep the FER2013 label
    with pytest.raises(fer.DataFormatError, match="rows"):
        fer.load_ferplus_votes(tmp_path / "ferplus.csv", np.array(["Training"] * 3))
    with pytest.raises(fer.DataFormatError, match="Usage"):
        fer.load_ferplus_votes(tmp_path / "ferplus.csv", np.array(["Training", "PublicTest"]))
    # A csv holding only the first rows (PrivateTest left behind) joins the same leading FER+ rows.
    assert len(fer.load_ferplus_votes(tmp_path / "ferplus.csv", np.array(["Training"]))) == 1


@pytest.mark.parametrize(
    "content, message",
    [
        ("a,b,c\n1,2,3\n", "header"),
        ("emotion,pixels,Usage\n3,1 2 3,Training\n", "2304"),
        ("emotion,pixels,Usage\n9," + " ".join(["1"] * 2304) + ",Training\n", "2304 pixels, a label"),
        ("emotion,pixels,Usage\n", "no rows"),
    ],
)
def test_malformed_csv_is_a_clear_error(tmp_path, content, message):
    (tmp_path / "bad.csv").write_text(content)
    with pytest.raises(fer.DataFormatError, match=message):
        fer.load(tmp_path / "bad.csv")


def test_missing_or_empty_sources_are_clear_errors(tmp_path):
    with pytest.raises(fer.DataFormatError, match="no such"):
        fer.load(tmp_path / "nothing.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(fer.DataFormatError, match="no images"):
        fer.load(tmp_path / "empty")
