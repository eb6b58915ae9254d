import contextlib
import io
import os
import tempfile
import unittest

import numpy as np
import torch
from PIL import Image

from augment import AugmentConfig, make_batch
from dataset_format import sample_stem
from fake_data import write_fake_dataset
from live import LiveDataset
from model import ARCHITECTURES, build_model
from prior_channels import RELIEF_GAIN, drop_priors, read_prior, widen_input
import train


def write_prior(stem: str, relief: np.ndarray, weight: np.ndarray) -> None:
    """As face-prior-dump.ts writes them: 16-bit 32768 + 10^4 dz/D, 8-bit weight."""
    Image.fromarray(np.round(32768 + 1e4 * relief).astype(np.uint16)).save(stem + '.prior.png')
    Image.fromarray(np.round(255 * weight).astype(np.uint8), 'L').save(stem + '.priorw.png')


class PriorChannelsTest(unittest.TestCase):
    def test_the_files_read_back_as_relief_times_weight_and_weight(self):
        stem = os.path.join(tempfile.mkdtemp(), '000000')
        relief = np.zeros((256, 192), np.float32)
        relief[100:140, 80:120] = -0.0731
        weight = np.zeros((256, 192), np.float32)
        weight[100:140, 80:120] = 1.0
        weight[100, 80] = 128 / 255
        write_prior(stem, relief, weight)
        prior = read_prior(stem)
        self.assertEqual(prior.shape, (2, 256, 192))
        self.assertAlmostEqual(float(prior[0, 120, 100]), -0.0731 * RELIEF_GAIN, places=4)
        self.assertAlmostEqual(float(prior[0, 100, 80]), -0.0731 * RELIEF_GAIN * 128 / 255, places=4)
        self.assertEqual(float(prior[1, 120, 100]), 1.0)
        self.assertEqual(float(np.abs(prior[:, :100]).max()), 0.0)
        # A render whose prior was never drawn reads as no prior at all.
        self.assertEqual(float(np.abs(read_prior(stem + 'x')).max()), 0.0)

    def test_a_prior_drawn_at_another_grid_is_refused_with_the_fix(self):
        stem = os.path.join(tempfile.mkdtemp(), '000000')
        write_prior(stem, np.zeros((128, 96)), np.ones((128, 96)))
        with self.assertRaisesRegex(ValueError, r'96x128, not 192x256: draw them again with face-prior-dump.ts --grid 256x192'):
            read_prior(stem)

    def test_the_widened_network_starts_as_the_rgb_one_whatever_the_prior_holds(self):
        torch.manual_seed(0)
        rgb_net = build_model(ARCHITECTURES['wide']).eval()
        prior_net = build_model(ARCHITECTURES['wide-prior'])
        prior_net.load_state_dict(widen_input(rgb_net.state_dict(), prior_net))
        prior_net.eval()
        image = torch.rand(2, 3, 64, 64)
        image[:, :, :10] = 0  # background
        prior = torch.randn(2, 2, 64, 64)
        with torch.no_grad():
            a = rgb_net(image)[0]
            b = prior_net(torch.cat([image, prior], 1))[0]
        self.assertTrue(torch.allclose(a, b, atol=1e-6))
        # The background stays exactly 0: the gate reads the RGB, not the prior.
        self.assertEqual(float(b[:, :, :10].abs().max()), 0.0)

    def test_the_batch_carries_the_prior_on_the_person_and_feeds_it_behind_the_rgb(self):
        color = torch.full((1, 32, 24, 3), 200, dtype=torch.uint8)
        depth = torch.full((1, 32, 24), 5000, dtype=torch.int32)
        mask = torch.zeros((1, 32, 24), dtype=torch.uint8)
        mask[:, 8:, :] = 255
        prior = torch.ones(1, 2, 256, 192)
        batch = make_batch(color, depth, mask, 10000.0, (32, 24), AugmentConfig(enabled=False), prior=prior)
        self.assertEqual(tuple(batch.network_input.shape), (1, 5, 32, 24))
        self.assertEqual(float(batch.prior[:, :, :8].abs().max()), 0.0)
        self.assertAlmostEqual(float(batch.prior[:, :, 12:].min()), 1.0, places=5)
        plain = make_batch(color, depth, mask, 10000.0, (32, 24), AugmentConfig(enabled=False))
        self.assertIs(plain.network_input, plain.image)

    def test_dropout_hides_whole_priors_at_the_asked_rate(self):
        prior = torch.ones(4000, 2, 2, 2)
        kept = drop_priors(prior, 0.25, torch.Generator().manual_seed(1))
        per_sample = kept.flatten(1).amax(1)
        self.assertTrue(set(per_sample.tolist()) <= {0.0, 1.0})
        self.assertAlmostEqual(float((per_sample == 0).float().mean()), 0.25, delta=0.03)
        self.assertIs(drop_priors(prior, 0.0, None), prior)

    def test_a_prior_network_trains_from_an_rgb_checkpoint_on_the_renders_with_priors(self):
        root = tempfile.mkdtemp()
        data = os.path.join(root, 'data')
        write_fake_dataset(data, 12, height=64, width=64, samples_per_shard=6)
        live = LiveDataset(data)
        for index in live.indices[:8]:
            write_prior(sample_stem(data, live.manifest, index), np.full((256, 192), -0.05), np.full((256, 192), 0.5))
        self.assertEqual(LiveDataset(data).rows_with_priors(), list(range(8)))
        common = ['--data', data, '--no-cache', '--phases', '64x64:4', '--batch', '2', '--val-count', '2',
                  '--threads', '1', '--ckpt-minutes', '100']
        rgb_run, prior_run = os.path.join(root, 'rgb'), os.path.join(root, 'prior')
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(['--arch', 'wide', '--run', rgb_run, *common])
            train.main(['--arch', 'wide-prior', '--run', prior_run, '--init', os.path.join(rgb_run, 'final.pt'), *common])
        final = torch.load(os.path.join(prior_run, 'final.pt'), map_location='cpu')
        self.assertEqual(final['config']['in_channels'], 5)
        self.assertEqual(tuple(final['model']['enc.0.0.conv.weight'].shape[:2]), (8, 5))
        # Without --no-cache the packed cache would have no priors: refused with the fix.
        with self.assertRaisesRegex(SystemExit, 'add --no-cache'):
            train.main(['--arch', 'wide-prior', '--run', os.path.join(root, 'x'), '--data', data, '--phases', '64x64:4'])


if __name__ == '__main__':
    unittest.main()
