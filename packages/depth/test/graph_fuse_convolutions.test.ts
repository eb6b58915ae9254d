import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@relief/depth';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { fileHandler } from '../src/node/file_handler.ts';
import { fuseConvolutions } from '../src/graph/fuse_convolutions.ts';
import { SELFIE_PATH } from './fixtures.ts';

it('fuses conv + bias + activation chains of the selfie model without changing its output', async () => {
  await tf.setBackend('cpu');
  const artifacts = await fileHandler(SELFIE_PATH).load();
  const fusedArtifacts = fuseConvolutions(artifacts);
  const count = (a: tf.io.ModelArtifacts, op: string) =>
    (a.modelTopology as { node: Array<{ op: string }> }).node.filter((n) => n.op === op).length;
  assert.equal(count(fusedArtifacts, 'Conv2D') + count(fusedArtifacts, 'DepthwiseConv2dNative'), 1,
    'all but the one conv without a bias (feeding AddN) are fused');
  assert.equal(count(fusedArtifacts, '_FusedConv2D') + count(fusedArtifacts, 'FusedDepthwiseConv2dNative'), 53);
  assert.equal(count(fusedArtifacts, 'Relu'), 0);

  const plain = await loadGraphModel({ load: async () => artifacts });
  const fused = await loadGraphModel({ load: async () => fusedArtifacts });
  const x = tf.randomUniform([1, 256, 256, 3], 0, 1, 'float32', 5);
  const [a, b] = [plain.predict(x) as tf.Tensor, fused.predict(x) as tf.Tensor];
  assert.deepEqual(b.shape, [1, 256, 256, 1]);
  const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
  assert.ok(diff < 1e-5, `max abs diff ${diff}`);
  tf.dispose([x, a, b]);
  plain.dispose();
  fused.dispose();
});

it('leaves graphs without fusable chains untouched', () => {
  const artifacts = { modelTopology: { node: [{ name: 'x', op: 'Placeholder' }, { name: 'y', op: 'Relu', input: ['x'] }] }, weightSpecs: [] };
  assert.equal(fuseConvolutions(artifacts), artifacts);
});
