"""Trains the portrait depth U-Net on a synthetic dataset (docs/DATASET.md); resumable; single process or torchrun DDP.

  npm run train -- --data data/synth/train --phases 128x96:6000,256x192:2000 --run training/runs/main
  npm run train -- --init training/runs/main/final.pt --run training/runs/ft --phases ...   (fine-tune from weights)
  npm run train -- --arch wide --data data/synth/train-v3 --run training/runs/wide-v3 ...   (the larger network)
  torchrun --nproc_per_node=4 training/python/train.py --data ... --run ...   (one process per GPU, or gloo on CPU)

Checkpoints (<run>/last.pt, rewritten every --ckpt-minutes and on SIGTERM/SIGINT) resume automatically.
<run>/log.jsonl gets one line per logged step and per validation; <run>/final.pt holds the finished weights, with
BatchNorm statistics re-estimated on un-augmented samples (bn_calibration.py).
"""
from __future__ import annotations

import os

# Must precede `import torch`: OpenMP threads that spin while waiting are ~20x slower per step on this shared,
# oversubscribed 2-core machine (measured 10-20 s vs 0.25-1 s per batch-8 step at 128x96).
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import copy
import json
import math
import signal
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
from torch.utils.data import DataLoader, Dataset

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment import AugmentConfig, make_batch  # noqa: E402
from bn_calibration import recalibrate_bn  # noqa: E402
from cache import PackedDataset, pack  # noqa: E402
from live import LiveDataset  # noqa: E402
from losses import LossWeights, depth_loss  # noqa: E402
from metrics import depth_metrics  # noqa: E402
from model import ARCHITECTURES, architecture_name, build_model, count_macs, count_params  # noqa: E402
from prior_channels import drop_priors, takes_prior, widen_input  # noqa: E402
from resumable_sampler import ResumableSampler  # noqa: E402
from train_args import parse_args, parse_phases  # noqa: E402
from weight_average import WeightAverage  # noqa: E402


class IndexDataset(Dataset):
    """(color, depth, mask, face, prior) per row; face is zeros unless `with_face` (the face loss is on), prior an
    empty tensor unless `with_prior` (a network fed the face prior)."""

    def __init__(self, packed: PackedDataset | LiveDataset, rows: list[int], with_face: bool, with_prior: bool = False):
        self.packed, self.rows, self.with_face, self.with_prior = packed, rows, with_face, with_prior

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int):
        r = self.rows[i]
        if isinstance(self.packed, LiveDataset):
            # One decode of each PNG: every field of a LiveDataset row would decode the whole sample again.
            color, depth, mask, face = self.packed.sample(r, self.with_face)
        else:
            # Packed caches hold no face masks; the face loss refuses them (main), so with_face is off here.
            color, depth, mask = (np.array(field[r]) for field in (self.packed.color, self.packed.depth, self.packed.mask))
            face = np.zeros_like(mask)
        prior = torch.from_numpy(self.packed.prior(r)) if self.with_prior else torch.zeros(0)
        return (torch.from_numpy(color), torch.from_numpy(depth.astype(np.int32)), torch.from_numpy(mask),
                torch.from_numpy(face), prior)


def split_rows(packed: PackedDataset | LiveDataset, val_count: int) -> tuple[list[int], list[int]]:
    n = len(packed)
    if n < 2 or val_count <= 0:
        return list(range(n)), []
    step = max(2, n // val_count)
    val = list(range(0, n, step))[:val_count]
    held = set(val)
    return [r for r in range(n) if r not in held], val


def lr_at(step: int, total: int, base: float, warmup: int) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    t = (step - warmup) / max(1, total - warmup)
    return base * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, t))))


def phase_at(step: int, phases: list[tuple[int, int, int]]) -> tuple[int, int]:
    end = 0
    for h, w, steps in phases:
        end += steps
        if step < end:
            return h, w
    return phases[-1][0], phases[-1][1]


def save_atomic(obj: dict, path: str) -> None:
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    tmp = path + '.tmp'
    torch.save(obj, tmp)
    os.replace(tmp, path)


@torch.no_grad()
def validate(model: torch.nn.Module, packed: PackedDataset | LiveDataset, rows: list[int], device: torch.device) -> dict[str, float]:
    """Aligned metrics at the deployed 256x192 on un-augmented held-back samples, plus raw (unaligned) AbsRel."""
    model.eval()
    sums: dict[str, float] = {}
    for start in range(0, len(rows), 8):
        chunk = rows[start:start + 8]
        c = torch.from_numpy(np.array(packed.color[chunk])).to(device)
        d = torch.from_numpy(np.array(packed.depth[chunk]).astype(np.int32)).to(device)
        m = torch.from_numpy(np.array(packed.mask[chunk])).to(device)
        prior = torch.from_numpy(np.array(packed.priors[chunk])).to(device) if takes_prior(model) else None
        batch = make_batch(c, d, m, packed.depth_scale, (256, 192), AugmentConfig(enabled=False), prior=prior)
        pred = model(batch.network_input)[0].cpu().numpy()
        for i in range(len(chunk)):
            gt, mask = batch.target[i, 0].cpu().numpy(), batch.valid[i, 0].cpu().numpy() > 0
            for k, v in depth_metrics(pred[i, 0], gt, mask).items():
                sums[k] = sums.get(k, 0.0) + v
            sums['raw_absrel'] = sums.get('raw_absrel', 0.0) + depth_metrics(pred[i, 0], gt, mask, align=False)['absrel']
    model.train()
    return {k: v / len(rows) for k, v in sums.items()}


def check_architecture(ckpt: dict, model: torch.nn.Module, arch: str, path: str, widen: bool = False) -> None:
    """A checkpoint only loads into the network it was trained as (or, `widen`, one that only adds input channels);
    say which flag would match instead of failing on tensor shapes."""
    saved = ckpt.get('config') or {}
    if widen:
        saved = {**build_model(saved).config(), 'in_channels': model.in_channels}
    if build_model(saved).config() != model.config():
        name = architecture_name(saved)
        raise SystemExit(f'{path} holds a {name or "custom"} network ({saved}), not --arch {arch}: '
                         + (f'pass --arch {name}' if name else 'train it with the code that made it')
                         + ' or choose another --run folder')


def main(argv: list[str] | None = None) -> None:
    args = parse_args(__doc__, sorted(ARCHITECTURES), argv)
    try:
        aug = AugmentConfig.from_parts('none' if args.no_augment else args.augment)
    except ValueError as e:
        raise SystemExit(str(e)) from None
    arch = ARCHITECTURES[args.arch]
    phases = parse_phases(args.phases, build_model(arch).downsample)
    total_steps = sum(p[2] for p in phases)
    distributed = int(os.environ.get('WORLD_SIZE', '1')) > 1
    use_cuda = torch.cuda.is_available() if args.device == 'auto' else args.device == 'cuda'
    if use_cuda and not torch.cuda.is_available():
        raise SystemExit('--device cuda: no CUDA device is visible to PyTorch')
    torch.set_num_threads(args.threads)
    rank, world, local_rank = 0, 1, 0
    if distributed:
        dist.init_process_group('nccl' if use_cuda else 'gloo')
        rank, world = dist.get_rank(), dist.get_world_size()
        local_rank = int(os.environ.get('LOCAL_RANK', '0'))
    device = torch.device(f'cuda:{local_rank}' if use_cuda else 'cpu')
    if use_cuda:
        torch.cuda.set_device(device)
    is_main = rank == 0

    def log(msg: str) -> None:
        if is_main:
            print(msg, flush=True)

    if args.face_weight > 0 and not args.no_cache:
        raise SystemExit('--face-weight reads the face masks from the PNGs: add --no-cache (packed caches hold none)')
    with_prior = arch.get('in_channels', 3) > 3
    if with_prior and not args.no_cache:
        raise SystemExit(f'--arch {args.arch} reads the face priors beside the PNGs: add --no-cache (packed caches hold none)')
    if args.no_cache:
        packed = LiveDataset(args.data)
    else:
        # Rank 0 packs the PNGs once; the others wait, then open the same memmaps.
        packed = pack(args.data, args.cache_dir, log) if is_main else None
        if distributed:
            dist.barrier()
        if packed is None:
            packed = pack(args.data, args.cache_dir, log)
    train_rows, val_rows = split_rows(packed, args.val_count)
    if with_prior:
        # Only the renders whose prior has been drawn (training/eval/face-prior-dump.ts): the others would teach the
        # network that a visible face comes without a prior.
        drawn = set(packed.rows_with_priors())
        train_rows, val_rows = [r for r in train_rows if r in drawn], [r for r in val_rows if r in drawn]
        if not train_rows:
            raise SystemExit(f'{args.data}: no render has its face prior drawn; run training/eval/face-prior-dump.ts first')
    torch.manual_seed(args.seed)
    model = build_model(arch).to(device)
    if distributed and use_cuda:
        model = torch.nn.SyncBatchNorm.convert_sync_batchnorm(model)
    log(f'model {args.arch}: {count_params(build_model(arch)):,} deployed params, {count_macs(build_model(arch)) / 1e9:.3f} GMAC at '
        f'256x192; data: {len(train_rows)} train / {len(val_rows)} val samples from {args.data}; '
        f'device {device}, world {world}, phases {phases}')
    head_params = [p for n, p in model.named_parameters() if n.startswith('heads.')]
    body_params = [p for n, p in model.named_parameters() if not n.startswith('heads.')]
    opt = torch.optim.AdamW([{'params': body_params, 'lr_mult': 1.0}, {'params': head_params, 'lr_mult': args.head_lr_mult}],
                            lr=args.lr, weight_decay=args.weight_decay)
    os.makedirs(args.run, exist_ok=True)
    ckpt_path = os.path.join(args.run, 'last.pt')
    step = 0
    if os.path.isfile(ckpt_path):
        ckpt = torch.load(ckpt_path, map_location=device)
        check_architecture(ckpt, model, args.arch, ckpt_path)
        model.load_state_dict(ckpt['model'])
        opt.load_state_dict(ckpt['optimizer'])
        step = int(ckpt['step'])
        log(f'resumed {ckpt_path} at step {step}')
    elif args.init:
        # Weights only: the new run's schedule, optimizer state and step count start afresh.
        init = torch.load(args.init, map_location=device)
        check_architecture(init, model, args.arch, args.init, widen=with_prior)
        model.load_state_dict(widen_input(init['model'], model) if with_prior else init['model'])
        log(f'initialised from {args.init}' + (' (the prior channels with zero weights)' if with_prior else ''))
    ema = WeightAverage(model, args.ema) if args.ema else None
    if ema and os.path.isfile(ckpt_path):
        if 'ema' in ckpt:
            ema.load_state_dict(ckpt['ema'])
        else:
            log(f'{ckpt_path} holds no weight average: it starts from the weights at step {step}')
    net = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None) \
        if distributed else model

    dataset = IndexDataset(packed, train_rows, args.face_weight > 0, with_prior)
    sampler = ResumableSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=True)
    loader = DataLoader(dataset, batch_size=args.batch, sampler=sampler, drop_last=True,
                        num_workers=4 if use_cuda else 0, pin_memory=use_cuda, persistent_workers=use_cuda)
    if len(loader) == 0:
        raise SystemExit(f'{len(train_rows)} training samples cannot fill one batch of {args.batch} per process '
                         f'x {world} processes: lower --batch or render more data')
    weights = LossWeights(face=args.face_weight, face_align=args.face_align, relief=args.relief_weight)
    gen = torch.Generator().manual_seed(args.seed * 1000 + rank + step)

    stop = {'flag': False}

    def request_stop(signum, _frame) -> None:
        stop['flag'] = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    def network_state(weights: dict | None = None) -> dict:
        """What export, evaluation and soups read: the network's weights (or others for it, e.g. their average) and
        where in the run it stands."""
        return {'model': model.state_dict() if weights is None else weights, 'step': step, 'config': model.config(),
                'arch': args.arch}

    def checkpoint() -> None:
        if is_main:
            save_atomic({**network_state(), 'optimizer': opt.state_dict(), 'args': vars(args),
                         **({'ema': ema.state_dict()} if ema else {})}, ckpt_path)

    def write_log(entry: dict) -> None:
        if is_main:
            with open(os.path.join(args.run, 'log.jsonl'), 'a') as f:
                f.write(json.dumps(entry) + '\n')

    started = last_ckpt = time.time()
    window: dict[str, float] = {}
    window_n, window_t = 0, time.time()
    epoch = step // len(loader)
    # A resumed run goes on through the epoch's order where it stopped instead of starting it over.
    sampler.skip_next(step % len(loader) * args.batch)
    while step < total_steps and not stop['flag']:
        sampler.set_epoch(epoch)
        for color, depth, mask, face, prior in loader:
            if step >= total_steps or stop['flag']:
                break
            size = phase_at(step, phases)
            batch = make_batch(color.to(device, non_blocking=True), depth.to(device, non_blocking=True),
                               mask.to(device, non_blocking=True), packed.depth_scale, size, aug, gen,
                               face.to(device, non_blocking=True) if args.face_weight > 0 else None,
                               drop_priors(prior, args.prior_dropout, gen).to(device) if with_prior else None)
            for group in opt.param_groups:
                group['lr'] = lr_at(step, total_steps, args.lr, args.warmup) * group['lr_mult']
            loss, terms = depth_loss(net(batch.network_input), batch, weights)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if ema:
                ema.update(model)
            step += 1
            for k, v in terms.items():
                window[k] = window.get(k, 0.0) + v
            window_n += 1
            if step % args.log_every == 0 or step == total_steps:
                dt = (time.time() - window_t) / window_n
                entry = {'step': step, 'res': f'{size[0]}x{size[1]}', 'lr': round(opt.param_groups[0]['lr'], 6),
                         's_per_step': round(dt, 3), **{k: round(v / window_n, 5) for k, v in window.items()}}
                log(json.dumps(entry))
                write_log(entry)
                window, window_n, window_t = {}, 0, time.time()
            if val_rows and is_main and (step % args.val_every == 0 or step == total_steps):
                entry = {'step': step, 'val': {k: round(v, 5) for k, v in validate(model, packed, val_rows, device).items()}}
                log(json.dumps(entry))
                write_log(entry)
            if args.snapshot_every and step % args.snapshot_every == 0 and is_main:
                save_atomic(network_state(), os.path.join(args.run, 'snapshots', f'step-{step}.pt'))
                if ema:
                    save_atomic(network_state(ema.model_state(model)), os.path.join(args.run, 'snapshots', f'step-{step}-ema.pt'))
            if time.time() - last_ckpt > args.ckpt_minutes * 60:
                checkpoint()
                last_ckpt = time.time()
            if args.max_minutes and time.time() - started > args.max_minutes * 60:
                stop['flag'] = True
        epoch += 1
    checkpoint()
    if step >= total_steps:
        calibration_batches = max(1, min(150, len(train_rows) // 8))
        if ema:
            # The average first, while `model` still holds the last weights whose buffers it copies.
            averaged = copy.deepcopy(model)
            averaged.load_state_dict(ema.model_state(model))
            seen = recalibrate_bn(averaged, packed, train_rows, device, batches=calibration_batches)
            if is_main:
                save_atomic({**network_state(averaged.state_dict()), 'bn_calibration': {'samples': seen, 'data': args.data}},
                            os.path.join(args.run, 'final-ema.pt'))
        # Every rank, on the same samples: SyncBatchNorm (CUDA DDP) reduces across all of them.
        seen = recalibrate_bn(model, packed, train_rows, device, batches=calibration_batches)
        log(f'BatchNorm statistics re-estimated on {seen} un-augmented training samples')
    if is_main and step >= total_steps:
        save_atomic({**network_state(), 'bn_calibration': {'samples': seen, 'data': args.data}}, os.path.join(args.run, 'final.pt'))
    log(f'{"finished" if step >= total_steps else "stopped"} at step {step}/{total_steps}; checkpoint {ckpt_path}')
    if distributed:
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
