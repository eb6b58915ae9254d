"""Reads a dataset's PNGs on demand, with the same interface as cache.PackedDataset, for a set that is still growing.

Packing (cache.py) decodes every PNG once and pays off when a set is trained on many times; a set the renderer is
still filling would need a fresh multi-GB pack at every restart. Decoding a 256x192 sample costs a few ms, small next
to a CPU training step, so train.py --no-cache reads the files directly and sees every sample finished by the time it
starts.
"""
from __future__ import annotations

import numpy as np

from dataset_format import complete_indices, read_face, read_manifest, read_sample, sample_stem
from prior_channels import has_prior_files, read_prior


class _Field:
    """packed.color[row] / packed.color[[rows]] -> uint8/uint16 arrays, decoded from the PNGs ('prior': the face
    prior's float32 channels)."""

    def __init__(self, owner: 'LiveDataset', which: int | str):
        self.owner, self.which = owner, which

    def __getitem__(self, rows):
        read = self.owner.prior if self.which == 'prior' else lambda r: self.owner.sample(r)[self.which]
        if isinstance(rows, (list, tuple, np.ndarray)):
            return np.stack([read(int(r)) for r in rows])
        return read(int(rows))


class LiveDataset:
    """color [N,H,W,3] uint8, depth [N,H,W] uint16 (metres * depthScale), mask and face [N,H,W] uint8, priors
    [N,2,H,W] float32, read per access."""

    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        self.manifest = read_manifest(data_dir)
        self.indices: list[int] = complete_indices(data_dir, self.manifest)
        if not self.indices:
            raise ValueError(f'{data_dir} has no finished samples yet (manifest "complete" is empty or files are missing)')
        self.depth_scale = float(self.manifest.get('depthScale', 10000))
        self.color, self.depth, self.mask, self.face = _Field(self, 0), _Field(self, 1), _Field(self, 2), _Field(self, 3)
        self.priors = _Field(self, 'prior')

    def __len__(self) -> int:
        return len(self.indices)

    def sample(self, row: int, with_face: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """color, depth, mask and face of one row; face all zeros without `with_face` (its PNG is not read)."""
        index = self.indices[row]
        c, d, m = read_sample(self.data_dir, self.manifest, index)
        face = read_face(self.data_dir, self.manifest, index, m.shape) if with_face else np.zeros(m.shape, np.uint8)
        return c, np.round(d * self.depth_scale).astype(np.uint16), m, face

    def prior(self, row: int) -> np.ndarray:
        """The face prior's input channels of one row, float32 [2,H,W] (prior_channels.py; zeros without its files)."""
        return read_prior(sample_stem(self.data_dir, self.manifest, self.indices[row]))

    def rows_with_priors(self) -> list[int]:
        """Rows whose prior has been drawn (face-prior-dump.ts), with or without a face found."""
        return [r for r, i in enumerate(self.indices) if has_prior_files(sample_stem(self.data_dir, self.manifest, i))]
