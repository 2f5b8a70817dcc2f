"""Train an emotion classifier on FER2013, select on PublicTest, export ONNX, write the model card.

Read top to bottom: load and clean the data, build the net, loop over epochs
(augment, step, evaluate on PublicTest, checkpoint), then take the best
PublicTest checkpoint, export it, and score PrivateTest once with the same
onnxruntime code the app uses.
"""

from __future__ import annotations

import copy
import json
import random
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

try:
    from tqdm import tqdm
except ImportError:  # progress bars are a comfort, not a requirement (e.g. on a bare GPU image)

    def tqdm(iterable, **_kwargs):  # type: ignore[no-redef]
        return _Quiet(iterable)

    class _Quiet:
        def __init__(self, iterable) -> None:
            self.iterable = iterable

        def __iter__(self):
            return iter(self.iterable)

        def set_postfix(self, **_kwargs) -> None:
            pass


from mindhaven.training import data as fer
from mindhaven.training.augment import AugmentConfig, augment
from mindhaven.training.nets import build, parameter_count


@dataclass
class TrainConfig:
    data: str
    out: str
    arch: str = "havennet"
    epochs: int = 30
    batch_size: int = 128
    lr: float = 0.1
    weight_decay: float = 5e-4
    label_smoothing: float = 0.1
    ferplus: str | None = None  # path to fer2013new.csv for soft labels
    ferplus_weight: float = 0.5
    seed: int = 2026
    limit: int | None = None  # use only this many training and PublicTest faces (smoke tests)
    threads: int | None = None
    device: str | None = None  # default: cuda when available
    tta: bool = True  # select and export with horizontal-flip averaging
    stop_after: int | None = None  # run at most this many epochs in this call (resume later with --resume)
    teachers: list[str] = field(default_factory=list)  # best.pt checkpoints whose averaged predictions we distil
    distill_weight: float = 0.7  # share of the teachers' distribution in each target
    held_out_hashes: str | None = None  # file of test-face pixel hashes (data.write_test_hashes) to keep out
    time_budget: float | None = None  # seconds: fewer epochs when the measured pace would overrun it
    augment: AugmentConfig = field(default_factory=AugmentConfig)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def to_tensor(images: np.ndarray, device: torch.device) -> torch.Tensor:
    return torch.from_numpy(images).to(device).unsqueeze(1)  # uint8 [N,1,48,48]; scaled per batch


def prepare(cfg: TrainConfig) -> tuple[fer.FaceSet, fer.CleaningReport]:
    faces = fer.load(cfg.data)
    if cfg.ferplus:
        votes = fer.load_ferplus_votes(cfg.ferplus, faces.splits)
        faces.soft_labels = fer.ferplus_soft_labels(votes, faces.labels, cfg.ferplus_weight)
    held_out = fer.read_test_hashes(cfg.held_out_hashes) if cfg.held_out_hashes else set()
    return fer.combine(faces, held_out=held_out)


@torch.no_grad()
def predict(model: torch.nn.Module, images: torch.Tensor, tta: bool, batch: int = 512) -> torch.Tensor:
    model.eval()
    out = []
    for start in range(0, len(images), batch):
        x = images[start : start + batch].float().div_(255).contiguous(memory_format=torch.channels_last)
        logits = model(x)
        if tta:
            logits = (logits + model(torch.flip(x, dims=[3]))) / 2
        out.append(logits.float().cpu())
    return torch.cat(out)


def load_teachers(paths: list[str], device: torch.device) -> list[torch.nn.Module]:
    """Trained checkpoints (best.pt) whose ensemble the new net learns from (knowledge distillation)."""
    teachers = []
    for path in paths:
        state = torch.load(path, map_location=device, weights_only=False)
        net = build(state["arch"]).to(device).to(memory_format=torch.channels_last)
        net.load_state_dict(state["model"])
        teachers.append(net.eval())
    return teachers


@torch.no_grad()
def teach(teachers: list[torch.nn.Module], x: torch.Tensor) -> torch.Tensor:
    """The ensemble's averaged probabilities on the same augmented batch the student sees.

    The augmentation already flips half the faces, so one view per teacher keeps distillation affordable.
    """
    x = x.contiguous(memory_format=torch.channels_last)
    return torch.stack([F.softmax(net(x).float(), dim=1) for net in teachers]).mean(dim=0)


def mixed_precision(device: torch.device):
    """bfloat16 autocast on a GPU (about twice as fast there); plain float32 on the CPU, where bf16 is slower."""
    return torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device.type == "cuda")


def epochs_within(cfg: TrainConfig, seconds_per_epoch: float) -> int:
    """How many epochs fit the time budget (the one-cycle schedule must know its length before it starts)."""
    if not cfg.time_budget:
        return cfg.epochs
    return max(1, min(cfg.epochs, int(cfg.time_budget / seconds_per_epoch)))


def soft_cross_entropy(logits: torch.Tensor, target: torch.Tensor, smoothing: float) -> torch.Tensor:
    if smoothing:
        target = target * (1 - smoothing) + smoothing / target.shape[1]
    return -(target * F.log_softmax(logits, dim=1)).sum(dim=1).mean()


def training_loss(
    model: torch.nn.Module,
    teachers: list[torch.nn.Module],
    images: torch.Tensor,
    targets: torch.Tensor,
    cfg: TrainConfig,
    gen: torch.Generator,
    device: torch.device,
) -> torch.Tensor:
    """Augment one batch, mix in the teachers' view when distilling, and score the net against it."""
    x, y = augment(images.float().div_(255), targets, cfg.augment, gen)
    with mixed_precision(device):
        if teachers:
            y = (1 - cfg.distill_weight) * y + cfg.distill_weight * teach(teachers, x)
        logits = model(x.contiguous(memory_format=torch.channels_last))
    return soft_cross_entropy(logits.float(), y, cfg.label_smoothing)


def measure_pace(model, teachers, x_train, y_train, x_val, cfg: TrainConfig, device: torch.device) -> float:
    """Seconds one epoch will take here, from a few untimed and timed steps that leave the net unchanged."""
    snapshot = copy.deepcopy(model.state_dict())
    gen = torch.Generator(device=device).manual_seed(cfg.seed + 1)
    steps_per_epoch = max(1, len(x_train) // cfg.batch_size)

    def step() -> None:
        idx = torch.randint(len(x_train), (min(cfg.batch_size, len(x_train)),), generator=gen, device=device)
        training_loss(model, teachers, x_train[idx], y_train[idx], cfg, gen, device).backward()
        model.zero_grad(set_to_none=True)

    model.train()
    for _ in range(3):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    started, timed = time.time(), 10
    for _ in range(timed):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    per_step = (time.time() - started) / timed
    started = time.time()
    with mixed_precision(device):
        predict(model, x_val[:1024], cfg.tta)
    validation = (time.time() - started) * len(x_val) / min(1024, len(x_val))
    model.load_state_dict(snapshot)
    return 1.1 * (per_step * steps_per_epoch + validation)


def first(faces: fer.FaceSet, count: int) -> fer.FaceSet:
    """The first `count` faces (smoke tests and trial runs)."""
    return fer.FaceSet(
        *(a[:count] for a in (faces.images, faces.labels, faces.splits, faces.sources)),
        None if faces.soft_labels is None else faces.soft_labels[:count],
    )


def train(cfg: TrainConfig, resume: bool = False) -> dict:
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    device = torch.device(cfg.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    seed_everything(cfg.seed)

    faces, report = prepare(cfg)
    for line in report.lines():
        print("data:", line)
    train_set, val_set = faces.split("Training"), faces.split("PublicTest")
    if cfg.limit:
        train_set, val_set = first(train_set, cfg.limit), first(val_set, cfg.limit)
    targets = (
        train_set.soft_labels if train_set.soft_labels is not None else np.eye(7, dtype=np.float32)[train_set.labels]
    )
    x_train, y_train = to_tensor(train_set.images, device), torch.from_numpy(targets).to(device)
    x_val, y_val = to_tensor(val_set.images, device), torch.from_numpy(val_set.labels)

    model = build(cfg.arch).to(device).to(memory_format=torch.channels_last)
    teachers = load_teachers(cfg.teachers, device)
    if cfg.time_budget and not resume:
        pace = measure_pace(model, teachers, x_train, y_train, x_val, cfg, device)
        epochs = epochs_within(cfg, pace)
        print(f"about {pace:.1f}s per epoch: {epochs} epochs fit {cfg.time_budget:.0f}s")
        cfg = replace(cfg, epochs=epochs)
    steps_per_epoch = max(1, len(x_train) // cfg.batch_size)
    optimizer = torch.optim.SGD(
        model.parameters(), lr=cfg.lr, momentum=0.9, nesterov=True, weight_decay=cfg.weight_decay
    )
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=cfg.lr, epochs=cfg.epochs, steps_per_epoch=steps_per_epoch, pct_start=0.15
    )
    gen = torch.Generator(device=device).manual_seed(cfg.seed)
    history: list[dict] = []
    start_epoch, best_acc = 0, -1.0

    last_path, best_path = out / "last.pt", out / "best.pt"
    if resume and last_path.exists():
        state = torch.load(last_path, map_location=device, weights_only=False)
        if state.get("epochs") != cfg.epochs or state.get("arch") != cfg.arch:
            raise ValueError(
                f"{last_path} was made with {state.get('arch')} for {state.get('epochs')} epochs; "
                "resume with the same --arch and --epochs"
            )
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        gen.set_state(state["generator"])
        torch.set_rng_state(state["torch_rng"])
        history, best_acc, start_epoch = state["history"], state["best_acc"], state["epoch"] + 1
        print(f"resumed after epoch {state['epoch'] + 1} (best PublicTest {best_acc:.4f})")

    print(f"{cfg.arch}: {parameter_count(model):,} parameters on {device}; {len(x_train)} training faces")
    for epoch in range(start_epoch, cfg.epochs):
        if cfg.stop_after is not None and epoch - start_epoch >= cfg.stop_after:
            print(f"stopping after epoch {epoch}; continue with --resume")
            break
        model.train()
        started = time.time()
        order = torch.randperm(len(x_train), generator=gen, device=device)
        total, seen = 0.0, 0
        bar = tqdm(range(steps_per_epoch), desc=f"epoch {epoch + 1}/{cfg.epochs}", leave=False)
        for step in bar:
            idx = order[step * cfg.batch_size : (step + 1) * cfg.batch_size]
            loss = training_loss(model, teachers, x_train[idx], y_train[idx], cfg, gen, device)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            total += loss.item() * len(idx)
            seen += len(idx)
            bar.set_postfix(loss=f"{total / seen:.3f}")
        with mixed_precision(device):
            val_acc = float((predict(model, x_val, cfg.tta).argmax(1) == y_val).float().mean())
        history.append(
            {
                "epoch": epoch + 1,
                "train_loss": total / seen,
                "public_test_accuracy": val_acc,
                "lr": scheduler.get_last_lr()[0],
                "seconds": time.time() - started,
            }
        )
        print(f"epoch {epoch + 1}: loss {total / seen:.4f}  PublicTest {val_acc:.4f}  ({time.time() - started:.0f}s)")
        if val_acc > best_acc:
            best_acc = val_acc
            torch.save(
                {"model": model.state_dict(), "arch": cfg.arch, "epoch": epoch + 1, "public_test_accuracy": val_acc},
                best_path,
            )
        torch.save(
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "generator": gen.get_state(),
                "torch_rng": torch.get_rng_state(),
                "history": history,
                "best_acc": best_acc,
                "epoch": epoch,
                "epochs": cfg.epochs,
                "arch": cfg.arch,
            },
            last_path,
        )
        (out / "history.json").write_text(json.dumps(history, indent=1))

    summary = {
        "complete": len(history) == cfg.epochs,
        "config": {**asdict(cfg), "augment": asdict(cfg.augment)},
        "parameters": parameter_count(model),
        "best_epoch": torch.load(best_path, map_location="cpu", weights_only=False)["epoch"],
        "best_public_test_accuracy": best_acc,
        "training_seconds": sum(h["seconds"] for h in history),
        "device": str(device),
        "data_cleaning": report.lines(),
        "training_faces": len(x_train),
    }
    (out / "training.json").write_text(json.dumps(summary, indent=1))
    return summary
