import unittest

import torch

import os
import tempfile

from export_tfjs import build_graph, fold_bn, fp16_roundtrip, load_model
from model import ARCHITECTURES, ConvBNReLU, architecture_name, build_model, count_macs, count_params
import train
import train_args


def randomise_bn(model: torch.nn.Module, seed: int = 0) -> None:
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(m.num_features, generator=g) * 0.1)


class ModelTest(unittest.TestCase):
    def test_shapes_finest_first(self):
        out = build_model().eval()(torch.rand(1, 3, 256, 192))
        self.assertEqual([tuple(o.shape) for o in out],
                         [(1, 1, 256, 192), (1, 1, 128, 96), (1, 1, 64, 48), (1, 1, 32, 24)])

    def test_background_is_exactly_zero_and_person_pixels_are_not_gated(self):
        model = load_model(None, 1)
        x = torch.rand(1, 3, 64, 48) * 0.5 + 0.01
        x[:, :, :, :20] = 0
        x[0, :, 30, 30] = torch.tensor([1 / 255, 0, 0])  # a near-black person pixel
        with torch.no_grad():
            full = model(x)[0]
            ungated = model.heads[-1](model.dec[-1](*self._last_decoder_inputs(model, x)))
        self.assertEqual(float(full[..., :20].abs().max()), 0.0)
        self.assertTrue(torch.allclose(full[..., 21:], ungated[..., 21:]))

    @staticmethod
    def _last_decoder_inputs(model, x):
        skips = []
        for stage in model.enc:
            x = stage(x)
            skips.append(x)
        y = skips.pop()
        for up in list(model.dec)[:-1]:
            y = up(y, skips.pop())
        return y, skips.pop()

    def test_budget(self):
        model = build_model()
        self.assertLessEqual(count_params(model), 3_000_000)
        self.assertLessEqual(count_macs(model), 1_000_000_000)

    def test_mac_count_matches_the_architecture_by_hand(self):
        w = (8, 16, 32, 64, 128)
        p = [256 * 192 // 4 ** level for level in range(5)]
        enc = 9 * (3 * 8 + 8 * 8) * p[0] + sum(
            9 * (w[l - 1] * w[l] + (3 if l == 4 else 1) * w[l] * w[l]) * p[l] for l in range(1, 5))
        dec = sum(4 * w[l + 1] * w[l] * p[l + 1] + 9 * (2 * w[l] * w[l] + w[l] * w[l]) * p[l] for l in range(4))
        self.assertEqual(count_macs(build_model()), enc + dec + w[0] * p[0] + 3 * p[0])  # + head + gate

    def test_stride2_matches_tf_same_padding(self):
        # TF 'SAME' with stride 2 on even sizes pads 0 before and 1 after; check the output grid alignment.
        block = ConvBNReLU(1, 1, stride=2).eval()
        with torch.no_grad():
            block.conv.weight.zero_()
            block.conv.weight[0, 0, 0, 0] = 1  # picks the top-left tap of each window
        x = torch.arange(16.0).reshape(1, 1, 4, 4)
        y = block(x)
        scale = float(block.bn.weight / torch.sqrt(block.bn.running_var + block.bn.eps))
        self.assertEqual((y[0, 0] / scale).round().tolist(), [[0.0, 2.0], [8.0, 10.0]])

    def test_folded_bn_equals_conv_then_bn(self):
        block = ConvBNReLU(4, 6)
        randomise_bn(block)
        block.eval()
        x = torch.randn(1, 4, 10, 8)
        w, b = fold_bn(block)
        folded = torch.relu(torch.nn.functional.conv2d(x, w, b, padding=1))
        self.assertLess(float((folded - block(x)).abs().max()), 1e-5)

    def test_fp16_roundtrip_is_close(self):
        model = build_model()
        randomise_bn(model)
        model.eval()
        x = torch.rand(1, 3, 64, 48)
        with torch.no_grad():
            diff = (fp16_roundtrip(model)(x)[0] - model(x)[0]).abs().max()
        self.assertLess(float(diff), 1e-2)

    def test_untrained_placeholder_is_reproducible(self):
        a, b = load_model(None, 3), load_model(None, 3)
        for (ka, va), (_, vb) in zip(a.state_dict().items(), b.state_dict().items()):
            self.assertTrue(torch.equal(va, vb), ka)



class WideModelTest(unittest.TestCase):
    def test_wide_fits_the_budget_with_more_capacity_at_low_resolution(self):
        v2, wide = build_model(ARCHITECTURES['v2']), build_model(ARCHITECTURES['wide'])
        self.assertLessEqual(count_params(wide), 3_000_000)
        self.assertLessEqual(count_macs(wide), 1_000_000_000)
        self.assertGreater(count_params(wide), 3 * count_params(v2))
        # The full-resolution level is v2's: the extra MACs go to the levels with few pixels.
        self.assertEqual(wide.widths[:2], v2.widths[:2])
        self.assertEqual(wide.downsample, 32)

    def test_wide_keeps_the_signature_and_gates_the_background(self):
        model = build_model(ARCHITECTURES['wide']).eval()
        x = torch.rand(1, 3, 256, 192)
        x[..., :30] = 0
        with torch.no_grad():
            out = model(x)
        self.assertEqual(tuple(out[0].shape), (1, 1, 256, 192))
        self.assertEqual(len(out), 5)  # one head per decoder scale, finest first
        self.assertEqual(float(out[0][..., :30].abs().max()), 0.0)

    def test_config_round_trips_and_names_its_architecture(self):
        for name, config in ARCHITECTURES.items():
            model = build_model(config)
            self.assertEqual(build_model(model.config()).config(), model.config())
            self.assertEqual(architecture_name(model.config()), name)
        # Checkpoints written before level_convs existed are v2.
        self.assertEqual(architecture_name({'widths': [8, 16, 32, 64, 128], 'bottleneck_convs': 3}), 'v2')
        with self.assertRaisesRegex(ValueError, 'one entry per level'):
            build_model({'widths': [8, 16], 'level_convs': [1, 1, 1]})

    def test_export_graph_has_one_conv_per_layer_of_the_wide_network(self):
        model = build_model(ARCHITECTURES['wide']).eval()
        convs = sum(isinstance(m, ConvBNReLU) for m in model.enc.modules())
        graph = build_graph(model)
        names = [n['name'] for n in graph.nodes if n['op'] == '_FusedConv2D' and n['name'].startswith('enc')]
        self.assertEqual(len(names), convs)

    def test_resume_with_another_arch_names_the_flag_to_use(self):
        run = tempfile.mkdtemp()
        torch.save({'model': build_model(ARCHITECTURES['v2']).state_dict(), 'config': build_model().config(), 'step': 3},
                   os.path.join(run, 'last.pt'))
        model = build_model(ARCHITECTURES['wide'])
        with self.assertRaisesRegex(SystemExit, 'holds a v2 network .* pass --arch v2'):
            train.check_architecture(torch.load(os.path.join(run, 'last.pt')), model, 'wide', os.path.join(run, 'last.pt'))

    def test_phases_must_divide_by_the_networks_downsampling(self):
        self.assertEqual(train_args.parse_phases('128x96:10', 32), [(128, 96, 10)])
        with self.assertRaisesRegex(SystemExit, 'multiples of 32'):
            train_args.parse_phases('64x48:10', 32)


if __name__ == '__main__':
    unittest.main()
