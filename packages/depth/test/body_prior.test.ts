import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, type DepthEstimator } from '@relief/depth';
import { sample } from './fixtures.ts';

const CONFIG = { minDepth: 0, maxDepth: 1 };
// A held-out render (training/synth, CC0 assets) of a standing person with raised arms, and its true depth
// (16-bit, metres × 10000): a full-body view, where the network alone orders the body poorly.
const RENDER = readFileSync(new URL('./fixtures/full-body-render.png', import.meta.url));
const TRUTH = new URL('./fixtures/full-body-render.depth.png', import.meta.url);

/** AbsRel after the least-squares scale and shift inside the person, as the real-data judge measures. */
function absRelAfterFit(pred: Float32Array, truth: Float32Array): number {
  const k = [...truth.keys()].filter((i) => truth[i]! > 0 && pred[i]! > 0);
  let sp = 0, sg = 0, spp = 0, spg = 0;
  for (const i of k) { sp += pred[i]!; sg += truth[i]!; spp += pred[i]! ** 2; spg += pred[i]! * truth[i]!; }
  const n = k.length;
  const scale = (n * spg - sp * sg) / (n * spp - sp * sp);
  const shift = (sg - scale * sp) / n;
  return k.reduce((s, i) => s + Math.abs(scale * pred[i]! + shift - truth[i]!) / truth[i]!, 0) / n;
}

describe('body prior', () => {
  let estimator: DepthEstimator;
  let truth: Float32Array;
  before(async () => {
    await tf.setBackend('wasm');
    estimator = await createEstimator(SupportedModels.ARPortraitDepth);
    const { data } = await sharp(TRUTH.pathname).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    truth = Float32Array.from(new Uint16Array(data.buffer, data.byteOffset, data.length / 2), (v) => v / 10000);
  });
  after(() => estimator.dispose());

  it('brings a full-body view closer to the true depth than the network alone', async () => {
    const off = (await estimator.estimateDepth(RENDER, { ...CONFIG, priors: false }))!;
    const body = (await estimator.estimateDepth(RENDER, { ...CONFIG, priors: { face: false, body: true } }))!;
    const [a, b] = [absRelAfterFit(await off.toFloat32Array(), truth), absRelAfterFit(await body.toFloat32Array(), truth)];
    // Measured: 0.0266 → 0.0132.
    assert.ok(b < 0.8 * a, `AbsRel ${a.toFixed(4)} → ${b.toFixed(4)}`);
    const [moff, mbody] = [await off.mask.toFloat32Array(), await body.mask.toFloat32Array()];
    assert.deepEqual(mbody, moff, 'the person mask is the segmenter\'s either way');
    off.dispose();
    body.dispose();
  });

  it('stays out of portraits that do not show the legs: identical to the face prior alone', async () => {
    for (const name of ['official_portrait.jpg', 'astronaut.png']) {
      const both = (await estimator.estimateDepth(sample(name), CONFIG))!;
      const face = (await estimator.estimateDepth(sample(name), { ...CONFIG, priors: { body: false } }))!;
      assert.deepEqual(await both.toFloat32Array(), await face.toFloat32Array(), name);
      both.dispose();
      face.dispose();
    }
  });

  it('leaves the background as the network made it and leaks no tensors', async () => {
    const off = (await estimator.estimateDepth(RENDER, { ...CONFIG, priors: false }))!;
    const before = tf.memory().numTensors;
    const map = (await estimator.estimateDepth(RENDER, CONFIG))!;
    const [v, m, plain] = [await map.toFloat32Array(), await map.mask.toFloat32Array(), await off.toFloat32Array()];
    // Background: no person pixel within 4 px (the network's 2× upsampling blends one grid cell across the outline).
    const { width, height } = map;
    const nearPerson = (x: number, y: number) => {
      for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) {
        const xx = x + dx, yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < width && yy < height && m[yy * width + xx]! >= 0.5) return true;
      }
      return false;
    };
    let background = 0;
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (m[i]! >= 0.05 || nearPerson(x, y)) continue;
      background++;
      assert.equal(v[i], plain[i], `background pixel ${x},${y}`);
    }
    assert.ok(background > 100000);
    map.dispose();
    assert.equal(tf.memory().numTensors, before);
    off.dispose();
  });
});
