"""Writes the U-Net as a TF.js graph model (model.json + .bin shards) with the official ARPortraitDepth signature:
input `input_1:0` float32 [1,256,192,3] -> output `Identity:0` float32 [1,256,192,1]. No TensorFlow needed: the
graph nodes and weights are written by hand from the PyTorch weights (BN folded, NHWC / HWIO layouts).

  python3 training/python/export_tfjs.py --checkpoint training/runs/main/final.pt --out OUT_DIR [--fp16]
  python3 training/python/export_tfjs.py --untrained --seed 0 --out OUT_DIR       (placeholder with random weights)
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import GATE_GAIN, ConvBNReLU, PortraitUNet, build_model  # noqa: E402

INPUT_NAME = 'input_1'
OUTPUT_NAME = 'Identity'
HEIGHT, WIDTH = 256, 192
SHARD_BYTES = 4 * 1024 * 1024  # tfjs-converter's default shard size


def _s(text: str) -> dict:
    return {'s': base64.b64encode(text.encode()).decode()}


def _ints(values: list[int]) -> dict:
    return {'list': {'i': [str(v) for v in values]}}


def _shape(dims: list[int]) -> dict:
    return {'dim': [{'size': str(d)} for d in dims]} if dims else {}


FLOAT = {'type': 'DT_FLOAT'}


class GraphBuilder:
    """Accumulates TF GraphDef nodes (as TF.js JSON) and the Const weights they reference."""

    def __init__(self) -> None:
        self.nodes: list[dict] = []
        self.weights: list[tuple[str, np.ndarray]] = []

    def const(self, name: str, value: np.ndarray) -> str:
        dtype = 'DT_INT32' if value.dtype == np.int32 else 'DT_FLOAT'
        self.nodes.append({'name': name, 'op': 'Const', 'attr': {
            'dtype': {'type': dtype}, 'value': {'tensor': {'dtype': dtype, 'tensorShape': _shape(list(value.shape))}}}})
        self.weights.append((name, value))
        return name

    def placeholder(self, name: str, dims: list[int]) -> str:
        self.nodes.append({'name': name, 'op': 'Placeholder', 'attr': {'dtype': FLOAT, 'shape': {'shape': _shape(dims)}}})
        return name

    def conv(self, name: str, x: str, weight: torch.Tensor, bias: torch.Tensor, stride: int, act: str | None) -> str:
        """_FusedConv2D (conv + BiasAdd [+ Relu/Relu6]); PyTorch OIHW -> TF HWIO; 'SAME' padding."""
        f = self.const(f'{name}/filter', weight.permute(2, 3, 1, 0).contiguous().numpy().astype(np.float32))
        b = self.const(f'{name}/bias', bias.numpy().astype(np.float32))
        self.nodes.append({'name': name, 'op': '_FusedConv2D', 'input': [x, f, b], 'attr': {
            'T': FLOAT, 'data_format': _s('NHWC'), 'strides': _ints([1, stride, stride, 1]), 'padding': _s('SAME'),
            'dilations': _ints([1, 1, 1, 1]), 'explicit_paddings': {'list': {}}, 'use_cudnn_on_gpu': {'b': True},
            'num_args': {'i': '1'}, 'epsilon': {'f': 0.0}, 'leakyrelu_alpha': {'f': 0.2},
            'fused_ops': {'list': {'s': [_s(op)['s'] for op in ['BiasAdd'] + ([act] if act else [])]}}}})
        return name

    def conv_linear(self, name: str, x: str, weight: torch.Tensor) -> str:
        """Plain Conv2D, stride 1, no bias: the second half of conv_on_concat (no extra weights written)."""
        f = self.const(f'{name}/filter', weight.permute(2, 3, 1, 0).contiguous().numpy().astype(np.float32))
        self.nodes.append({'name': name, 'op': 'Conv2D', 'input': [x, f], 'attr': {
            'T': FLOAT, 'data_format': _s('NHWC'), 'strides': _ints([1, 1, 1, 1]), 'padding': _s('SAME'),
            'dilations': _ints([1, 1, 1, 1]), 'explicit_paddings': {'list': {}}, 'use_cudnn_on_gpu': {'b': True}}})
        return name

    def conv_transpose(self, name: str, x: str, weight: torch.Tensor, out_dims: list[int]) -> str:
        """Conv2DBackpropInput; PyTorch ConvTranspose2d weight [in,out,kh,kw] -> TF [kh,kw,out,in]. (Measured on WASM:
        faster than the equivalent 1x1 conv + DepthToSpace, whose generic strided copy costs more than the taps.)"""
        sizes = self.const(f'{name}/input_sizes', np.array(out_dims, dtype=np.int32))
        f = self.const(f'{name}/filter', weight.permute(2, 3, 1, 0).contiguous().numpy().astype(np.float32))
        self.nodes.append({'name': name, 'op': 'Conv2DBackpropInput', 'input': [sizes, f, x], 'attr': {
            'T': FLOAT, 'data_format': _s('NHWC'), 'strides': _ints([1, 2, 2, 1]), 'padding': _s('SAME'),
            'dilations': _ints([1, 1, 1, 1]), 'explicit_paddings': {'list': {}}, 'use_cudnn_on_gpu': {'b': True}}})
        return name

    def conv_on_concat(self, name: str, a: str, b: str, cin_a: int, weight: torch.Tensor, bias: torch.Tensor) -> str:
        """Relu(conv(concat(a, b))) as Relu(conv_a(a) + conv_b(b)): the same sum without materialising the concat, a
        per-pixel JavaScript copy loop on WASM (13 of 85 ms per frame, measured). The bias rides on the first conv."""
        ya = self.conv(f'{name}/from_up', a, weight[:, :cin_a], bias, 1, act=None)
        yb = self.conv_linear(f'{name}/from_skip', b, weight[:, cin_a:])
        self.nodes.append({'name': f'{name}/sum', 'op': 'AddV2', 'input': [ya, yb], 'attr': {'T': FLOAT}})
        self.nodes.append({'name': name, 'op': 'Relu', 'input': [f'{name}/sum'], 'attr': {'T': FLOAT}})
        return name

    def mul(self, name: str, a: str, b: str) -> str:
        self.nodes.append({'name': name, 'op': 'Mul', 'input': [a, b], 'attr': {'T': FLOAT}})
        return name

    def identity(self, name: str, x: str) -> str:
        self.nodes.append({'name': name, 'op': 'Identity', 'input': [x], 'attr': {'T': FLOAT}})
        return name


def fold_bn(block: ConvBNReLU) -> tuple[torch.Tensor, torch.Tensor]:
    """Conv weight and bias with the (eval-mode) batch-norm folded in."""
    bn = block.bn
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    return block.conv.weight * scale[:, None, None, None], bn.bias - bn.running_mean * scale


@torch.no_grad()
def build_graph(model: PortraitUNet) -> GraphBuilder:
    if model.in_channels != 3:
        # The Depth API's signature is RGB only; a network fed the face prior is an experiment judged in PyTorch.
        raise SystemExit(f'this network takes {model.in_channels} input channels (the face prior beside the RGB); only '
                         f'RGB networks ([1,{HEIGHT},{WIDTH},3], the Depth API\'s signature) are exported')
    g = GraphBuilder()
    x = g.placeholder(INPUT_NAME, [1, HEIGHT, WIDTH, 3])
    # foreground_gate = min(1, 255*sum(rgb)) as one fused 1x1 conv: Relu6(6*255*sum) = 6*gate; the 1/6 goes into the head.
    gate = g.conv('gate', x, torch.full((1, 3, 1, 1), 6 * GATE_GAIN), torch.zeros(1), 1, act='Relu6')
    skips = []
    h, w = HEIGHT, WIDTH
    for level, stage in enumerate(model.enc):
        for j, block in enumerate(stage):
            if block.stride == 2:
                h, w = h // 2, w // 2
            wt, b = fold_bn(block)
            x = g.conv(f'enc{level}/conv{j}', x, wt, b, block.stride, act='Relu')
        skips.append((x, h, w))
    x, _, _ = skips.pop()
    for level, up in zip(range(len(model.dec) - 1, -1, -1), model.dec):
        skip, h, w = skips.pop()
        u = g.conv_transpose(f'dec{level}/up', x, up.up.weight, [1, h, w, up.up.out_channels])
        wt, b = fold_bn(up.conv1)
        x = g.conv_on_concat(f'dec{level}/conv0', u, skip, up.up.out_channels, wt, b)
        wt, b = fold_bn(up.conv2)
        x = g.conv(f'dec{level}/conv1', x, wt, b, 1, act='Relu')
    head = model.heads[-1]
    x = g.conv('head', x, head.weight / 6, head.bias / 6, 1, act=None)
    g.identity(OUTPUT_NAME, g.mul('gated', x, gate))
    return g


def write_graph_model(model: PortraitUNet, out_dir: str, fp16: bool = False) -> dict:
    """Writes out_dir/model.json + group1-shard*of*.bin; returns the model.json object."""
    model.eval()
    g = build_graph(model)
    specs, blobs = [], []
    for name, value in g.weights:
        spec = {'name': name, 'shape': list(value.shape), 'dtype': 'int32' if value.dtype == np.int32 else 'float32'}
        if fp16 and value.dtype == np.float32:
            spec['quantization'] = {'dtype': 'float16', 'original_dtype': 'float32'}
            value = value.astype(np.float16)
        specs.append(spec)
        blobs.append(value.astype(value.dtype.newbyteorder('<')).tobytes())
    data = b''.join(blobs)
    n_shards = max(1, -(-len(data) // SHARD_BYTES))
    paths = [f'group1-shard{i + 1}of{n_shards}.bin' for i in range(n_shards)]
    os.makedirs(out_dir, exist_ok=True)
    for i, p in enumerate(paths):
        with open(os.path.join(out_dir, p), 'wb') as f:
            f.write(data[i * SHARD_BYTES:(i + 1) * SHARD_BYTES])

    def tensor_info(name: str, dims: list[int]) -> dict:
        return {'name': name, 'dtype': 'DT_FLOAT', 'tensorShape': _shape(dims)}

    model_json = {
        'format': 'graph-model',
        'generatedBy': 'relief training/python/export_tfjs.py',
        'convertedBy': 'relief export_tfjs.py (hand-written GraphDef, no TensorFlow)',
        'signature': {
            'inputs': {f'{INPUT_NAME}:0': tensor_info(f'{INPUT_NAME}:0', [1, HEIGHT, WIDTH, 3])},
            'outputs': {f'{OUTPUT_NAME}:0': tensor_info(f'{OUTPUT_NAME}:0', [1, HEIGHT, WIDTH, 1])},
        },
        'modelTopology': {'node': g.nodes, 'library': {}, 'versions': {'producer': 1395}},
        'weightsManifest': [{'paths': paths, 'weights': specs}],
        'userDefinedMetadata': {'relief': {'architecture': model.config(), 'weights': 'float16' if fp16 else 'float32'}},
    }
    with open(os.path.join(out_dir, 'model.json'), 'w') as f:
        json.dump(model_json, f)
    return model_json


def load_model(checkpoint: str | None, untrained_seed: int | None) -> PortraitUNet:
    if checkpoint is None:
        torch.manual_seed(untrained_seed or 0)
        model = build_model()
        # Random heads would output noise around 0; give the placeholder a random-but-sane head instead of the
        # zero-weight/unit-bias training init, so it visibly depends on the input.
        torch.nn.init.normal_(model.heads[-1].weight, std=0.05)
        return model.eval()
    if not os.path.isfile(checkpoint):
        raise SystemExit(f'--checkpoint {checkpoint} not found: train first (npm run train) or pass --untrained')
    ckpt = torch.load(checkpoint, map_location='cpu')
    model = build_model(ckpt.get('config'))
    model.load_state_dict(ckpt['model'])
    return model.eval()


def fixed_input(seed: int = 0) -> torch.Tensor:
    """A reproducible NCHW test image in [0,1] with a zeroed 'background' border, like the API's input."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.rand(1, 3, HEIGHT, WIDTH, generator=gen)
    x[:, :, :, :24] = 0
    x[:, :, :40] = 0
    return x


@torch.no_grad()
def fp16_roundtrip(model: PortraitUNet) -> PortraitUNet:
    """A PyTorch copy computing exactly what the float16 export computes: BN folded, then weights rounded to fp16."""
    out = build_model(model.config())
    out.load_state_dict(model.state_dict())
    out.eval()
    for m in out.modules():
        if isinstance(m, ConvBNReLU):
            w, b = fold_bn(m)
            m.conv.weight.copy_(w.half().float())
            m.bn.weight.fill_(1.0)
            m.bn.bias.copy_(b.half().float())
            m.bn.running_mean.zero_()
            m.bn.running_var.fill_(1.0 - m.bn.eps)
    for u in out.dec:
        u.up.weight.copy_(u.up.weight.half().float())
    for p in out.heads[-1].parameters():  # exported divided by 6 (see build_graph), so rounded at that scale
        p.copy_((p / 6).half().float() * 6)
    return out


def dump_reference(model: PortraitUNet, out_dir: str) -> None:
    """input.bin and output.bin / output_fp16.bin (NHWC float32): PyTorch's results for a fixed input, as the
    float32 and the float16 export should compute them, to compare with TF.js."""
    x = fixed_input()
    os.makedirs(out_dir, exist_ok=True)
    x.permute(0, 2, 3, 1).contiguous().numpy().astype('<f4').tofile(os.path.join(out_dir, 'input.bin'))
    for name, m in (('output.bin', model.eval()), ('output_fp16.bin', fp16_roundtrip(model))):
        with torch.no_grad():
            y = m(x)[0]
        y.permute(0, 2, 3, 1).contiguous().numpy().astype('<f4').tofile(os.path.join(out_dir, name))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument('--checkpoint', help='a train.py checkpoint (final.pt or last.pt)')
    src.add_argument('--untrained', action='store_true', help='random weights (fixed --seed): a signature placeholder')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', required=True, help='output folder (model.json + shards); never the bundled models folder '
                                                 'unless you mean to replace the shipped model')
    ap.add_argument('--fp16', action='store_true', help='store weights as float16 (half the download)')
    ap.add_argument('--reference', help='also write input.bin/output.bin (PyTorch result for a fixed input) here')
    args = ap.parse_args()
    model = load_model(None if args.untrained else args.checkpoint, args.seed)
    mj = write_graph_model(model, args.out, args.fp16)
    n_float = sum(int(np.prod(w['shape'])) for w in mj['weightsManifest'][0]['weights'] if w['dtype'] == 'float32')
    print(f'wrote {args.out}/model.json: {len(mj["modelTopology"]["node"])} nodes, {n_float:,} float weights, '
          f'{len(mj["weightsManifest"][0]["paths"])} shard(s), {"float16" if args.fp16 else "float32"}')
    if args.reference:
        dump_reference(model, args.reference)


if __name__ == '__main__':
    main()
