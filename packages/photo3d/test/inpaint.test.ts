import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLayers, inpaintImage, pushPullInpaint } from '../src/index.js';
import { bumpScene } from './fixtures.js';

function gradient(width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set([(255 * x) / (width - 1), (255 * y) / (height - 1), 128, 255], 4 * (y * width + x));
    }
  }
  return { data, width, height };
}

function discHole(width: number, height: number, radius: number): Uint8Array {
  const hole = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) hole[y * width + x] = Math.hypot(x - width / 2, y - height / 2) < radius ? 1 : 0;
  return hole;
}

test('a hole in a smooth gradient is filled close to the gradient, keeps known pixels, no NaN', () => {
  const image = gradient(128, 96);
  const hole = discHole(128, 96, 30);
  const filled = inpaintImage(image, hole);
  let worst = 0;
  for (let i = 0; i < 128 * 96; i++) {
    for (let c = 0; c < 3; c++) {
      const a = filled.data[4 * i + c];
      assert.ok(Number.isFinite(a));
      if (hole[i]) worst = Math.max(worst, Math.abs(a - image.data[4 * i + c]));
      else assert.equal(a, image.data[4 * i + c]);
    }
  }
  // A linear ramp is harmonic, so diffusion should reproduce it within a few levels (a flat fill would be off by ~60).
  assert.ok(worst < 12, `worst error ${worst}`);
});

test('single-channel push-pull fills a depth map and rejects an all-hole input', () => {
  const depth = new Float32Array(64 * 64).map((_, i) => 1 + (i % 64) / 64);
  const filled = pushPullInpaint(depth, 64, 64, 1, discHole(64, 64, 20));
  assert.ok(filled.every((v) => v >= 1 && v <= 2));
  assert.throws(() => pushPullInpaint(depth, 64, 64, 1, new Uint8Array(64 * 64).fill(1)), /every pixel is in the hole/);
});

// Speed is measured by `npm run bench -- --only photo3d-edges` (docs/BENCHMARKS.md), not by timed tests.

test('the background layer shows no person colours where the person was', async () => {
  const scene = bumpScene();
  const layers = await buildLayers(scene);
  const { data, width } = layers.backgroundImage;
  let warm = 0;
  let inside = 0;
  for (let i = 0; i < scene.mask.length; i++) {
    if (!scene.mask[i]) continue;
    inside++;
    // The person is red-orange (R ≥ 230, B ≤ 150); the background is blue-ish (B ≥ 140, R ≤ 80).
    if (data[4 * i] > 150 && data[4 * i] > data[4 * i + 2]) warm++;
  }
  assert.ok(inside > 1000);
  assert.equal(warm, 0, `${warm} person-coloured pixels left in the background layer (width ${width})`);
  // Without inpainting the background layer is the photo itself.
  const plain = await buildLayers(scene, { inpaint: false });
  assert.equal(plain.backgroundImage, scene.image);
});
