"""Light-weight U-Net for portrait depth (ARPortraitDepth signature: [N,3,256,192] in [0,1] -> [N,1,256,192]).

Every layer maps to one TF.js graph op that all backends run fast: stride-1/stride-2 3x3 convolutions with folded
batch-norm + bias + ReLU (_FusedConv2D), 2x2 stride-2 transposed convolutions (Conv2DBackpropInput) for upsampling,
channel concatenation (ConcatV2) for the skips and a 1x1 linear depth head.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULT_WIDTHS = (8, 16, 32, 64, 128)
# Named architectures (train.py --arch; the checkpoint records the resulting config()). 'v2' is the bundled model.
# 'wide' spends the rest of the issue-12 budget (<= 3 M params, <= 1 GMAC at 256x192) where pixels are few: a sixth
# level at 1/32 (8x6 at 256x192: context across the whole body), wider 1/8-1/32 levels and a second conv in each:
# 2.95 M params, 0.918 GMAC (v2: 0.78 M, 0.631 GMAC); the full-resolution levels stay as in v2.
ARCHITECTURES: dict[str, dict] = {
    'v2': {'widths': list(DEFAULT_WIDTHS), 'bottleneck_convs': 3},
    'wide': {'widths': [8, 16, 32, 80, 144, 240], 'bottleneck_convs': 2, 'level_convs': [1, 1, 1, 2, 2, 2]},
    # 'wide' fed the face prior as two more input channels (prior_channels.py; issue 12's second fusion): an
    # experiment, trained from a 'wide' checkpoint whose first convolution gets zero weights for the new channels.
    'wide-prior': {'widths': [8, 16, 32, 80, 144, 240], 'bottleneck_convs': 2, 'level_convs': [1, 1, 1, 2, 2, 2],
                   'in_channels': 5},
}
# The API zeroes the background of the input, so "any channel non-zero" is the person. 255 = one 8-bit step.
GATE_GAIN = 255.0
GATE_CONSTANTS = 4  # the gate's 1x1 conv in the exported graph: 3 weights + 1 bias


def foreground_gate(x: torch.Tensor) -> torch.Tensor:
    """min(1, 255 * sum of RGB): 0 exactly where the API zeroed the background, 1 on every visible person pixel.

    The final depth is multiplied by it, so the background is exactly 0 by construction (as the original pipeline
    needs for its clamp) instead of a learned constant that fights the depth terms for the head's bias."""
    return torch.clamp(GATE_GAIN * x[:, :3].sum(dim=1, keepdim=True), 0.0, 1.0)


class ConvBNReLU(nn.Module):
    """3x3 conv + BN + ReLU. Stride-2 convs pad only bottom/right so the result equals TF 'SAME' padding exactly."""

    def __init__(self, cin: int, cout: int, stride: int = 1):
        super().__init__()
        self.stride = stride
        self.conv = nn.Conv2d(cin, cout, 3, stride=stride, padding=1 if stride == 1 else 0, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stride == 2:
            x = F.pad(x, (0, 1, 0, 1))
        return F.relu(self.bn(self.conv(x)))


class Up(nn.Module):
    """2x2 stride-2 transposed conv (linear: the next conv sees it concatenated with the skip) then two 3x3 convs."""

    def __init__(self, cin: int, cskip: int, cout: int):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cout, 2, stride=2, bias=False)
        self.conv1 = ConvBNReLU(cout + cskip, cout)
        self.conv2 = ConvBNReLU(cout, cout)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        return self.conv2(self.conv1(torch.cat([self.up(x), skip], dim=1)))


class PortraitUNet(nn.Module):
    """Encoder halves the resolution per level; decoder doubles it with skips; one depth head per decoder scale.

    forward() returns the depth maps finest first: [full, 1/2, 1/4, 1/8]. Only the full-resolution head is exported;
    it alone is multiplied by the foreground gate (the coarse heads are supervised on the person only).
    """

    def __init__(self, widths: tuple[int, ...] = DEFAULT_WIDTHS, bottleneck_convs: int = 3,
                 level_convs: tuple[int, ...] | None = None, in_channels: int = 3):
        super().__init__()
        self.widths = tuple(widths)
        # RGB, then any extra channels (the face prior's); the foreground gate reads the RGB only.
        self.in_channels = in_channels
        self.bottleneck_convs = bottleneck_convs
        # Stride-1 convs after each level's first conv. By default one, and `bottleneck_convs` at the coarsest level,
        # which is cheap (few pixels) and gives the global context.
        self.level_convs = tuple(level_convs) if level_convs is not None else \
            tuple(bottleneck_convs if level == len(widths) - 1 else 1 for level in range(len(widths)))
        if len(self.level_convs) != len(self.widths):
            raise ValueError(f'level_convs {list(self.level_convs)} needs one entry per level of widths {list(widths)}')
        self.enc = nn.ModuleList()
        cin = in_channels
        for level, w in enumerate(widths):
            convs = [ConvBNReLU(cin, w, stride=1 if level == 0 else 2)]
            convs += [ConvBNReLU(w, w) for _ in range(self.level_convs[level])]
            self.enc.append(nn.Sequential(*convs))
            cin = w
        self.dec = nn.ModuleList()
        self.heads = nn.ModuleList()
        for level in range(len(widths) - 2, -1, -1):
            self.dec.append(Up(widths[level + 1], widths[level], widths[level]))
            head = nn.Conv2d(widths[level], 1, 1)
            # Targets are depth / median person depth, i.e. about 1 on the subject: start there.
            nn.init.zeros_(head.weight)
            nn.init.constant_(head.bias, 1.0)
            self.heads.append(head)

    @property
    def downsample(self) -> int:
        """Input height and width must be multiples of this."""
        return 2 ** (len(self.widths) - 1)

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        gate = foreground_gate(x)
        skips = []
        for stage in self.enc:
            x = stage(x)
            skips.append(x)
        x = skips.pop()
        preds = []
        for up, head in zip(self.dec, self.heads):
            x = up(x, skips.pop())
            preds.append(head(x))
        preds[-1] = preds[-1] * gate
        return preds[::-1]

    def config(self) -> dict:
        return {'widths': list(self.widths), 'bottleneck_convs': self.bottleneck_convs, 'level_convs': list(self.level_convs),
                'in_channels': self.in_channels}


def build_model(config: dict | None = None) -> PortraitUNet:
    """From a checkpoint's config() (older ones lack level_convs and in_channels) or an ARCHITECTURES entry;
    None = 'v2'."""
    config = config or {}
    level_convs = config.get('level_convs')
    return PortraitUNet(tuple(config.get('widths', DEFAULT_WIDTHS)), config.get('bottleneck_convs', 3),
                        tuple(level_convs) if level_convs is not None else None, config.get('in_channels', 3))


def architecture_name(config: dict) -> str | None:
    """The ARCHITECTURES name a config() builds, or None for a custom one."""
    target = build_model(config).config()
    return next((name for name, c in ARCHITECTURES.items() if build_model(c).config() == target), None)


def count_params(model: nn.Module) -> int:
    """Weights of the deployed graph: BN folds into conv biases, the coarse training-only heads are dropped, and the
    foreground gate adds its 4 constants."""
    total = GATE_CONSTANTS
    for name, p in model.named_parameters():
        if '.bn.' in name:
            continue
        total += p.numel()
    for module in model.modules():
        if isinstance(module, ConvBNReLU):
            total += module.conv.out_channels  # the folded bias
    if isinstance(model, PortraitUNet):
        total -= sum(p.numel() for h in list(model.heads)[:-1] for p in h.parameters())
    return total


def count_macs(model: PortraitUNet, height: int = 256, width: int = 192) -> int:
    """Multiply-accumulates of one deployed forward pass (convolutions, including the 3-MAC/pixel gate;
    bias/ReLU/concat/the final multiply are not counted)."""
    macs = 3 * height * width
    hooks = []
    final_head = model.heads[-1]

    def conv_hook(module: nn.Module, _inp, out: torch.Tensor) -> None:
        nonlocal macs
        if isinstance(module, nn.Conv2d) and module in model.heads and module is not final_head:
            return
        if isinstance(module, nn.ConvTranspose2d):
            # Every input pixel scatters a kh*kw*cout patch: cin*cout*kh*kw MACs per input pixel.
            n_in = out.shape[2] * out.shape[3] // (module.stride[0] * module.stride[1])
            macs += n_in * module.in_channels * module.out_channels * module.kernel_size[0] * module.kernel_size[1]
        else:
            k = module.kernel_size[0] * module.kernel_size[1] * module.in_channels // module.groups
            macs += out.shape[1] * out.shape[2] * out.shape[3] * k

    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            hooks.append(m.register_forward_hook(conv_hook))
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, model.in_channels, height, width))
    model.train(was_training)
    for h in hooks:
        h.remove()
    return macs
