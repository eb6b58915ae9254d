"""The face prior as network input (issue 12's second fusion): two channels beside the RGB.

training/eval/face-prior-dump.ts draws, for each render, the face prior exactly as the Depth API's priors draw it
(face detector, face mesh, the canonical head fitted and rasterised) and stores it beside the render at 256x192:
NNNNNN.prior.png (16-bit: 32768 + 10^4 * dz/D, the head's depth relative to its distance) and NNNNNN.priorw.png (8-bit
weight: raster weight x the face's trust). The network sees [relief * weight * RELIEF_GAIN, weight]: zero wherever
there is no prior, so a render without a face found looks like one with the prior switched off.
"""
from __future__ import annotations

import os

import numpy as np
import torch
from PIL import Image

# dz/D over a head is about +-0.15; x10 brings it to the range of the RGB channels.
RELIEF_GAIN = 10.0
PRIOR_CHANNELS = 2


# The grid the priors are drawn at (the network's input), whatever the render's size: make_batch resamples them with
# the image, in normalised coordinates.
PRIOR_GRID = (256, 192)


def read_prior(stem: str) -> np.ndarray:
    """The prior channels of one sample, float32 [2, 256, 192]; zeros where the sample has no prior files."""
    if not has_prior_files(stem):
        return np.zeros((PRIOR_CHANNELS, *PRIOR_GRID), np.float32)
    with Image.open(stem + '.prior.png') as img:
        relief = (np.asarray(img).astype(np.float32) - 32768) / 1e4
    with Image.open(stem + '.priorw.png') as img:
        weight = np.asarray(img.convert('L')).astype(np.float32) / 255
    if relief.shape != PRIOR_GRID or weight.shape != PRIOR_GRID:
        raise ValueError(f'{stem}.prior*.png are {relief.shape[1]}x{relief.shape[0]}, not {PRIOR_GRID[1]}x{PRIOR_GRID[0]}: '
                         f'draw them again with face-prior-dump.ts --grid {PRIOR_GRID[0]}x{PRIOR_GRID[1]}')
    return np.stack([relief * weight * RELIEF_GAIN, weight])


def has_prior_files(stem: str) -> bool:
    return os.path.isfile(stem + '.priorw.png')


def takes_prior(model: torch.nn.Module) -> bool:
    """Whether the network is fed the prior's channels behind the RGB (--arch wide-prior)."""
    return getattr(model, 'in_channels', 3) > 3


def drop_priors(prior: torch.Tensor, p: float, gen: torch.Generator | None) -> torch.Tensor:
    """Zeroes the prior of each sample with probability p, so the network also learns to do without one (no face
    found, priors off) rather than to lean on a prior that is always there when there is a face."""
    if p <= 0:
        return prior
    keep = (torch.rand(prior.shape[0], generator=gen) >= p).to(prior.device, prior.dtype)
    return prior * keep.reshape(-1, 1, 1, 1)


def widen_input(state: dict[str, torch.Tensor], model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """A 3-channel checkpoint's weights for `model` with more input channels: the first convolution's new input
    channels get zero weights, so the widened network starts as exactly the old one whatever the new channels hold."""
    target = model.state_dict()
    out = dict(state)
    for name, value in state.items():
        want = target.get(name)
        if want is not None and value.dim() == 4 and want.dim() == 4 and value.shape[1] < want.shape[1] \
                and value.shape[0] == want.shape[0]:
            wide = torch.zeros_like(want)
            wide[:, :value.shape[1]] = value
            out[name] = wide
    return out
