import { inputFromDepthMap, pixelsFromSource, type Photo3DInput } from '@relief/photo3d';
import type { DepthEngine, DepthRange } from './depth-engine.ts';

/** Below this share of pixels the person mask is treated as empty: a few stray pixels make no usable cut-out. */
const MIN_PERSON_FRACTION = 0.005;

export interface DepthResult {
  photo: ImageBitmap;
  width: number;
  height: number;
  /** Depth API values in [0,1] (smaller = nearer) for the chosen min/max depth, row-major at the photo's size. */
  depth: Float32Array;
  /**
   * The same values for min 0 / max 1 (the network's whole range), when estimated here: any other range is a remap
   * of these (`depthInRange`), no new estimate needed.
   */
  fullDepth?: Float32Array;
  /** Person probability, or undefined when no person was found and depth covers the whole image. */
  mask: Float32Array | undefined;
  /** What photo3d builds the 3D photo from (relative depth, `raw` units). */
  data: Photo3DInput;
  /** Segmentation + depth, including reading the maps back. */
  milliseconds: number;
}

/** The network's whole range: what the 3D photo is built from, so min/max depth never flatten it. */
const FULL_RANGE: DepthRange = { minDepth: 0, maxDepth: 1 };

/**
 * Depth API values for `range` from the full-range ones: the API maps relative depth r to clip((r/2 − min)/(max −
 * min), 0, 1), and full-range values are clip(r/2, 0, 1), so this is exact (background zeros stay 0).
 */
export function depthInRange(full: Float32Array, range: DepthRange): Float32Array {
  const out = new Float32Array(full.length);
  const span = range.maxDepth - range.minDepth;
  for (let i = 0; i < full.length; i++) out[i] = full[i] === 0 ? 0 : Math.min(1, Math.max(0, (full[i] - range.minDepth) / span));
  return out;
}

/**
 * Depth (and the person mask) for a photo; falls back to whole-image depth when there is no person. Estimated once
 * over the full range: the 3D photo uses all of it, the depth panel and PNG show `range`.
 */
export async function estimatePhoto(engine: DepthEngine, photo: ImageBitmap, range: DepthRange): Promise<DepthResult> {
  const t0 = performance.now();
  let map = await engine.estimate(photo, FULL_RANGE);
  let depth = await map.toFloat32Array();
  let mask: Float32Array | undefined = await map.mask.toFloat32Array();
  let person = 0;
  for (const p of mask) if (p >= 0.5) person++;
  if (person < MIN_PERSON_FRACTION * mask.length) {
    map.dispose();
    map = await engine.estimate(photo, FULL_RANGE, { skipSegmentation: true });
    depth = await map.toFloat32Array();
    mask = undefined;
  }
  const milliseconds = performance.now() - t0;
  const { width, height, config } = map;
  map.dispose();
  return {
    photo, width, height, depth: depthInRange(depth, range), fullDepth: depth, mask, milliseconds,
    data: inputFromDepthMap(pixelsFromSource(photo), { values: depth, width, height, config, mask }),
  };
}
