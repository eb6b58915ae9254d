"""Reads one sample of the synthetic dataset format fixed in docs/DATASET.md (PNG colour / 16-bit depth / mask)."""
from __future__ import annotations

import json
import os

import numpy as np
from PIL import Image


def read_manifest(data_dir: str) -> dict:
    path = os.path.join(data_dir, 'manifest.json')
    if not os.path.isfile(path):
        raise FileNotFoundError(f'{path} not found: point --data at a dataset folder written by `npm run synth` '
                                f'(format in docs/DATASET.md)')
    with open(path) as f:
        return json.load(f)


def sample_stem(data_dir: str, manifest: dict, index: int) -> str:
    per_shard = int(manifest.get('samplesPerShard', 500))
    return os.path.join(data_dir, f'shard-{index // per_shard:05d}', f'{index:06d}')


def framing_of(data_dir: str, manifest: dict, index: int) -> str:
    """The render's framing (selfie, head-shoulders, half, full) from its JSON; 'unknown' for sets without one."""
    path = sample_stem(data_dir, manifest, index) + '.json'
    if not os.path.isfile(path):
        return 'unknown'
    with open(path) as f:
        return str(json.load(f).get('framing', 'unknown'))


def complete_indices(data_dir: str, manifest: dict) -> list[int]:
    """Finished samples: the manifest's `complete` list, minus any whose files are not (yet) all on disk."""
    indices = manifest.get('complete')
    if indices is None:
        indices = range(int(manifest.get('count', 0)))
    out = []
    for i in sorted(set(int(i) for i in indices)):
        stem = sample_stem(data_dir, manifest, i)
        if all(os.path.isfile(stem + ext) for ext in ('.color.png', '.depth.png', '.mask.png')):
            out.append(i)
    return out


def read_png_u16(path: str) -> np.ndarray:
    with Image.open(path) as img:
        # PIL opens 16-bit grayscale PNGs as 'I;16' or (PIL 9) as 32-bit 'I'; 'L' would mean an 8-bit file.
        if img.mode not in ('I;16', 'I;16B', 'I'):
            raise ValueError(f'{path}: expected a 16-bit grayscale PNG, got PIL mode {img.mode!r}')
        return np.asarray(img).astype(np.uint16)


def read_sample(data_dir: str, manifest: dict, index: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Returns colour uint8 [H,W,3], depth in metres float32 [H,W] (0 = no person), mask uint8 [H,W] (255 = person)."""
    stem = sample_stem(data_dir, manifest, index)
    with Image.open(stem + '.color.png') as img:
        color = np.asarray(img.convert('RGB'))
    depth = read_png_u16(stem + '.depth.png').astype(np.float32) / float(manifest.get('depthScale', 10000))
    with Image.open(stem + '.mask.png') as img:
        mask = np.asarray(img.convert('L'))
    h, w = int(manifest.get('height', color.shape[0])), int(manifest.get('width', color.shape[1]))
    for name, arr in (('color', color), ('depth', depth), ('mask', mask)):
        if arr.shape[:2] != (h, w):
            raise ValueError(f'{stem}.{name}.png is {arr.shape[1]}x{arr.shape[0]}, manifest says {w}x{h}')
    return color, depth, mask


def read_face(data_dir: str, manifest: dict, index: int, shape: tuple[int, ...]) -> np.ndarray:
    """The sample's face-region mask, uint8 `shape` (255 = face), all zeros where the set has none (older sets)."""
    stem = sample_stem(data_dir, manifest, index)
    if not os.path.isfile(stem + '.face.png'):
        return np.zeros(shape, np.uint8)
    with Image.open(stem + '.face.png') as img:
        return np.asarray(img.convert('L'))


def write_sample(data_dir: str, manifest: dict, index: int, color: np.ndarray, depth_m: np.ndarray,
                 mask: np.ndarray, params: dict) -> None:
    """Writes one sample in the dataset format (used by the fake-data generator for tests)."""
    stem = sample_stem(data_dir, manifest, index)
    os.makedirs(os.path.dirname(stem), exist_ok=True)
    Image.fromarray(color.astype(np.uint8), 'RGB').save(stem + '.color.png')
    scaled = np.clip(np.round(depth_m * float(manifest.get('depthScale', 10000))), 0, 65535).astype(np.uint16)
    Image.fromarray(scaled).save(stem + '.depth.png')
    Image.fromarray(mask.astype(np.uint8), 'L').save(stem + '.mask.png')
    with open(stem + '.json', 'w') as f:
        json.dump({'index': index, **params}, f)
