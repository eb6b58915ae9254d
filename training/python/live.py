"""Reads a dataset's PNGs on demand, with the same interface as cache.PackedDataset, for a set that is still growing.

Packing (cache.py) decodes every PNG once and pays off when a set is trained on many times; a set the renderer is
still filling would need a fresh multi-GB pack at every restart. Decoding a 256x192 sample costs a few ms, small next
to a CPU training step, so train.py --no-cache reads the files directly and sees every sample finished by the time it
starts.
"""
from __future__ import annotations

import numpy as np

from dataset_format import complete_indices, read_face, read_manifest, read_sample


class _Field:
    """packed.color[row] / packed.color[[rows]] -> uint8/uint16 arrays, decoded from the PNGs."""

    def __init__(self, owner: 'LiveDataset', which: int):
        self.owner, self.which = owner, which

    def __getitem__(self, rows):
        if isinstance(rows, (list, tuple, np.ndarray)):
            return np.stack([self.owner.sample(int(r))[self.which] for r in rows])
        return self.owner.sample(int(rows))[self.which]


class LiveDataset:
    """color [N,H,W,3] uint8, depth [N,H,W] uint16 (metres * depthScale), mask and face [N,H,W] uint8, read per access."""

    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        self.manifest = read_manifest(data_dir)
        self.indices: list[int] = complete_indices(data_dir, self.manifest)
        if not self.indices:
            raise ValueError(f'{data_dir} has no finished samples yet (manifest "complete" is empty or files are missing)')
        self.depth_scale = float(self.manifest.get('depthScale', 10000))
        self.color, self.depth, self.mask, self.face = _Field(self, 0), _Field(self, 1), _Field(self, 2), _Field(self, 3)

    def __len__(self) -> int:
        return len(self.indices)

    def sample(self, row: int, with_face: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """color, depth, mask and face of one row; face all zeros without `with_face` (its PNG is not read)."""
        index = self.indices[row]
        c, d, m = read_sample(self.data_dir, self.manifest, index)
        face = read_face(self.data_dir, self.manifest, index, m.shape) if with_face else np.zeros(m.shape, np.uint8)
        return c, np.round(d * self.depth_scale).astype(np.uint16), m, face
