import json
import os
import tempfile
import unittest

import numpy as np
import torch
from PIL import Image

from augment import AUGMENT_PARTS, AugmentConfig, make_batch, masked_median
from cache import pack
from dataset_format import read_manifest, read_png_u16, read_sample
from fake_data import write_fake_dataset


class DatasetFormatTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, 'data')
        write_fake_dataset(cls.data, 5, samples_per_shard=2, height=64, width=48)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_sixteen_bit_depth_roundtrips_to_a_tenth_of_a_millimetre(self):
        path = os.path.join(self.tmp.name, 'd.png')
        values = np.array([[0, 255, 256, 6543], [12345, 40000, 65535, 1]], np.uint16)
        Image.fromarray(values).save(path)
        np.testing.assert_array_equal(read_png_u16(path), values)

    def test_eight_bit_depth_is_rejected(self):
        path = os.path.join(self.tmp.name, 'd8.png')
        Image.fromarray(np.zeros((2, 2), np.uint8)).save(path)
        with self.assertRaisesRegex(ValueError, '16-bit'):
            read_png_u16(path)

    def test_samples_live_in_shards(self):
        m = read_manifest(self.data)
        self.assertTrue(os.path.isfile(os.path.join(self.data, 'shard-00002', '000004.depth.png')))
        color, depth, mask = read_sample(self.data, m, 4)
        self.assertEqual(color.shape, (64, 48, 3))
        self.assertTrue(np.all(depth[mask == 255] > 0.3))
        self.assertTrue(np.all(depth[mask == 0] == 0))

    def test_pack_skips_unfinished_samples_and_is_reused(self):
        cache = os.path.join(self.tmp.name, 'cache')
        os.remove(os.path.join(self.data, 'shard-00001', '000003.mask.png'))
        try:
            ds = pack(self.data, cache)
            self.assertEqual(ds.indices, [0, 1, 2, 4])
            m = read_manifest(self.data)
            _, depth, _ = read_sample(self.data, m, 4)
            np.testing.assert_array_equal(ds.depth[3], np.round(depth * 10000).astype(np.uint16))
            self.assertEqual(pack(self.data, cache).meta, ds.meta)
            self.assertEqual(len(os.listdir(cache)), 1)
        finally:
            write_fake_dataset(self.data, 5, samples_per_shard=2, height=64, width=48)

    def test_missing_manifest_names_the_fix(self):
        with self.assertRaisesRegex(FileNotFoundError, 'npm run synth'):
            read_manifest(self.tmp.name)


class AugmentTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        write_fake_dataset(os.path.join(tmp.name, 'd'), 4, height=64, width=48)
        ds = pack(os.path.join(tmp.name, 'd'), os.path.join(tmp.name, 'c'))
        self.args = (torch.from_numpy(np.array(ds.color)), torch.from_numpy(np.array(ds.depth).astype(np.int32)),
                     torch.from_numpy(np.array(ds.mask)), ds.depth_scale)

    def check(self, batch, size):
        self.assertEqual(tuple(batch.image.shape), (4, 3, *size))
        med = masked_median(batch.target, batch.valid).flatten()
        self.assertTrue(torch.allclose(med, torch.ones(4), atol=1e-6), med)
        self.assertEqual(float((batch.image * batch.background).abs().max()) < 0.6, True)
        self.assertEqual(float((batch.valid * batch.background).max()), 0.0)

    def test_plain_batch_zeroes_background_and_normalises_depth(self):
        b = make_batch(*self.args, (64, 48), AugmentConfig(enabled=False))
        self.check(b, (64, 48))
        self.assertEqual(float((b.image * b.background).abs().max()), 0.0)

    def test_augmented_batch_keeps_the_contract(self):
        b = make_batch(*self.args, (32, 24), AugmentConfig(jpeg_p=1.0, blur_p=1.0, noise_p=1.0),
                       torch.Generator().manual_seed(5))
        self.check(b, (32, 24))
        self.assertTrue(torch.isfinite(b.image).all())

    def test_the_face_mask_follows_the_geometry_and_stays_on_the_person(self):
        color, depth, mask, scale = self.args
        face = torch.zeros_like(mask)
        face[:, 8:24, 8:20] = 255
        # Flipped every time: the face region must move with the picture, not stay where it was.
        b = make_batch(color, depth, mask, scale, (64, 48), AugmentConfig(zoom=(1, 1), shift=0, flip=1.0),
                       torch.Generator().manual_seed(3), face)
        self.assertEqual(tuple(b.face.shape), (4, 1, 64, 48))
        self.assertEqual(float((b.face * (1 - b.valid)).max()), 0.0)
        columns = b.face.sum((0, 1, 2)).nonzero().flatten()
        self.assertEqual((int(columns.min()), int(columns.max())), (48 - 20, 48 - 9))
        self.assertIsNone(make_batch(*self.args, (64, 48), AugmentConfig(enabled=False)).face)

    def test_augment_parts_parse_and_reject_unknown_names(self):
        self.assertFalse(AugmentConfig.from_parts('none').on('geometry'))
        cfg = AugmentConfig.from_parts('geometry, mask')
        self.assertEqual([cfg.on(p) for p in AUGMENT_PARTS], [True, True, True, False, False, True, False])
        with self.assertRaisesRegex(ValueError, "'blur'.*zoom, shift, flip, colour, degrade, mask, soften"):
            AugmentConfig.from_parts('geometry,blur')

    def test_a_part_left_out_leaves_its_change_out(self):
        plain = make_batch(*self.args, (64, 48), AugmentConfig(enabled=False))
        # Without geometry and mask parts, colour alone keeps every pixel's place and the binary silhouette.
        colour_only = make_batch(*self.args, (64, 48), AugmentConfig.from_parts('colour'), torch.Generator().manual_seed(2))
        self.assertTrue(torch.equal(colour_only.background, plain.background))
        self.assertTrue(torch.equal(colour_only.target, plain.target))
        self.assertGreater(float((colour_only.image - plain.image).abs().max()), 0.05)
        # Flip alone mirrors the picture and its depth exactly, nothing else.
        flipped = make_batch(*self.args, (64, 48), AugmentConfig(parts=frozenset({'flip'}), flip=1.0),
                             torch.Generator().manual_seed(2))
        self.assertTrue(torch.allclose(flipped.image, plain.image.flip(-1), atol=1e-5))
        self.assertTrue(torch.allclose(flipped.target, plain.target.flip(-1), atol=1e-5))
        # The mask part alone moves the silhouette and no colour inside it.
        mask_only = make_batch(*self.args, (64, 48), AugmentConfig.from_parts('mask'), torch.Generator().manual_seed(2))
        self.assertFalse(torch.equal(mask_only.background, plain.background))
        inside = ((mask_only.background == 0) & (plain.background == 0)).expand_as(plain.image)
        self.assertTrue(bool(inside.any()))
        self.assertTrue(torch.equal(mask_only.image[inside], plain.image[inside]))


if __name__ == '__main__':
    unittest.main()
