"""The classifiers we train on 48x48 grey faces.

HavenNet is a ResNet-18-shaped network (four stages of two basic blocks) sized
for CPU inference: a stride-2 stem keeps the full-resolution work small, which
is where most of the latency of a 48x48 network goes. VGG16Baseline is the
VGG16 layout adapted to 48x48 grey and trained from scratch: the comparison the
original prototype made with ImageNet weights, which cannot be downloaded here.

Both take inputs in [0, 1] and normalise inside the graph, so the exported
ONNX file needs no preprocessing beyond scaling pixels to [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

NUM_CLASSES = 7
PIXEL_MEAN = 0.5077  # FER2013 training pixels / 255
PIXEL_STD = 0.2550


class Normalize(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - PIXEL_MEAN) / PIXEL_STD


class BasicBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.relu = nn.ReLU(inplace=True)
        self.shortcut = nn.Identity()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))


@dataclass
class HavenNetConfig:
    widths: tuple[int, ...] = (32, 64, 128, 256)
    blocks: tuple[int, ...] = (2, 2, 2, 2)
    stem_stride: int = 2
    dropout: float = 0.2


class HavenNet(nn.Module):
    def __init__(self, config: HavenNetConfig | None = None) -> None:
        super().__init__()
        self.config = config = config or HavenNetConfig()
        w0 = config.widths[0]
        self.normalize = Normalize()
        self.stem = nn.Sequential(
            nn.Conv2d(1, w0, 3, config.stem_stride, 1, bias=False), nn.BatchNorm2d(w0), nn.ReLU(inplace=True)
        )
        layers: list[nn.Module] = []
        c_in = w0
        for stage, (width, count) in enumerate(zip(config.widths, config.blocks, strict=True)):
            for i in range(count):
                layers.append(BasicBlock(c_in, width, 2 if (i == 0 and stage > 0) else 1))
                c_in = width
        self.layers = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(config.dropout)
        self.fc = nn.Linear(c_in, NUM_CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.layers(self.stem(self.normalize(x)))
        return self.fc(self.dropout(torch.flatten(self.pool(x), 1)))


@dataclass
class VGGConfig:
    # VGG16: 13 convolutions in five blocks; on 48x48 the last pool leaves 1x1.
    blocks: list[list[int]] = field(
        default_factory=lambda: [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]
    )
    hidden: int = 512
    dropout: float = 0.5


class VGG16Baseline(nn.Module):
    def __init__(self, config: VGGConfig | None = None) -> None:
        super().__init__()
        self.config = config = config or VGGConfig()
        layers: list[nn.Module] = [Normalize()]
        c_in = 1
        for block in config.blocks:
            for width in block:
                layers += [nn.Conv2d(c_in, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True)]
                c_in = width
            layers.append(nn.MaxPool2d(2))  # 48 -> 24 -> 12 -> 6 -> 3 -> 1
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(c_in, config.hidden),
            nn.ReLU(inplace=True),
            nn.Dropout(config.dropout),
            nn.Linear(config.hidden, NUM_CLASSES),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


ARCHITECTURES = {
    "havennet": lambda: HavenNet(),
    "havennet-small": lambda: HavenNet(HavenNetConfig(widths=(24, 48, 96, 192))),
    # Full-resolution stem: more accurate, about 4x the compute; the GPU recipe's teacher-sized net.
    "havennet-s1": lambda: HavenNet(HavenNetConfig(stem_stride=1)),
    # ResNet-18 widths with a full-resolution stem, 11.2 M parameters: 72.6 % in the design notes' GPU probe.
    "havennet-wide-s1": lambda: HavenNet(HavenNetConfig(widths=(64, 128, 256, 512), stem_stride=1)),
    "vgg16": lambda: VGG16Baseline(),
}


def build(name: str) -> nn.Module:
    try:
        return ARCHITECTURES[name]()
    except KeyError:
        raise ValueError(f"unknown architecture {name!r}; choose from {', '.join(ARCHITECTURES)}") from None


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
