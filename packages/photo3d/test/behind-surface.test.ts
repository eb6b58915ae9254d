// What lies behind an edge's near side: the far depth carried under it within the reveal band; nothing where no edge is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { behindSurface } from '../src/behind-surface.js';

const W = 64, H = 48;

test('a smooth slope has nothing behind it: no hole, the depth unchanged', () => {
  const depth = Float32Array.from({ length: W * H }, (_, i) => 1 + 0.004 * (i % W));
  const { hole, behind, reach } = behindSurface(depth, W, H, 2, 0.05, 4);
  assert.equal(hole.reduce((a, v) => a + v, 0), 0);
  assert.equal(reach.reduce((a, v) => a + v, 0), 0);
  assert.deepEqual(Array.from(behind), Array.from(depth));
  assert.notEqual(behind, depth, 'a copy, not the caller\'s array');
});

test('a near square on a far plane: its rim within the band takes the far depth, its middle and the plane stay', () => {
  const depth = new Float32Array(W * H).fill(2);
  for (let y = 14; y < 34; y++) for (let x = 20; x < 44; x++) depth[y * W + x] = 1;
  const { hole, behind } = behindSurface(depth, W, H, 2, 0.05, 4);
  const at = (x: number, y: number) => y * W + x;
  assert.equal(hole[at(21, 24)], 1, 'the square\'s rim');
  assert.equal(behind[at(21, 24)], 2);
  assert.equal(hole[at(32, 24)], 0, 'the square\'s middle, farther in than the band');
  assert.equal(behind[at(32, 24)], 1);
  assert.equal(hole[at(5, 5)], 0, 'the far plane');
  assert.equal(behind[at(5, 5)], 2);
});
