"""`mindhaven emotion evaluate|analyze`: score a model, or look at the faces in a photo (no torch needed)."""

from __future__ import annotations

from pathlib import Path

import click

from mindhaven.emotion.classifier import DEFAULT_MODEL


@click.command("evaluate")
@click.option("--data", required=True, type=click.Path(exists=True), help="fer2013.csv(.gz) or a Kaggle folder")
@click.option("--split", default="PrivateTest", show_default=True, help="Training, PublicTest or PrivateTest")
@click.option(
    "--model",
    "model_path",
    default=str(DEFAULT_MODEL),
    show_default=True,
    type=click.Path(exists=True),
    help="any ONNX model with input faces [N,1,48,48] and output logits [N,7]",
)
@click.option("--threads", default=2, show_default=True)
def evaluate_command(data: str, split: str, model_path: str, threads: int) -> None:
    """Accuracy, per-class recall and the confusion matrix of a model on a FER2013 split."""
    from mindhaven.emotion.classifier import EmotionClassifier, ModelContractError
    from mindhaven.training.data import SPLITS, DataFormatError, load
    from mindhaven.training.evaluate import evaluate

    if split not in SPLITS:
        raise click.BadParameter(f"choose one of {', '.join(SPLITS)}", param_hint="--split")
    try:
        classifier = EmotionClassifier(model_path, threads=threads)
        faces = load(data)
        click.echo(evaluate(classifier, faces, split).table())
    except (ModelContractError, DataFormatError, ValueError) as error:
        raise click.ClickException(str(error)) from None


@click.command("analyze")
@click.argument("photo", type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "model_path", default=str(DEFAULT_MODEL), show_default=True, type=click.Path(exists=True))
def analyze_command(photo: str, model_path: str) -> None:
    """The faces in a JPEG or PNG photo and the emotions they show."""
    from mindhaven.emotion.errors import ImageError
    from mindhaven.emotion.pipeline import EmotionPipeline

    try:
        analysis = EmotionPipeline(classifier_path=model_path).analyze(Path(photo).read_bytes())
    except ImageError as error:
        raise click.ClickException(f"{photo}: {error}") from None
    if not analysis.faces:
        click.echo("No face found.")
    for n, face in enumerate(analysis.faces, start=1):
        x, y, w, h = face.box
        click.echo(f"face {n} at x={x} y={y} {w}x{h}: {face.dominant} ({face.confidence * 100:.0f} %)")
        ranked = sorted(face.probabilities.items(), key=lambda item: -item[1])
        click.echo("  " + ", ".join(f"{label} {p * 100:.0f} %" for label, p in ranked))
    if analysis.flags:
        click.echo("flags: " + ", ".join(analysis.flags))
