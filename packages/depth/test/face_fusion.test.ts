// The face prior's fusion on synthetic maps: the plane fit it shares with the network, and what the fusion keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fuseFacePriors, weightedPlane } from '../src/priors/face_fusion.ts';
import type { FaceRaster } from '../src/priors/face_raster.ts';
import type { EstimationConfig } from '../src/config.ts';

await tf.setBackend('cpu');

test('the weighted plane recovers a tilted plane exactly and ignores what has no weight', () => {
  const [h, w] = [30, 40];
  const values = new Float32Array(h * w);
  const weight = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = x > 5 && x < 30 && y > 3 && y < 25;
      // A plane where the weight is, junk where it is not; uneven weights.
      values[y * w + x] = inside ? 0.3 + 0.01 * x - 0.02 * y : 100 * Math.sin(x * y);
      weight[y * w + x] = inside ? 0.2 + ((x * 7 + y * 3) % 5) / 5 : 0;
    }
  }
  const before = tf.memory().numTensors;
  const plane = tf.tidy(() => weightedPlane(tf.tensor2d(values, [h, w]), tf.tensor2d(weight, [h, w])));
  const out = plane.dataSync();
  plane.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leak');
  for (const [x, y] of [[0, 0], [10, 10], [39, 29], [20, 5]] as const) {
    assert.ok(Math.abs(out[y * w + x]! - (0.3 + 0.01 * x - 0.02 * y)) < 1e-4, `plane at (${x}, ${y}): ${out[y * w + x]}`);
  }
  const none = tf.tidy(() => weightedPlane(tf.tensor2d(values, [h, w]), tf.zeros([h, w])).dataSync());
  assert.ok(none.every((v) => v === 0), 'no weight: a flat zero plane, not NaN');
});

/** A raster over the whole w × h map: relief `relative` (dz / D) with full weight inside a box, 0 outside. */
function raster(h: number, w: number, relative: (x: number, y: number) => number): FaceRaster {
  const rel = new Float32Array(h * w), weight = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      rel[y * w + x] = relative(x, y);
      weight[y * w + x] = x >= 8 && x < 32 && y >= 8 && y < 32 ? 1 : 0;
    }
  }
  return { x0: 0, y0: 0, width: w, height: h, relative: rel, weight };
}

test('the fusion takes the mesh\'s relief whole and half of its tilt, and leaves the rest of the map as it was', () => {
  const [h, w] = [40, 40];
  // The fusion reads the depth range only; [0, 1] makes mapped depth = raw / 2.
  const config = { minDepth: 0, maxDepth: 1 } as EstimationConfig;
  // The network: a flat face at raw 1 (mapped 0.5). The mesh: a bump (nose) on a plane tilted along y.
  const bump = (x: number, y: number) => -0.05 * Math.exp(-((x - 20) ** 2 + (y - 20) ** 2) / 8);
  const tilt = (y: number) => 0.004 * (y - 20);
  const fields = [{ raster: raster(h, w, (x, y) => bump(x, y) + tilt(y)), strength: 1 }];
  const fused = tf.tidy(() => fuseFacePriors(tf.fill([h, w], 0.5), tf.ones([1, 10, 10, 1]), tf.ones([h, w]), fields, config));
  const d = fused.arraySync() as number[][];
  fused.dispose();
  // The nose 0.05 of the distance nearer than the cheeks around it (mapped: raw / 2): the mesh's relief, whole.
  const relief = (d[20]![12]! + d[20]![28]!) / 2 - d[20]![20]!;
  assert.ok(Math.abs(relief - 0.025) < 0.002, `nose relief ${relief}`);
  // The face's tilt from chin to brow: half the mesh's (0.004 per row × 16 rows, raw → mapped ÷ 2).
  const tilted = d[28]![12]! - d[12]![12]!;
  assert.ok(Math.abs(tilted - 0.5 * 0.004 * 16 / 2) < 0.003, `tilt ${tilted}`);
  // No weight, no change.
  assert.equal(d[2]![2], 0.5);
  assert.equal(d[37]![37], 0.5);
});
