// The matte itself (edges follow the photo, edge colours lose the background's hue, bad input) and how the software
// renderer draws a partly transparent person (alpha to coverage over its 2×2 supersamples).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLayers, refineMatte, SoftRenderer } from '../src/index.js';
import { MATTE_MAX_SIZE } from '../src/matte/refine-matte.js';
import { bumpScene } from './fixtures.js';

/** Red person left of x = edge, blue background right of it, one purple pixel column (half of each) at the edge. */
function edgePhoto(width: number, height: number, edge: number) {
  const data = new Uint8ClampedArray(4 * width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set(x < edge ? [220, 30, 30, 255] : x === edge ? [120, 30, 125, 255] : [20, 30, 220, 255], 4 * (y * width + x));
    }
  }
  return { data, width, height };
}

/** A quarter-size mask whose 0.5 line sits `shift` px right of x = edge, with an 8 px soft ramp: a segmenter's view. */
function segmenterMask(width: number, height: number, edge: number, shift: number) {
  const mw = width / 4, mh = height / 4;
  const mask = new Float32Array(mw * mh);
  for (let y = 0; y < mh; y++) for (let x = 0; x < mw; x++) mask[y * mw + x] = Math.min(1, Math.max(0, 0.5 - ((x + 0.5) * 4 - (edge + shift)) / 8));
  return { mask, mw, mh };
}

test('the matte moves a blurry mask that is 3 px off onto the photo\'s edge', () => {
  const width = 96, height = 64, edge = 40;
  const { mask, mw, mh } = segmenterMask(width, height, edge, 3);
  const { alpha } = refineMatte(edgePhoto(width, height, edge), mask, mw, mh);
  const row = 32 * width;
  // The mask cut at 0.5 would give the person everything up to x = edge + 2.
  assert.ok(alpha[row + edge - 1] > 0.95, `inside the person: ${alpha[row + edge - 1]}`);
  assert.ok(alpha[row + edge + 2] < 0.2, `beside the person: ${alpha[row + edge + 2]}`);
  assert.ok(alpha[row + edge + 3] < 0.02, `beside the person: ${alpha[row + edge + 3]}`);
});

test('a pixel that mixes person and background gets partial alpha and the person\'s colour', () => {
  const width = 96, height = 64, edge = 40;
  const { mask, mw, mh } = segmenterMask(width, height, edge, 0.5);
  const { alpha, foreground } = refineMatte(edgePhoto(width, height, edge), mask, mw, mh);
  const i = 32 * width + edge;
  assert.ok(alpha[i] > 0.2 && alpha[i] < 0.8, `the purple column's coverage: ${alpha[i]}`);
  // Its texture colour is the person's red, not the photo's purple.
  assert.ok(foreground.data[4 * i] > 180 && foreground.data[4 * i + 2] < 80, `edge colour ${[...foreground.data.slice(4 * i, 4 * i + 3)]}`);
});

test('a photo over MATTE_MAX_SIZE gets its matte at that size, brought back up, the interior untouched', () => {
  const width = MATTE_MAX_SIZE + 300, height = 900, edge = 700;
  const image = edgePhoto(width, height, edge);
  // Texture inside the person, so "untouched" is a real check.
  for (let i = 0; i < width * height; i++) if (i % width < edge - 20) image.data[4 * i + 1] = (i * 37) & 255;
  const { mask, mw, mh } = segmenterMask(width, height, edge, 0);
  const { alpha, foreground } = refineMatte(image, mask, mw, mh);
  assert.equal(alpha.length, width * height);
  assert.equal(foreground.width, width);
  const row = 450 * width;
  assert.ok(alpha[row + edge - 6] > 0.99 && alpha[row + edge + 6] < 0.01, `${alpha[row + edge - 6]} / ${alpha[row + edge + 6]}`);
  for (const x of [10, 300, edge - 30]) assert.deepEqual([...foreground.data.slice(4 * (row + x), 4 * (row + x) + 4)], [...image.data.slice(4 * (row + x), 4 * (row + x) + 3), 255]);
});

test('refineMatte names a mask of the wrong size', () => {
  const image = edgePhoto(8, 8, 4);
  assert.throws(() => refineMatte(image, new Float32Array(10), 4, 4), /mask has 10 values but maskWidth×maskHeight is 4×4/);
});

test('the software renderer draws a half-transparent person as half coverage with antialiasing, cut at 0.5 without', async () => {
  const scene = bumpScene();
  const layers = await buildLayers(scene, { matte: false, inpaint: false });
  const n = scene.image.width * scene.image.height;
  const fg = new Uint8ClampedArray(4 * n);
  const bg = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) {
    fg.set([255, 0, 0, scene.mask[i] ? 128 : 0], 4 * i);
    bg.set([0, 0, 255, 255], 4 * i);
  }
  const painted = { ...layers, foregroundImage: { ...layers.image, data: fg }, backgroundImage: { ...layers.image, data: bg } };
  const pose = { position: [0, 0, 0] as [number, number, number], target: [0, 0, -layers.focusDepth] as [number, number, number], fovDegrees: 50 };
  const centre = (antialias: boolean) => {
    const r = new SoftRenderer({ width: 96, height: 128, antialias });
    r.overscan = false;
    r.setLayers(painted);
    r.renderPose(pose);
    const px = r.readPixels();
    const o = 4 * (Math.round(scene.cy) * 96 + Math.round(scene.cx));
    return [px[o], px[o + 2]];
  };
  const [red, blue] = centre(true);
  assert.ok(Math.abs(red - 128) <= 2 && Math.abs(blue - 127) <= 2, `supersampled: red ${red}, blue ${blue}`);
  assert.deepEqual(centre(false), [255, 0]);
});
