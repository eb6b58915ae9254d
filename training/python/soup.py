"""A weight average ("model soup") of checkpoints fine-tuned from one init, BatchNorm statistics re-estimated.

Fine-tunes of the same checkpoint with different seeds or small recipe changes end in the same basin: their average
scores better than each of them on held-out renders (the 3 000-step fine-tunes of v2 differ by ~0.0005 AbsRel from seed
to seed; the average of two beat both), at no cost per frame. BatchNorm statistics do not average (a mean of
variances is not the variance of the averaged network's activations), so they are re-estimated on clean samples as
train.py does before final.pt:

  python3 training/python/soup.py --out training/runs/soup/final.pt --data data/synth/train-v4 A.pt B.pt [C.pt@2]

`PATH@W` weights a checkpoint (default 1; weights are normalised). Checkpoints of different networks are refused.
"""
from __future__ import annotations

import os

os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')  # see train.py

import argparse
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bn_calibration import DEFAULT_BATCHES, calibration_rows, recalibrate_bn  # noqa: E402
from live import LiveDataset  # noqa: E402
from model import build_model  # noqa: E402


def parse_ingredient(text: str) -> tuple[str, float]:
    path, _, weight = text.partition('@')
    w = float(weight) if weight else 1.0
    if not w > 0:
        raise SystemExit(f'{text}: the weight after @ must be a positive number')
    return path, w


def average_state(states: list[dict[str, torch.Tensor]], weights: list[float]) -> dict[str, torch.Tensor]:
    """Weighted mean of every floating-point tensor; integer buffers (BatchNorm's batch counters) from the first."""
    total = sum(weights)
    keys = list(states[0])
    for i, state in enumerate(states[1:], 1):
        if list(state) != keys or any(state[k].shape != states[0][k].shape for k in keys):
            raise SystemExit(f'checkpoints 1 and {i + 1} hold different networks: only fine-tunes of one '
                             'architecture (same --arch) can be averaged')
    return {k: sum(w / total * s[k] for s, w in zip(states, weights)) if states[0][k].is_floating_point()
            else states[0][k].clone() for k in keys}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('checkpoints', nargs='+', help='PATH or PATH@WEIGHT, at least two')
    ap.add_argument('--out', required=True)
    ap.add_argument('--data', required=True, help='clean samples for the BatchNorm statistics (the fine-tunes\' set)')
    ap.add_argument('--batches', type=int, default=DEFAULT_BATCHES)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args(argv)
    ingredients = [parse_ingredient(c) for c in args.checkpoints]
    if len(ingredients) < 2:
        raise SystemExit('a soup needs at least two checkpoints')
    paths = [p for p, _ in ingredients]
    if os.path.abspath(args.out) in {os.path.abspath(p) for p in paths}:
        raise SystemExit('--out must differ from every ingredient: they are kept')
    torch.set_num_threads(args.threads)
    ckpts = [torch.load(p, map_location='cpu') for p in paths]
    model = build_model(ckpts[0].get('config'))
    model.load_state_dict(average_state([c['model'] for c in ckpts], [w for _, w in ingredients]))
    data = LiveDataset(args.data)
    seen = recalibrate_bn(model, data, calibration_rows(model, data), torch.device('cpu'), args.batches)
    out = {k: v for k, v in ckpts[0].items() if k in ('config', 'arch')}
    out.update(model=model.state_dict(), soup=[{'checkpoint': p, 'weight': w} for p, w in ingredients],
               bn_calibration={'samples': seen, 'data': args.data})
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + '.tmp'
    torch.save(out, tmp)
    os.replace(tmp, args.out)
    print(f'averaged {len(paths)} checkpoints, BatchNorm statistics from {seen} clean samples: wrote {args.out}')


if __name__ == '__main__':
    main()
