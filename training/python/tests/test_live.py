import os
import tempfile
import unittest

import numpy as np

from cache import pack
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

    def test_an_empty_dataset_says_so(self):
        root = tempfile.mkdtemp()
        with open(os.path.join(root, 'manifest.json'), 'w') as f:
            f.write('{"complete": [], "height": 8, "width": 8}')
        with self.assertRaisesRegex(ValueError, 'no finished samples yet'):
            LiveDataset(root)


if __name__ == '__main__':
    unittest.main()
