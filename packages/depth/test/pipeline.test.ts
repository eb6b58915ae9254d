import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@relief/depth';
import { prepareInput } from '../src/pipeline.ts';

it('zeroes the background and keeps pure-black person pixels distinguishable from it', async () => {
  await tf.setBackend('cpu');
  // 1×3 image: a black person pixel, a grey person pixel, a white background pixel.
  const image = tf.tensor3d([0, 0, 0, 128, 128, 128, 255, 255, 255], [1, 3, 3]);
  const mask = tf.tensor4d([0.9, 0.6, 0.2], [1, 1, 3, 1]);
  const x = prepareInput(image, mask, [1, 3]);
  const values = Array.from(await x.data()).map((v) => Math.round(v * 255));
  assert.deepEqual(values, [1, 1, 1, 128, 128, 128, 0, 0, 0]);
  tf.dispose([image, mask, x]);
});
