import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, type DepthEstimator } from '@relief/depth';

describe('estimation config', () => {
  let estimator: DepthEstimator;
  const image = () => tf.zeros([8, 6, 3]) as tf.Tensor3D;
  before(async () => {
    await tf.setBackend('cpu');
    estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  });
  after(() => estimator.dispose());

  const reject = (config: unknown, message: string | RegExp) =>
    assert.rejects(() => estimator.estimateDepth(image(), config as never), { message });

  it('keeps the original messages for missing values and min > max', async () => {
    const missing = 'An estimation config with minDepth and maxDepth set must be provided.';
    await reject(undefined, missing);
    await reject({ minDepth: 0.2 }, missing);
    await reject({ maxDepth: 0.9 }, missing);
    await reject({ minDepth: 0.9, maxDepth: 0.2 }, 'minDepth must be <= maxDepth.');
  });

  it('rejects what the original crashes on: equal bounds, NaN, Infinity, values outside [0, 1]', async () => {
    await reject({ minDepth: 0.5, maxDepth: 0.5 }, /minDepth must be < maxDepth: both are 0.5/);
    await reject({ minDepth: NaN, maxDepth: 0.9 }, /minDepth must be a finite number in \[0, 1\], got NaN/);
    await reject({ minDepth: 0, maxDepth: Infinity }, /maxDepth must be a finite number in \[0, 1\], got Infinity/);
    await reject({ minDepth: -0.1, maxDepth: 0.9 }, /minDepth must be in \[0, 1\].*got -0.1/);
    await reject({ minDepth: 0.1, maxDepth: 2 }, /maxDepth must be in \[0, 1\].*got 2/);
    await reject({ minDepth: '0.1', maxDepth: 0.9 }, /minDepth must be a finite number/);
  });

  it('returns null for a null input, as the original does', async () => {
    assert.equal(await estimator.estimateDepth(null, { minDepth: 0, maxDepth: 1 }), null);
  });

  it('names unsupported models like the original', async () => {
    await assert.rejects(() => createEstimator('MiDaS' as never), { message: 'MiDaS is not a supported model name.' });
  });
});
