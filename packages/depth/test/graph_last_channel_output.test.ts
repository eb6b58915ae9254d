import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@relief/depth';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { fileHandler } from '../src/node/file_handler.ts';
import { lastChannelOutput } from '../src/graph/last_channel_output.ts';
import { SELFIE_PATH, twoChannelSelfie } from './fixtures.ts';

it('reads a two-channel segmentation model\'s person channel without running its final concatenation', async () => {
  await tf.setBackend('wasm');
  const artifacts = await twoChannelSelfie().load!();
  const rewritten = lastChannelOutput(artifacts);
  const [plain, fast] = await Promise.all([artifacts, rewritten].map((a) => loadGraphModel({ load: async () => a })));
  const numTensors = tf.memory().numTensors;
  const x = tf.randomUniform([1, 256, 256, 3], 0, 1, 'float32', 9);
  const both = plain!.predict(x) as tf.Tensor4D;
  const person = fast!.predict(x) as tf.Tensor4D;
  assert.deepEqual(both.shape, [1, 256, 256, 2]);
  assert.deepEqual(person.shape, [1, 256, 256, 1]);
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.slice(both, [0, 0, 0, 1], [-1, -1, -1, 1]), person))).dataSync()[0]!);
  assert.equal(diff, 0);
  const ops = await tf.profile(() => fast!.predict(x) as tf.Tensor);
  assert.ok(!ops.kernels.some((k) => k.name === 'Concat'), 'the concatenation is not run');
  tf.dispose([x, both, person, ops.result as tf.Tensor]);
  assert.equal(tf.memory().numTensors, numTensors);
  plain!.dispose();
  fast!.dispose();
});

it('leaves models whose output is not a channel concatenation as they are', async () => {
  const artifacts = await fileHandler(SELFIE_PATH).load();
  assert.equal(lastChannelOutput(artifacts), artifacts);
});
