import unittest

import numpy as np

from prior_channels import RELIEF_GAIN
from prior_fusion import fuse_after, weighted_plane


def channels(relief: np.ndarray, weight: np.ndarray) -> np.ndarray:
    return np.stack([relief * weight * RELIEF_GAIN, weight]).astype(np.float32)


class PriorFusionTest(unittest.TestCase):
    def setUp(self):
        ys, xs = np.mgrid[0:40, 0:30]
        self.r2 = ((xs - 14.5) / 10) ** 2 + ((ys - 19.5) / 12) ** 2
        self.weight = np.clip(2 * (1 - self.r2), 0, 1)
        # A symmetric dome: no plane of its own over the symmetric weight.
        self.dome = -0.1 * np.clip(1 - self.r2, 0, None)

    def test_the_plane_is_recovered_whatever_the_weights(self):
        ys, xs = np.mgrid[0:40, 0:30]
        plane = 0.3 + 0.01 * xs - 0.02 * ys
        w = np.random.default_rng(0).random((40, 30)) * (self.weight > 0)
        self.assertTrue(np.allclose(weighted_plane(plane, w), plane, atol=1e-9))

    def test_a_flat_network_takes_the_priors_relief_at_its_own_depth(self):
        raw = np.full((40, 30), 1.2, np.float32)
        fused = fuse_after(raw, channels(self.dome, self.weight), np.ones((40, 30)))
        inside = self.weight >= 1
        # Where the weight is full the fused depth is the prior's shape, r0 (1 + dz/D), placed where the network put
        # the face: on average at its depth.
        ratio = fused[inside] / (1 + self.dome[inside])
        self.assertLess(float(np.ptp(ratio)), 0.02)
        self.assertAlmostEqual(float((self.weight * fused).sum() / self.weight.sum()), 1.2, delta=0.01)
        self.assertEqual(float(np.abs(fused[self.weight == 0] - 1.2).max()), 0.0)

    def test_a_network_that_already_has_the_priors_shape_is_left_alone(self):
        raw = (0.9 * (1 + self.dome)).astype(np.float32)
        fused = fuse_after(raw, channels(self.dome, self.weight), np.ones((40, 30)))
        self.assertLess(float(np.abs(fused - raw).max()), 1e-5)

    def test_no_prior_or_a_prior_off_the_person_changes_nothing(self):
        raw = np.random.default_rng(1).random((40, 30)).astype(np.float32)
        self.assertIs(fuse_after(raw, channels(self.dome, np.zeros((40, 30))), np.ones((40, 30))), raw)
        self.assertIs(fuse_after(raw, channels(self.dome, self.weight), np.zeros((40, 30))), raw)


if __name__ == '__main__':
    unittest.main()
