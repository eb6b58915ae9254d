import unittest

import torch

from augment import Batch
from losses import LossWeights, depth_loss, gradient_matching, scale_loss, ssi_align


def batch_of(target: torch.Tensor, valid: torch.Tensor) -> Batch:
    return Batch(image=torch.zeros(target.shape[0], 3, *target.shape[2:]), target=target * valid, valid=valid,
                 background=1 - valid)


def person(b: int = 2, h: int = 32, w: int = 24) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    valid = torch.zeros(b, 1, h, w)
    valid[:, :, 4:30, 4:20] = 1
    target = 1 + 0.1 * torch.rand(b, 1, h, w, generator=g)
    return target, valid


class LossTest(unittest.TestCase):
    def test_ssi_and_gradient_ignore_scale_and_shift(self):
        target, valid = person()
        terms = scale_loss(2.5 * target + 0.3, target, valid, LossWeights())
        self.assertLess(float(terms['ssi']), 1e-5)
        self.assertLess(float(terms['grad']), 1e-5)
        self.assertGreater(float(terms['abs']), 0.5)  # the anchor term does see the wrong scale

    def test_exact_prediction_costs_nothing_and_background_is_free(self):
        target, valid = person()
        pred = target * valid + 5 * (1 - valid)
        terms = scale_loss(pred, target, valid, LossWeights())
        for k in ('ssi', 'grad', 'abs'):
            self.assertLess(float(terms[k]), 1e-5, k)

    def test_gradient_matching_sees_wrong_structure(self):
        target, valid = person()
        noisy = target + 0.05 * torch.randn(target.shape, generator=torch.Generator().manual_seed(1))
        self.assertGreater(float(gradient_matching((noisy - target) * valid, valid, 4)), 0.01)

    def test_ssi_align_maps_onto_the_target(self):
        target, valid = person()
        aligned = ssi_align(-0.5 * target + 7, target, valid)
        # A negated prediction cannot be aligned by a positive scale (MAD is positive): it stays wrong.
        self.assertGreater(float(((aligned - target).abs() * valid).sum() / valid.sum()), 0.01)

    def test_deep_supervision_uses_every_scale(self):
        target, valid = person(h=64, w=48)
        preds = [torch.ones(2, 1, 64 // 2 ** k, 48 // 2 ** k, requires_grad=True) for k in range(4)]
        loss, report = depth_loss(preds, batch_of(target, valid), LossWeights())
        loss.backward()
        for p in preds:
            self.assertGreater(float(p.grad.abs().sum()), 0)
        self.assertEqual(set(report), {'ssi', 'grad', 'abs', 'total'})


if __name__ == '__main__':
    unittest.main()
