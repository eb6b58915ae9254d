import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@relief/depth';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { fileHandler } from '../src/node/file_handler.ts';
import { unfoldTransposedConvolutions } from '../src/graph/unfold_transposed_convolutions.ts';
import { BUNDLED_DEPTH_MODEL } from '../src/bundled_models.ts';
import { SELFIE_PATH } from './fixtures.ts';

const ops = (a: tf.io.ModelArtifacts, op: string) =>
  (a.modelTopology as { node: Array<{ op: string }> }).node.filter((n) => n.op === op).length;

async function maxDiff(before: tf.io.ModelArtifacts, after: tf.io.ModelArtifacts, input: tf.Tensor): Promise<number> {
  const [plain, unfolded] = await Promise.all([before, after].map((a) => loadGraphModel({ load: async () => a })));
  const [a, b] = [plain!.predict(input) as tf.Tensor, unfolded!.predict(input) as tf.Tensor];
  assert.deepEqual(b.shape, a.shape);
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
  tf.dispose([a, b]);
  plain!.dispose();
  unfolded!.dispose();
  return diff;
}

const models = [
  { what: 'the bundled depth model (float16 weights, five 2×2 upsamplings)', path: fileURLToPath(BUNDLED_DEPTH_MODEL.model), input: [1, 256, 192, 3], count: 5 },
  { what: 'the bundled selfie model', path: SELFIE_PATH, input: [1, 256, 256, 3], count: 1 },
];

for (const backend of ['cpu', 'wasm']) {
  describe(`transposed convolutions unfolded into 1×1 conv + depth-to-space (${backend})`, () => {
    for (const m of models) {
      it(`gives the same output for ${m.what}`, async () => {
        assert.ok(await tf.setBackend(backend));
        const artifacts = await fileHandler(m.path).load();
        const before = new Uint8Array(artifacts.weightData as ArrayBuffer).slice();
        const unfolded = unfoldTransposedConvolutions(artifacts);
        assert.equal(ops(artifacts, 'Conv2DBackpropInput'), m.count);
        assert.equal(ops(unfolded, 'Conv2DBackpropInput'), 0);
        assert.equal(ops(unfolded, 'Transpose'), m.count);
        assert.deepEqual(new Uint8Array(artifacts.weightData as ArrayBuffer), before, 'the caller\'s weights are untouched');
        const numTensors = tf.memory().numTensors;
        const x = tf.randomUniform(m.input, 0, 1, 'float32', 3);
        const diff = await maxDiff(artifacts, unfolded, x);
        x.dispose();
        assert.ok(diff < 1e-5, `max abs diff ${diff}`);
        assert.equal(tf.memory().numTensors, numTensors);
      });
    }
  });
}

/** A one-op graph: x [2,3,4,5] → 2×2 transposed conv (stride `stride`, `padding`) → [2, 2·3, 2·4, 6]. */
function transposedConvGraph(padding: string, stride = 2, kernel = 2, outputSize = [2, 6, 8, 6]): tf.io.ModelArtifacts {
  const filter = tf.randomNormal([kernel, kernel, 6, 5], 0, 1, 'float32', 11).dataSync() as Float32Array;
  const sizes = new Int32Array(outputSize);
  const data = new Uint8Array(filter.byteLength + sizes.byteLength);
  data.set(new Uint8Array(filter.buffer));
  data.set(new Uint8Array(sizes.buffer), filter.byteLength);
  const constNode = (name: string, dtype: string) => ({ name, op: 'Const', attr: { dtype: { type: dtype } } });
  return {
    format: 'graph-model',
    modelTopology: {
      versions: {},
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' } } },
        constNode('up/filter', 'DT_FLOAT'),
        constNode('up/input_sizes', 'DT_INT32'),
        {
          name: 'up', op: 'Conv2DBackpropInput', input: ['up/input_sizes', 'up/filter', 'x'], attr: {
            T: { type: 'DT_FLOAT' }, padding: { s: btoa(padding) }, data_format: { s: btoa('NHWC') },
            strides: { list: { i: ['1', String(stride), String(stride), '1'] } },
          },
        },
        { name: 'y', op: 'Identity', input: ['up'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
    },
    signature: { inputs: { x: { name: 'x:0' } }, outputs: { y: { name: 'y:0' } } },
    weightSpecs: [
      { name: 'up/filter', shape: [kernel, kernel, 6, 5], dtype: 'float32' },
      { name: 'up/input_sizes', shape: [4], dtype: 'int32' },
    ],
    weightData: data.buffer,
  };
}

describe('transposed convolutions unfolded: graphs built by hand', () => {
  for (const padding of ['SAME', 'VALID']) {
    it(`keeps a batch of 2 exact with ${padding} padding`, async () => {
      await tf.setBackend('cpu');
      const artifacts = transposedConvGraph(padding);
      const unfolded = unfoldTransposedConvolutions(artifacts);
      assert.equal(ops(unfolded, 'Conv2DBackpropInput'), 0);
      const x = tf.randomNormal([2, 3, 4, 5], 0, 1, 'float32', 4);
      const diff = await maxDiff(artifacts, unfolded, x);
      x.dispose();
      assert.ok(diff < 1e-5, `max abs diff ${diff}`);
    });
  }

  it('leaves transposed convolutions it cannot rewrite exactly as they are', () => {
    for (const artifacts of [
      transposedConvGraph('SAME', 1, 2, [2, 3, 4, 6]), // stride 1: taps overlap
      transposedConvGraph('SAME', 2, 3), // 3×3 kernel: taps overlap
      transposedConvGraph('SAME', 2, 2, [2, 5, 7, 6]), // odd output: 'SAME' crops a row and a column
    ]) {
      assert.equal(unfoldTransposedConvolutions(artifacts), artifacts);
    }
  });
});
