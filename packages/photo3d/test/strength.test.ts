import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrength, buildGridMesh, buildLayers, SoftRenderer, type Photo3DLayers } from '../src/index.js';
import { bumpScene } from './fixtures.js';

const SIZE = 128;

/** The frame a user sees at a quarter of the swing (the camera furthest right), plain pixels. */
function frame(layers: Photo3DLayers): Uint8Array {
  const r = new SoftRenderer({ width: SIZE, height: SIZE, antialias: false });
  r.setLayers(layers);
  r.path = { path: 'swing', amplitude: 0.1 };
  r.render(0.25);
  return r.readPixels();
}

const meanDiff = (a: Uint8Array, b: Uint8Array): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
  return sum / ((3 * a.length) / 4);
};

test('3D strength: 0 draws the photo as one flat picture; more strength, monotonically more parallax', async () => {
  const scene = bumpScene(128, 128);
  // No inpainting: a flat photo then is exactly the photo on a plane, which is what strength 0 must give.
  const estimated = await buildLayers(scene, { inpaint: false });
  const flat = frame(applyStrength(estimated, 0));
  const plane = buildGridMesh({ depth: new Float32Array(4).fill(estimated.focusDepth), depthWidth: 2, depthHeight: 2, intrinsics: estimated.intrinsics, columns: 2, rows: 2, margin: 0.15 });
  const picture = frame({ ...estimated, foreground: plane, foregroundImage: scene.image, background: { ...plane, indices: new Uint32Array(0) }, nearDepth: estimated.focusDepth, farDepth: estimated.focusDepth });
  assert.ok(meanDiff(flat, picture) < 0.5, `strength 0 differs from a flat photo by ${meanDiff(flat, picture).toFixed(2)}/255`);
  const parallax = [0.5, 1, 1.5, 2, 3].map((s) => meanDiff(frame(applyStrength(estimated, s)), flat));
  for (let k = 1; k < parallax.length; k++) {
    assert.ok(parallax[k] > parallax[k - 1] + 0.5, `parallax ${parallax.map((p) => p.toFixed(2)).join(' < ')} must grow with strength`);
  }
  // buildLayers takes the option too, and strength 1 is the estimated relief itself.
  assert.equal(applyStrength(estimated, 1), estimated);
  const doubled = await buildLayers(scene, { inpaint: false, strength: 2 });
  assert.ok(meanDiff(frame(doubled), frame(applyStrength(estimated, 2))) < 0.01);
});

test('3D strength keeps the photo\'s own view: vertices only slide along their pixel rays', async () => {
  const layers = await buildLayers(bumpScene(), { inpaint: false });
  const strong = applyStrength(layers, 2.5);
  const p = layers.foreground.positions;
  const q = strong.foreground.positions;
  for (let k = 0; k < p.length; k += 3) {
    assert.ok(Math.abs(p[k] / p[k + 2] - q[k] / q[k + 2]) < 1e-6 && Math.abs(p[k + 1] / p[k + 2] - q[k + 1] / q[k + 2]) < 1e-6);
  }
  assert.ok(strong.farDepth > layers.farDepth && strong.nearDepth < layers.nearDepth);
});

test('3D strength outside 0…4 is refused with the range in the message', async () => {
  const layers = await buildLayers(bumpScene(16, 16), { inpaint: false });
  for (const bad of [-0.1, 4.5, Number.NaN]) assert.throws(() => applyStrength(layers, bad), /3D strength must be a number from 0 \(a flat photo\) to 4/);
});
