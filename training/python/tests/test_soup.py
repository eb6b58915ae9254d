import os
import tempfile
import unittest

import torch

from fake_data import write_fake_dataset
from model import ARCHITECTURES, build_model
from soup import main


class SoupTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, 'data')
        write_fake_dataset(cls.data, 8, samples_per_shard=4, height=64, width=48)
        cls.paths = []
        for seed in (1, 2):
            torch.manual_seed(seed)
            model = build_model()
            path = os.path.join(cls.tmp.name, f'seed{seed}.pt')
            torch.save({'model': model.state_dict(), 'config': model.config(), 'arch': 'v2'}, path)
            cls.paths.append(path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_weights_are_the_weighted_mean_and_batchnorm_is_re_estimated(self):
        out = os.path.join(self.tmp.name, 'soup', 'final.pt')
        main([self.paths[0], self.paths[1] + '@3', '--out', out, '--data', self.data, '--batches', '1'])
        soup = torch.load(out, map_location='cpu')
        a, b = (torch.load(p, map_location='cpu')['model'] for p in self.paths)
        conv = next(k for k in a if k.endswith('.weight') and a[k].dim() == 4)
        torch.testing.assert_close(soup['model'][conv], 0.25 * a[conv] + 0.75 * b[conv])
        mean = next(k for k in a if k.endswith('running_mean'))
        # Fresh statistics of the averaged network on clean samples, not the ingredients' (both still at init: 0).
        self.assertGreater(float(soup['model'][mean].abs().max()), 0)
        self.assertEqual([i['weight'] for i in soup['soup']], [1.0, 3.0])
        self.assertEqual(soup['config'], build_model().config())
        self.assertFalse(os.path.exists(out + '.tmp'))

    def test_different_networks_and_overwriting_an_ingredient_are_refused(self):
        wide = build_model(ARCHITECTURES['wide'])
        wide_path = os.path.join(self.tmp.name, 'wide.pt')
        torch.save({'model': wide.state_dict(), 'config': wide.config(), 'arch': 'wide'}, wide_path)
        out = os.path.join(self.tmp.name, 'bad.pt')
        with self.assertRaisesRegex(SystemExit, 'different networks'):
            main([self.paths[0], wide_path, '--out', out, '--data', self.data, '--batches', '1'])
        with self.assertRaisesRegex(SystemExit, 'must differ'):
            main([self.paths[0], self.paths[1], '--out', self.paths[1], '--data', self.data])
        with self.assertRaisesRegex(SystemExit, 'at least two'):
            main([self.paths[0], '--out', out, '--data', self.data])
        with self.assertRaisesRegex(SystemExit, 'positive'):
            main([self.paths[0], self.paths[1] + '@0', '--out', out, '--data', self.data])
        self.assertFalse(os.path.exists(out))


if __name__ == '__main__':
    unittest.main()
