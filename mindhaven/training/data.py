"""Loading FER2013 in the formats users download, and combining sources without leaking test faces.

Needs only numpy and OpenCV (for image folders), so the app's evaluation
command can use it without torch.

Formats:
- the Kaggle `fer2013.csv` (optionally gzipped): `emotion,pixels,Usage`;
- the Kaggle folder layout: `<root>/train|test/<emotion>/*.png|jpg`;
- the FER+ vote file `fer2013new.csv`, joined to fer2013.csv by row position.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

LABELS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
SPLITS = ("Training", "PublicTest", "PrivateTest")
TEST_SPLITS = ("PublicTest", "PrivateTest")
# FER+ vote columns, in file order, and where each lands in the FER2013 label order (None: dropped).
FERPLUS_COLUMNS = (
    "neutral",
    "happiness",
    "surprise",
    "sadness",
    "anger",
    "disgust",
    "fear",
    "contempt",
    "unknown",
    "NF",
)
FERPLUS_TO_FER = (6, 3, 5, 4, 0, 1, 2, None, None, None)
FOLDER_SPLITS = {"train": "Training", "test": "PrivateTest"}


class DataFormatError(ValueError):
    """The file or folder is not in a format we read."""


@dataclass
class FaceSet:
    """Faces as uint8 [N, 48, 48], FER2013 labels [N], split names [N], and a source tag per face."""

    images: np.ndarray
    labels: np.ndarray
    splits: np.ndarray
    sources: np.ndarray
    soft_labels: np.ndarray | None = None  # optional [N, 7] label distributions (FER+)

    def __len__(self) -> int:
        return len(self.labels)

    def split(self, name: str) -> FaceSet:
        mask = self.splits == name
        soft = None if self.soft_labels is None else self.soft_labels[mask]
        return FaceSet(self.images[mask], self.labels[mask], self.splits[mask], self.sources[mask], soft)


def _open_text(path: Path):
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def load_fer_csv(path: str | Path) -> FaceSet:
    """Read the Kaggle fer2013.csv (or .csv.gz)."""
    path = Path(path)
    images, labels, splits = [], [], []
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["emotion", "pixels", "Usage"]:
            raise DataFormatError(f"{path}: expected the header 'emotion,pixels,Usage'")
        for line, row in enumerate(reader, start=2):
            try:
                pixels = np.array(row[1].split(), dtype=np.uint8)
                label = int(row[0])
            except (IndexError, ValueError) as exc:
                raise DataFormatError(f"{path}:{line}: unreadable row") from exc
            if pixels.size != 48 * 48 or not 0 <= label < len(LABELS) or row[2] not in SPLITS:
                raise DataFormatError(f"{path}:{line}: expected 2304 pixels, a label 0-6 and a known Usage")
            images.append(pixels.reshape(48, 48))
            labels.append(label)
            splits.append(row[2])
    if not images:
        raise DataFormatError(f"{path}: no rows")
    return FaceSet(np.stack(images), np.array(labels, np.int64), np.array(splits), np.full(len(labels), "fer2013"))


def load_folder(root: str | Path) -> FaceSet:
    """Read the Kaggle folder layout: root/train|test/<emotion>/*.png|jpg ('test' counts as PrivateTest)."""
    import cv2

    root = Path(root)
    images, labels, splits = [], [], []
    for folder, split in FOLDER_SPLITS.items():
        for label, name in enumerate(LABELS):
            directory = root / folder / name
            if not directory.is_dir():
                continue
            for file in sorted(directory.iterdir()):
                if file.suffix.lower() not in {".png", ".jpg", ".jpeg"}:
                    continue
                image = cv2.imread(str(file), cv2.IMREAD_GRAYSCALE)
                if image is None:
                    raise DataFormatError(f"{file}: not a readable image")
                if image.shape != (48, 48):
                    image = cv2.resize(image, (48, 48), interpolation=cv2.INTER_AREA)
                images.append(image)
                labels.append(label)
                splits.append(split)
    if not images:
        raise DataFormatError(f"{root}: no images under train/<emotion>/ or test/<emotion>/")
    return FaceSet(
        np.stack(images), np.array(labels, np.int64), np.array(splits), np.full(len(labels), f"folder:{root.name}")
    )


def load(path: str | Path) -> FaceSet:
    """A csv(.gz) file or a Kaggle-layout folder."""
    path = Path(path)
    if path.is_dir():
        return load_folder(path)
    if not path.exists():
        raise DataFormatError(f"{path}: no such file or folder")
    return load_fer_csv(path)


def load_ferplus_votes(path: str | Path, splits: np.ndarray) -> np.ndarray:
    """FER+ votes as float32 [N, 10], joined to fer2013.csv by row position.

    `splits` are the Usage values of the fer2013.csv rows; every FER+ row must carry the same Usage, which
    catches a file from another release or a csv whose rows were filtered or reordered.
    """
    votes, usage = [], []
    with _open_text(Path(path)) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header[2:12]) != FERPLUS_COLUMNS:
            raise DataFormatError(f"{path}: not a FER+ vote file (fer2013new.csv)")
        for row in reader:
            if len(votes) == len(splits):
                break  # a csv holding only the first splits (e.g. Training and PublicTest) joins the same rows
            usage.append(row[0])
            votes.append([float(v or 0) for v in row[2:12]])
    if len(votes) != len(splits):
        raise DataFormatError(f"{path}: {len(votes)} rows, but fer2013.csv has {len(splits)}")
    mismatched = int((np.array(usage) != np.asarray(splits)).sum())
    if mismatched:
        raise DataFormatError(f"{path}: {mismatched} rows disagree with fer2013.csv on Usage; the files do not match")
    return np.array(votes, dtype=np.float32)


def ferplus_soft_labels(votes: np.ndarray, hard: np.ndarray, weight: float) -> np.ndarray:
    """Blend FER+ vote distributions (mapped to the 7 FER2013 classes) with the FER2013 label.

    `weight` is the share of FER+; rows whose votes are all contempt/unknown/not-a-face keep the hard label.
    """
    mapped = np.zeros((len(votes), len(LABELS)), np.float32)
    for column, target in enumerate(FERPLUS_TO_FER):
        if target is not None:
            mapped[:, target] += votes[:, column]
    totals = mapped.sum(axis=1, keepdims=True)
    onehot = np.eye(len(LABELS), dtype=np.float32)[hard]
    usable = totals[:, 0] > 0
    soft = onehot.copy()
    soft[usable] = (1 - weight) * onehot[usable] + weight * mapped[usable] / totals[usable]
    return soft


def pixel_hash(image: np.ndarray) -> str:
    return hashlib.sha1(np.ascontiguousarray(image, dtype=np.uint8).tobytes()).hexdigest()


def write_test_hashes(faces: FaceSet, path: str | Path, splits: Collection[str] = ("PrivateTest",)) -> int:
    """Save the pixel hashes of test faces, so training elsewhere can drop their twins without the faces."""
    digests = sorted(
        {pixel_hash(image) for image, split in zip(faces.images, faces.splits, strict=True) if split in splits}
    )
    Path(path).write_text("".join(d + "\n" for d in digests))
    return len(digests)


def read_test_hashes(path: str | Path) -> set[str]:
    return {line.strip() for line in Path(path).read_text().splitlines() if line.strip()}


@dataclass
class CleaningReport:
    """What combine() removed, and why."""

    kept: Counter = field(default_factory=Counter)
    duplicate_in_training: int = 0
    leaked_from_test: int = 0
    duplicate_in_test: int = 0
    by_source: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        return [
            f"kept: {dict(self.kept)}",
            f"removed from training, same pixels as a test image: {self.leaked_from_test}",
            f"removed from training, repeat of another training image: {self.duplicate_in_training}",
            f"test images repeated within the test splits (kept, reported only): {self.duplicate_in_test}",
            f"removed per source: {dict(self.by_source)}",
        ]


def combine(*sets: FaceSet, held_out: Collection[str] = ()) -> tuple[FaceSet, CleaningReport]:
    """Merge sources; drop training faces that repeat another training face or appear in any test split.

    `held_out` holds the pixel hashes of test faces that are not loaded here (PrivateTest stays off the
    training machine), so their twins in the training split go too. Test splits are never changed, so their
    scores stay comparable with published figures.
    """
    report = CleaningReport()
    merged = FaceSet(
        np.concatenate([s.images for s in sets]),
        np.concatenate([s.labels for s in sets]),
        np.concatenate([s.splits for s in sets]),
        np.concatenate([s.sources for s in sets]),
        None if any(s.soft_labels is None for s in sets) else np.concatenate([s.soft_labels for s in sets]),
    )
    hashes = [pixel_hash(image) for image in merged.images]
    test_hashes: Counter = Counter(h for h, split in zip(hashes, merged.splits, strict=True) if split in TEST_SPLITS)
    report.duplicate_in_test = sum(n - 1 for n in test_hashes.values())
    keep = np.ones(len(merged), dtype=bool)
    seen_training: set[str] = set()
    for i, (digest, split) in enumerate(zip(hashes, merged.splits, strict=True)):
        if split in TEST_SPLITS:
            continue
        if digest in test_hashes or digest in held_out:
            keep[i] = False
            report.leaked_from_test += 1
        elif digest in seen_training:
            keep[i] = False
            report.duplicate_in_training += 1
        else:
            seen_training.add(digest)
        if not keep[i]:
            report.by_source[str(merged.sources[i])] += 1
    cleaned = FaceSet(
        merged.images[keep],
        merged.labels[keep],
        merged.splits[keep],
        merged.sources[keep],
        None if merged.soft_labels is None else merged.soft_labels[keep],
    )
    report.kept = Counter(str(s) for s in cleaned.splits)
    return cleaned, report
