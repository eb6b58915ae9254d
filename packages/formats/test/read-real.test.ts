// The real depth photos in ../shared/samples/depth-photos parse with the values their README documents, and their
// depth lines up with their image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, readFixture } from './fixtures.ts';
import { readImageDepthPair, toDistances, resampleScalar, type DepthPhoto } from '../src/index.js';

function minMax(a: Float32Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of a) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return [lo, hi];
}

/**
 * How strongly image edges sit on depth edges: mean image-gradient magnitude at the 5 % strongest depth edges over
 * the mean everywhere (both at the depth map's size). Aligned maps score well above 1; the same map mirrored
 * left-right is the control.
 */
function edgeAlignment(photo: DepthPhoto, mirrorDepth = false): number {
  // Disparity as stored (its edges are where 1/disparity's are, without the blow-up near 0); depth as log distance.
  const depth = photo.depth;
  const { width: w, height: h } = depth;
  const lum = new Float32Array(w * h);
  const img = photo.image;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = (Math.floor(((y + 0.5) * img.height) / h) * img.width + Math.floor(((x + 0.5) * img.width) / w)) * 4;
      lum[y * w + x] = 0.3 * img.data[p] + 0.59 * img.data[p + 1] + 0.11 * img.data[p + 2];
    }
  }
  const grad = (a: Float32Array, i: number) => Math.hypot(a[i + 1] - a[i - 1], a[i + w] - a[i - w]);
  const value = (d: number) => (photo.kind === 'disparity' ? d : Math.log(Math.max(d, 1e-6)));
  const logD = depth.data.map((d, i) => value(mirrorDepth ? depth.data[Math.floor(i / w) * w + (w - 1 - (i % w))] : d));
  const dEdge: number[] = [], iEdge: number[] = [];
  for (let y = 2; y < h - 2; y++) for (let x = 2; x < w - 2; x++) { const i = y * w + x; dEdge.push(grad(logD, i)); iEdge.push(grad(lum, i)); }
  const cut = [...dEdge].sort((a, b) => a - b)[Math.floor(dEdge.length * 0.95)];
  let at = 0, n = 0, all = 0;
  for (let i = 0; i < dEdge.length; i++) { all += iEdge[i]; if (dEdge[i] >= cut && cut > 0) { at += iEdge[i]; n++; } }
  return at / n / (all / dEdge.length);
}

function assertAligned(photo: DepthPhoto, name: string): void {
  const aligned = edgeAlignment(photo);
  const mirrored = edgeAlignment(photo, true);
  assert.ok(aligned > 1.3 && aligned > mirrored * 1.15, `${name}: image gradient at depth edges ×${aligned.toFixed(2)} (mirrored depth ×${mirrored.toFixed(2)})`);
}

test('Apple iPhone JPEG (MPF disparity): 576×768 disparity over FloatMin…FloatMax, intrinsics, lines up', async () => {
  const p = await readFixture('apple-jpeg-mpf/image-with-depth.jpg');
  assert.deepEqual([p.source, p.kind, p.units], ['apple-jpeg', 'disparity', 'relative']);
  assert.deepEqual([p.image.width, p.image.height, p.depth.width, p.depth.height], [3024, 4032, 576, 768]);
  const [lo, hi] = minMax(p.depth.data);
  assert.ok(lo >= 0.650879 - 1e-6 && hi <= 2.509766 + 1e-6 && hi - lo > 1, `disparity ${lo}…${hi}`);
  assert.deepEqual([p.near, p.far], [2.509766, 0.650879]);
  assert.ok(Math.abs(p.intrinsics!.fx - 6112.78) < 0.01 && Math.abs(p.intrinsics!.cx - 1524.84) < 0.01);
  assertAligned(p, 'image-with-depth.jpg');
});

test('Apple HEIC: the auxl depth item (768×576) decodes with its XMP range, the grid primary at 4032×3024', async () => {
  const p = await readFixture('apple-heic/pug.heic');
  assert.deepEqual([p.source, p.kind, p.units], ['apple-heic', 'disparity', 'relative']);
  assert.deepEqual([p.image.width, p.image.height, p.depth.width, p.depth.height], [4032, 3024, 768, 576]);
  assert.deepEqual([p.near, p.far], [4.382812, 1.498047]);
  const [lo, hi] = minMax(p.depth.data);
  assert.ok(lo >= 1.498 && hi <= 4.3829 && hi - lo > 1, `disparity ${lo}…${hi}`);
  // The photo is not blank: a 4032×3024 HEVC grid decoded to real colours.
  const px = p.image.data;
  assert.ok(new Set(Array.from({ length: 1000 }, (_, i) => px[i * 48763 * 4 % px.length])).size > 20);
  assertAligned(p, 'pug.heic');
});

test('GDepth Lens Blur (extended XMP): RangeInverse near/far, GImage original, near is small', async () => {
  for (const [name, near, far, w, h] of [['gdepth-lens-blur/lbr-photo1.jpg', 6.0978, 24.2216, 576, 1024], ['gdepth-lens-blur/xmp depth map.jpg', 18.8495, 633.3235, 1536, 2048]] as const) {
    const p = await readFixture(name);
    assert.deepEqual([p.source, p.kind, p.units, p.image.width, p.image.height, p.depth.width, p.depth.height], ['gdepth', 'depth', 'relative', w, h, w, h]);
    assert.ok(Math.abs(p.near - near) < 1e-3 && Math.abs(p.far - far) < 1e-3, `${name}: ${p.near} ${p.far}`);
    const [lo, hi] = minMax(p.depth.data);
    assert.ok(lo >= near - 1e-3 && hi <= far + 1e-3 && hi / lo > 2, `${name}: depth ${lo}…${hi}`);
    assertAligned(p, name);
  }
});

test('XDM (element and attribute forms): camera 0 depth 472×352, raw RangeLinear values, normalised intrinsics', async () => {
  for (const [name, lo0, hi0] of [['xdm/xdm-photo4.jpg', 666, 19012], ['xdm/xdm-photo1.jpg', 1189, 4807]] as const) {
    const p = await readFixture(name);
    assert.deepEqual([p.source, p.kind, p.units, p.depth.width, p.depth.height, p.near, p.far], ['xdm', 'depth', 'relative', 472, 352, 0, 65535]);
    const [lo, hi] = minMax(p.depth.data);
    assert.ok(Math.abs(lo - lo0) < 0.5 && Math.abs(hi - hi0) < 0.5, `${name}: ${lo}…${hi}`);
    assert.ok(Math.abs(p.intrinsics!.fx / p.intrinsics!.fy - 1) < 0.01, 'square pixels');
    assertAligned(p, name);
  }
});

test('depthy image + depth pair (near = dark): read with nearIs "dark", lines up', () => {
  const p = readImageDepthPair(fixture('image-depth-pair/mango-image.jpg'), fixture('image-depth-pair/mango-depth.jpg'), { nearIs: 'dark' });
  assert.deepEqual([p.kind, p.units, p.depth.width, p.depth.height], ['disparity', 'relative', 768, 1024]);
  assertAligned(p, 'mango pair');
  // With the wrong convention the near fruit would come out far: the big avocado at the lower left (dark in the
  // map) must be nearer than the gap at the top right.
  const small = resampleScalar(toDistances(p).depth, 6, 8).data;
  assert.ok(small[6 * 6 + 1] * 3 < small[0 * 6 + 5], `lower-left ${small[6 * 6 + 1]} vs top-right ${small[5]}`);
});
