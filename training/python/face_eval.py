"""Face relief of checkpoints on a held-out set, network alone, split by framing: how a network ranks and fits the
depth inside each render's face region (the sets' face.png), where the whole-person numbers of evaluate.py hide it.

  python3 training/python/face_eval.py --data data/synth/holdout-v3 --limit 160 \\
      v2=training/checkpoints/relief-portrait-depth-v2.pt new=training/runs/NAME/final.pt

Per framing and checkpoint: Spearman ρ between predicted and true depth over the face's pixels (the ordering of nose,
cheeks, eye sockets), and AbsRel after a least-squares scale and shift fitted on the face alone ("own fit", the relief's
shape whatever the rest of the person does), and how often the body below the chin lies on the right side of the face
("body order": the sign of median body depth minus median face depth after the judge's scale-and-shift fit over the
person; a selfie from below shows a chest nearer than the face, issue 12). Inputs are un-augmented 256x192 renders with the true person mask, as in
evaluate.py; faces under MIN_FACE_PIXELS pixels are skipped (a few pixels cannot be ranked).
"""
from __future__ import annotations

import os

os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')  # see evaluate.py

import argparse
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment import AugmentConfig, make_batch  # noqa: E402
from dataset_format import framing_of  # noqa: E402
from export_tfjs import load_model  # noqa: E402
from live import LiveDataset  # noqa: E402
from metrics import depth_metrics  # noqa: E402
from prior_channels import takes_prior  # noqa: E402
from prior_fusion import fuse_after  # noqa: E402

MIN_FACE_PIXELS = 50
# The body is the person's pixels from this many rows under the face's lowest row (past the chin and neck's top).
BELOW_CHIN_ROWS = 8
MIN_BODY_PIXELS = 200


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra = np.argsort(np.argsort(a)).astype(np.float64)
    rb = np.argsort(np.argsort(b)).astype(np.float64)
    ra -= ra.mean()
    rb -= rb.mean()
    return float((ra * rb).sum() / np.sqrt((ra ** 2).sum() * (rb ** 2).sum() + 1e-12))


def body_order(pred: np.ndarray, truth: np.ndarray, face: np.ndarray, person: np.ndarray) -> float:
    """1 if the body below the chin is nearer/farther than the face as in the truth, 0 if not, NaN without a body."""
    body = person.copy()
    body[:np.where(face.any(axis=1))[0].max() + BELOW_CHIN_ROWS] = False
    if body.sum() < MIN_BODY_PIXELS:
        return float('nan')
    design = np.stack([pred[person], np.ones(int(person.sum()))], axis=1)
    scale, shift = np.linalg.lstsq(design, truth[person], rcond=None)[0]
    aligned = scale * pred + shift
    true_gap = np.median(truth[body]) - np.median(truth[face])
    pred_gap = np.median(aligned[body]) - np.median(aligned[face])
    return float(np.sign(true_gap) == np.sign(pred_gap))


@torch.no_grad()
def face_scores(data_dir: str, checkpoints: dict[str, str], limit: int,
                after_fusion: bool = False) -> dict[str, dict[str, dict[str, float]]]:
    """{framing: {checkpoint name: {'rho', 'own_fit_absrel', 'body_order', 'person_absrel', 'count'}}}, framings in
    the set's order plus 'all'. person_absrel: the whole person's AbsRel after the usual fit, on the same samples.
    `after_fusion`: each RGB network also as 'NAME+after', the face prior drawn beside the renders fused after it as
    the Depth API does (prior_fusion.py)."""
    data = LiveDataset(data_dir)
    models = {name: load_model(path, None) for name, path in checkpoints.items()}
    with_prior = after_fusion or any(takes_prior(m) for m in models.values())
    scores: dict[str, dict[str, list[tuple[float, float, float, float]]]] = {}
    for row in range(min(limit or len(data), len(data))):
        framing = framing_of(data.data_dir, data.manifest, data.indices[row])
        color, depth, mask, face = data.sample(row)
        arrays = (torch.from_numpy(np.array(x[None])) for x in (color, depth.astype(np.int32), mask))
        # The face prior's channels ride along for networks fed them (the others get batch.image).
        batch = make_batch(*arrays, data.depth_scale, (256, 192), AugmentConfig(enabled=False), None,
                           torch.from_numpy(np.array(face[None])), torch.from_numpy(data.prior(row)[None]) if with_prior else None)
        region = batch.face[0, 0].numpy() > 0
        if region.sum() < MIN_FACE_PIXELS:
            continue
        truth = batch.target[0, 0].numpy()
        person = batch.valid[0, 0].numpy() > 0
        preds = {}
        for name, model in models.items():
            preds[name] = model(batch.network_input if takes_prior(model) else batch.image)[0][0, 0].numpy()
            if after_fusion and not takes_prior(model):
                keep = 1 - batch.background[0, 0].numpy()
                preds[f'{name}+after'] = fuse_after(preds[name], batch.prior[0].numpy(), keep)
        for name, pred in preds.items():
            entry = (spearman(pred[region], truth[region]), depth_metrics(pred, truth, region)['absrel'],
                     body_order(pred, truth, region, person), depth_metrics(pred, truth, person)['absrel'])
            for key in (framing, 'all'):
                scores.setdefault(key, {}).setdefault(name, []).append(entry)
    if 'all' in scores:
        scores['all'] = scores.pop('all')  # last, after the framings
    def mean(entries: list[tuple[float, float, float, float]]) -> dict[str, float]:
        orders = [e[2] for e in entries if not np.isnan(e[2])]
        return {'rho': float(np.mean([e[0] for e in entries])), 'own_fit_absrel': float(np.mean([e[1] for e in entries])),
                'body_order': float(np.mean(orders)) if orders else float('nan'),
                'person_absrel': float(np.mean([e[3] for e in entries])), 'count': len(entries)}
    return {framing: {name: mean(v) for name, v in by_name.items()} for framing, by_name in scores.items()}


def table(scores: dict[str, dict[str, dict[str, float]]]) -> str:
    names = list(next(iter(scores.values()), {}).keys())
    lines = ['| framing | n | ' + ' | '.join(f'{n} face ρ | {n} own-fit AbsRel | {n} body order | {n} person AbsRel'
                                          for n in names) + ' |',
             '|---|---|' + '---|---|---|---|' * len(names)]
    for framing, by_name in scores.items():
        count = next(iter(by_name.values()))['count']
        cells = ' | '.join(f'{by_name[n]["rho"]:.3f} | {by_name[n]["own_fit_absrel"]:.4f} | {by_name[n]["body_order"]:.2f}'
                           f' | {by_name[n]["person_absrel"]:.4f}' for n in names)
        lines.append(f'| {framing} | {count} | {cells} |')
    return '\n'.join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('checkpoints', nargs='+', help='NAME=PATH of each checkpoint to compare')
    ap.add_argument('--data', required=True, help='a set rendered with face masks (holdout-v3 or later)')
    ap.add_argument('--limit', type=int, default=160, help='first N samples (0 = all)')
    ap.add_argument('--after-fusion', action='store_true',
                    help="also score each RGB network with the face prior fused after it ('NAME+after'; needs the "
                         "priors drawn beside the set by training/eval/face-prior-dump.ts)")
    args = ap.parse_args()
    pairs = [c.split('=', 1) for c in args.checkpoints]
    if any(len(p) != 2 or not p[0] for p in pairs):
        raise SystemExit('checkpoints are NAME=PATH, e.g. v2=training/checkpoints/relief-portrait-depth-v2.pt')
    torch.set_num_threads(2)
    scores = face_scores(args.data, dict(pairs), args.limit, args.after_fusion)
    if not scores:
        raise SystemExit(f'{args.data}: no sample in the first {args.limit or "all"} has a face mask of '
                         f'{MIN_FACE_PIXELS}+ pixels (sets before holdout-v3 have no face.png)')
    print(table(scores))


if __name__ == '__main__':
    main()
