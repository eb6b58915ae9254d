import type { Photo3DInput, RgbaImage } from './types.js';

/** The two numbers a Depth API depth map was made with (`DepthMap.config` in @relief/depth). */
export interface DepthMapRange {
  minDepth: number;
  maxDepth: number;
}

/**
 * Turns Depth API values back into the network's relative depth r (the `raw` depth unit): the API stores
 * value = clip((r/2 − min)/(max − min), 0, 1), so r = 2·(min + value·(max − min)). Values at 0 or 1 were clipped;
 * they only give a bound on r, which is why callers should pass the person mask alongside.
 */
export function relativeDepthFromDepthMap(values: ArrayLike<number>, range: DepthMapRange): Float32Array {
  const { minDepth, maxDepth } = range;
  if (!Number.isFinite(minDepth) || !Number.isFinite(maxDepth) || !(maxDepth > minDepth)) {
    throw new Error(`relativeDepthFromDepthMap: need finite minDepth < maxDepth, got ${minDepth} and ${maxDepth}; pass DepthMap.config.`);
  }
  const span = maxDepth - minDepth;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = 2 * (minDepth + values[i] * span);
  return out;
}

/** The parts of a Depth API result a 3D photo needs, already read out (e.g. `await depthMap.toFloat32Array()`). */
export interface DepthMapValues {
  values: Float32Array;
  width: number;
  height: number;
  config: DepthMapRange;
  /** Person probabilities (`await depthMap.mask.toFloat32Array()`); leave out when segmentation was skipped. */
  mask?: Float32Array;
}

/**
 * A Photo3DInput from a photo and a Depth API result: values become relative depth ('raw' units). A value of 0 with
 * minDepth 0 would put a pixel at the camera; such pixels are floored at 1 % of the subject distance.
 *
 * @example
 * ```js
 * const depthMap = await estimator.estimateDepth(image, { minDepth: 0.2, maxDepth: 0.9 });   // @relief/depth
 * const input = inputFromDepthMap(rgba, {                 // rgba: { data, width, height }, the same photo's pixels
 *   values: await depthMap.toFloat32Array(), width: depthMap.width, height: depthMap.height,
 *   config: depthMap.config, mask: await depthMap.mask.toFloat32Array(),
 * });
 * ```
 */
export function inputFromDepthMap(image: RgbaImage, depth: DepthMapValues): Photo3DInput {
  const r = relativeDepthFromDepthMap(depth.values, depth.config);
  for (let i = 0; i < r.length; i++) r[i] = Math.max(r[i], 0.01);
  return { image, depth: r, depthWidth: depth.width, depthHeight: depth.height, mask: personWithDepth(depth), depthUnits: 'raw' };
}

/**
 * The mask without person pixels whose value was clipped to 0 with minDepth 0, i.e. raw depth ≤ 0: the network
 * gives exactly that where its input was background, as happens along the silhouette when the full-size mask
 * keeps a pixel that the 256×192 input lost. Such pixels have no depth to place; dropping them from the mesh
 * leaves them to the inpainted background instead of pulling them to the camera.
 */
function personWithDepth({ values, mask, config }: DepthMapValues): Float32Array | undefined {
  if (!mask || config.minDepth > 0) return mask;
  let out: Float32Array | undefined;
  for (let i = 0; i < values.length; i++) {
    if (values[i] <= 0 && mask[i] >= 0.5) {
      out ??= Float32Array.from(mask);
      out[i] = 0;
    }
  }
  return out ?? mask;
}
