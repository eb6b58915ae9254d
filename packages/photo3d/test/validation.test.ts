// Issue 16, defect 6: depth with holes (NaN, Infinity, ±3.4e38 — what sensor depth and float sentinels give) made
// NaN vertices and invalid glTF (POSITION min/max null); NaN options gave NaN meshes or empty ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLayers, cameraPose } from '../src/index.js';
import { exportGlbNode } from '../src/node/index.js';
import { bumpScene } from './fixtures.js';

function glbJson(bytes: Uint8Array): { accessors: { min?: (number | null)[]; max?: (number | null)[] }[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + view.getUint32(12, true))));
}

const allFinite = (a: Float32Array) => a.every(Number.isFinite);

test('depth holes inside and outside the person mask are filled: finite vertices, valid glTF, the person mesh kept', async () => {
  const scene = bumpScene(48, 64);
  const clean = await buildLayers(scene);
  const depth = Float32Array.from(scene.depth);
  const sentinels = [NaN, Infinity, -Infinity, 3.4e38, -3.4e38];
  for (let i = 0; i < depth.length; i += 3) depth[i] = sentinels[i % sentinels.length]!; // a third of all pixels, person included
  const layers = await buildLayers({ ...scene, depth });
  for (const mesh of [layers.foreground, layers.background]) assert.ok(allFinite(mesh.positions));
  // Holes are filled from their neighbours, so the person keeps (nearly) all of its mesh and its depth.
  assert.ok(layers.foreground.indices.length >= 0.9 * clean.foreground.indices.length,
    `${layers.foreground.indices.length / 3} of ${clean.foreground.indices.length / 3} triangles`);
  assert.ok(Math.abs(layers.focusDepth - clean.focusDepth) < 0.02, `focus ${layers.focusDepth} vs ${clean.focusDepth}`);
  for (const accessor of glbJson(await exportGlbNode(layers)).accessors) {
    for (const v of [...(accessor.min ?? []), ...(accessor.max ?? [])]) assert.ok(Number.isFinite(v), 'accessor min/max');
  }
});

test('a NaN mask value reads as background; depth with no data at all is refused', async () => {
  const scene = bumpScene(32, 32);
  const mask = Float32Array.from(scene.mask!, (m, i) => (i === 0 ? NaN : m));
  const layers = await buildLayers({ ...scene, mask });
  assert.ok(allFinite(layers.foreground.positions));
  await assert.rejects(buildLayers({ ...scene, depth: new Float32Array(scene.depth.length).fill(NaN) }), /depth has no data: every value is NaN/);
  // Zero and negative depths are values, not holes: still refused where they matter.
  await assert.rejects(buildLayers({ ...scene, mask: undefined }), /positive finite distance/);
});

test('numeric options that gave NaN or empty meshes are refused with a message', async () => {
  const scene = bumpScene(16, 16);
  const cases: [Record<string, number>, RegExp][] = [
    [{ tearThreshold: NaN }, /tearThreshold must be a relative depth jump above 0.*got NaN/],
    [{ tearThreshold: -1 }, /tearThreshold must be/],
    [{ backgroundDepth: NaN }, /backgroundDepth must be a positive finite distance/],
    [{ backgroundDepth: 3.4e38 }, /backgroundDepth must be/],
    [{ backgroundMargin: NaN }, /backgroundMargin must be a fraction.*from 0 to 1, got NaN/],
    [{ backgroundMargin: -0.5 }, /backgroundMargin must be/],
    [{ holeDilation: Infinity }, /holeDilation must be a number of pixels/],
    [{ fovDegrees: NaN }, /Field of view/],
    [{ resolution: NaN }, /Mesh resolution/],
    [{ strength: NaN }, /3D strength/],
  ];
  for (const [options, message] of cases) await assert.rejects(buildLayers(scene, options), message, JSON.stringify(options));
  const torn = await buildLayers(scene, { tearThreshold: Infinity, backgroundMargin: 0, backgroundDepth: 2, holeDilation: 0 });
  assert.ok(torn.foreground.indices.length > 0 && allFinite(torn.background.positions));
});

test('camera path numbers that would put the camera at NaN are refused; the web app\'s ranges pass', () => {
  const base = { path: 'circle' as const, focusDepth: 1, fovDegrees: 50 };
  assert.throws(() => cameraPose(0.25, { ...base, amplitude: NaN }), /amplitude must be a fraction of focusDepth from 0 to 10, got NaN/);
  assert.throws(() => cameraPose(0.25, { ...base, cameraZ: Infinity }), /cameraZ must be/);
  assert.throws(() => cameraPose(0.25, { ...base, fovDegrees: NaN }), /fovDegrees must be a vertical field of view/);
  assert.throws(() => cameraPose(0.25, { ...base, path: 'parallax', offset: { x: NaN, y: 0 } }), /offset\.x must be a number/);
  for (const [amplitude, cameraZ] of [[0.01, -0.3], [0.3, 0.1]]) {
    const pose = cameraPose(0.25, { ...base, amplitude, cameraZ });
    assert.ok([...pose.position, ...pose.target, pose.fovDegrees].every(Number.isFinite));
  }
});
