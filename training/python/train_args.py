"""train.py's command line: the phases of the schedule and every option (docs/MODEL.md, "Training")."""
from __future__ import annotations

import argparse
import os

from cache import DEFAULT_CACHE

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))


def parse_phases(text: str, multiple: int = 16) -> list[tuple[int, int, int]]:
    """'128x96:6000,256x192:2000' -> [(128, 96, 6000), (256, 192, 2000)] (height x width : steps); sizes must be
    multiples of the network's total downsampling."""
    phases = []
    for part in text.split(','):
        try:
            res, steps = part.split(':')
            h, w = (int(v) for v in res.lower().split('x'))
            phases.append((h, w, int(steps)))
        except ValueError:
            raise SystemExit(f'--phases: cannot parse {part!r}; expected HEIGHTxWIDTH:STEPS, e.g. 128x96:6000,256x192:2000')
        if h % multiple or w % multiple:
            raise SystemExit(f'--phases: {h}x{w} must be multiples of {multiple} (the U-Net halves the size '
                             f'{multiple.bit_length() - 1} times)')
    return phases


def parse_args(doc: str, archs: list[str], argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=os.path.join(REPO, 'data', 'synth', 'train'), help='dataset folder')
    ap.add_argument('--cache-dir', default=DEFAULT_CACHE, help='where the packed .npy arrays go')
    ap.add_argument('--no-cache', action='store_true',
                    help='read the PNGs on demand instead of packing them (live.py): for a set the renderer is still '
                         'growing; each start sees every sample finished by then')
    ap.add_argument('--run', default=os.path.join(REPO, 'training', 'runs', 'default'), help='checkpoint/log folder')
    ap.add_argument('--phases', default='128x96:6000,256x192:2000', help='HxW:steps,... low-res first, then fine-tune')
    ap.add_argument('--arch', choices=archs, default='v2',
                    help="network: 'v2' (the bundled model's) or 'wide' (model.py); recorded in the checkpoint, and a "
                         'resume must name the same one')
    ap.add_argument('--init', help='start a new run from the weights of this checkpoint (fine-tune; ignored on resume)')
    ap.add_argument('--batch', type=int, default=8, help='per-process batch size')
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--head-lr-mult', type=float, default=10.0,
                    help='learning-rate factor for the zero-initialised 1x1 depth heads')
    ap.add_argument('--weight-decay', type=float, default=1e-4)
    ap.add_argument('--warmup', type=int, default=200)
    ap.add_argument('--ckpt-minutes', type=float, default=5.0)
    ap.add_argument('--snapshot-every', type=int, default=0,
                    help='also keep the weights every N steps as <run>/snapshots/step-N.pt (0 = never): a run from '
                         'scratch does best on unseen lighting well before its schedule ends, so its middle is judged '
                         'after the fact on a held-out set')
    ap.add_argument('--ema', type=float, default=0.0,
                    help='also keep an exponential moving average of the weights with this decay (e.g. 0.999; 0 = '
                         'off; weight_average.py): written beside each snapshot as step-N-ema.pt and, BatchNorm '
                         're-estimated, as final-ema.pt; training itself is unchanged')
    ap.add_argument('--log-every', type=int, default=25)
    ap.add_argument('--val-every', type=int, default=500)
    ap.add_argument('--val-count', type=int, default=64, help='held-back samples for validation (every k-th sample)')
    ap.add_argument('--max-minutes', type=float, default=0, help='stop (with a checkpoint) after this long; 0 = no limit')
    ap.add_argument('--threads', type=int, default=2, help='CPU threads per process')
    ap.add_argument('--no-augment', action='store_true', help="same as --augment none")
    ap.add_argument('--augment', default='all',
                    help="'all', 'none' or a comma list of zoom,shift,flip,colour,degrade,mask,soften "
                         "(geometry = zoom,shift,flip; for ablations)")
    ap.add_argument('--face-weight', type=float, default=0.0,
                    help="weight of the face-region shape loss (the sets' face.png; needs --no-cache)")
    ap.add_argument('--face-align', choices=['own', 'person'], default='own',
                    help="align the face terms by the face's own median and spread, or by the whole person's")
    ap.add_argument('--relief-weight', type=float, default=0.0,
                    help="weight of the relief-amount loss (L1 after matching medians only; losses.py)")
    ap.add_argument('--prior-dropout', type=float, default=0.15,
                    help="with --arch wide-prior: the share of samples whose face prior is hidden from the network")
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--device', default='auto', help="'auto' (CUDA if available), 'cpu' or 'cuda'")
    return ap.parse_args(argv)
