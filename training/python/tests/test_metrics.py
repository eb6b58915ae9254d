import unittest

import numpy as np

from metrics import depth_metrics, distance_transform, lsq_align, silhouette_inflation


def portrait(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    gt = 1 + 0.1 * rng.standard_normal((64, 48))
    mask = np.zeros((64, 48), bool)
    mask[10:60, 8:40] = True
    return np.abs(gt) + 0.5, mask


class MetricsTest(unittest.TestCase):
    def test_perfect_prediction(self):
        gt, mask = portrait()
        m = depth_metrics(gt.copy(), gt, mask)
        self.assertAlmostEqual(m['absrel'], 0.0, places=9)
        self.assertAlmostEqual(m['rmse'], 0.0, places=9)
        self.assertEqual(m['delta1'], 1.0)

    def test_scaled_and_shifted_prediction_is_perfect_after_alignment(self):
        gt, mask = portrait(1)
        pred = 3.7 * gt - 2.2
        pred[~mask] = 123.0  # outside the mask nothing counts
        m = depth_metrics(pred, gt, mask)
        self.assertLess(m['absrel'], 1e-9)
        self.assertLess(m['rmse'], 1e-9)
        self.assertEqual(m['delta1'], 1.0)
        raw = depth_metrics(pred, gt, mask, align=False)
        self.assertGreater(raw['absrel'], 0.5)

    def test_known_error(self):
        gt = np.full((4, 4), 2.0)
        mask = np.ones((4, 4), bool)
        m = depth_metrics(np.full((4, 4), 3.0), gt, mask, align=False)
        self.assertAlmostEqual(m['absrel'], 0.5)
        self.assertAlmostEqual(m['rmse'], 1.0)
        self.assertEqual(m['delta1'], 0.0)

    def test_constant_prediction_aligns_to_mean(self):
        gt, mask = portrait(2)
        aligned = lsq_align(np.ones_like(gt), gt, mask)
        self.assertAlmostEqual(float(aligned[mask][0]), float(gt[mask].mean()), places=9)

    def test_empty_mask_is_an_error(self):
        with self.assertRaisesRegex(ValueError, 'mask'):
            depth_metrics(np.ones((4, 4)), np.ones((4, 4)), np.zeros((4, 4), bool))


class DistanceTransformTest(unittest.TestCase):
    def test_matches_brute_force(self):
        rng = np.random.default_rng(3)
        mask = rng.random((30, 22)) > 0.2
        d = distance_transform(mask)
        bg = np.argwhere(~np.pad(mask, 1)) - 1
        for r in range(30):
            for c in range(22):
                want = np.sqrt(((bg - [r, c]) ** 2).sum(1).min()) if mask[r, c] else 0.0
                self.assertAlmostEqual(d[r, c], want, places=6)

    def test_inflation_is_nearest_in_the_middle(self):
        mask = np.zeros((40, 30), bool)
        mask[5:35, 5:25] = True
        depth = silhouette_inflation(mask)
        self.assertAlmostEqual(float(depth.min()), -np.sqrt(10.0))  # 10 px from the nearest edge
        self.assertEqual(depth[20, 15], depth.min())
        self.assertLess(depth[20, 15], depth[6, 6])
        self.assertEqual(float(depth[0, 0]), 0.0)


if __name__ == '__main__':
    unittest.main()
