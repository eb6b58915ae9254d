import json
import os
import tempfile
import unittest

import numpy as np
import torch
from PIL import Image

from dataset_format import read_manifest, sample_stem
from face_eval import body_order, face_scores, spearman, table
from export_tfjs import load_model
from fake_data import write_fake_dataset


class FaceEvalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, 'data')
        write_fake_dataset(cls.data, 6, samples_per_shard=3, height=256, width=192)
        manifest = read_manifest(cls.data)
        # Face masks on the upper part of the person (the fake "head"), framings alternating; the last has none.
        for i in range(6):
            stem = sample_stem(cls.data, manifest, i)
            mask = np.asarray(Image.open(stem + '.mask.png'))
            face = np.zeros_like(mask)
            if i < 5:
                face[:110] = mask[:110]
            Image.fromarray(face).save(stem + '.face.png')
            with open(stem + '.json') as f:
                meta = json.load(f)
            meta['framing'] = 'selfie' if i % 2 == 0 else 'half'
            with open(stem + '.json', 'w') as f:
                json.dump(meta, f)
        model = load_model(None, 0)  # the exporter's placeholder: random weights, an output that depends on the input
        cls.checkpoint = os.path.join(cls.tmp.name, 'model.pt')
        torch.save({'model': model.state_dict(), 'step': 1}, cls.checkpoint)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_spearman_ranks(self):
        self.assertAlmostEqual(spearman(np.array([1., 2, 3, 4]), np.array([10., 20, 35, 99])), 1.0)
        self.assertAlmostEqual(spearman(np.array([1., 2, 3, 4]), np.array([4., 3, 2, 1])), -1.0)

    def test_scores_split_by_framing_and_skip_faceless_samples(self):
        scores = face_scores(self.data, {'a': self.checkpoint, 'b': self.checkpoint}, 0)
        self.assertEqual(list(scores), ['selfie', 'half', 'all'])
        self.assertEqual([scores[k]['a']['count'] for k in scores], [3, 2, 5])  # sample 5 has no face
        for by_name in scores.values():
            self.assertEqual(by_name['a'], by_name['b'])  # the same checkpoint twice scores the same
            self.assertTrue(-1 <= by_name['a']['rho'] <= 1 and by_name['a']['own_fit_absrel'] >= 0)
            self.assertTrue(0 <= by_name['a']['body_order'] <= 1)
        lines = table(scores).splitlines()
        self.assertEqual(len(lines), 5)
        self.assertTrue(lines[0].startswith('| framing | n | a face ρ | a own-fit AbsRel | a body order |'))
        self.assertTrue(lines[2].startswith('| selfie | 3 |'))

    def test_after_fusion_scores_the_prior_fused_after_each_rgb_network(self):
        # No prior drawn yet: the fused network is the network.
        plain = face_scores(self.data, {'a': self.checkpoint}, 0, after_fusion=True)
        self.assertEqual(plain['all']['a+after'], plain['all']['a'])
        self.assertGreaterEqual(plain['all']['a']['person_absrel'], 0)
        # A prior over the fake head of the selfies (a dome) changes their face, not the faceless rest.
        manifest = read_manifest(self.data)
        ys, xs = np.mgrid[0:256, 0:192]
        r2 = ((xs - 96) / 60) ** 2 + ((ys - 60) / 60) ** 2
        for i in (0, 2, 4):
            stem = sample_stem(self.data, manifest, i)
            Image.fromarray(np.round(32768 - 1e3 * np.clip(1 - r2, 0, None)).astype(np.uint16)).save(stem + '.prior.png')
            Image.fromarray(np.round(255 * np.clip(2 * (1 - r2), 0, 1)).astype(np.uint8), 'L').save(stem + '.priorw.png')
        try:
            fused = face_scores(self.data, {'a': self.checkpoint}, 0, after_fusion=True)
        finally:
            for i in (0, 2, 4):
                for ext in ('.prior.png', '.priorw.png'):
                    os.remove(sample_stem(self.data, manifest, i) + ext)
        self.assertNotEqual(fused['selfie']['a+after'], fused['selfie']['a'])
        self.assertEqual(fused['half']['a+after'], fused['half']['a'])

    def test_body_order_is_the_sign_of_body_minus_face(self):
        rows = np.arange(60)[:, None]
        person = np.zeros((60, 20), bool)
        person[5:, 3:15] = True
        face = np.zeros_like(person)
        face[5:15, 7:13] = True
        # A far arm (columns 3-4) that every prediction gets right keeps the judge's fitted scale positive.
        arm = np.zeros_like(person)
        arm[5:, 3:5] = True
        truth = np.where(arm, 2.0, np.where(rows < 20, 1.0, 0.8)) * person  # the chest nearer than the face
        self.assertEqual(body_order(truth * 2 + 0.1, truth, face, person), 1.0)
        farther = np.where(arm, 2.0, np.where(rows < 20, 1.0, 1.05)) * person  # the chest drawn behind the face
        self.assertEqual(body_order(farther, truth, face, person), 0.0)
        little = person.copy()
        little[25:] = False  # too few body pixels under the chin to say
        self.assertTrue(np.isnan(body_order(truth, truth, face, little)))

if __name__ == '__main__':
    unittest.main()
