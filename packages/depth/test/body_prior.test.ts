import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, type DepthEstimator } from '@relief/depth';
import { sample } from './fixtures.ts';
import { applyBodyPrior, bodyField } from '../src/priors/body_prior.ts';
import type { BodyPose } from '../src/priors/pose_landmarks.ts';

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
    // Scaled to 256 px, the seated astronaut shows BlazePose one knee beside her hips at visibility 0.91: legs that
    // do not go on down the torso are not legs.
    const small = await sharp(sample('astronaut.png')).resize(256, 256, { fit: 'inside' }).png().toBuffer();
    const both = (await estimator.estimateDepth(small, CONFIG))!;
    const face = (await estimator.estimateDepth(small, { ...CONFIG, priors: { body: false } }))!;
    assert.deepEqual(await both.toFloat32Array(), await face.toFloat32Array(), 'astronaut at 256 px');
    both.dispose();
    face.dispose();
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

// A standing person in a 384×512 image, in BlazePose's image-pixel units: the body turned so that its left side (arm,
// shoulder, hip, leg) is 80 px nearer than its right, both hands raised beside the head.
const IMAGE: [number, number] = [512, 384];
const GRID: [number, number] = [64, 48];
const FOCAL_PX = 700;
const HEAD = { x: 192, y: 60 };
function standingPose(change: (k: number, p: BodyPose['keypoints'][number]) => void = () => {}): BodyPose {
  const at: Record<number, [number, number, number]> = {
    11: [150, 110, -40], 12: [234, 110, 40], 13: [120, 90, -60], 14: [264, 90, 60], 15: [130, 40, -80], 16: [254, 40, 80],
    23: [165, 260, -40], 24: [219, 260, 40], 25: [165, 370, -40], 26: [219, 370, 40], 27: [165, 470, -40], 28: [219, 470, 40],
  };
  for (let k = 0; k <= 10; k++) at[k] = [HEAD.x + (k % 3 - 1) * 12, HEAD.y + (k % 2) * 8, -10];
  const keypoints = Array.from({ length: 33 }, (_, k) => {
    const [x, y, z] = at[k] ?? [192, 256, 0];
    return { x, y, z, visibility: at[k] ? 0.99 : 0 };
  });
  keypoints.forEach((p, k) => change(k, p));
  return { keypoints, score: 0.99 };
}

/** The body prior's correction (output − network) on the grid, for a flat network output of 1. */
function correction(pose: BodyPose): Float32Array | null {
  const field = bodyField(pose, IMAGE, GRID, FOCAL_PX);
  if (!field) return null;
  return tf.tidy(() => {
    const raw = tf.ones([1, ...GRID, 1]) as tf.Tensor4D;
    return tf.sub(applyBodyPrior(raw, tf.ones([1, ...GRID, 1]) as tf.Tensor4D, field), raw).dataSync() as Float32Array;
  });
}

/** Spread (max − min) of the values at grid cells within `radius` image px of (x, y). */
function spreadAround(values: Float32Array, x: number, y: number, radius: number): number {
  const [gh, gw] = GRID;
  let lo = Infinity, hi = -Infinity;
  for (let r = 0; r < gh; r++) for (let c = 0; c < gw; c++) {
    if (Math.hypot((c + 0.5) * IMAGE[1] / gw - x, (r + 0.5) * IMAGE[0] / gh - y) > radius) continue;
    lo = Math.min(lo, values[r * gw + c]!);
    hi = Math.max(hi, values[r * gw + c]!);
  }
  return hi - lo;
}

describe('body prior field', () => {
  before(() => tf.setBackend('wasm'));

  it('orders the body like the pose: the nearer shoulder and hand come nearer than the network\'s flat output', () => {
    const moved = correction(standingPose())!;
    const cell = (x: number, y: number) => moved[Math.floor(y * GRID[0] / IMAGE[0]) * GRID[1] + Math.floor(x * GRID[1] / IMAGE[1])]!;
    assert.ok(cell(150, 110) < cell(234, 110), `shoulders ${cell(150, 110)} vs ${cell(234, 110)}`);
    assert.ok(cell(130, 40) < cell(254, 40) - 0.05, `hands ${cell(130, 40)} vs ${cell(254, 40)}`);
  });

  it('moves the head as a whole instead of tilting it with the torso and the raised hands', () => {
    const withHead = correction(standingPose())!;
    // Torso length 150 px: the head is held constant out to a quarter of it.
    assert.ok(spreadAround(withHead, HEAD.x, HEAD.y + 4, 35) < 1e-6, `head spread ${spreadAround(withHead, HEAD.x, HEAD.y + 4, 35)}`);
    // Without face points the head is not found, and the hands' Gaussians tilt it (what every full body got before).
    const noFace = correction(standingPose((k, p) => { if (k <= 10) p.visibility = 0; }))!;
    assert.ok(spreadAround(noFace, HEAD.x, HEAD.y + 4, 35) > 0.02, `head spread without face points ${spreadAround(noFace, HEAD.x, HEAD.y + 4, 35)}`);
  });

  it('does not apply to missing or partial poses (the output is then the network\'s)', () => {
    assert.equal(correction({ ...standingPose(), score: 0.3 }), null, 'no person');
    assert.equal(correction(standingPose((k, p) => { if (k >= 25 && k <= 28) p.visibility = 0.7; })), null, 'legs folded into a half-body frame');
    assert.equal(correction(standingPose((k, p) => { if (k >= 25 && k <= 28) p.y += 100; })), null, 'legs below the frame');
    assert.equal(correction(standingPose((k, p) => { if (k === 11 || k === 12) p.visibility = 0.1; })), null, 'no shoulders');
    // Ears 0.4 × the torso (150 px) apart: a head too big for the body, as when BlazePose folds a whole miniature
    // body into a close-up with a raised hand; 0.3 × is still a whole body's (a child's head is relatively large).
    const ears = (apart: number) => standingPose((k, p) => { if (k === 7 || k === 8) p.x = HEAD.x + (k === 7 ? -apart : apart) / 2; });
    assert.equal(correction(ears(60)), null, 'a close-up\'s head on a miniature body');
    assert.notEqual(correction(ears(45)), null, 'a whole body with a large head');
    // Shins 0.55 × or 1.47 × the thighs: legs squeezed under a half body's waist, a body drawn inside a chest.
    assert.equal(correction(standingPose((k, p) => { if (k === 27 || k === 28) p.y = 430; })), null, 'squeezed shins');
    assert.equal(correction(standingPose((k, p) => { if (k === 25 || k === 26) p.y = 345; })), null, 'stretched shins');
    assert.notEqual(correction(standingPose((k, p) => { if (k === 27 || k === 28) p.y = 450; })), null, 'shins 0.73 × the thighs');
  });
});
