// Relief against the original @tensorflow-models/depth-estimation@0.0.4 with the same networks, on the CPU
// backend in Node: the depth maps must agree inside the person.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, BUNDLED_DEPTH_MODEL, type DepthEstimator } from '@relief/depth';
import { fileHandler } from '../src/node/file_handler.ts';
import { depthFixturePath, sample, twoChannelSelfie } from './fixtures.ts';

const original = createRequire(import.meta.url)('@tensorflow-models/depth-estimation') as typeof import('@tensorflow-models/depth-estimation');
const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };

async function decode(name: string): Promise<tf.Tensor3D> {
  const sharp = (await import('sharp')).default;
  const { data, info } = await sharp(sample(name)).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32');
}

describe('compatibility with @tensorflow-models/depth-estimation 0.0.4 (CPU backend)', () => {
  let ours: DepthEstimator;
  let theirs: Awaited<ReturnType<typeof original.createEstimator>>;
  before(async () => {
    await tf.setBackend('cpu');
    const depthModel = depthFixturePath(11);
    ours = await createEstimator(SupportedModels.ARPortraitDepth, { depthModelUrl: depthModel, segmentationModelUrl: twoChannelSelfie() });
    theirs = await original.createEstimator(original.SupportedModels.ARPortraitDepth, {
      depthModelUrl: fileHandler(depthModel),
      segmentationModelUrl: twoChannelSelfie(),
    });
  });
  after(() => {
    ours.dispose();
    theirs.dispose();
  });

  for (const name of ['astronaut.png', 'cameraman.png', 'official_portrait.jpg']) {
    it(`${name}: mean |Relief − original| < 1/255 inside the person mask`, async () => {
      const image = await decode(name);
      const a = (await ours.estimateDepth(image, CONFIG))!;
      const b = (await theirs.estimateDepth(image, CONFIG))!;
      const [da, mask] = [await a.toFloat32Array(), await a.mask.toFloat32Array()];
      const tb = await b.toTensor();
      const db = (await tb.data()) as Float32Array;
      let sum = 0;
      let n = 0;
      for (let i = 0; i < da.length; i++) {
        if (mask[i]! >= 0.5) {
          sum += Math.abs(da[i]! - db[i]!);
          n++;
        }
      }
      assert.ok(n > da.length * 0.1, `${name} has a person (${n} px)`);
      const meanDiff = sum / n;
      assert.ok(meanDiff < 1 / 255, `mean abs diff ${meanDiff.toFixed(5)} ≥ 1/255`);
      a.dispose();
      tb.dispose();
      image.dispose();
    });
  }

  it('the original runs Relief\'s bundled depth model given as depthModelUrl', async () => {
    const estimator = await original.createEstimator(original.SupportedModels.ARPortraitDepth, {
      depthModelUrl: fileHandler(fileURLToPath(BUNDLED_DEPTH_MODEL.model)),
      segmentationModelUrl: twoChannelSelfie(),
    });
    const image = await decode('astronaut.png');
    const map = (await estimator.estimateDepth(image, CONFIG))!;
    const depth = await map.toTensor();
    assert.deepEqual(depth.shape, [512, 512]);
    const values = (await depth.data()) as Float32Array;
    assert.ok(values.every((v) => v >= 0 && v <= 1));
    assert.ok(new Set(values).size > 100, 'a varied map, not a constant');
    depth.dispose();
    image.dispose();
    estimator.dispose();
  });
});
