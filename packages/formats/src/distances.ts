// Any DepthPhoto as plain distances (larger = farther), the form writers store and 3D photos are built from.
import type { DepthPhoto, ScalarImage } from './types.js';

export interface Distances {
  depth: ScalarImage;
  /** Smallest and largest valid distance. */
  near: number;
  far: number;
  metric: boolean;
}

/**
 * Disparity becomes 1/disparity. Values with no valid distance (≤ 0, not finite: sensor holes such as XDM's 0) are
 * set to the farthest valid distance so they sit in the background instead of at the camera.
 */
export function toDistances(photo: DepthPhoto): Distances {
  const src = photo.depth.data;
  const out = new Float32Array(src.length);
  let near = Infinity, far = -Infinity;
  for (let i = 0; i < src.length; i++) {
    const d = photo.kind === 'disparity' ? 1 / src[i] : src[i];
    const ok = Number.isFinite(d) && d > 0;
    out[i] = ok ? d : NaN;
    if (ok) {
      if (d < near) near = d;
      if (d > far) far = d;
    }
  }
  if (!Number.isFinite(near)) throw new Error('the depth map has no valid value (all are ≤ 0 or not finite); it cannot be used.');
  for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = far;
  return {
    depth: { data: out, width: photo.depth.width, height: photo.depth.height },
    near,
    far: far > near ? far : near * 1.001,
    metric: photo.units !== 'relative',
  };
}

/** Distances scaled so their median is 1 — photo3d's 'raw' depth unit for maps without a metric scale. */
export function medianNormalised(depth: Float32Array): Float32Array {
  const sorted = Float32Array.from(depth).sort();
  const median = sorted[sorted.length >> 1] || 1;
  return depth.map((d) => d / median);
}

/** Bilinear resample of a scalar image (e.g. a matte to the depth map's size). */
export function resampleScalar(src: ScalarImage, width: number, height: number): ScalarImage {
  if (src.width === width && src.height === height) return src;
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(src.height - 1, Math.max(0, ((y + 0.5) * src.height) / height - 0.5));
    const y0 = Math.floor(sy), y1 = Math.min(src.height - 1, y0 + 1), fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(src.width - 1, Math.max(0, ((x + 0.5) * src.width) / width - 0.5));
      const x0 = Math.floor(sx), x1 = Math.min(src.width - 1, x0 + 1), fx = sx - x0;
      const a = src.data[y0 * src.width + x0], b = src.data[y0 * src.width + x1];
      const c = src.data[y1 * src.width + x0], d = src.data[y1 * src.width + x1];
      out[y * width + x] = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }
  }
  return { data: out, width, height };
}
