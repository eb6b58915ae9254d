// The app's pure helpers in Node: the 16-bit depth PNG, export sizes, the GIF size limit's ladder, and the
// stretched-triangle measure the browser test relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { buildGridMesh, pinholeIntrinsics } from '@relief/photo3d';
import { encodePng16 } from '../src/png16.ts';
import { exportSize } from '../src/exporter.ts';
import { stretchStats } from '../src/mesh-stats.ts';
import { gifLadder, megabytes } from '../src/gif-budget.ts';

test('depth PNG: 16-bit greyscale that decoders read back value for value', async () => {
  const [w, h] = [37, 11];
  const values = Float32Array.from({ length: w * h }, (_, i) => (i % w) / (w - 1) * ((i / w) | 0) / (h - 1));
  const png = await encodePng16(values, w, h);
  const meta = await sharp(png).metadata();
  assert.deepEqual([meta.width, meta.height, meta.channels, meta.depth], [w, h, 1, 'ushort']);
  const { data } = await sharp(png).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  const decoded = new Uint16Array(data.buffer, data.byteOffset, w * h);
  for (let i = 0; i < w * h; i++) assert.equal(decoded[i], Math.round(values[i] * 65535), `pixel ${i}`);
  await assert.rejects(() => encodePng16(values, w + 1, h), /407 values for 38×11/);
});

test('export size: the photo’s aspect on the chosen long side, even for H.264', () => {
  assert.deepEqual(exportSize(820, 1024, 256), { width: 206, height: 256 });
  assert.deepEqual(exportSize(1024, 768, 512), { width: 512, height: 384 });
  assert.deepEqual(exportSize(333, 999, 101), { width: 34, height: 102 });
});

test('GIF size limit: the ladder of lighter settings, best first, each step no heavier than the one before', () => {
  const ladder = gifLadder({ longSide: 768, fps: 30, colors: 256 });
  assert.deepEqual(ladder.slice(0, 4).map((c) => c.fps), [30, 24, 20, 15], 'frame rate first, down to 15');
  assert.deepEqual(ladder.slice(4, 7).map((c) => c.longSide), [640, 512, 448], 'then the size, at 15 fps');
  assert.deepEqual(ladder.at(-1), { longSide: 192, fps: 15, colors: 32 }, 'the palette last, at the smallest size');
  const weight = (c: { longSide: number; fps: number; colors: number }): number => c.longSide ** 2 * c.fps * Math.log2(c.colors);
  for (let i = 1; i < ladder.length; i++) assert.ok(weight(ladder[i]) < weight(ladder[i - 1]), `step ${i} is lighter`);
  // Wanted settings already light: nothing heavier is ever offered.
  assert.ok(gifLadder({ longSide: 256, fps: 10, colors: 256 }).every((c) => c.longSide <= 256 && c.fps <= 10));
  assert.equal(megabytes(8_000_000), '8.0 MB');
  assert.equal(megabytes(27_400_000), '27 MB');
});

test('stretched triangles: a person in front of a far background bridges it unless torn; slopes are not stretch', () => {
  const [w, h] = [64, 48];
  const intrinsics = pinholeIntrinsics(w, h, 50);
  const depth = new Float32Array(w * h);
  const mask = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const person = Math.hypot(x - 32, y - 24) < 14;
      depth[y * w + x] = person ? 1 + 0.002 * x : 3;
      mask[y * w + x] = person ? 1 : 0;
    }
  }
  const grid = { depth, depthWidth: w, depthHeight: h, intrinsics, columns: 33, rows: 25, keep: mask };
  const m = { values: mask, width: w, height: h };
  const bridged = stretchStats(buildGridMesh({ ...grid, tearThreshold: Infinity }), intrinsics, m);
  const torn = stretchStats(buildGridMesh({ ...grid, tearThreshold: 0.04 }), intrinsics, m);
  assert.ok(bridged.silhouette > 20 && bridged.stretchedAtSilhouette > 20, JSON.stringify(bridged));
  assert.equal(torn.stretchedAtSilhouette, 0, JSON.stringify(torn));
  assert.ok(torn.triangles > 100, 'the person itself stays');
  // A tilted plane (depth 1 → 1.5 across the image) is surface, not stretch.
  const slope = Float32Array.from({ length: w * h }, (_, i) => 1 + (0.5 * (i % w)) / w);
  assert.equal(stretchStats(buildGridMesh({ ...grid, depth: slope, keep: undefined }), intrinsics, undefined).stretched, 0);
});
