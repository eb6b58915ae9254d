import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, type DepthEstimator, type ImageDataLike } from '@relief/depth';
import { sample } from './fixtures.ts';

const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };

describe('depth map outputs', () => {
  let estimator: DepthEstimator;
  before(async () => {
    await tf.setBackend('wasm');
    estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  });
  after(() => estimator.dispose());

  it('agrees across toArray, toFloat32Array, toTensor, toCanvasImageSource and toPNG16', async () => {
    const map = (await estimator.estimateDepth(sample('astronaut.png'), CONFIG))!;
    assert.equal(map.getUnderlyingType(), 'tensor');
    const flat = await map.toFloat32Array();
    const rows = await map.toArray();
    assert.equal(flat.length, 512 * 512);
    assert.equal(rows[100]![200], flat[100 * 512 + 200]);
    assert.ok(flat.every((v) => v >= 0 && v <= 1), 'depth values lie in [0, 1]');

    const pixels = (await map.toCanvasImageSource()) as ImageDataLike;
    assert.equal(pixels.width, 512);
    assert.equal(pixels.data.length, 512 * 512 * 4);
    const i = 100 * 512 + 200;
    assert.equal(pixels.data[i * 4], Math.round(flat[i]! * 255), 'red = depth × 255');
    assert.deepEqual([pixels.data[i * 4 + 1], pixels.data[i * 4 + 2], pixels.data[i * 4 + 3]], [0, 0, 255]);

    const png = await map.toPNG16();
    const { data, info } = await sharp(png).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [512, 512, 1]);
    const u16 = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
    assert.equal(u16[i], Math.round(flat[i]! * 65535));

    const tensor = await map.toTensor();
    assert.deepEqual(tensor.shape, [512, 512]);
    tensor.dispose();
    await assert.rejects(() => map.toArray(), /depth map was disposed/);
    map.dispose();
  });

  it('exposes the person mask at the input size, and zero depth where there is no person', async () => {
    const map = (await estimator.estimateDepth(sample('official_portrait.jpg'), CONFIG))!;
    assert.deepEqual([map.mask.width, map.mask.height], [820, 1024]);
    const mask = await map.mask.toFloat32Array();
    const depth = await map.toFloat32Array();
    const person = mask.filter((p) => p >= 0.5).length / mask.length;
    assert.ok(person > 0.3 && person < 0.8, `a portrait is mostly person (got ${person.toFixed(2)})`);
    // Corners are background in this portrait: the network sees black there and, as in the original, the
    // value is whatever black maps to; the mask says it is not the person.
    assert.ok(mask[0]! < 0.5 && mask[819]! < 0.5);
    assert.ok(depth.every(Number.isFinite));
    map.dispose();
  });

  it('skipSegmentation gives an all-ones mask', async () => {
    const map = (await estimator.estimateDepth(sample('cameraman.png'), { ...CONFIG, skipSegmentation: true }))!;
    const mask = await map.mask.toFloat32Array();
    assert.ok(mask.every((v) => v === 1));
    map.dispose();
  });

  it('flipHorizontal equals estimating on the mirrored image', async () => {
    const image = tf.tidy(() => tf.cast(tf.randomUniform([40, 30, 3], 0, 255, 'float32', 3), 'int32')) as tf.Tensor3D;
    const mirrored = tf.reverse(image, 1) as tf.Tensor3D;
    const a = (await estimator.estimateDepth(image, { ...CONFIG, flipHorizontal: true }))!;
    const b = (await estimator.estimateDepth(mirrored, CONFIG))!;
    assert.deepEqual(await a.toArray(), await b.toArray());
    [image, mirrored].forEach((t) => t.dispose());
    a.dispose();
    b.dispose();
  });

  it('maps raw depth linearly: a narrower [minDepth, maxDepth] stretches values around the same point', async () => {
    // At the network's own size (192×256) no resize blends clipped values, so the relation is exact.
    const photo = await sharp(sample('astronaut.png')).resize(192, 256, { fit: 'fill' }).png().toBuffer();
    const wide = (await estimator.estimateDepth(photo, { minDepth: 0, maxDepth: 1 }))!;
    const narrow = (await estimator.estimateDepth(photo, { minDepth: 0.25, maxDepth: 0.75 }))!;
    const w = await wide.toFloat32Array();
    const n = await narrow.toFloat32Array();
    let checked = 0;
    for (let i = 0; i < w.length; i += 97) {
      // With [0, 1], value = raw/2; with [0.25, 0.75], value = clip((raw/2 − 0.25) / 0.5).
      const expected = Math.min(1, Math.max(0, (w[i]! - 0.25) / 0.5));
      if (w[i]! > 0 && w[i]! < 1) {
        assert.ok(Math.abs(n[i]! - expected) < 1e-4, `pixel ${i}: ${n[i]} vs ${expected}`);
        checked++;
      }
    }
    assert.ok(checked > 50);
    wide.dispose();
    narrow.dispose();
  });
});

describe('estimator lifecycle and memory', () => {
  it('keeps tf.memory().numTensors flat over 200 calls', async () => {
    await tf.setBackend('wasm');
    const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
    const image = tf.fill([48, 36, 3], 120, 'int32') as tf.Tensor3D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) {
      const map = (await estimator.estimateDepth(image, CONFIG))!;
      await map.toFloat32Array();
      await map.mask.toFloat32Array();
      map.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
    image.dispose();
    estimator.dispose();
  });

  it('answers calls after dispose() with a clear error', async () => {
    const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
    const before = tf.memory().numTensors;
    estimator.dispose();
    assert.ok(tf.memory().numTensors < before, 'model weights are freed');
    await assert.rejects(() => estimator.estimateDepth(sample('astronaut.png'), CONFIG),
      { message: 'This estimator was disposed: create a new one with createEstimator().' });
  });

  it('runs concurrent calls on one estimator with correct, independent results', async () => {
    const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
    const names = ['astronaut.png', 'cameraman.png', 'official_portrait.jpg'];
    const alone = [];
    for (const n of names) {
      const m = (await estimator.estimateDepth(sample(n), CONFIG))!;
      alone.push(await m.toFloat32Array());
      m.dispose();
    }
    const together = await Promise.all([...names, ...names].map((n) => estimator.estimateDepth(sample(n), CONFIG)));
    for (const [i, map] of together.entries()) {
      assert.deepEqual(await map!.toFloat32Array(), alone[i % 3]);
      map!.dispose();
    }
    estimator.dispose();
  });
});
