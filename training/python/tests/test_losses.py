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
        self.assertEqual(set(report), {'ssi', 'grad', 'abs', 'relief', 'total'})



class FaceLossTest(unittest.TestCase):
    def face_batch(self) -> tuple[torch.Tensor, Batch]:
        target, valid = person(h=64, w=48)
        face = torch.zeros_like(valid)
        face[:, :, 10:26, 12:28] = 1
        # A face with relief: a bump of 0.1 in the middle of the face region, on a whole-person slope.
        yy, xx = torch.meshgrid(torch.arange(64.0), torch.arange(48.0), indexing='ij')
        bump = 0.1 * torch.exp(-((yy - 18) ** 2 + (xx - 20) ** 2) / 20)
        target = (1 + 0.01 * yy - bump)[None, None].repeat(2, 1, 1, 1)
        batch = batch_of(target, valid)
        batch.face = face * valid
        return target, batch

    def test_face_terms_ignore_the_faces_scale_and_shift_and_see_a_flattened_face(self):
        target, batch = self.face_batch()
        w = LossWeights(face=1.0)
        preds = lambda p: [p] + [torch.nn.functional.avg_pool2d(p, 2 ** k) for k in range(1, 4)]
        _, exact = depth_loss(preds(1.7 * target + 0.2), batch, w)
        self.assertLess(exact['face_ssi'], 1e-5)
        self.assertLess(exact['face_grad'], 1e-5)
        # The balloon: the person's slope kept, the face's relief gone.
        yy = torch.arange(64.0)[None, None, :, None].expand(2, 1, 64, 48)
        _, flat = depth_loss(preds(1 + 0.01 * yy), batch, w)
        self.assertGreater(flat['face_ssi'], 0.005)
        self.assertGreater(flat['face_grad'], 0.002)

    def test_person_aligned_face_terms_see_a_face_drawn_too_deep_for_its_body(self):
        target, batch = self.face_batch()
        preds = lambda p: [p] + [torch.nn.functional.avg_pool2d(p, 2 ** k) for k in range(1, 4)]
        # The body right, the face's relief (about its middle) three times too deep.
        middle = target[batch.face > 0].median()
        deep = torch.where(batch.face > 0, middle + 3 * (target - middle), target)
        _, own = depth_loss(preds(deep), batch, LossWeights(face=1.0))
        _, person = depth_loss(preds(deep), batch, LossWeights(face=1.0, face_align='person'))
        # Aligned on itself the deep face is right (its shape is); aligned with the person it is too deep.
        self.assertLess(own['face_ssi'], 1e-5)
        self.assertGreater(person['face_ssi'], 0.01)
        _, exact = depth_loss(preds(1.7 * target + 0.2), batch, LossWeights(face=1.0, face_align='person'))
        self.assertLess(exact['face_ssi'], 1e-5)

    def test_relief_term_ignores_a_shift_and_sees_a_relief_drawn_too_shallow(self):
        target, batch = self.face_batch()
        preds = lambda p: [p] + [torch.nn.functional.avg_pool2d(p, 2 ** k) for k in range(1, 4)]
        _, shifted = depth_loss(preds(target + 0.3), batch, LossWeights(relief=1.0))
        self.assertLess(shifted['relief'], 1e-5)
        self.assertGreater(shifted['abs'], 0.29)
        middle = target[batch.valid > 0].median()
        _, shallow = depth_loss(preds(middle + 0.5 * (target - middle)), batch, LossWeights(relief=1.0))
        self.assertLess(shallow['ssi'], 1e-5)  # the shape is right; only its amount is not
        self.assertGreater(shallow['relief'], 0.01)
        on, _ = depth_loss(preds(middle + 0.5 * (target - middle)), batch, LossWeights(relief=1.0))
        off, _ = depth_loss(preds(middle + 0.5 * (target - middle)), batch, LossWeights())
        # Weighted in at every decoder scale: at least the full-resolution head's share.
        self.assertGreater(float(on - off), shallow['relief'])

    def test_face_loss_is_off_by_default_and_without_face_masks(self):
        target, batch = self.face_batch()
        preds = [target] + [torch.nn.functional.avg_pool2d(target, 2 ** k) for k in range(1, 4)]
        _, report = depth_loss(preds, batch, LossWeights())
        self.assertNotIn('face_ssi', report)
        batch.face = None
        _, report = depth_loss(preds, batch, LossWeights(face=1.0))
        self.assertNotIn('face_ssi', report)


if __name__ == '__main__':
    unittest.main()
