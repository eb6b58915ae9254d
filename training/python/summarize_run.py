"""Summarises training runs' log.jsonl as markdown (one section per run, e.g. a run and the fine-tune that started
from it), optionally into docs/MODEL.md between `<!-- training:begin -->` and `<!-- training:end -->`:
  python3 training/python/summarize_run.py RUN_DIR [RUN_DIR ...] [--doc PATH]"""
from __future__ import annotations

import argparse
import json
import os


def summarize(run_dir: str) -> str:
    path = os.path.join(run_dir, 'log.jsonl')
    if not os.path.isfile(path):
        raise SystemExit(f'{path} not found: is {run_dir} a train.py --run folder?')
    with open(path) as f:
        entries = [json.loads(line) for line in f if line.strip()]
    train = [e for e in entries if 'total' in e]
    vals = [e for e in entries if 'val' in e]
    if not train:
        raise SystemExit(f'{path} has no logged steps yet')
    seconds = sum(e['s_per_step'] * (e['step'] - p['step']) for p, e in zip([{'step': 0}] + train, train))
    lines = [f'Run `{run_dir}`: {train[-1]["step"]} steps logged, ≈{seconds / 60:.0f} min of training steps.', '',
             '| step | res | lr | s/step | total | SSI | grad | abs |', '|---|---|---|---|---|---|---|---|']
    picks = train if len(train) <= 8 else [train[int(i * (len(train) - 1) / 7)] for i in range(8)]
    for e in picks:
        lines.append(f'| {e["step"]} | {e["res"]} | {e["lr"]:.2e} | {e["s_per_step"]:.2f} | {e["total"]:.4f} | '
                     f'{e["ssi"]:.4f} | {e["grad"]:.4f} | {e["abs"]:.4f} |')
    if vals:
        lines += ['', '| step | val AbsRel (aligned) | val RMSE | val δ1 | val AbsRel (raw) |', '|---|---|---|---|---|']
        for e in vals[-6:]:
            v = e['val']
            lines.append(f'| {e["step"]} | {v["absrel"]:.4f} | {v["rmse"]:.4f} | {v["delta1"]:.4f} | {v["raw_absrel"]:.4f} |')
    return '\n'.join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('runs', nargs='+', metavar='RUN_DIR')
    ap.add_argument('--doc', help='markdown file with <!-- training:begin/end --> markers to update')
    args = ap.parse_args()
    text = '\n\n'.join(summarize(run) for run in args.runs)
    print(text)
    if args.doc:
        doc = open(args.doc).read()
        begin, end = '<!-- training:begin -->', '<!-- training:end -->'
        if begin not in doc or end not in doc:
            raise SystemExit(f'{args.doc} lacks the {begin} / {end} markers')
        head, rest = doc.split(begin, 1)
        with open(args.doc, 'w') as f:
            f.write(head + begin + '\n' + text + '\n' + end + rest.split(end, 1)[1])


if __name__ == '__main__':
    main()
