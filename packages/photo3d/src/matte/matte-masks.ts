import { dilate } from '../masks.js';

/**
 * The person mask widened to every mask pixel that a visible matte pixel (α ≥ 1/255) falls in, so mesh cells keep
 * their triangles wherever the refined silhouette reaches (it may lie a pixel or two outside the mask's 0.5 line).
 */
export function keepWithMatte(mask: Float32Array, maskWidth: number, maskHeight: number, alpha: Float32Array, width: number, height: number): Float32Array {
  const keep = new Float32Array(mask);
  for (let y = 0; y < height; y++) {
    const my = Math.min(maskHeight - 1, Math.floor((y * maskHeight) / height));
    for (let x = 0; x < width; x++) {
      if (alpha[y * width + x] < 1 / 255) continue;
      keep[my * maskWidth + Math.min(maskWidth - 1, Math.floor((x * maskWidth) / width))] = 1;
    }
  }
  return keep;
}

/**
 * The background layer's hole with a matte: every pixel the matte covers at all, grown by `dilation`. Not the
 * mask's (wider, blurrier) region: pixels the matte gives to the background keep their own colours on the
 * background layer, so an object beside the person (a camera, a tripod) keeps its visible parts instead of being
 * filled away.
 */
export function holeFromMatte(alpha: Float32Array, width: number, height: number, dilation: number): Uint8Array {
  const covered = new Uint8Array(alpha.length);
  for (let i = 0; i < alpha.length; i++) covered[i] = alpha[i] >= 1 / 255 ? 1 : 0;
  return dilate(covered, width, height, dilation);
}
