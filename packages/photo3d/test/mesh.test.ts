import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGridMesh, defaultGridSize, pinholeIntrinsics, relativeDepthFromDepthMap, buildLayers, inputFromDepthMap } from '../src/index.js';
import { bumpScene } from './fixtures.js';

const W = 64;
const H = 48;

function ramp(): Float32Array {
  // Depth grows left to right from 1 to 3: smooth, no tears at any sensible threshold per 2-px step.
  const d = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) d[y * W + x] = 1 + (2 * (x + 0.5)) / W;
  return d;
}

function step(): Float32Array {
  // Left half at depth 1, right half at depth 2: a 100 % jump down the middle.
  const d = new Float32Array(W * H);
  for (let i = 0; i < d.length; i++) d[i] = i % W < W / 2 ? 1 : 2;
  return d;
}

test('every vertex sits on its pixel ray at the sampled depth (pinhole re-projection)', () => {
  const intrinsics = pinholeIntrinsics(W, H, 60);
  const mesh = buildGridMesh({ depth: ramp(), depthWidth: W, depthHeight: H, intrinsics, columns: 33, rows: 25 });
  assert.equal(mesh.positions.length, 33 * 25 * 3);
  for (let k = 0; k < 33 * 25; k++) {
    const [x, y, z] = mesh.positions.subarray(3 * k, 3 * k + 3);
    const u = mesh.uvs[2 * k] * W;
    const v = mesh.uvs[2 * k + 1] * H;
    const d = -z;
    // Ramp value at u (clamped to pixel centres at the borders).
    const expectedDepth = 1 + (2 * Math.min(Math.max(u, 0.5), W - 0.5)) / W;
    assert.ok(Math.abs(d - expectedDepth) < 1e-5, `depth ${d} vs ${expectedDepth} at u=${u}`);
    assert.ok(Math.abs(x - ((u - W / 2) * d) / intrinsics.focal) < 1e-5);
    assert.ok(Math.abs(y + ((v - H / 2) * d) / intrinsics.focal) < 1e-5);
  }
  // 60° vertical FOV: f = (H/2)/tan(30°).
  assert.ok(Math.abs(intrinsics.focal - 24 / Math.tan(Math.PI / 6)) < 1e-9);
});

test('an untorn grid has two triangles per cell; the UVs span the whole image', () => {
  const mesh = buildGridMesh({ depth: ramp(), depthWidth: W, depthHeight: H, intrinsics: pinholeIntrinsics(W, H), columns: 33, rows: 25 });
  assert.equal(mesh.indices.length / 3, 32 * 24 * 2);
  assert.deepEqual([mesh.uvs[0], mesh.uvs[1]], [0, 0]);
  assert.deepEqual([mesh.uvs.at(-2), mesh.uvs.at(-1)], [1, 1]);
});

test('torn mode leaves no triangle spanning a depth jump above the threshold: each becomes a near and a far flap on the same pixels', () => {
  const base = { depth: step(), depthWidth: W, depthHeight: H, intrinsics: pinholeIntrinsics(W, H), columns: 33, rows: 25 };
  const spans = (idx: Uint32Array, pos: Float32Array, threshold: number): number => {
    let n = 0;
    for (let t = 0; t < idx.length; t += 3) {
      const z = [idx[t], idx[t + 1], idx[t + 2]].map((v) => -pos[3 * v + 2]);
      if ((Math.max(...z) - Math.min(...z)) / Math.min(...z) > threshold) n++;
    }
    return n;
  };
  const stretched = buildGridMesh({ ...base, tearThreshold: Infinity });
  const torn = buildGridMesh({ ...base, tearThreshold: 0.1 });
  const bad = spans(stretched.indices, stretched.positions, 0.1);
  assert.ok(bad > 0, 'the step must produce stretched triangles when tearing is off');
  assert.equal(spans(torn.indices, torn.positions, 0.1), 0);
  assert.equal(torn.indices.length / 3, stretched.indices.length / 3 + bad, 'every stretched triangle became two flaps');
  // Flaps lie at the two sides' depths (1 and 2), on the rays of the torn triangle's pixels.
  const flapDepths = new Set<number>();
  for (let v = 33 * 25; v < torn.positions.length / 3; v++) {
    const z = -torn.positions[3 * v + 2];
    flapDepths.add(Math.round(z * 1000) / 1000);
    const u = (torn.positions[3 * v] / z) * base.intrinsics.focal + base.intrinsics.cx;
    assert.ok(Math.abs(u - torn.uvs[2 * v] * W) < 0.01, `flap vertex off its pixel ray: ${u} vs ${torn.uvs[2 * v] * W}`);
  }
  assert.ok(flapDepths.has(1) && flapDepths.has(2), `flap depths ${[...flapDepths]}`);
});

test('a smooth slope never tears, however coarse the grid (the tear is decided on the depth map)', () => {
  for (const columns of [5, 9, 17, 33]) {
    const rows = Math.round(((columns - 1) * H) / W) + 1;
    // 6 % per 2 px stays under a 10 % threshold; a 16-px cell spans 50 %, which the old per-triangle rule tore.
    const mesh = buildGridMesh({ depth: ramp(), depthWidth: W, depthHeight: H, intrinsics: pinholeIntrinsics(W, H), columns, rows, tearThreshold: 0.1 });
    assert.equal(mesh.indices.length / 3, (columns - 1) * (rows - 1) * 2, `${columns} columns`);
    assert.equal(mesh.positions.length / 3, columns * rows, 'no flaps on a slope');
  }
});

test('default grid: about one vertex per 2 px, capped at 512 on the long side', () => {
  assert.deepEqual(defaultGridSize(100, 50), { columns: 51, rows: 26 });
  assert.deepEqual(defaultGridSize(820, 1024), { columns: 410, rows: 512 });
  assert.deepEqual(defaultGridSize(4000, 3000), { columns: 512, rows: 384 });
  assert.deepEqual(defaultGridSize(100, 50, 11), { columns: 11, rows: 6 });
  assert.throws(() => defaultGridSize(100, 50, 1), /at least 2 vertices/);
});

test('Depth API values convert back to relative depth r = 2·(min + v·(max − min))', () => {
  const r = relativeDepthFromDepthMap([0, 0.5, 1], { minDepth: 0.2, maxDepth: 0.9 });
  assert.deepEqual(Array.from(r, (v) => +v.toFixed(6)), [0.4, 1.1, 1.8]);
  assert.throws(() => relativeDepthFromDepthMap([0], { minDepth: 0.5, maxDepth: 0.5 }), /minDepth < maxDepth/);
});

test('person layer: only triangles touching the mask, silhouette vertices keep the person depth (no pull towards the camera)', async () => {
  const scene = bumpScene();
  const layers = await buildLayers(scene, { resolution: 49 });
  const { positions, indices } = layers.foreground;
  assert.ok(indices.length > 0);
  for (let t = 0; t < indices.length; t++) {
    const v = indices[t];
    const z = -positions[3 * v + 2];
    // The bump spans depth 0.75 … 1.0; the clipped background value (0) must not leak into any vertex.
    assert.ok(z > 0.74 && z < 1.01, `vertex depth ${z}`);
    // Every kept vertex lies inside (or on the rim of) the mask circle, seen from the photo camera.
    const u = (positions[3 * v] / z) * layers.intrinsics.focal + layers.intrinsics.cx;
    const w = (-positions[3 * v + 1] / z) * layers.intrinsics.focal + layers.intrinsics.cy;
    // Cells whose footprint (plus the pixel bilinear sampling reaches) touches the mask stay, the texture alpha cuts
    // them: vertices up to one grid cell and a pixel outside.
    assert.ok(Math.hypot(u - scene.cx, w - scene.cy) <= scene.radius + (128 / 48 + 1) * Math.SQRT2 + 0.5, `vertex at ${u},${w} outside the person`);
  }
  assert.equal(layers.background.indices.length / 3, 2, 'the background is one plane (2 triangles)');
  assert.ok(-layers.background.positions[2] > 1.0, 'background plane behind the person');
});

test('bad input names the problem', async () => {
  const scene = bumpScene(16, 16);
  await assert.rejects(buildLayers({ ...scene, depth: new Float32Array(3) }), /depthWidth × depthHeight/);
  await assert.rejects(buildLayers({ ...scene, mask: new Float32Array(256) }), /person mask is empty/);
  await assert.rejects(buildLayers({ ...scene, mask: undefined }), /positive finite distance/);
  await assert.rejects(buildLayers({ ...scene, depthUnits: 'cm' as 'raw' }), /relativeDepthFromDepthMap/);
  await assert.rejects(buildLayers(scene, { fovDegrees: 0 }), /Field of view/);
});

test('inputFromDepthMap turns a Depth API result into relative depth with the mask attached', () => {
  const image = { data: new Uint8ClampedArray(2 * 1 * 4), width: 2, height: 1 };
  const mask = new Float32Array([1, 0]);
  const input = inputFromDepthMap(image, { values: new Float32Array([0.5, 0]), width: 2, height: 1, config: { minDepth: 0, maxDepth: 1 }, mask });
  assert.equal(input.depthUnits, 'raw');
  assert.equal(input.mask, mask);
  // 0.5 → r = 1; the clipped 0 → floored, never at the camera.
  assert.deepEqual(Array.from(input.depth, (v) => +v.toFixed(6)), [1, 0.01]);
});

test('inputFromDepthMap drops person pixels that have no depth (raw ≤ 0) from the mask', async () => {
  const image = { data: new Uint8ClampedArray(3 * 1 * 4), width: 3, height: 1 };
  const mask = new Float32Array([1, 1, 0]);
  const input = inputFromDepthMap(image, { values: new Float32Array([0.5, 0, 0]), width: 3, height: 1, config: { minDepth: 0, maxDepth: 1 }, mask });
  assert.deepEqual(Array.from(input.mask!), [1, 0, 0]);
  assert.deepEqual(Array.from(mask), [1, 1, 0], "the caller's mask is not changed");
});
