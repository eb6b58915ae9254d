import { pushPullInpaint } from '../inpaint-core.js';
import { halveInputs, makeLevel, type PatchLevel } from './patch-level.js';
import { improveField, Random, rescore, vote } from './patch-match.js';
import { onionPeel } from './onion-peel.js';
import type { FillInput } from './fill-input.js';

export interface TexturedFillOptions {
  /** Patches are (2r + 1)² pixels. Default 3 (7×7). */
  patchRadius?: number;
  /** Seed of the random search: the same seed gives the same fill. Default 1. */
  seed?: number;
}

/**
 * Coarsest level's long side. Beside a portrait the known background is a thin strip; much below 256 px no 7×7 patch
 * fits in it and every match would come from the sky (measured on test/edges: 64 px doubled the error).
 */
const COARSEST = 256;
/** Half-width of the search window, as a fraction of the long side. */
const SEARCH_WINDOW = 0.12;
/**
 * EM iterations (match, then vote) at the coarsest level, at the levels between, and at full resolution. The full
 * resolution level only votes with the upsampled matches (they already copy its texture pixel for pixel): matching
 * there took a quarter of a 1024-px fill's time for no visible gain.
 */
const ITERATIONS = { coarsest: 6, middle: 3, finest: 0 };

/**
 * Exemplar-based inpainting (Wexler, Shechtman & Irani's space-time completion with PatchMatch, coarse to fine):
 * push-pull diffusion gives the start, then at every pyramid level the `reveal` pixels are rebuilt from patches copied
 * from the known, unexcluded image — texture and structure (an edge, a tripod's leg) continue into the hole instead
 * of being smeared. The coarse levels find what goes where; the full-resolution level copies the actual texture.
 */
export function texturedFill(input: FillInput, options: TexturedFillOptions = {}): Float32Array {
  const { rgb, width, height, hole, exclude, reveal } = input;
  const n = width * height;
  if (rgb.length !== 3 * n || hole.length !== n || reveal.length !== n || (exclude && exclude.length !== n)) {
    throw new Error(`texturedFill: rgb needs 3 values and hole, reveal and exclude 1 value per pixel of ${width}×${height}.`);
  }
  const radius = options.patchRadius ?? 3;
  const random = new Random(options.seed ?? 1);
  const unknown = exclude ? hole.map((h, i) => h | exclude[i]) : hole;
  const known = unknown.map((u) => 1 - u);
  const target = reveal.map((r, i) => r & hole[i]);
  // Push-pull start, only inside the hole (an excluded occluder keeps its own colours in the picture).
  const smooth = pushPullInpaint(rgb, width, height, 3, unknown);
  const start = new Float32Array(rgb);
  for (let i = 0; i < n; i++) if (hole[i]) for (let c = 0; c < 3; c++) start[3 * i + c] = smooth[3 * i + c];

  const inputs = [{ rgb: start, width, height, target, known }];
  while (Math.max(inputs.at(-1)!.width, inputs.at(-1)!.height) > COARSEST) {
    const f = inputs.at(-1)!;
    inputs.push(halveInputs(f.rgb, f.width, f.height, f.target, f.known));
  }

  let nnf: Int32Array | undefined;
  let previous: PatchLevel | undefined;
  for (let l = inputs.length - 1; l >= 0; l--) {
    const i = inputs[l];
    const level = makeLevel(new Float32Array(i.rgb), i.width, i.height, i.target, i.known, radius);
    if (level.sources.length === 0) continue; // too small to hold a whole known patch: the finer level starts afresh
    // The background behind a person looks most like the background beside them: search a window around each pixel.
    const window = Math.max(4, Math.round(SEARCH_WINDOW * Math.max(level.width, level.height)));
    nnf = previous && nnf ? upsampleField(nnf, previous, level, random) : new Int32Array(level.width * level.height);
    const cost = new Float32Array(level.width * level.height);
    const iterations = !previous ? ITERATIONS.coarsest : l === 0 ? ITERATIONS.finest : ITERATIONS.middle;
    if (previous) vote(level, nnf, rescored(level, nnf, cost, radius), radius);
    else onionPeel(level, nnf, radius, window, random);
    for (let it = 0; it < iterations; it++) {
      rescore(level, nnf, cost, radius);
      // Finer levels refine near the upsampled match.
      improveField(level, nnf, cost, radius, 2, previous ? Math.max(4, window >> 2) : window, random);
      vote(level, nnf, cost, radius);
    }
    previous = level;
  }
  if (!previous || previous.width !== width) return start;
  // The unrevealed interior is diffused again from the synthesised band, so the two meet without a seam.
  const interior = unknown.map((u, i) => u & (1 - target[i]));
  const rgbOut = pushPullInpaint(previous.rgb, width, height, 3, interior);
  for (let i = 0; i < n; i++) if (!hole[i]) for (let c = 0; c < 3; c++) rgbOut[3 * i + c] = rgb[3 * i + c];
  return rgbOut;
}

function rescored(level: PatchLevel, nnf: Int32Array, cost: Float32Array, radius: number): Float32Array {
  rescore(level, nnf, cost, radius);
  return cost;
}

/** A coarse match (sx, sy) becomes (2sx + x mod 2, 2sy + y mod 2) one level finer; invalid ones get a random source. */
function upsampleField(coarse: Int32Array, from: PatchLevel, to: PatchLevel, random: Random): Int32Array {
  const nnf = new Int32Array(to.width * to.height);
  for (let y = 0; y < to.height; y++) {
    for (let x = 0; x < to.width; x++) {
      const t = y * to.width + x;
      if (!to.target[t]) continue;
      const cx = Math.min(x >> 1, from.width - 1), cy = Math.min(y >> 1, from.height - 1);
      const c = cy * from.width + cx;
      let s = -1;
      if (from.target[c]) {
        const sx = 2 * (coarse[c] % from.width) + (x & 1);
        const sy = 2 * Math.floor(coarse[c] / from.width) + (y & 1);
        if (sx < to.width && sy < to.height && to.source[sy * to.width + sx]) s = sy * to.width + sx;
      }
      nnf[t] = s >= 0 ? s : to.sources[random.below(to.sources.length)];
    }
  }
  return nnf;
}
