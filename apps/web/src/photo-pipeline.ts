import { inputFromDepthMap, pixelsFromSource, type Photo3DInput } from '@relief/photo3d';
import type { DepthEngine, DepthRange } from './depth-engine.ts';

/** Below this share of pixels the person mask is treated as empty: a few stray pixels make no usable cut-out. */
const MIN_PERSON_FRACTION = 0.005;

export interface DepthResult {
  photo: ImageBitmap;
  width: number;
  height: number;
  /** Depth API values in [0,1] (smaller = nearer), row-major at the photo's size. */
  depth: Float32Array;
  /** Person probability, or undefined when no person was found and depth covers the whole image. */
  mask: Float32Array | undefined;
  /** What photo3d builds the 3D photo from (relative depth, `raw` units). */
  data: Photo3DInput;
  /** Segmentation + depth, including reading the maps back. */
  milliseconds: number;
}

/** Depth (and the person mask) for a photo; falls back to whole-image depth when there is no person. */
export async function estimatePhoto(engine: DepthEngine, photo: ImageBitmap, range: DepthRange): Promise<DepthResult> {
  const t0 = performance.now();
  let map = await engine.estimate(photo, range);
  let depth = await map.toFloat32Array();
  let mask: Float32Array | undefined = await map.mask.toFloat32Array();
  let person = 0;
  for (const p of mask) if (p >= 0.5) person++;
  if (person < MIN_PERSON_FRACTION * mask.length) {
    map.dispose();
    map = await engine.estimate(photo, range, { skipSegmentation: true });
    depth = await map.toFloat32Array();
    mask = undefined;
  }
  const milliseconds = performance.now() - t0;
  const { width, height, config } = map;
  map.dispose();
  return {
    photo, width, height, depth, mask, milliseconds,
    data: inputFromDepthMap(pixelsFromSource(photo), { values: depth, width, height, config, mask }),
  };
}
