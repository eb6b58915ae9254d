import type { PatchLevel } from './patch-level.js';
import { patchDistance, type Random } from './patch-match.js';

/** Random tries per pixel, besides the shifted matches of its already-filled neighbours. */
const TRIES = 48;

/**
 * The coarsest level's first fill, from the hole's border inwards ("onion peel"): each ring of target pixels is
 * matched against the known pixels and the rings filled before it only, then takes its source's colour. Without
 * this, pixels deep in the hole see nothing known in their patch, keep arbitrary matches, and voting spreads those.
 */
export function onionPeel(level: PatchLevel, nnf: Int32Array, radius: number, window: number, random: Random): void {
  const { width, height, rgb, target, weight, source, sources } = level;
  const saved = weight.slice();
  for (let t = 0; t < target.length; t++) if (target[t]) weight[t] = 0;
  let ring: number[] = [];
  const queued = new Uint8Array(target.length);
  const neighbours = [-1, 1, -width, width];
  const enqueueAround = (t: number, into: number[]) => {
    const x = t % width;
    for (const d of neighbours) {
      const u = t + d;
      if (u < 0 || u >= target.length || queued[u] || !target[u]) continue;
      if ((d === -1 && x === 0) || (d === 1 && x === width - 1)) continue;
      queued[u] = 1;
      into.push(u);
    }
  };
  for (let t = 0; t < target.length; t++) if (weight[t]) enqueueAround(t, ring);
  while (ring.length) {
    for (const t of ring) {
      const tx = t % width, ty = (t - tx) / width;
      let best = -1, bestCost = Infinity;
      const consider = (s: number) => {
        if (s < 0 || s >= source.length || !source[s] || s === best) return;
        const d = patchDistance(level, t, s, radius, bestCost);
        if (d < bestCost) { best = s; bestCost = d; }
      };
      for (const d of neighbours) {
        const u = t + d;
        if (u >= 0 && u < target.length && target[u] && weight[u]) consider(nnf[u] - d);
      }
      // Where the window holds no source (thin known strips at coarse levels), it doubles until one turns up.
      for (let w = window; best < 0 || w === window; w *= 2) {
        for (let k = 0; k < TRIES; k++) {
          const x = tx + random.below(2 * w + 1) - w, y = ty + random.below(2 * w + 1) - w;
          if (x >= 0 && y >= 0 && x < width && y < height) consider(y * width + x);
        }
        if (w > width + height) break;
      }
      nnf[t] = best >= 0 ? best : sources[random.below(sources.length)];
    }
    // The whole ring takes its colours at once, so the ring's own order does not matter.
    for (const t of ring) {
      for (let c = 0; c < 3; c++) rgb[3 * t + c] = rgb[3 * nnf[t] + c];
      weight[t] = 1;
    }
    const next: number[] = [];
    for (const t of ring) enqueueAround(t, next);
    ring = next;
  }
  weight.set(saved);
}
