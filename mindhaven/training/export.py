"""Export a trained checkpoint to ONNX by the contract in DESIGN §3.

Input `faces`: float32 [N,1,48,48] in [0,1]; output `logits`: [N,7] in FER2013
order. With flip averaging the graph runs the net on the face and its mirror
in one batch and averages the logits, so the runtime gets the same accuracy
the model card reports without knowing about it. Several checkpoints export as
one ensemble graph that averages their logits the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import torch
from torch import nn

from mindhaven.training.nets import build


class AveragedLogits(nn.Module):
    """Mean logits of one or more nets, each on every face and (with `flip`) its mirror, all in one batch."""

    def __init__(self, nets: Sequence[nn.Module], flip: bool = True) -> None:
        super().__init__()
        self.nets = nn.ModuleList(nets)
        self.flip = flip

    def forward(self, faces: torch.Tensor) -> torch.Tensor:
        n = faces.shape[0]
        views = torch.cat([faces, torch.flip(faces, dims=[3])], dim=0) if self.flip else faces
        total = self.nets[0](views)
        for net in self.nets[1:]:
            total = total + net(views)
        if not self.flip:
            return total / len(self.nets)
        return (total[:n] + total[n:]) / (2 * len(self.nets))


def store_weights_as_fp16(path: str | Path) -> Path:
    """Halve the file: keep float32 weights as float16 initialisers, each widened again by a Cast node.

    onnxruntime folds the casts when it loads the model, so inference still runs in float32 at the same
    speed; only the rounding of the weights changes (the model card scores the file as shipped).
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    kept, casts = [], []
    for initializer in graph.initializer:
        if initializer.data_type != TensorProto.FLOAT or len(initializer.dims) == 0:
            kept.append(initializer)
            continue
        half = numpy_helper.from_array(numpy_helper.to_array(initializer).astype("float16"), initializer.name + "_fp16")
        kept.append(half)
        casts.append(helper.make_node("Cast", [half.name], [initializer.name], to=TensorProto.FLOAT))
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return Path(path)


def load_net(checkpoint: str | Path) -> nn.Module:
    state = torch.load(checkpoint, map_location="cpu", weights_only=False)
    net = build(state["arch"])
    net.load_state_dict(state["model"])
    return net.eval()


def export_onnx(
    checkpoints: str | Path | Sequence[str | Path], target: str | Path, tta: bool = True, fp16_weights: bool = False
) -> Path:
    """One checkpoint, or several whose logits the graph averages (an ensemble), in one contract file."""
    if isinstance(checkpoints, (str, Path)):
        checkpoints = [checkpoints]
    if not checkpoints:
        raise ValueError("no checkpoint to export")
    nets = [load_net(path) for path in checkpoints]
    model: nn.Module = AveragedLogits(nets, flip=tta) if tta or len(nets) > 1 else nets[0]
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    dummy = torch.rand(2, 1, 48, 48)
    torch.onnx.export(
        model,
        (dummy,),
        str(target),
        input_names=["faces"],
        output_names=["logits"],
        dynamic_axes={"faces": {0: "n"}, "logits": {0: "n"}},
        opset_version=17,
        dynamo=False,
    )
    if fp16_weights:
        store_weights_as_fp16(target)
    return target
