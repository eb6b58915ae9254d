// setModelsUrl (the esbuild / self-hosting recipe) moves every bundled model, weights included, to one folder.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUNDLED_DEPTH_MODEL, BUNDLED_FACE_DETECTOR_MODEL, BUNDLED_FACE_MESH_MODEL, BUNDLED_POSE_MODEL,
  BUNDLED_SEGMENTATION_MODEL, setModelsUrl,
} from '@relief/depth';

it('setModelsUrl: a relative folder needs a page to be relative to', () => {
  assert.throws(() => setModelsUrl('./models/'), /setModelsUrl: '\.\/models\/' is not a URL; pass an absolute URL/);
  assert.equal(BUNDLED_DEPTH_MODEL.model.protocol, 'file:', 'unchanged after the error');
});

it('setModelsUrl: every bundled model.json in that folder, its shards beside it', () => {
  setModelsUrl('https://cdn.example/relief/models');
  assert.deepEqual(
    [BUNDLED_DEPTH_MODEL, BUNDLED_SEGMENTATION_MODEL, BUNDLED_FACE_DETECTOR_MODEL, BUNDLED_FACE_MESH_MODEL, BUNDLED_POSE_MODEL]
      .map((m) => [m.model.href, m.weights]),
    [
      ['https://cdn.example/relief/models/depth/model.json', {}],
      ['https://cdn.example/relief/models/selfie.json', {}],
      ['https://cdn.example/relief/models/face/blazeface-front.json', {}],
      ['https://cdn.example/relief/models/face/facemesh.json', {}],
      ['https://cdn.example/relief/models/pose/blazepose-lite.json', {}],
    ]);
});
