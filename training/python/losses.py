"""Deep-supervision depth loss: per decoder scale, scale-and-shift-invariant L1 + multi-scale gradient matching
(MiDaS) and an absolute L1 that anchors the output to "depth / median person depth" units, all on the person only
(the model's foreground gate makes the background exactly 0, so it needs no loss)."""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from augment import Batch, masked_median


@dataclass
class LossWeights:
    ssi: float = 1.0
    grad: float = 1.0
    abs: float = 0.5  # anchors scale and shift: the API reads raw/2 as absolute depth
    # L1 after matching medians only (shift-invariant, scale-aware): the relief's amount. The SSI terms leave it free
    # and the absolute L1 mixes it with the median's offset; networks trained without it drew about the same depth
    # range at every framing (selfies 0.69x as deep as they are, full bodies 2.3x), which a 3D photo shows as is.
    relief: float = 0.0
    coarse_scale: float = 0.5  # weight of each coarser head relative to the full-resolution one
    grad_levels: int = 4
    # Scale-and-shift-invariant L1 + gradient matching inside the face region alone (own alignment there): the
    # whole-person terms barely see a face's relief, and the wide network learned the body's order but flattened faces.
    face: float = 0.0
    # How the face terms align the prediction: 'own' (the face's own median and spread: its shape, whatever its depth
    # range) or 'person' (the whole person's alignment: the face's relief must also be as deep as the body's scale
    # says, which the own alignment leaves free; every own-aligned fine-tune drew people deeper, 1.16-1.76x).
    face_align: str = 'own'


def masked_mean(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    return (x * mask).sum() / mask.sum().clamp(min=1)


def median_and_mad(x: torch.Tensor, valid: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-sample median and mean absolute deviation from it over the mask, [B,1,1,1] each."""
    med = masked_median(x, valid)
    n = valid.sum((1, 2, 3), keepdim=True).clamp(min=1)
    mad = ((x - med).abs() * valid).sum((1, 2, 3), keepdim=True) / n
    return med, mad.clamp(min=1e-6)


def ssi_align(pred: torch.Tensor, target: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Maps pred onto target's median and mean absolute deviation over the mask (MiDaS' robust alignment)."""
    (pm, ps), (tm, ts) = median_and_mad(pred, valid), median_and_mad(target, valid)
    return (pred - pm) / ps * ts + tm


def gradient_matching(residual: torch.Tensor, valid: torch.Tensor, levels: int) -> torch.Tensor:
    total = residual.new_zeros(())
    for k in range(levels):
        step = 2 ** k
        r, v = residual[:, :, ::step, ::step], valid[:, :, ::step, ::step]
        if min(r.shape[2:]) < 4:
            break
        vx = v[..., 1:] * v[..., :-1]
        vy = v[..., 1:, :] * v[..., :-1, :]
        gx = (r[..., 1:] - r[..., :-1]).abs() * vx
        gy = (r[..., 1:, :] - r[..., :-1, :]).abs() * vy
        total = total + (gx.sum() + gy.sum()) / (vx.sum() + vy.sum()).clamp(min=1)
    return total


def downsample_targets(batch: Batch, size: tuple[int, int]) -> tuple[torch.Tensor, torch.Tensor]:
    """Target and valid mask at a coarser head's resolution; a coarse pixel counts only if fully on the person."""
    if tuple(batch.target.shape[2:]) == tuple(size):
        return batch.target, batch.valid
    k = batch.target.shape[2] // size[0]
    cover = F.avg_pool2d(batch.valid, k)
    target = F.avg_pool2d(batch.target * batch.valid, k) / cover.clamp(min=1e-6)
    valid = (cover > 0.999).float()
    return target * valid, valid


def scale_loss(pred: torch.Tensor, target: torch.Tensor, valid: torch.Tensor, w: LossWeights) -> dict[str, torch.Tensor]:
    # One median and spread each, shared by the SSI alignment and the relief term's median shift.
    (pm, ps), (tm, ts) = median_and_mad(pred, valid), median_and_mad(target, valid)
    aligned = (pred - pm) / ps * ts + tm
    shifted = pred - pm + tm
    return {
        'ssi': masked_mean((aligned - target).abs(), valid),
        'grad': gradient_matching((aligned - target) * valid, valid, w.grad_levels),
        'abs': masked_mean((pred - target).abs(), valid),
        'relief': masked_mean((shifted - target).abs(), valid),
    }


def face_terms(pred: torch.Tensor, target: torch.Tensor, face: torch.Tensor, valid: torch.Tensor,
               w: LossWeights) -> dict[str, torch.Tensor]:
    """The face's shape: pred aligned to the target (over the face region alone, or over the person), then L1 and
    gradient matching inside the face."""
    aligned = ssi_align(pred, target, face if w.face_align == 'own' else valid)
    return {
        'face_ssi': masked_mean((aligned - target).abs(), face),
        'face_grad': gradient_matching((aligned - target) * face, face, min(3, w.grad_levels)),
    }


def depth_loss(preds: list[torch.Tensor], batch: Batch, w: LossWeights) -> tuple[torch.Tensor, dict[str, float]]:
    """preds finest first (as PortraitUNet returns them). Returns the total and its terms (full-resolution head)."""
    total = preds[0].new_zeros(())
    report: dict[str, float] = {}
    for i, pred in enumerate(preds):
        target, valid = downsample_targets(batch, tuple(pred.shape[2:]))
        terms = scale_loss(pred, target, valid, w)
        scale_w = 1.0 if i == 0 else w.coarse_scale
        total = total + scale_w * (w.ssi * terms['ssi'] + w.grad * terms['grad'] + w.abs * terms['abs']
                                   + w.relief * terms['relief'])
        if i == 0:
            report = {k: float(v) for k, v in terms.items()}
            if w.face > 0 and batch.face is not None:
                face = face_terms(pred, target, batch.face, valid, w)
                total = total + w.face * (face['face_ssi'] + face['face_grad'])
                report.update({k: float(v) for k, v in face.items()})
    report['total'] = float(total)
    return total, report
