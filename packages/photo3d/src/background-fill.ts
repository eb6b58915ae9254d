import type { RgbaImage } from './types.js';
import { fillImageAsync } from './fill/fill-async.js';
import type { FillOptions } from './fill/fill-image.js';
import { resampleImage } from './image-resample.js';
import { resampleMap } from './sample.js';
import { threshold } from './masks.js';

/** Longest side the inpainting works at; larger photos get an upsampled fill pasted into the full-size photo. */
export const INPAINT_MAX_SIZE = 1024;

/**
 * The photo with its `hole` pixels (1 = to replace, at the image's size) filled (`fillImage`: push-pull or exemplar
 * patches, on a Web Worker in browsers), so the layer behind the person shows plausible background instead of a
 * second copy of the person. Pixels in `exclude` are not replaced but do not feed the fill either (the interior of
 * a foreground object, whose colours must not bleed in).
 */
export async function fillBackground(image: RgbaImage, hole: Uint8Array, exclude?: Uint8Array, options: FillOptions = {}): Promise<RgbaImage> {
  const { width, height } = image;
  const scale = Math.min(1, INPAINT_MAX_SIZE / Math.max(width, height));
  let fill: RgbaImage;
  if (scale === 1) {
    fill = await fillImageAsync(image, hole, exclude, options);
  } else {
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    // Any unknown coverage counts, so the small fill never samples the person's colours.
    const shrink = (m: Uint8Array) => threshold(resampleMap(Float32Array.from(m), width, height, w, h), 1e-6);
    fill = resampleImage(await fillImageAsync(resampleImage(image, w, h), shrink(hole), exclude && shrink(exclude), options), width, height);
  }
  const out = new Uint8ClampedArray(image.data);
  for (let i = 0; i < width * height; i++) {
    if (!hole[i]) continue;
    out[4 * i] = fill.data[4 * i];
    out[4 * i + 1] = fill.data[4 * i + 1];
    out[4 * i + 2] = fill.data[4 * i + 2];
    out[4 * i + 3] = 255;
  }
  return { data: out, width, height };
}
