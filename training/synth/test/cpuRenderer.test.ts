// The CPU renderer's parts: the rasteriser's coverage, culling and depth, the HDR environment's orientation and
// light integrals, and errors naming a broken HDR map or texture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { rasterise, VisibilityBuffer, type ScreenMesh } from '../src/render/cpu/raster.ts';
import { equirectUv, irradiance, loadEnvironment, sampleLobe } from '../src/render/cpu/environment.ts';
import { loadTexture, sampleTexture } from '../src/render/cpu/texture.ts';
import { scratchDir } from '../../../test-support/temp.ts';

const dir = scratchDir('synth-cpu-');

/** A flat (uncompressed) Radiance RGBE file whose texel (column x, row y from the top) has radiance f(x, y). */
function writeHdr(name: string, w: number, h: number, f: (x: number, y: number) => number): string {
  const header = Buffer.from(`#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y ${h} +X ${w}\n`, 'ascii');
  const px = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = f(x, y);
      const e = Math.ceil(Math.log2(v)) + 1;
      const m = Math.round((v / 2 ** e) * 256);
      px.set([m, m, m, e + 128], (y * w + x) * 4);
    }
  }
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat([header, px]));
  return file;
}

function mesh(verts: [number, number, number][], doubleSided = false): ScreenMesh {
  return {
    index: Uint32Array.from(verts.map((_, i) => i)),
    sx: Float32Array.from(verts.map((v) => v[0])),
    sy: Float32Array.from(verts.map((v) => v[1])),
    iz: Float32Array.from(verts.map((v) => 1 / v[2])),
    doubleSided,
    alpha: null,
  };
}

test('the rasteriser covers pixel centres inside the triangle, nearest surface wins, depth is perspective-correct', () => {
  const buf = new VisibilityBuffer(8, 8);
  buf.clear();
  // Front-facing (counter-clockwise on screen with y up = clockwise in pixel rows): lower-left half of the image.
  rasterise(buf, 0, mesh([[0, 0, 1], [0, 8, 1], [8, 8, 3]]));
  const covered = (x: number, y: number): boolean => buf.part[y * 8 + x] === 0;
  assert.ok(covered(0, 7) && covered(3, 6) && !covered(6, 1) && !covered(7, 0));
  // 1/z is affine on screen: through the corners, 1/z = 1 − x/12, so at the centre of pixel (4, 7) z = 1.6.
  assert.ok(Math.abs(buf.z[7 * 8 + 4] - 1.6) < 1e-5, `z ${buf.z[7 * 8 + 4]}`);
  // A nearer triangle over the same pixels replaces it; a farther one does not.
  rasterise(buf, 1, mesh([[0, 0, 0.5], [0, 8, 0.5], [8, 8, 0.5]]));
  assert.equal(buf.part[7 * 8 + 1], 1);
  rasterise(buf, 2, mesh([[0, 0, 9], [0, 8, 9], [8, 8, 9]]));
  assert.equal(buf.part[7 * 8 + 1], 1);
});

test('back faces are culled unless the part is double-sided, where they are flagged', () => {
  const buf = new VisibilityBuffer(8, 8);
  buf.clear();
  const back: [number, number, number][] = [[0, 0, 1], [8, 8, 1], [0, 8, 1]];
  rasterise(buf, 0, mesh(back));
  assert.ok(buf.part.every((p) => p === -1));
  rasterise(buf, 0, mesh(back, true));
  assert.equal(buf.part[7 * 8 + 1], 0);
  assert.equal(buf.back[7 * 8 + 1], 1);
});

test('triangles behind the camera or with no area draw nothing', () => {
  const buf = new VisibilityBuffer(8, 8);
  buf.clear();
  rasterise(buf, 0, mesh([[0, 0, -1], [0, 8, -1], [8, 8, -1]]));
  rasterise(buf, 0, mesh([[0, 0, 1], [4, 4, 1], [8, 8, 1]]));
  assert.ok(buf.part.every((p) => p === -1));
});

test('environment: the top rows are the sky, irradiance follows where the light is, a uniform map lights evenly', () => {
  const uv = new Float32Array(2);
  equirectUv(0, 1, 0, uv);
  assert.ok(Math.abs(uv[1]) < 1e-6, 'up is the top row');
  equirectUv(0, -1, 0, uv);
  assert.ok(Math.abs(uv[1] - 1) < 1e-6, 'down is the bottom row');

  const sky = loadEnvironment(writeHdr('sky.hdr', 64, 32, (_, y) => (y < 16 ? 4 : 0.25)));
  const up = new Float32Array(3);
  const down = new Float32Array(3);
  const side = new Float32Array(3);
  irradiance(sky, 0, 1, 0, 1, up);
  irradiance(sky, 0, -1, 0, 1, down);
  irradiance(sky, 1, 0, 0, 1, side);
  // Cosine-weighted mean radiance: facing the sky ≈ 4, the ground ≈ 0.25, the horizon ≈ the average.
  assert.ok(Math.abs(up[0] - 4) < 0.4 && Math.abs(down[0] - 0.25) < 0.4, `up ${up[0]}, down ${down[0]}`);
  assert.ok(Math.abs(side[0] - 2.125) < 0.2, `side ${side[0]}`);

  const flat = loadEnvironment(writeHdr('flat.hdr', 64, 32, () => 2));
  assert.ok(Math.abs(flat.normalise - 0.25) < 1e-3, `normalise ${flat.normalise}`);
  for (const angle of [0.01, 0.1, 0.5, 1.4]) {
    const out = new Float32Array(3);
    sampleLobe(flat, 0.6, 0.48, 0.64, angle, 1, out, 0);
    assert.ok(Math.abs(out[0] - 2) < 0.02, `lobe ${angle}: ${out[0]}`);
  }
});

test('a corrupt HDR map or texture names the file', async () => {
  const bad = join(dir, 'broken.hdr');
  writeFileSync(bad, 'not an hdr');
  assert.throws(() => loadEnvironment(bad), (e: Error) => e.message.includes(bad) && /HDR map/.test(e.message));
  const png = join(dir, 'broken.png');
  writeFileSync(png, 'not a png');
  await assert.rejects(loadTexture(png, 256, true), (e: Error) => e.message.includes(png) && /cannot decode texture/.test(e.message));
});

test('textures are sampled in linear light, bilinearly, from the mip level the footprint asks for', async () => {
  // Left half black, right half white (sRGB 255 = linear 1).
  const file = join(dir, 'halves.png');
  const raw = Buffer.alloc(16 * 16 * 3);
  for (let y = 0; y < 16; y++) for (let x = 8; x < 16; x++) raw.fill(255, (y * 16 + x) * 3, (y * 16 + x) * 3 + 3);
  await sharp(raw, { raw: { width: 16, height: 16, channels: 3 } }).png().toFile(file);
  const t = await loadTexture(file, 64, true);
  assert.equal(t.levels[0].size, 16, 'never upscaled past the image');
  const out = new Float32Array(4);
  sampleTexture(t, 0.1, 0.5, -10, out);
  assert.ok(out[0] < 0.01 && out[3] > 0.99);
  sampleTexture(t, 0.9, 0.5, -10, out);
  assert.ok(out[0] > 0.99);
  sampleTexture(t, 0.5, 0.5, -10, out);
  assert.ok(Math.abs(out[0] - 0.5) < 0.05, `edge ${out[0]}`);
  // A footprint of the whole texture per pixel reads the 1×1 level: the mean of the encoded bytes (128).
  sampleTexture(t, 0.1, 0.5, 0, out);
  assert.ok(Math.abs(out[0] - 0.216) < 0.01, `coarsest ${out[0]}`);
});
