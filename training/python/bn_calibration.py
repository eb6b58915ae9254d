"""Re-estimates BatchNorm statistics on un-augmented training samples at the deployed 256x192.

Training keeps exponential averages over small, heavily augmented batches; they swing from step to step and sit off
the clean images the network is evaluated on (held-out AbsRel 0.0374 with them, 0.0251 after this, same weights).
train.py runs it before writing final.pt; for an older checkpoint:

  python3 training/python/bn_calibration.py --checkpoint IN.pt --out OUT.pt [--data data/synth/train]
"""
from __future__ import annotations

import os

# Must precede `import torch` (see train.py).
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import argparse
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment import AugmentConfig, make_batch  # noqa: E402
from cache import DEFAULT_CACHE, PackedDataset, pack  # noqa: E402
from live import LiveDataset  # noqa: E402
from prior_channels import takes_prior  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
DEFAULT_BATCHES = 150


@torch.no_grad()
def recalibrate_bn(model: torch.nn.Module, packed: PackedDataset, rows: list[int], device: torch.device,
                   batches: int = DEFAULT_BATCHES, size: tuple[int, int] = (256, 192), seed: int = 7) -> int:
    """Replaces every BatchNorm's running mean/variance with the plain average over `batches` batches of 8 clean
    samples drawn from `rows`; returns how many samples were seen. Weights are untouched; the model ends in eval().
    A network fed the face prior (prior_channels.takes_prior) needs a LiveDataset and rows whose prior is drawn."""
    with_prior = takes_prior(model)
    norms = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    saved = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # cumulative average instead of an exponential one
    order = np.random.default_rng(seed).permutation(rows)[:batches * 8]
    model.train()
    try:
        for start in range(0, len(order), 8):
            chunk = sorted(int(r) for r in order[start:start + 8])
            batch = make_batch(torch.from_numpy(np.array(packed.color[chunk])).to(device),
                               torch.from_numpy(np.array(packed.depth[chunk]).astype(np.int32)).to(device),
                               torch.from_numpy(np.array(packed.mask[chunk])).to(device), packed.depth_scale, size,
                               AugmentConfig(enabled=False),
                               prior=torch.from_numpy(np.array(packed.priors[chunk])).to(device) if with_prior else None)
            model(batch.network_input)
    finally:
        for m, momentum in zip(norms, saved):
            m.momentum = momentum
        model.eval()
    return len(order)


def calibration_rows(model: torch.nn.Module, data) -> list[int]:
    """Every row, or for a network fed the face prior the rows whose prior is drawn (data: a LiveDataset)."""
    return data.rows_with_priors() if takes_prior(model) else list(range(len(data)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--checkpoint', required=True)
    ap.add_argument('--out', required=True, help='where the recalibrated checkpoint goes (never over --checkpoint)')
    ap.add_argument('--data', default=os.path.join(REPO, 'data', 'synth', 'train'))
    ap.add_argument('--cache-dir', default=DEFAULT_CACHE)
    ap.add_argument('--no-cache', action='store_true', help='read the PNGs instead of packing the set (live.py)')
    ap.add_argument('--batches', type=int, default=DEFAULT_BATCHES)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    if os.path.abspath(args.out) == os.path.abspath(args.checkpoint):
        raise SystemExit('--out must differ from --checkpoint: the original statistics are kept')
    from export_tfjs import load_model
    torch.set_num_threads(args.threads)
    model = load_model(args.checkpoint, None)
    # Packed caches hold no face priors: a network fed them reads the PNGs and the priors beside them.
    packed = LiveDataset(args.data) if args.no_cache or takes_prior(model) else pack(args.data, args.cache_dir)
    seen = recalibrate_bn(model, packed, calibration_rows(model, packed), torch.device('cpu'), args.batches)
    ckpt = torch.load(args.checkpoint, map_location='cpu')
    ckpt['model'] = model.state_dict()
    ckpt['bn_calibration'] = {'samples': seen, 'data': os.path.relpath(args.data, REPO)}
    torch.save(ckpt, args.out)
    print(f'BatchNorm statistics from {seen} un-augmented samples of {args.data}: wrote {args.out}')


if __name__ == '__main__':
    main()
