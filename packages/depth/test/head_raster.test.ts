// The head prior's raster on a synthetic face: MediaPipe's canonical face itself, seen frontally and turned, as
// landmarks in image pixels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CANONICAL_FACE } from '../src/priors/canonical_face_data.ts';
import { CANONICAL_HEAD } from '../src/priors/canonical_head_data.ts';
import { fitCanonicalFace } from '../src/priors/face_pose.ts';
import { rasterizeHead } from '../src/priors/head_raster.ts';

const OPTIONS = { hairCm: 2, faceFeather: 0.25, headFeather: 0.5, smooth: 0.03 };

/**
 * The canonical face turned by `yawDeg` about the vertical axis, then tilted back by `tiltBackDeg` (chin up, as in a
 * selfie from below), 8 px per cm, centred at (200, 200).
 */
function landmarks(yawDeg: number, tiltBackDeg = 0): [number, number, number][] {
  const a = (yawDeg * Math.PI) / 180;
  const b = (tiltBackDeg * Math.PI) / 180;
  const v = CANONICAL_FACE.vertices;
  const out: [number, number, number][] = [];
  for (let i = 0; i < v.length / 3; i++) {
    const [x, y, z] = [v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!];
    const xr = Math.cos(a) * x + Math.sin(a) * z;
    const zr = -Math.sin(a) * x + Math.cos(a) * z;
    const yt = Math.cos(b) * y + Math.sin(b) * zr;
    const zt = -Math.sin(b) * y + Math.cos(b) * zr;
    out.push([200 + 8 * xr, 200 - 8 * yt, -8 * zt]);
  }
  return out;
}

/** Pixels of `covered` that a square closing of radius r would add: notches in the outline. */
function notchPixels(covered: Uint8Array, width: number, height: number, r: number): number {
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < width && y < height ? covered[y * width + x]! : 0);
  const dilated = new Uint8Array(covered.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let any = 0;
      for (let dy = -r; dy <= r && !any; dy++) for (let dx = -r; dx <= r && !any; dx++) any = at(x + dx, y + dy);
      dilated[y * width + x] = any;
    }
  }
  let added = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (covered[y * width + x]) continue;
      let all = 1;
      for (let dy = -r; dy <= r && all; dy++) {
        for (let dx = -r; dx <= r && all; dx++) {
          const xx = x + dx, yy = y + dy;
          all = xx < 0 || yy < 0 || xx >= width || yy >= height ? 0 : dilated[yy * width + xx]!;
        }
      }
      added += all;
    }
  }
  return added;
}

test('the head prior\'s outline has no notch where the hair allowance passes over the ears, frontal or turned', () => {
  for (const yaw of [0, 30]) {
    const lm = landmarks(yaw);
    const pose = fitCanonicalFace(CANONICAL_FACE, lm);
    const raster = rasterizeHead(lm, CANONICAL_FACE.triangles, CANONICAL_HEAD, pose, [400, 400], 800, OPTIONS);
    const covered = Uint8Array.from(raster.weight, (w) => (w > 0 ? 1 : 0));
    const faceWidth = Math.max(...lm.map((p) => p[0])) - Math.min(...lm.map((p) => p[0]));
    // A 2 cm notch (16 px here) is what the 2 cm hair allowance left above each ear before it was closed.
    assert.equal(notchPixels(covered, raster.width, raster.height, Math.round(0.1 * faceWidth)), 0, `yaw ${yaw}°`);
    assert.ok(raster.relative.every(Number.isFinite), 'finite relief everywhere');
  }
});

test('the head prior fades in at its outline without a kink (a kink showed as a crease in shaded depth)', () => {
  const lm = landmarks(0);
  const pose = fitCanonicalFace(CANONICAL_FACE, lm);
  const raster = rasterizeHead(lm, CANONICAL_FACE.triangles, CANONICAL_HEAD, pose, [400, 400], 800, OPTIONS);
  // Across the head at eye level (y = 200 in the image), from the left outline inwards.
  const row = Array.from(raster.weight.subarray((200 - raster.y0) * raster.width, (201 - raster.y0) * raster.width));
  const first = row.findIndex((w) => w > 0);
  const slopes = row.slice(first, first + 60).map((w, i, a) => (i + 1 < a.length ? a[i + 1]! - w : 0));
  const steepest = Math.max(...slopes);
  assert.ok(steepest > 0.02, `the weight ramps up (steepest step ${steepest})`);
  // A linear ramp starts at its full slope; a smooth one starts flat.
  assert.ok(row[first]! < 0.25 * steepest && slopes[0]! < 0.25 * steepest, `first weight ${row[first]}, first step ${slopes[0]}, steepest ${steepest}`);
  assert.ok(Math.max(...row) === 1, 'full weight inside');
});

test('a head tilted far back shows no inside through its opening at the neck (a far band under the chin)', () => {
  const lm = landmarks(0, 50);
  const pose = fitCanonicalFace(CANONICAL_FACE, lm);
  const focal = 800;
  const raster = rasterizeHead(lm, CANONICAL_FACE.triangles, CANONICAL_HEAD, pose, [400, 400], focal, OPTIONS);
  // Relative depth dz / D, D = focal / (8 px per cm). Under the chin, seen from below, are the jaw's underside and the
  // ears, within about 11 cm behind the chin; the inside of the skull's back, seen through the neck opening when
  // every triangle was drawn, lies 21 cm behind it.
  const chin = lm[152]!;
  let deepest = -Infinity;
  for (let y = Math.ceil(chin[1]) - raster.y0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      const k = y * raster.width + x;
      if (raster.weight[k]! > 0) deepest = Math.max(deepest, raster.relative[k]! * focal / 8);
    }
  }
  assert.ok(deepest < chin[2] / 8 + 15, `under the chin the head reaches ${deepest.toFixed(1)} cm, chin at ${(chin[2] / 8).toFixed(1)} cm`);
});
