"""A DistributedSampler whose next epoch can start part-way through, where a resumed run left it.

train.py restarts every --max-minutes and after any interruption; with a plain sampler each restart began its epoch
from the first batch again, so a run resumed every two hours saw the start of each epoch's order again and never
reached its end (a 100 000-sample epoch is 12 500 batch-8 steps, longer than one two-hour stint on these CPUs).
"""
from __future__ import annotations

from typing import Iterator

from torch.utils.data.distributed import DistributedSampler


class ResumableSampler(DistributedSampler):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._skip = 0

    def skip_next(self, samples: int) -> None:
        """The next epoch's iteration (this process's share) leaves out its first `samples` indices; later ones don't."""
        if samples < 0:
            raise ValueError(f'cannot skip {samples} samples')
        self._skip = samples

    def __iter__(self) -> Iterator[int]:
        indices = list(super().__iter__())
        skip, self._skip = self._skip, 0
        return iter(indices[skip:])
