import { boxMean } from './box-filter.js';

/**
 * He, Sun & Tang's guided filter with a colour guide: filters `p` (one value per pixel) so that its edges follow the
 * edges of `guide` (interleaved RGB in [0,1]). Locally q = a·I + b, fitted by least squares in every (2r+1)² window,
 * so where the guide mixes two colours (hair against sky) q mixes too: partial alpha where coverage is partial.
 * `eps` is the regulariser: below the local colour variance edges are kept, above it they are smoothed. O(pixels).
 */
export function guidedFilter(guide: Float32Array, p: Float32Array, width: number, height: number, radius: number, eps: number): Float32Array {
  const n = width * height;
  if (guide.length !== 3 * n || p.length !== n) {
    throw new Error(`guidedFilter: the guide needs 3 values and p 1 value per pixel of ${width}×${height}.`);
  }
  // One pass over 13 interleaved statistics: I (3), p, I·p (3), the upper triangle of I·Iᵀ (6).
  const stats = new Float32Array(13 * n);
  for (let i = 0; i < n; i++) {
    const r = guide[3 * i], g = guide[3 * i + 1], b = guide[3 * i + 2], v = p[i];
    const o = 13 * i;
    stats[o] = r; stats[o + 1] = g; stats[o + 2] = b; stats[o + 3] = v;
    stats[o + 4] = r * v; stats[o + 5] = g * v; stats[o + 6] = b * v;
    stats[o + 7] = r * r; stats[o + 8] = r * g; stats[o + 9] = r * b; stats[o + 10] = g * g; stats[o + 11] = g * b; stats[o + 12] = b * b;
  }
  const m = boxMean(stats, width, height, radius, 13);
  const ab = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const o = 13 * i;
    const mr = m[o], mg = m[o + 1], mb = m[o + 2], mp = m[o + 3];
    const cr = m[o + 4] - mr * mp, cg = m[o + 5] - mg * mp, cb = m[o + 6] - mb * mp;
    const srr = m[o + 7] - mr * mr + eps, srg = m[o + 8] - mr * mg, srb = m[o + 9] - mr * mb;
    const sgg = m[o + 10] - mg * mg + eps, sgb = m[o + 11] - mg * mb, sbb = m[o + 12] - mb * mb + eps;
    // Σ⁻¹·cov by the adjugate (Σ + eps·U is symmetric positive definite, so det > 0).
    const i00 = sgg * sbb - sgb * sgb, i01 = srb * sgb - srg * sbb, i02 = srg * sgb - srb * sgg;
    const i11 = srr * sbb - srb * srb, i12 = srb * srg - srr * sgb, i22 = srr * sgg - srg * srg;
    const det = srr * i00 + srg * i01 + srb * i02;
    const ar = (i00 * cr + i01 * cg + i02 * cb) / det;
    const ag = (i01 * cr + i11 * cg + i12 * cb) / det;
    const abl = (i02 * cr + i12 * cg + i22 * cb) / det;
    ab[4 * i] = ar; ab[4 * i + 1] = ag; ab[4 * i + 2] = abl;
    ab[4 * i + 3] = mp - ar * mr - ag * mg - abl * mb;
  }
  const mab = boxMean(ab, width, height, radius, 4);
  const q = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    q[i] = mab[4 * i] * guide[3 * i] + mab[4 * i + 1] * guide[3 * i + 1] + mab[4 * i + 2] * guide[3 * i + 2] + mab[4 * i + 3];
  }
  return q;
}

/** Tile side for `guidedFilterWhere`: big enough that the margins stay a small share, small enough to skip the interior. */
const TILE = 64;

/**
 * `guidedFilter`, computed only where `where` is set: the image is cut into tiles and only tiles holding such a pixel
 * are filtered, each with a margin of 2·radius + 1 (the reach of the two box filters), so the results there are
 * exactly the whole-image filter's. A silhouette's band is a thin ring; this skips the person's interior and the
 * background. Values elsewhere are 0.
 */
export function guidedFilterWhere(
  guide: Float32Array, p: Float32Array, width: number, height: number, radius: number, eps: number, where: Uint8Array,
): Float32Array {
  const q = new Float32Array(width * height);
  const margin = 2 * Math.max(0, Math.round(radius)) + 1;
  for (let ty = 0; ty < height; ty += TILE) {
    for (let tx = 0; tx < width; tx += TILE) {
      const tw = Math.min(TILE, width - tx), th = Math.min(TILE, height - ty);
      let any = false;
      for (let y = ty; y < ty + th && !any; y++) for (let x = tx; x < tx + tw; x++) if (where[y * width + x]) { any = true; break; }
      if (!any) continue;
      const x0 = Math.max(0, tx - margin), y0 = Math.max(0, ty - margin);
      const w = Math.min(width, tx + tw + margin) - x0, h = Math.min(height, ty + th + margin) - y0;
      const g = new Float32Array(3 * w * h);
      const v = new Float32Array(w * h);
      for (let y = 0; y < h; y++) {
        const src = (y0 + y) * width + x0;
        g.set(guide.subarray(3 * src, 3 * (src + w)), 3 * y * w);
        v.set(p.subarray(src, src + w), y * w);
      }
      const out = guidedFilter(g, v, w, h, radius, eps);
      for (let y = ty; y < ty + th; y++) for (let x = tx; x < tx + tw; x++) q[y * width + x] = out[(y - y0) * w + x - x0];
    }
  }
  return q;
}
