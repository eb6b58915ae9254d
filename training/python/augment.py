"""Batch augmentation on the training device, aimed at the synthetic-to-real-photo gap.

Turns packed uint8/uint16 samples into what the deployed API feeds the network: an RGB image in [0,1] whose
background is zeroed by a binary (imperfect) segmentation mask, plus the depth target in "depth / median person
depth" units and the masks the losses need.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


@dataclass
class Batch:
    image: torch.Tensor   # [B,3,H,W] network input, background zeroed
    target: torch.Tensor  # [B,1,H,W] depth / median person depth (0 where undefined)
    valid: torch.Tensor   # [B,1,H,W] 1 where the target is defined and the person is visible in the input
    background: torch.Tensor  # [B,1,H,W] 1 where the segmentation zeroed the input
    face: torch.Tensor | None = None  # [B,1,H,W] 1 on the valid face region (sets that mark it), for the face loss
    prior: torch.Tensor | None = None  # [B,2,H,W] the face prior's input channels (prior_channels.py), on the person

    @property
    def network_input(self) -> torch.Tensor:
        """What the network is fed: the image, and the prior's channels behind it when the batch has them."""
        return self.image if self.prior is None else torch.cat([self.image, self.prior], dim=1)


AUGMENT_PARTS = ('zoom', 'shift', 'flip', 'colour', 'degrade', 'mask', 'soften')
# Shorthand for the three geometric parts (the ablation's first runs named them together).
PART_GROUPS = {'geometry': ('zoom', 'shift', 'flip')}


@dataclass
class AugmentConfig:
    enabled: bool = True
    # Which parts run when enabled (ablations, e.g. what flattens the faces): zoom, shift, flip; gain, white balance,
    # contrast, saturation, gamma; blur, noise, JPEG; the segmenter's wobbly edge; the resize's softening.
    parts: frozenset[str] = frozenset(AUGMENT_PARTS)
    zoom: tuple[float, float] = (0.8, 1.3)
    shift: float = 0.1
    flip: float = 0.5
    jpeg_p: float = 0.3
    blur_p: float = 0.3
    noise_p: float = 0.5
    mask_edge_px: float = 3.0  # typical segmenter boundary error at 256x192
    soft_edge_p: float = 0.5

    @staticmethod
    def from_parts(spec: str) -> 'AugmentConfig':
        """'all', 'none' or a comma list of AUGMENT_PARTS."""
        if spec in ('all', 'none'):
            return AugmentConfig(enabled=spec == 'all')
        named_parts = [p.strip() for p in spec.split(',') if p.strip()]
        parts = frozenset(q for p in named_parts for q in PART_GROUPS.get(p, (p,)))
        unknown = parts - set(AUGMENT_PARTS)
        if unknown or not parts:
            named = f"unknown part {', '.join(sorted(unknown))!r}" if unknown else 'no part named'
            raise ValueError(f"--augment {spec!r}: {named}; expected 'all', 'none' or a comma list of "
                             f"{', '.join(AUGMENT_PARTS)} (geometry = zoom, shift, flip)")
        return AugmentConfig(parts=parts)

    def on(self, part: str) -> bool:
        return self.enabled and part in self.parts


def gaussian_blur(x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """Per-sample separable Gaussian blur; sigma [B] in pixels (0 = unchanged)."""
    radius = int(max(1, float(sigma.max()) * 3 + 0.5))
    t = torch.arange(-radius, radius + 1, device=x.device, dtype=x.dtype)
    k = torch.exp(-0.5 * (t[None] / sigma.clamp(min=1e-3)[:, None]) ** 2)
    k = k / k.sum(1, keepdim=True)
    b, c, h, w = x.shape
    kx = k.repeat_interleave(c, 0)[:, None, None, :]
    ky = k.repeat_interleave(c, 0)[:, None, :, None]
    y = x.reshape(1, b * c, h, w)
    y = F.conv2d(F.pad(y, (radius, radius, 0, 0), mode='replicate'), kx, groups=b * c)
    y = F.conv2d(F.pad(y, (0, 0, radius, radius), mode='replicate'), ky, groups=b * c)
    return y.reshape(b, c, h, w)


def masked_median(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Per-sample median of x over mask>0; x, mask [B,1,H,W] -> [B,1,1,1] (1 where the mask is empty)."""
    flat = torch.where(mask > 0, x, torch.full_like(x, float('inf'))).flatten(1)
    n = (mask > 0).flatten(1).sum(1)
    vals = flat.sort(1).values
    med = vals.gather(1, ((n - 1).clamp(min=0) // 2)[:, None])
    return torch.where(n[:, None] > 0, med, torch.ones_like(med)).reshape(-1, 1, 1, 1)


def jpeg(images: torch.Tensor, quality: list[int]) -> torch.Tensor:
    out = []
    for img, q in zip(images, quality):
        arr = (img.permute(1, 2, 0).clamp(0, 1) * 255 + 0.5).byte().cpu().numpy()
        buf = io.BytesIO()
        Image.fromarray(arr).save(buf, format='JPEG', quality=int(q))
        dec = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert('RGB'))
        out.append(torch.from_numpy(dec.copy()).permute(2, 0, 1))
    return torch.stack(out).to(images.device, images.dtype) / 255


def make_batch(color: torch.Tensor, depth: torch.Tensor, mask: torch.Tensor, depth_scale: float,
               size: tuple[int, int], cfg: AugmentConfig, gen: torch.Generator | None = None,
               face: torch.Tensor | None = None, prior: torch.Tensor | None = None) -> Batch:
    """color uint8 [B,H,W,3], depth uint16 [B,H,W], mask and face uint8 [B,H,W], prior float [B,2,h,w] at any
    size (already on the device; face and prior optional) -> Batch at `size`."""
    dev = color.device
    b = color.shape[0]

    def rand(*shape: int) -> torch.Tensor:
        return torch.rand(*shape, generator=gen).to(dev)

    rgb = color.permute(0, 3, 1, 2).float() / 255
    d = depth[:, None].float() / depth_scale
    m = mask[:, None].float() / 255
    valid = ((d > 0) & (m > 0.5)).float()

    # Geometry: random zoom/shift/flip, resampled straight to the training resolution. (Zoom breaks the tie between a
    # face's size in the picture and its distance, hence its relative relief: docs/MODEL.md, augmentation ablation.)
    zoom = cfg.zoom[0] + (cfg.zoom[1] - cfg.zoom[0]) * rand(b) if cfg.on('zoom') else torch.ones(b, device=dev)
    flip = torch.where(rand(b) < cfg.flip, -1.0, 1.0).to(dev) if cfg.on('flip') else torch.ones(b, device=dev)
    theta = torch.zeros(b, 2, 3, device=dev)
    theta[:, 0, 0] = flip / zoom
    theta[:, 1, 1] = 1 / zoom
    if cfg.on('shift'):
        theta[:, :, 2] = (rand(b, 2) * 2 - 1) * cfg.shift
    grid = F.affine_grid(theta, [b, 1, size[0], size[1]], align_corners=False)
    rgb = F.grid_sample(rgb, grid, 'bilinear', 'zeros', align_corners=False)
    m = F.grid_sample(m, grid, 'bilinear', 'zeros', align_corners=False)
    d = F.grid_sample(d, grid, 'nearest', 'zeros', align_corners=False)  # never blend depth across edges
    valid = F.grid_sample(valid, grid, 'nearest', 'zeros', align_corners=False)
    if face is not None:
        face = F.grid_sample(face[:, None].float() / 255, grid, 'nearest', 'zeros', align_corners=False)
    if prior is not None:
        # Same normalised grid: the prior moves with the picture whatever size it was drawn at.
        prior = F.grid_sample(prior.float(), grid, 'bilinear', 'zeros', align_corners=False)

    rgb = photometric(rgb, cfg, rand)
    if cfg.on('mask'):
        # A segmenter's mask: edge moved in or out by a few pixels, wobbly, then thresholded like the API (p > 0.5).
        px = cfg.mask_edge_px * size[0] / 256
        soft = gaussian_blur(m, px * (0.5 + rand(b)))
        wobble = F.interpolate(rand(b, 1, 8, 6) * 2 - 1, size=size, mode='bilinear', align_corners=False)
        shift = (rand(b) * 2 - 1).reshape(-1, 1, 1, 1) * 0.25
        seg = (soft + shift + 0.15 * wobble > 0.5).float()
    else:
        seg = (m > 0.5).float()
    image = rgb * seg
    if cfg.on('soften'):
        # The API bilinearly resizes the masked photo to 256x192, which softens the silhouette.
        soft_edges = (rand(b) < cfg.soft_edge_p).float().reshape(-1, 1, 1, 1)
        down = F.interpolate(image, scale_factor=0.5, mode='bilinear', align_corners=False, recompute_scale_factor=False)
        up = F.interpolate(down, size=size, mode='bilinear', align_corners=False)
        image = soft_edges * up + (1 - soft_edges) * image
    valid = valid * seg
    med = masked_median(d, valid)
    return Batch(image=image.clamp(0, 1), target=d / med * valid, valid=valid, background=1 - seg,
                 face=None if face is None else (face > 0.5).float() * valid,
                 prior=None if prior is None else prior * seg)


def photometric(rgb: torch.Tensor, cfg: AugmentConfig, rand) -> torch.Tensor:
    if cfg.on('colour'):
        rgb = colour(rgb, rand)
    if cfg.on('degrade'):
        rgb = degrade(rgb, cfg, rand)
    return rgb


def colour(rgb: torch.Tensor, rand) -> torch.Tensor:
    b = rgb.shape[0]
    shape = (b, 1, 1, 1)
    gain = 0.6 + 0.8 * rand(b).reshape(shape)
    white = 0.85 + 0.3 * rand(b, 3).reshape(b, 3, 1, 1)
    x = rgb * gain * white
    mean = x.mean((1, 2, 3), keepdim=True)
    x = (x - mean) * (0.7 + 0.6 * rand(b).reshape(shape)) + mean  # contrast
    grey = x.mean(1, keepdim=True)
    x = (x - grey) * (0.6 + 0.8 * rand(b).reshape(shape)) + grey  # saturation
    return x.clamp(0, 1) ** (0.7 + 0.8 * rand(b).reshape(shape))  # gamma


def degrade(x: torch.Tensor, cfg: AugmentConfig, rand) -> torch.Tensor:
    b = x.shape[0]
    shape = (b, 1, 1, 1)
    sigma = torch.where(rand(b) < cfg.blur_p, rand(b) * 1.2, torch.zeros(b, device=x.device))
    if float(sigma.max()) > 0.05:
        x = gaussian_blur(x, sigma)
    noise = torch.where(rand(b) < cfg.noise_p, rand(b) * 0.03, torch.zeros(b, device=x.device))
    # Gaussian noise from the batch's own generator (Box-Muller), so a seeded batch is the same batch every time.
    u1, u2 = rand(*x.shape).clamp(min=1e-7), rand(*x.shape)
    x = x + torch.sqrt(-2 * torch.log(u1)) * torch.cos(2 * torch.pi * u2) * noise.reshape(shape)
    x = x.clamp(0, 1)
    use_jpeg = (rand(b) < cfg.jpeg_p).cpu()
    if bool(use_jpeg.any()):
        q = (30 + 60 * rand(b)).round().int().tolist()
        idx = use_jpeg.nonzero().flatten().tolist()
        x[idx] = jpeg(x[idx], [q[i] for i in idx])
    return x
