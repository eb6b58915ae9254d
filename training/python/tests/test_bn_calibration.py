import os
import tempfile
import unittest

import numpy as np
import torch

from augment import AugmentConfig, make_batch
from bn_calibration import recalibrate_bn
from cache import pack
from fake_data import write_fake_dataset
from model import build_model


class BnCalibrationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        data = os.path.join(cls.tmp.name, 'data')
        write_fake_dataset(data, 8, samples_per_shard=4, height=64, width=48)
        cls.packed = pack(data, os.path.join(cls.tmp.name, 'cache'))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_statistics_are_the_clean_batches_own_and_weights_stay(self):
        model = build_model()
        first_bn = next(m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d))
        first_bn.running_mean.fill_(5.0)  # stale statistics from "training"
        weights = {k: v.clone() for k, v in model.state_dict().items() if 'running' not in k and 'num_batches' not in k}
        rows = list(range(len(self.packed)))
        seen = recalibrate_bn(model, self.packed, rows, torch.device('cpu'), batches=1, size=(64, 48))
        self.assertEqual(seen, 8)
        self.assertFalse(model.training)
        self.assertEqual(first_bn.momentum, 0.1)  # restored
        # One batch: the running mean is that batch's mean of the first conv's output, on clean (unaugmented) images.
        batch = make_batch(torch.from_numpy(np.array(self.packed.color[rows])),
                           torch.from_numpy(np.array(self.packed.depth[rows]).astype(np.int32)),
                           torch.from_numpy(np.array(self.packed.mask[rows])), self.packed.depth_scale, (64, 48),
                           AugmentConfig(enabled=False))
        conv = next(m for m in model.modules() if isinstance(m, torch.nn.Conv2d))
        with torch.no_grad():
            expected = conv(batch.image).mean(dim=(0, 2, 3))
        torch.testing.assert_close(first_bn.running_mean, expected, rtol=1e-4, atol=1e-5)
        for k, v in weights.items():
            self.assertTrue(torch.equal(model.state_dict()[k], v), k)
