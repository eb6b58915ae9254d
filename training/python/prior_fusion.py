"""The Depth API's face fusion (packages/depth/src/priors/face_fusion.ts) on the network's grid, in numpy.

So the two ways issue 12 offers to use the face prior can be compared on the same renders, the same prior (the
channels face-prior-dump.ts drew) and the same metrics (face_eval.py --after-fusion): the prior fused after an RGB
network, as shipped, against a network fed the prior as input channels (prior_channels.py).
"""
from __future__ import annotations

import numpy as np

from prior_channels import RELIEF_GAIN

# As in face_fusion.ts: the mesh's relief whole, its plane (level and tilt) half and half with the network's.
MESH_RELIEF_GAIN = 1.0
MESH_PLANE_SHARE = 0.5


def weighted_plane(values: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The weighted least-squares plane through values [H,W] (weights w), evaluated on the grid."""
    ys, xs = np.mgrid[0:values.shape[0], 0:values.shape[1]].astype(np.float64)
    total = max(float(w.sum()), 1e-6)
    mean = lambda a: float((w * a).sum()) / total  # noqa: E731
    mx, my, mv = mean(xs), mean(ys), mean(values)
    sxx, syy, sxy = mean(xs * xs) - mx * mx, mean(ys * ys) - my * my, mean(xs * ys) - mx * my
    sxv, syv = mean(xs * values) - mx * mv, mean(ys * values) - my * mv
    det = max(sxx * syy - sxy * sxy, 1e-9)
    slope_x, slope_y = (syy * sxv - sxy * syv) / det, (sxx * syv - sxy * sxv) / det
    return mv + (xs - mx) * slope_x + (ys - my) * slope_y


def fuse_after(raw: np.ndarray, prior: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """raw [H,W] the network's depth, prior [2,H,W] the prior's channels (prior_channels.read_prior, resampled with
    the batch), keep [H,W] 1 on the person. The mesh's relief placed at the network's own depth over the head:
    raw = r0 (1 + k dz/D), r0 the weighted least-squares fit; the plane of the difference shared."""
    w = prior[1] * keep
    if float(w.sum()) <= 1e-6:
        return raw
    relief = np.where(prior[1] > 1e-6, prior[0] / (RELIEF_GAIN * np.maximum(prior[1], 1e-6)), 0.0)
    one_plus_z = 1 + MESH_RELIEF_GAIN * relief
    r0 = float((w * raw * one_plus_z).sum()) / max(float((w * one_plus_z ** 2).sum()), 1e-6)
    diff = r0 * one_plus_z - raw
    correction = diff - (1 - MESH_PLANE_SHARE) * weighted_plane(diff, w)
    return (raw + w * correction).astype(raw.dtype)
