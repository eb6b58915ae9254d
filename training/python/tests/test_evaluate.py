import json
import os
import tempfile
import unittest

import torch

from evaluate import evaluate, markdown
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

    def test_framings_are_split_from_the_samples_json(self):
        # The fake set writes no per-sample JSON: one 'unknown' bucket holding everything.
        result = self.run_eval(False)
        self.assertEqual(list(result['by_framing']), ['unknown'])
        self.assertEqual(result['by_framing']['unknown']['count'], 8)
        self.assertAlmostEqual(result['by_framing']['unknown']['absrel'], result['methods']['model']['absrel'], places=6)
        data = os.path.join(self.tmp.name, 'framed')
        write_fake_dataset(data, 8, samples_per_shard=4, height=256, width=192)
        for index in range(8):
            with open(os.path.join(data, f'shard-{index // 4:05d}', f'{index:06d}.json'), 'w') as f:
                json.dump({'framing': 'selfie' if index < 3 else 'full'}, f)
        framed = evaluate(data, self.checkpoint, os.path.join(self.tmp.name, 'cache'), 0, False)
        self.assertEqual({k: v['count'] for k, v in framed['by_framing'].items()}, {'selfie': 3, 'full': 5})
        self.assertTrue(all(v['relief_truth'] > 0 for v in framed['by_framing'].values()))

    def test_relief_range_of_the_truth_is_the_targets(self):
        relief = self.run_eval(False)['relief']
        # The fake people are ellipsoids 0.5-1.2 m away with ~10 cm of relief: a few tenths of "depth / median".
        self.assertTrue(0.02 < relief['truth'] < 0.5, relief)
        self.assertGreaterEqual(relief['model'], 0)
        self.assertNotEqual(relief['model'], relief['truth'])

    def test_the_table_names_the_step_or_a_weight_average(self):
        result = self.run_eval(False)
        self.assertIn('(step 7)', markdown(result, self.data, self.checkpoint, 'cmd'))
        # soup.py's averages carry no step: the heading says what they are instead of "step -1".
        souped = markdown({**result, 'step': -1}, self.data, self.checkpoint, 'cmd')
        self.assertIn('(a weight average)', souped)
        self.assertNotIn('step -1', souped)


if __name__ == '__main__':
    unittest.main()
