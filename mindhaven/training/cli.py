"""`mindhaven emotion train|export|card`: the offline model commands (need the `train` extra)."""

from __future__ import annotations

import click


@click.command("train")
@click.option("--data", required=True, type=click.Path(exists=True), help="fer2013.csv(.gz) or a Kaggle folder")
@click.option("--out", required=True, type=click.Path(), help="folder for checkpoints, history and the model")
@click.option("--arch", default="havennet", show_default=True, help="havennet, havennet-small or vgg16")
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
@click.argument("checkpoint", type=click.Path(exists=True))
@click.argument("target", type=click.Path())
@click.option("--no-tta", is_flag=True, help="without flip averaging in the graph")
@click.option("--fp32-weights", is_flag=True, help="keep float32 weights (twice the file size)")
def export_command(checkpoint, target, no_tta, fp32_weights):
    """Export a checkpoint (best.pt) to ONNX (weights stored as float16 unless --fp32-weights)."""
    from mindhaven.training.export import export_onnx

    click.echo(export_onnx(checkpoint, target, tta=not no_tta, fp16_weights=not fp32_weights))
