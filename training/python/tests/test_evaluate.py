import os
import tempfile
import unittest

import torch

from evaluate import evaluate
from export_tfjs import load_model
from fake_data import write_fake_dataset


class EvaluateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, 'data')
        write_fake_dataset(cls.data, 8, samples_per_shard=4, height=256, width=192)
        model = load_model(None, 0)  # the exporter's placeholder: random weights, an output that depends on the input
        cls.checkpoint = os.path.join(cls.tmp.name, 'model.pt')
        torch.save({'model': model.state_dict(), 'step': 7}, cls.checkpoint)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_eval(self, degraded: bool) -> dict:
        return evaluate(self.data, self.checkpoint, os.path.join(self.tmp.name, 'cache'), 0, False, degraded)

    def test_degraded_inputs_are_an_extra_row_fixed_per_run(self):
        plain, first, again = self.run_eval(False), self.run_eval(True), self.run_eval(True)
        self.assertNotIn('model, degraded input', plain['methods'])
        self.assertEqual((first['count'], first['step']), (8, 7))
        worse = first['methods']['model, degraded input']
        # Same seeds, same degraded inputs: the row is reproducible, so checkpoints can be compared by it.
        self.assertEqual(worse, again['methods']['model, degraded input'])
        # And it is a different measurement from the clean one (other pixels, other silhouettes).
        self.assertNotAlmostEqual(worse['absrel'], first['methods']['model']['absrel'], places=6)
        self.assertEqual(plain['methods']['model'], first['methods']['model'])

    def test_relief_range_of_the_truth_is_the_targets(self):
        relief = self.run_eval(False)['relief']
        # The fake people are ellipsoids 0.5-1.2 m away with ~10 cm of relief: a few tenths of "depth / median".
        self.assertTrue(0.02 < relief['truth'] < 0.5, relief)
        self.assertGreaterEqual(relief['model'], 0)
        self.assertNotEqual(relief['model'], relief['truth'])


if __name__ == '__main__':
    unittest.main()
