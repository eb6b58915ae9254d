import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAMERA_PATHS, cameraPose, coverFov, gifDelaysMs, loopTiming } from '../src/index.js';

const base = { focusDepth: 2, fovDegrees: 50 };

test('every path loops: pose(1) equals pose(0) exactly, and the frame before closes smoothly', () => {
  for (const path of CAMERA_PATHS) {
    const p0 = cameraPose(0, { ...base, path, offset: { x: 0.3, y: -0.2 } });
    assert.deepEqual(cameraPose(1, { ...base, path, offset: { x: 0.3, y: -0.2 } }), p0, path);
    assert.deepEqual(cameraPose(3, { ...base, path, offset: { x: 0.3, y: -0.2 } }), p0, path);
    const almost = cameraPose(59 / 60, { ...base, path });
    const gap = Math.hypot(...almost.position.map((v, i) => v - p0.position[i]));
    assert.ok(gap < 0.15 * 2 * 0.3, `${path}: last frame ${gap} from the first`);
  }
});

test('paths move: circle keeps its radius, swing is horizontal, zoom goes forward, all look at the focus point', () => {
  for (let i = 0; i < 8; i++) {
    const t = i / 8;
    const c = cameraPose(t, { ...base, path: 'circle', amplitude: 0.1 });
    assert.ok(Math.abs(Math.hypot(c.position[0], c.position[1]) - 0.2) < 1e-12);
    assert.deepEqual(c.target, [0, 0, -2]);
    const s = cameraPose(t, { ...base, path: 'swing' });
    assert.equal(s.position[1], 0);
    const z = cameraPose(t, { ...base, path: 'zoom' });
    assert.ok(z.position[2] <= 0);
  }
  assert.ok(cameraPose(0.5, { ...base, path: 'zoom', amplitude: 0.1 }).position[2] === -0.2);
});

test('dolly zoom keeps the focus plane the same size while the camera backs away', () => {
  for (const t of [0, 0.2, 0.5, 0.8]) {
    const p = cameraPose(t, { ...base, path: 'dolly', amplitude: 0.5 });
    const halfHeight = Math.tan((p.fovDegrees * Math.PI) / 360) * (base.focusDepth + p.position[2]);
    assert.ok(Math.abs(halfHeight - Math.tan((50 * Math.PI) / 360) * 2) < 1e-9);
  }
  assert.ok(cameraPose(0.5, { ...base, path: 'dolly' }).fovDegrees < 50);
});

test('parallax follows the offset, clamped to [-1, 1]', () => {
  const p = cameraPose(0.37, { ...base, path: 'parallax', amplitude: 0.1, offset: { x: 0.5, y: -3 } });
  assert.deepEqual(p.position, [0.1, -0.2, 0]);
  assert.throws(() => cameraPose(0, { ...base, path: 'spiral' as 'circle' }), /Unknown camera path 'spiral'/);
});

test('cameraZ moves every path along the view axis by that fraction of the focus depth, nothing else', () => {
  for (const path of CAMERA_PATHS) {
    const plain = cameraPose(0.3, { ...base, path });
    const moved = cameraPose(0.3, { ...base, path, cameraZ: -0.25 });
    assert.deepEqual(moved, { ...plain, position: [plain.position[0], plain.position[1], plain.position[2] - 0.5] }, path);
  }
});

test('cover FOV crops a wider output instead of showing past the photo', () => {
  assert.equal(coverFov(50, 0.75, 0.5), 50);
  const fov = coverFov(50, 0.75, 1.5);
  assert.ok(Math.abs(Math.tan((fov * Math.PI) / 360) * 1.5 - Math.tan((50 * Math.PI) / 360) * 0.75) < 1e-12);
});

test('loop timing: frame count and GIF delays that add up to the exact duration', () => {
  const timing = loopTiming(30, 2);
  assert.equal(timing.frames, 60);
  const delays = gifDelaysMs(timing);
  assert.equal(delays.length, 60);
  assert.equal(delays.reduce((a, b) => a + b, 0), 2000);
  assert.ok(delays.every((d) => d === 30 || d === 40));
  assert.throws(() => loopTiming(0, 2), /fps/);
  assert.throws(() => loopTiming(1, 1), /at least 2 frames/);
});
