"""Batch augmentation on tensors, so it runs on the GPU when there is one.

Faces in FER2013 are roughly aligned, so the jitter stays small: a few
degrees, a few pixels, a little zoom. Random erasing and mixup regularise a
network that would otherwise memorise 27k faces in a few epochs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass
class AugmentConfig:
    rotate_deg: float = 10.0
    scale: float = 0.1
    translate: float = 0.08
    flip: float = 0.5
    brightness: float = 0.2
    contrast: float = 0.2
    erase_p: float = 0.5
    erase_area: tuple[float, float] = (0.05, 0.2)
    mixup_alpha: float = 0.2
    mixup_p: float = 0.5


def affine_jitter(x: torch.Tensor, cfg: AugmentConfig, gen: torch.Generator) -> torch.Tensor:
    n = x.shape[0]
    dev = x.device
    angle = (torch.rand(n, generator=gen, device=dev) * 2 - 1) * math.radians(cfg.rotate_deg)
    scale = 1 + (torch.rand(n, generator=gen, device=dev) * 2 - 1) * cfg.scale
    shift = (torch.rand(n, 2, generator=gen, device=dev) * 2 - 1) * cfg.translate * 2
    flip = torch.where(torch.rand(n, generator=gen, device=dev) < cfg.flip, -1.0, 1.0)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack(
        [torch.stack([cos * flip, -sin, shift[:, 0]], 1), torch.stack([sin * flip, cos, shift[:, 1]], 1)], 1
    )
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)


def photometric(x: torch.Tensor, cfg: AugmentConfig, gen: torch.Generator) -> torch.Tensor:
    n = x.shape[0]
    dev = x.device
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    contrast = 1 + (torch.rand(n, 1, 1, 1, generator=gen, device=dev) * 2 - 1) * cfg.contrast
    bright = (torch.rand(n, 1, 1, 1, generator=gen, device=dev) * 2 - 1) * cfg.brightness
    return ((x - mean) * contrast + mean + bright).clamp(0, 1)


def random_erase(x: torch.Tensor, cfg: AugmentConfig, gen: torch.Generator) -> torch.Tensor:
    n, _, h, w = x.shape
    dev = x.device
    area = torch.empty(n, device=dev).uniform_(*cfg.erase_area, generator=gen) * h * w
    aspect = torch.exp(torch.empty(n, device=dev).uniform_(math.log(0.5), math.log(2.0), generator=gen))
    eh = (area * aspect).sqrt().clamp(max=h).long()
    ew = (area / aspect).sqrt().clamp(max=w).long()
    top = (torch.rand(n, generator=gen, device=dev) * (h - eh + 1)).long()
    left = (torch.rand(n, generator=gen, device=dev) * (w - ew + 1)).long()
    rows = torch.arange(h, device=dev).view(1, h, 1)
    cols = torch.arange(w, device=dev).view(1, 1, w)
    box = (
        (rows >= top.view(n, 1, 1))
        & (rows < (top + eh).view(n, 1, 1))
        & (cols >= left.view(n, 1, 1))
        & (cols < (left + ew).view(n, 1, 1))
    )
    apply = (torch.rand(n, generator=gen, device=dev) < cfg.erase_p).view(n, 1, 1)
    noise = torch.rand(x.shape, generator=gen, device=dev)
    return torch.where((box & apply).unsqueeze(1), noise, x)


def augment(x: torch.Tensor, y: torch.Tensor, cfg: AugmentConfig, gen: torch.Generator):
    """x: [N,1,48,48] in [0,1]; y: [N,7] label distributions. Returns augmented (x, y)."""
    x = random_erase(photometric(affine_jitter(x, cfg, gen), cfg, gen), cfg, gen)
    if cfg.mixup_alpha > 0 and torch.rand(1, generator=gen, device=x.device).item() < cfg.mixup_p:
        lam = float(torch.distributions.Beta(cfg.mixup_alpha, cfg.mixup_alpha).sample())
        lam = max(lam, 1 - lam)
        perm = torch.randperm(x.shape[0], generator=gen, device=x.device)
        x = lam * x + (1 - lam) * x[perm]
        y = lam * y + (1 - lam) * y[perm]
    return x, y
