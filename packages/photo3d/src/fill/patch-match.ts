import type { PatchLevel } from './patch-level.js';

/** Seeded xorshift32, so a fill is the same every run (and in a worker as on the main thread). */
export class Random {
  private s: number;
  constructor(seed: number) { this.s = (seed | 0) || 0x9e3779b9; }
  /** An integer in [0, n). */
  below(n: number): number {
    let s = this.s;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    this.s = s;
    return ((s >>> 0) % n) | 0;
  }
}

/**
 * Sum of squared RGB differences between the patch centred on target pixel t and the one on source pixel s, over
 * the target patch's weighted pixels; stops as soon as it passes `limit` (it cannot win any more). Source patches
 * lie wholly inside the image (see makeLevel), so only the target's rows and columns need clipping.
 */
export function patchDistance(level: PatchLevel, t: number, s: number, radius: number, limit: number): number {
  const { width, height, rgb, weight } = level;
  const tx = t % width, ty = (t - tx) / width;
  const x0 = Math.max(-radius, -tx), x1 = Math.min(radius, width - 1 - tx);
  const y0 = Math.max(-radius, -ty), y1 = Math.min(radius, height - 1 - ty);
  let sum = 0;
  for (let dy = y0; dy <= y1; dy++) {
    let ti = t + dy * width + x0;
    let si = s + dy * width + x0;
    for (let dx = x0; dx <= x1; dx++, ti++, si++) {
      if (weight[ti] === 0) continue;
      const a = 3 * ti, b = 3 * si;
      const dr = rgb[a] - rgb[b], dg = rgb[a + 1] - rgb[b + 1], db = rgb[a + 2] - rgb[b + 2];
      sum += dr * dr + dg * dg + db * db;
    }
    if (sum > limit) return sum;
  }
  return sum;
}

/**
 * Nearest-neighbour field: for every target pixel, the source patch centre that best matches its patch.
 * PatchMatch (Barnes et al. 2009): good matches spread to neighbours (a neighbour's source, shifted by one pixel,
 * is tried) and are improved by random tries in windows that halve from `searchRadius` down to one pixel.
 * Scan order alternates between passes so matches spread in every direction.
 */
export function improveField(
  level: PatchLevel, nnf: Int32Array, cost: Float32Array, radius: number, passes: number, searchRadius: number, random: Random,
): void {
  const { width, height, target, source } = level;
  for (let pass = 0; pass < passes; pass++) {
    const forward = pass % 2 === 0;
    const step = forward ? 1 : -1;
    for (let k = 0; k < width * height; k++) {
      const t = forward ? k : width * height - 1 - k;
      if (!target[t]) continue;
      const tx = t % width, ty = (t - tx) / width;
      let best = nnf[t];
      let bestCost = cost[t];
      // Propagation from the already visited horizontal and vertical neighbours.
      const nx = tx - step, ny = ty - step;
      if (nx >= 0 && nx < width && target[t - step]) {
        const s = nnf[t - step] + step;
        if (s !== best && source[s] && (s % width) - (nnf[t - step] % width) === step) {
          const d = patchDistance(level, t, s, radius, bestCost);
          if (d < bestCost) { best = s; bestCost = d; }
        }
      }
      if (ny >= 0 && ny < height && target[t - step * width]) {
        const s = nnf[t - step * width] + step * width;
        if (s !== best && s >= 0 && s < width * height && source[s]) {
          const d = patchDistance(level, t, s, radius, bestCost);
          if (d < bestCost) { best = s; bestCost = d; }
        }
      }
      // Random search around the current best.
      const bx = best % width, by = (best - bx) / width;
      for (let r = searchRadius; r >= 1; r >>= 1) {
        const x = bx + random.below(2 * r + 1) - r;
        const y = by + random.below(2 * r + 1) - r;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const s = y * width + x;
        if (!source[s] || s === best) continue;
        const d = patchDistance(level, t, s, radius, bestCost);
        if (d < bestCost) { best = s; bestCost = d; }
      }
      nnf[t] = best;
      cost[t] = bestCost;
    }
  }
}

/** Re-scores every target's current match (after the image changed), so later improvements compare like with like. */
export function rescore(level: PatchLevel, nnf: Int32Array, cost: Float32Array, radius: number): void {
  const { target } = level;
  for (let t = 0; t < target.length; t++) if (target[t]) cost[t] = patchDistance(level, t, nnf[t], radius, Infinity);
}

/**
 * Rebuilds the target pixels from their matches (Wexler et al.'s voting): each target pixel becomes the weighted
 * mean of what every overlapping target patch's source says it should be, the better-matching patches counting
 * more (weight 1 / (1 + cost / mean cost)). Averaging overlapping copies hides seams between them.
 */
export function vote(level: PatchLevel, nnf: Int32Array, cost: Float32Array, radius: number): void {
  const { width, height, rgb, target } = level;
  let total = 0, count = 0;
  for (let t = 0; t < target.length; t++) if (target[t]) { total += cost[t]; count++; }
  if (count === 0) return;
  const scale = count / Math.max(total, 1e-6);
  const acc = new Float32Array(4 * target.length);
  for (let t = 0; t < target.length; t++) {
    if (!target[t]) continue;
    const s = nnf[t];
    const w = 1 / (1 + cost[t] * scale);
    const tx = t % width, ty = (t - tx) / width;
    const x0 = Math.max(-radius, -tx), x1 = Math.min(radius, width - 1 - tx);
    const y0 = Math.max(-radius, -ty), y1 = Math.min(radius, height - 1 - ty);
    for (let dy = y0; dy <= y1; dy++) {
      for (let dx = x0; dx <= x1; dx++) {
        const p = t + dy * width + dx;
        if (!target[p]) continue;
        const q = 3 * (s + dy * width + dx);
        acc[4 * p] += w * rgb[q];
        acc[4 * p + 1] += w * rgb[q + 1];
        acc[4 * p + 2] += w * rgb[q + 2];
        acc[4 * p + 3] += w;
      }
    }
  }
  for (let p = 0; p < target.length; p++) {
    if (!target[p] || acc[4 * p + 3] === 0) continue;
    const w = acc[4 * p + 3];
    rgb[3 * p] = acc[4 * p] / w;
    rgb[3 * p + 1] = acc[4 * p + 1] / w;
    rgb[3 * p + 2] = acc[4 * p + 2] / w;
  }
}
