"""Evaluates a trained checkpoint on a held-out synthetic set against two baselines and writes the table into
docs/MODEL.md (between the `<!-- eval:begin -->` / `<!-- eval:end -->` markers).

  npm run eval -- --data data/synth/holdout --checkpoint training/runs/main/final.pt

Metrics (metrics.py): AbsRel, RMSE, delta<1.25 over the person mask after least-squares scale-and-shift alignment,
in "depth / median person depth" units. Baselines: (a) constant depth, (b) silhouette inflation.
"""
from __future__ import annotations

import os

# Must precede `import torch`: OpenMP threads that spin while waiting are ~20x slower per step on this shared,
# oversubscribed 2-core machine (measured 10-20 s vs 0.25-1 s per batch-8 step at 128x96).
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import argparse
import datetime
import shlex
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment import AugmentConfig, make_batch  # noqa: E402
from cache import DEFAULT_CACHE, pack  # noqa: E402
from dataset_format import framing_of, read_manifest  # noqa: E402
from export_tfjs import fp16_roundtrip, load_model  # noqa: E402
from metrics import depth_metrics, silhouette_inflation  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
BEGIN, END = '<!-- eval:begin -->', '<!-- eval:end -->'


# What a real photo adds to a clean render (colour cast, blur, noise, JPEG, a segmenter's edge, softening), at fixed
# seeds so that every checkpoint sees the same degraded inputs: what the training augmentation buys, measured.
DEGRADED = AugmentConfig(parts=frozenset({'colour', 'degrade', 'mask', 'soften'}))


@torch.no_grad()
def evaluate(data_dir: str, checkpoint: str, cache_dir: str, max_samples: int, with_fp16: bool,
             with_degraded: bool = False) -> dict:
    packed = pack(data_dir, cache_dir)
    rows = list(range(len(packed)))[:max_samples or None]
    model = load_model(checkpoint, None)
    methods: dict[str, list[dict[str, float]]] = {'constant depth': [], 'silhouette inflation': [], 'model': [],
                                                  'model, no alignment': []}
    fp16_model = fp16_roundtrip(model) if with_fp16 else None
    if fp16_model is not None:
        methods['model, float16 weights'] = []
    if with_degraded:
        methods['model, degraded input'] = []
    ranges: list[tuple[float, float]] = []
    manifest = read_manifest(data_dir)
    framings = [framing_of(data_dir, manifest, packed.indices[row]) for row in rows]
    for start in range(0, len(rows), 8):
        chunk = rows[start:start + 8]
        arrays = (torch.from_numpy(np.array(packed.color[chunk])),
                  torch.from_numpy(np.array(packed.depth[chunk]).astype(np.int32)),
                  torch.from_numpy(np.array(packed.mask[chunk])), packed.depth_scale, (256, 192))
        batch = make_batch(*arrays, AugmentConfig(enabled=False))
        pred = model(batch.image)[0][:, 0].numpy()
        pred16 = fp16_model(batch.image)[0][:, 0].numpy() if fp16_model is not None else None
        for i in range(len(chunk)):
            gt = batch.target[i, 0].numpy()
            valid = batch.valid[i, 0].numpy() > 0
            seg = batch.background[i, 0].numpy() == 0
            methods['constant depth'].append(depth_metrics(np.ones_like(gt), gt, valid))
            methods['silhouette inflation'].append(depth_metrics(silhouette_inflation(seg), gt, valid))
            methods['model'].append(depth_metrics(pred[i], gt, valid))
            methods['model, no alignment'].append(depth_metrics(pred[i], gt, valid, align=False))
            ranges.append((spread(pred[i][valid]), spread(gt[valid])))
            if pred16 is not None:
                methods['model, float16 weights'].append(depth_metrics(pred16[i], gt, valid))
        if with_degraded:
            worse = make_batch(*arrays, DEGRADED, torch.Generator().manual_seed(start))
            pred_worse = model(worse.image)[0][:, 0].numpy()
            for i in range(len(chunk)):
                methods['model, degraded input'].append(
                    depth_metrics(pred_worse[i], worse.target[i, 0].numpy(), worse.valid[i, 0].numpy() > 0))
    summary = {name: {k: float(np.mean([m[k] for m in ms])) for k in ms[0]} for name, ms in methods.items()}
    ckpt = torch.load(checkpoint, map_location='cpu')
    relief = {'model': float(np.median([r[0] for r in ranges])), 'truth': float(np.median([r[1] for r in ranges]))}
    by_framing = {}
    for name in dict.fromkeys(framings):
        picked = [i for i, f in enumerate(framings) if f == name]
        by_framing[name] = {'count': len(picked),
                            'absrel': float(np.mean([methods['model'][i]['absrel'] for i in picked])),
                            'relief_model': float(np.median([ranges[i][0] for i in picked])),
                            'relief_truth': float(np.median([ranges[i][1] for i in picked]))}
    return {'methods': summary, 'relief': relief, 'by_framing': by_framing, 'count': len(rows),
            'step': int(ckpt.get('step', -1))}


def spread(x: np.ndarray) -> float:
    """5–95 % range of depth inside the person: how deep the output draws a person, whatever its per-pixel errors."""
    return float(np.percentile(x, 95) - np.percentile(x, 5)) if x.size else 0.0


def quality_bar(methods: dict[str, dict[str, float]]) -> list[str]:
    m, infl = methods['model'], methods['silhouette inflation']
    return [
        f'AbsRel ≤ 0.03: {"met" if m["absrel"] <= 0.03 else "NOT met"} ({m["absrel"]:.4f})',
        f'δ1 ≥ 0.97: {"met" if m["delta1"] >= 0.97 else "NOT met"} ({m["delta1"]:.4f})',
        f'AbsRel ≥ 3× lower than silhouette inflation: {"met" if m["absrel"] * 3 <= infl["absrel"] else "NOT met"} '
        f'({infl["absrel"] / max(m["absrel"], 1e-12):.2f}×)',
    ]


def trained_for(step: int) -> str:
    """A weight average (soup.py) belongs to no single step of a run."""
    return f'step {step}' if step >= 0 else 'a weight average'


def markdown(result: dict, data_dir: str, checkpoint: str, command: str) -> str:
    lines = [BEGIN,
             f'Measured {datetime.date.today().isoformat()} with `{command}`: {result["count"]} held-out samples from '
             f'`{os.path.relpath(data_dir, REPO)}`, checkpoint `{os.path.relpath(checkpoint, REPO)}` '
             f'({trained_for(result["step"])}). Units: depth / median person depth; all rows except "no alignment" '
             f'after per-image least-squares scale and shift inside the person mask.',
             '',
             '| method | AbsRel ↓ | RMSE ↓ | δ<1.25 ↑ |',
             '|---|---|---|---|']
    for name, m in result['methods'].items():
        lines.append(f'| {name} | {m["absrel"]:.4f} | {m["rmse"]:.4f} | {m["delta1"]:.4f} |')
    relief = result['relief']
    ratio = relief['model'] / max(relief['truth'], 1e-12)
    lines += ['', 'Relief drawn (raw output, no alignment; median over the samples of the 5–95 % depth range inside '
                  f'the person): model {relief["model"]:.3f}, truth {relief["truth"]:.3f} ({ratio:.2f}×).']
    # A network that draws every framing equally deep hides behind the median above (selfies too shallow, full
    # bodies too deep), and the 3D photo shows the raw relief as it is.
    lines += ['', '| framing | n | AbsRel | relief drawn | true relief | ratio |', '|---|---|---|---|---|---|']
    for name, f in result['by_framing'].items():
        lines.append(f'| {name} | {f["count"]} | {f["absrel"]:.4f} | {f["relief_model"]:.3f} | '
                     f'{f["relief_truth"]:.3f} | {f["relief_model"] / max(f["relief_truth"], 1e-12):.2f}× |')
    lines += ['', 'Quality bar (issue 4): ' + '; '.join(quality_bar(result['methods'])) + '.', END]
    return '\n'.join(lines)


def write_doc(doc: str, block: str) -> None:
    text = open(doc).read() if os.path.isfile(doc) else ''
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip('\n') + '\n\n## Evaluation\n\n' + block + '\n'
    with open(doc, 'w') as f:
        f.write(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=os.path.join(REPO, 'data', 'synth', 'holdout'),
                    help='held-out dataset (render with `npm run synth -- --holdout` and new seeds)')
    ap.add_argument('--checkpoint', default=os.path.join(REPO, 'training', 'runs', 'main', 'final.pt'))
    ap.add_argument('--cache-dir', default=DEFAULT_CACHE)
    ap.add_argument('--max-samples', type=int, default=0, help='0 = all')
    ap.add_argument('--fp16', action='store_true', help='also evaluate the weights rounded to float16 (as exported)')
    ap.add_argument('--degraded', action='store_true',
                    help='also evaluate on inputs degraded like real photos (colour, blur, noise, JPEG, mask edge, '
                         'softening)')
    ap.add_argument('--doc', default=os.path.join(REPO, 'docs', 'MODEL.md'))
    ap.add_argument('--no-doc', action='store_true', help='print only')
    args = ap.parse_args()
    torch.set_num_threads(2)
    result = evaluate(args.data, args.checkpoint, args.cache_dir, args.max_samples, args.fp16, args.degraded)
    command = 'npm run eval -- ' + ' '.join(shlex.quote(a) for a in sys.argv[1:])
    block = markdown(result, os.path.abspath(args.data), os.path.abspath(args.checkpoint), command)
    print(block)
    if not args.no_doc:
        write_doc(args.doc, block)
        print(f'updated {args.doc}')


if __name__ == '__main__':
    main()
