import { pushPullInpaint } from '../inpaint-core.js';
import { boxMean } from '../matte/box-filter.js';

/**
 * Which way the image's lines run, everywhere including the hole: the structure tensor (Jxx, Jxy, Jyy per pixel,
 * interleaved) of the known pixels' luma gradients, averaged over a (2·radius + 1)² window twice (box², a
 * pyramid-shaped window) and carried into the hole by push-pull, so a horizon or a curtain fold beside the hole
 * keeps its direction inside it. Gradients count only where all four neighbours are known: a difference across
 * the hole's edge would be a person's outline, not the background's.
 */
export function orientationField(rgb: Float32Array, known: Uint8Array, width: number, height: number, radius: number): Float32Array {
  const n = width * height;
  const luma = new Float32Array(n);
  for (let i = 0; i < n; i++) luma[i] = 0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2];
  // Products and their weight, so the average is over known gradients only (normalised convolution).
  const products = new Float32Array(4 * n);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (!known[i] || !known[i - 1] || !known[i + 1] || !known[i - width] || !known[i + width]) continue;
      const gx = 0.5 * (luma[i + 1] - luma[i - 1]), gy = 0.5 * (luma[i + width] - luma[i - width]);
      products[4 * i] = gx * gx;
      products[4 * i + 1] = gx * gy;
      products[4 * i + 2] = gy * gy;
      products[4 * i + 3] = 1;
    }
  }
  const r = Math.max(1, Math.round(radius));
  const averaged = boxMean(boxMean(products, width, height, r, 4), width, height, r, 4);
  const tensor = new Float32Array(3 * n);
  const missing = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    const w = averaged[4 * i + 3];
    if (w < 1e-4) { missing[i] = 1; continue; }
    any = true;
    for (let c = 0; c < 3; c++) tensor[3 * i + c] = averaged[4 * i + c] / w;
  }
  return any ? pushPullInpaint(tensor, width, height, 3, missing) : tensor;
}
