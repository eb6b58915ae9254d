import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readDepthPhoto, type DepthPhoto } from '../src/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../../shared/samples/depth-photos/', import.meta.url));

export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + path));
}

const cache = new Map<string, Promise<DepthPhoto>>();
/** Each real file is decoded once per test process (the 12 MP primaries take seconds in pure JS). */
export function readFixture(path: string): Promise<DepthPhoto> {
  if (!cache.has(path)) cache.set(path, readDepthPhoto(fixture(path), path));
  return cache.get(path)!;
}

/** A small synthetic depth photo: a near square (1 m) in front of a far wall (3 m), a textured image with the
 * same edges. */
export function syntheticPhoto(w = 64, h = 48): DepthPhoto {
  const image = { data: new Uint8ClampedArray(w * h * 4), width: w, height: h };
  const depth = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = x > w / 4 && x < (3 * w) / 4 && y > h / 4 && y < (3 * h) / 4;
      depth[y * w + x] = inside ? 1 + (x / w) * 0.2 : 3 + (y / h) * 0.5;
      image.data.set(inside ? [220, 120, 40, 255] : [40, 90, 200, 255], (y * w + x) * 4);
    }
  }
  return { image, depth: { data: depth, width: w, height: h }, kind: 'depth', units: 'metres', near: 1, far: 3.5, source: 'dynamic-depth', intrinsics: { fx: 60, fy: 60, cx: w / 2, cy: h / 2 } };
}

/** Largest relative difference between two distance maps (same size). */
export function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(a[i]));
  return worst;
}
