import type { RgbaImage } from '../types.js';
import { dilate } from '../masks.js';
import { pushPullInpaint } from '../inpaint-core.js';
import { texturedFill } from './textured-fill.js';
import { coherenceTransport } from './coherence-transport.js';

/**
 * How the background layer's hole is filled: lines carried on along their direction (`structure`, coherence
 * transport), exemplar patches (`textured`, PatchMatch) or push-pull diffusion (`smooth`, fastest).
 */
export type FillMethod = 'structure' | 'textured' | 'smooth';

export interface FillOptions {
  /**
   * Default 'structure': against true backgrounds it scores better than 'smooth' (and 'textured' worse than both);
   * see the README.
   */
  method?: FillMethod;
  /**
   * How deep into the hole (fraction of the image's long side, measured from its border) the structure and textured
   * fills reach.
   * Camera paths at their default amplitudes reveal about 2 % of the long side behind a person's edge; the default
   * 0.06 leaves a margin for larger amplitudes and a stronger 3D effect. Deeper pixels, which no path shows, get
   * push-pull. Default 0.06.
   */
  revealDepth?: number;
  /** Seed of the textured fill's patch search. Default 1. */
  seed?: number;
}

/** Pixels of `hole` within `depth` pixels of a pixel outside it: what a moving camera can see past the hole's edge. */
export function revealableBand(hole: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  const outside = hole.map((h) => 1 - h);
  const near = dilate(outside, width, height, Math.max(1, Math.round(depth)));
  return near.map((v, i) => v & hole[i]);
}

/**
 * Fills the `hole` pixels (1 = replace) of an RGBA image; `exclude` pixels keep their colour but lend none.
 * Synchronous, on this thread (see `fillImageAsync` for the worker version).
 */
export function fillImage(image: RgbaImage, hole: Uint8Array, exclude?: Uint8Array, options: FillOptions = {}): RgbaImage {
  const { width, height } = image;
  const n = width * height;
  if (hole.length !== n || (exclude && exclude.length !== n)) {
    throw new Error(`The fill's hole (and exclude) masks need ${width}×${height} = ${n} values, got ${hole.length}${exclude ? ` and ${exclude.length}` : ''}; resample them to the image size.`);
  }
  const revealDepth = options.revealDepth ?? 0.06;
  if (!(revealDepth >= 0)) throw new Error(`revealDepth must be a fraction ≥ 0 of the image's long side, got ${revealDepth}.`);
  const rgb = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[3 * i + c] = image.data[4 * i + c];
  let filled: Float32Array;
  const method = options.method ?? 'structure';
  if (method !== 'structure' && method !== 'textured' && method !== 'smooth') {
    throw new Error(`Unknown fill method '${String(method)}': use 'structure', 'textured' or 'smooth'.`);
  }
  if (method === 'smooth') {
    const unknown = exclude ? hole.map((h, i) => h | exclude[i]) : hole;
    filled = pushPullInpaint(rgb, width, height, 3, unknown);
  } else {
    const depth = revealDepth * Math.max(width, height);
    const reveal = revealableBand(hole, width, height, depth);
    filled = method === 'textured'
      ? texturedFill({ rgb, width, height, hole, exclude, reveal }, { seed: options.seed })
      : coherenceTransport({ rgb, width, height, hole, exclude, reveal, depth });
  }
  const data = new Uint8ClampedArray(image.data);
  for (let i = 0; i < n; i++) {
    if (!hole[i]) continue;
    for (let c = 0; c < 3; c++) data[4 * i + c] = Math.round(filled[3 * i + c]);
    data[4 * i + 3] = 255;
  }
  return { data, width, height };
}
