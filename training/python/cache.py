"""Packs a PNG dataset into uint8/uint16 .npy memmaps once, so training never decodes PNGs.

The cache folder is keyed by the dataset path and its list of finished samples, so a dataset that grows (the
renderer is resumable) gets a fresh pack on the next run while an unchanged one is reused.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys

import numpy as np

from dataset_format import complete_indices, read_manifest, read_sample

DEFAULT_CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '.cache')


class PackedDataset:
    """Memory-mapped arrays: color [N,H,W,3] uint8, depth [N,H,W] uint16 (metres * depthScale), mask [N,H,W] uint8."""

    def __init__(self, folder: str):
        with open(os.path.join(folder, 'index.json')) as f:
            self.meta = json.load(f)
        self.color = np.load(os.path.join(folder, 'color.npy'), mmap_mode='r')
        self.depth = np.load(os.path.join(folder, 'depth.npy'), mmap_mode='r')
        self.mask = np.load(os.path.join(folder, 'mask.npy'), mmap_mode='r')
        self.depth_scale = float(self.meta['depthScale'])
        self.indices: list[int] = self.meta['indices']

    def __len__(self) -> int:
        return len(self.indices)


def cache_folder(data_dir: str, indices: list[int], cache_dir: str) -> str:
    key = hashlib.sha1(json.dumps([os.path.abspath(data_dir), indices]).encode()).hexdigest()[:12]
    return os.path.join(cache_dir, f'{os.path.basename(os.path.abspath(data_dir))}-{len(indices)}-{key}')


def pack(data_dir: str, cache_dir: str = DEFAULT_CACHE, log=print) -> PackedDataset:
    manifest = read_manifest(data_dir)
    indices = complete_indices(data_dir, manifest)
    if not indices:
        raise ValueError(f'{data_dir} has no finished samples yet (manifest "complete" is empty or files are missing)')
    folder = cache_folder(data_dir, indices, cache_dir)
    if os.path.isfile(os.path.join(folder, 'index.json')):
        return PackedDataset(folder)
    h, w = int(manifest['height']), int(manifest['width'])
    tmp = folder + f'.tmp{os.getpid()}'
    os.makedirs(tmp, exist_ok=True)
    n = len(indices)
    color = np.lib.format.open_memmap(os.path.join(tmp, 'color.npy'), 'w+', np.uint8, (n, h, w, 3))
    depth = np.lib.format.open_memmap(os.path.join(tmp, 'depth.npy'), 'w+', np.uint16, (n, h, w))
    mask = np.lib.format.open_memmap(os.path.join(tmp, 'mask.npy'), 'w+', np.uint8, (n, h, w))
    scale = float(manifest.get('depthScale', 10000))
    for k, i in enumerate(indices):
        c, d, m = read_sample(data_dir, manifest, i)
        color[k], depth[k], mask[k] = c, np.round(d * scale).astype(np.uint16), m
        if k % 500 == 499:
            log(f'packed {k + 1}/{n} samples of {data_dir}')
    for arr in (color, depth, mask):
        arr.flush()
    with open(os.path.join(tmp, 'index.json'), 'w') as f:
        json.dump({'dataDir': os.path.abspath(data_dir), 'indices': indices, 'depthScale': scale,
                   'height': h, 'width': w, 'splits': manifest.get('splits', {})}, f)
    try:
        os.replace(tmp, folder)  # atomic: a concurrent process never sees a half-written pack
    except OSError:
        if not os.path.isfile(os.path.join(folder, 'index.json')):
            raise
        shutil.rmtree(tmp)  # another process finished the same pack first
    return PackedDataset(folder)


if __name__ == '__main__':
    for d in sys.argv[1:]:
        ds = pack(d)
        print(f'{d}: {len(ds)} samples cached')
