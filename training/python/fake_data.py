"""Writes a tiny dataset in the docs/DATASET.md format: shaded ellipsoid "heads" on ellipsoid "bodies", known depth.

Used by the tests (and for developing without the renderer): `python3 fake_data.py OUT_DIR --count 16`.
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np

from dataset_format import write_sample


def ellipsoid_depth(h: int, w: int, fx: float, cx: float, cy: float, centre: tuple[float, float, float],
                    radii: tuple[float, float, float]) -> np.ndarray:
    """Camera z of the front surface of an axis-aligned ellipsoid seen by a pinhole camera (inf where missed)."""
    v, u = np.mgrid[0:h, 0:w].astype(np.float64)
    d = np.stack([(u + 0.5 - cx) / fx, (v + 0.5 - cy) / fx, np.ones_like(u)], axis=-1)  # ray directions, z = 1
    c = np.array(centre)
    r = np.array(radii)
    # Solve |(t*d - c) / r|^2 = 1 for the nearest t; z = t because d_z = 1.
    a = ((d / r) ** 2).sum(-1)
    b = -2 * ((d * c / r ** 2).sum(-1))
    cc = ((c / r) ** 2).sum() - 1
    disc = b * b - 4 * a * cc
    t = (-b - np.sqrt(np.maximum(disc, 0))) / (2 * a)
    return np.where(disc > 0, t, np.inf)


def make_sample(rng: np.random.Generator, h: int, w: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    fx = w * rng.uniform(1.6, 2.6)
    cx, cy = w / 2, h / 2
    dist = rng.uniform(0.5, 1.2)
    head_r = rng.uniform(0.085, 0.11)
    head = (rng.uniform(-0.02, 0.02) * dist, -0.04 * dist, dist)
    head_depth = ellipsoid_depth(h, w, fx, cx, cy, head, (head_r, head_r * 1.3, head_r * 1.1))
    nose_depth = ellipsoid_depth(h, w, fx, cx, cy, (head[0], head[1] + 0.01, dist - head_r * 1.1),
                                 (0.015, 0.03, 0.02))
    body_depth = ellipsoid_depth(h, w, fx, cx, cy, (head[0], head[1] + head_r * 1.3 + 0.22, dist + 0.06),
                                 (0.22, 0.25, 0.12))
    depth = np.minimum(np.minimum(head_depth, nose_depth), body_depth)
    mask = np.isfinite(depth)
    # Lambertian shading from the depth gradient so the image carries the shape.
    dz = np.where(mask, depth, dist + 0.3)
    gy, gx = np.gradient(dz)
    light = np.array([rng.uniform(-0.5, 0.5), rng.uniform(-0.6, 0.0), -1.0])
    light /= np.linalg.norm(light)
    n = np.stack([-gx * fx / dz, -gy * fx / dz, -np.ones_like(dz)], -1)
    n /= np.linalg.norm(n, axis=-1, keepdims=True)
    shade = np.clip((n * light).sum(-1), 0.05, 1.0)
    skin = rng.uniform(0.3, 1.0, size=3)
    cloth = rng.uniform(0.1, 0.9, size=3)
    albedo = np.where((head_depth <= body_depth)[..., None] | (nose_depth <= body_depth)[..., None], skin, cloth)
    person = albedo * shade[..., None]
    v, u = np.mgrid[0:h, 0:w] / max(h, w)
    background = rng.uniform(0, 1, size=3) * (0.5 + 0.5 * (u * rng.uniform(-1, 1) + v * rng.uniform(-1, 1)))[..., None]
    color = np.where(mask[..., None], person, np.clip(background, 0, 1))
    color = np.clip(color * 255 + rng.normal(0, 3, color.shape), 0, 255).astype(np.uint8)
    depth_m = np.where(mask, depth, 0.0)
    params = {'intrinsics': {'fx': fx, 'fy': fx, 'cx': cx, 'cy': cy}, 'distanceM': dist, 'generator': 'fake_data.py'}
    return color, depth_m, (mask * 255).astype(np.uint8), params


def write_fake_dataset(out_dir: str, count: int, seed: int = 1, height: int = 256, width: int = 192,
                       samples_per_shard: int = 500) -> None:
    manifest = {'version': 1, 'seed': seed, 'count': count, 'height': height, 'width': width,
                'samplesPerShard': samples_per_shard, 'depthScale': 10000, 'complete': list(range(count)),
                'splits': {}, 'generator': 'relief fake_data.py'}
    rng = np.random.default_rng(seed)
    os.makedirs(out_dir, exist_ok=True)
    for i in range(count):
        color, depth, mask, params = make_sample(rng, height, width)
        write_sample(out_dir, manifest, i, color, depth, mask, {'seed': seed, **params})
    with open(os.path.join(out_dir, 'manifest.json'), 'w') as f:
        json.dump(manifest, f)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('out')
    ap.add_argument('--count', type=int, default=16)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--samples-per-shard', type=int, default=500)
    args = ap.parse_args()
    write_fake_dataset(args.out, args.count, args.seed, samples_per_shard=args.samples_per_shard)


if __name__ == '__main__':
    main()
