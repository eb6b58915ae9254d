import type { RgbaImage } from './types.js';
import { resampleMap } from './sample.js';

/** Splits RGBA into float planes, resamples each (bilinear), and joins them again. */
export function resampleImage(image: RgbaImage, width: number, height: number): RgbaImage {
  const n = image.width * image.height;
  const out = new Uint8ClampedArray(width * height * 4);
  const plane = new Float32Array(n);
  for (let c = 0; c < 4; c++) {
    for (let i = 0; i < n; i++) plane[i] = image.data[4 * i + c];
    const r = resampleMap(plane, image.width, image.height, width, height);
    for (let i = 0; i < width * height; i++) out[4 * i + c] = r[i];
  }
  return { data: out, width, height };
}
