// toMetres() takes its scale from the best face on the person: a face mesh that fired on the background (larger, as
// trusted) must not leave the map without metric depth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ARPortraitDepthMap } from '../src/depth_map.ts';
import { validateEstimationConfig } from '../src/config.ts';
import type { MetricAnchor } from '../src/priors/metric.ts';

const W = 40, H = 40;

/** A face whose box is [x0, x0 + size]² with rigid points on a 3×3 grid in it, each `metres` away. */
function anchor(x0: number, size: number, metres: number): MetricAnchor {
  const points: [number, number, number][] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) points.push([x0 + (size * (i + 0.5)) / 3, x0 + (size * (j + 0.5)) / 3, metres]);
  return {
    face: { box: { x: x0, y: x0, width: size, height: size }, landmarks: [], score: 1, pose: { yaw: 0, pitch: 0, roll: 0 },
      distance: { metres, relativeError: 0.1 }, priorWeight: 1 },
    points,
  };
}

test('metric depth comes from the largest trusted face on the person, not from a larger one off it', async () => {
  await tf.setBackend('cpu');
  const config = validateEstimationConfig({ minDepth: 0, maxDepth: 1 });
  // The person fills the top-left 20×20 pixels at value 0.25 (raw depth 0.5); the rest is background.
  const values = new Float32Array(W * H);
  const mask = new Float32Array(W * H);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) { values[y * W + x] = 0.25; mask[y * W + x] = 1; }
  const onPerson = anchor(2, 12, 0.6);
  const background = anchor(22, 16, 3); // larger: it ranks first, but none of its points lie on the person
  const map = new ARPortraitDepthMap(tf.tensor2d(values, [H, W]), tf.tensor2d(mask, [H, W]), config, [background, onPerson]);
  const metric = (await map.toMetres())!;
  assert.ok(metric, 'a metric map from the face on the person');
  assert.ok(Math.abs(metric.data[5 * W + 5]! - 0.6) < 1e-6, `person at the face's distance: ${metric.data[5 * W + 5]}`);
  assert.ok(Number.isNaN(metric.data[30 * W + 30]!), 'background has none');
  assert.equal(map.faces.length, 2, 'both faces are still reported');
  map.dispose();
  const alone = new ARPortraitDepthMap(tf.tensor2d(values, [H, W]), tf.tensor2d(mask, [H, W]), config, [background]);
  assert.equal(await alone.toMetres(), null, 'no face on the person: no metric depth');
  alone.dispose();
});
