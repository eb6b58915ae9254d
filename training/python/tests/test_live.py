import os
import tempfile
import unittest

import numpy as np
from PIL import Image

from cache import pack
from dataset_format import sample_stem
from fake_data import write_fake_dataset
from live import LiveDataset


class LiveDatasetTest(unittest.TestCase):
    def test_reads_what_the_pack_holds_and_sees_samples_added_later(self):
        root = tempfile.mkdtemp()
        data = os.path.join(root, 'data')
        write_fake_dataset(data, 6, height=32, width=24, samples_per_shard=4)
        live, packed = LiveDataset(data), pack(data, os.path.join(root, 'cache'), log=lambda _: None)
        self.assertEqual(len(live), len(packed))
        self.assertEqual(live.depth_scale, packed.depth_scale)
        for field in ('color', 'depth', 'mask'):
            a, b = getattr(live, field)[[0, 5]], np.array(getattr(packed, field)[[0, 5]])
            self.assertEqual(a.dtype, b.dtype, field)
            self.assertTrue(np.array_equal(a, b), field)
        self.assertTrue(np.array_equal(live.color[3], np.array(packed.color[3])))
        # The renderer finished more samples: a new LiveDataset (a restart) sees them with no packing.
        write_fake_dataset(data, 9, height=32, width=24, samples_per_shard=4)
        self.assertEqual(len(LiveDataset(data)), 9)

    def test_face_masks_are_read_where_the_set_has_them_and_zero_where_not(self):
        root = tempfile.mkdtemp()
        write_fake_dataset(root, 2, height=32, width=24, samples_per_shard=4)
        live = LiveDataset(root)
        self.assertEqual((live.face[0].shape, int(live.face[0].max())), ((32, 24), 0))
        face = np.zeros((32, 24), np.uint8)
        face[4:12, 6:18] = 255
        Image.fromarray(face, 'L').save(sample_stem(root, live.manifest, 1) + '.face.png')
        self.assertTrue(np.array_equal(live.face[1], face))

    def test_an_empty_dataset_says_so(self):
        root = tempfile.mkdtemp()
        with open(os.path.join(root, 'manifest.json'), 'w') as f:
            f.write('{"complete": [], "height": 8, "width": 8}')
        with self.assertRaisesRegex(ValueError, 'no finished samples yet'):
            LiveDataset(root)


if __name__ == '__main__':
    unittest.main()
