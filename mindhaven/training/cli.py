"""`mindhaven emotion train|export|quantize`: the offline model commands (need the `train` extra)."""

from __future__ import annotations

import click


@click.command("train")
@click.option("--data", required=True, type=click.Path(exists=True), help="fer2013.csv(.gz) or a Kaggle folder")
@click.option("--out", required=True, type=click.Path(), help="folder for checkpoints, history and the model")
@click.option(
    "--arch",
    default="havennet",
    show_default=True,
    help="havennet, havennet-small, havennet-s1, havennet-wide-s1 or vgg16",
)
@click.option("--epochs", default=30, show_default=True)
@click.option("--batch-size", default=128, show_default=True)
@click.option("--lr", default=0.1, show_default=True)
@click.option("--ferplus", type=click.Path(exists=True), help="fer2013new.csv: train on FER+ soft labels too")
@click.option("--ferplus-weight", default=0.5, show_default=True, help="share of FER+ in each target")
@click.option("--seed", default=2026, show_default=True)
@click.option("--threads", type=int, help="CPU threads for torch")
@click.option("--limit", type=int, help="use only this many training faces (quick trial)")
@click.option("--resume", is_flag=True, help="continue from OUT/last.pt")
@click.option("--no-tta", is_flag=True, help="select and export without flip averaging")
@click.option("--stop-after", type=int, help="run at most this many epochs now; continue later with --resume")
@click.option(
    "--teacher",
    "teachers",
    multiple=True,
    type=click.Path(exists=True),
    help="a trained best.pt to distil from (repeat for an ensemble)",
)
@click.option("--distill-weight", default=0.7, show_default=True, help="share of the teachers in each target")
def train_command(
    data,
    out,
    arch,
    epochs,
    batch_size,
    lr,
    ferplus,
    ferplus_weight,
    seed,
    threads,
    limit,
    resume,
    no_tta,
    stop_after,
    teachers,
    distill_weight,
):
    """Train on Training, select on PublicTest, then export ONNX and score PrivateTest once."""
    from pathlib import Path

    from mindhaven.training.card import write_card
    from mindhaven.training.export import export_onnx
    from mindhaven.training.train import TrainConfig, train

    cfg = TrainConfig(
        data=data,
        out=out,
        arch=arch,
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        ferplus=ferplus,
        ferplus_weight=ferplus_weight,
        seed=seed,
        threads=threads,
        limit=limit,
        tta=not no_tta,
        stop_after=stop_after,
        teachers=list(teachers),
        distill_weight=distill_weight,
    )
    summary = train(cfg, resume=resume)
    if not summary["complete"]:
        click.echo(f"Stopped early; continue with the same options and --resume. Checkpoints in {out}.")
        return
    model = export_onnx(Path(out) / "best.pt", Path(out) / f"{arch}.onnx", tta=cfg.tta, fp16_weights=True)
    card = write_card(model, data, Path(out), summary)
    click.echo(f"PrivateTest accuracy {card['private_test']['accuracy']:.4f}; model {model}; card {out}/model_card.md")


@click.command("export")
@click.argument("checkpoints", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.argument("target", type=click.Path(dir_okay=False))
@click.option("--no-tta", is_flag=True, help="without flip averaging in the graph")
@click.option("--fp32-weights", is_flag=True, help="keep float32 weights (twice the file size)")
def export_command(checkpoints, target, no_tta, fp32_weights):
    """Export checkpoints (best.pt) to ONNX: one net, or several averaged as an ensemble (weights stored as float16
    unless --fp32-weights)."""
    from mindhaven.training.export import export_onnx

    click.echo(export_onnx(list(checkpoints), target, tta=not no_tta, fp16_weights=not fp32_weights))


@click.command("quantize")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.argument("target", type=click.Path(dir_okay=False))
@click.option("--data", required=True, type=click.Path(exists=True), help="fer2013.csv(.gz): calibration faces")
@click.option(
    "--calibration-faces",
    "calibration_count",
    default=4096,
    show_default=True,
    help="Training faces that set the int8 ranges",
)
@click.option(
    "--card",
    type=click.Path(exists=True, dir_okay=False),
    help="the source's model_card.json: write a rescored card for TARGET beside it",
)
def quantize_command(source, target, data, calibration_count, card):
    """An int8 copy of a contract model (calibrated on Training faces), optionally with its own model card."""
    from pathlib import Path

    from mindhaven.training.card import rescore_card
    from mindhaven.training.data import DataFormatError, load
    from mindhaven.training.quantize import QuantizationSettings, calibration_faces, quantize_model

    settings = QuantizationSettings(calibration_faces=calibration_count)
    try:
        faces = load(data)
        model = quantize_model(source, target, calibration_faces(faces, settings), settings)
    except (DataFormatError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"int8 model: {model} ({model.stat().st_size / 1e6:.1f} MB)")
    if card:
        rescored = rescore_card(Path(card), model, data, {"weights": settings.describe()})
        click.echo(
            f"PublicTest {rescored['public_test']['accuracy'] * 100:.2f} %, "
            f"PrivateTest {rescored['private_test']['accuracy'] * 100:.2f} %, "
            f"{rescored['latency_ms_per_face_one_thread']:.2f} ms per face; "
            f"card {model.parent}/{model.stem}.model_card.md"
        )
