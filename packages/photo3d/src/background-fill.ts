import type { RgbaImage } from './types.js';
import { inpaintImageAsync } from './inpaint.js';
import { resampleImage } from './image-resample.js';
import { resampleMap } from './sample.js';
import { threshold } from './masks.js';

/** Longest side the inpainting works at; larger photos get an upsampled fill pasted into the full-size photo. */
export const INPAINT_MAX_SIZE = 1024;

/**
 * The photo with its `hole` pixels (1 = to replace, at the image's size) filled by inpainting, so the layer behind
 * the person shows plausible background instead of a second copy of the person. Pixels in `exclude` are not
 * replaced but do not feed the fill either (the interior of a foreground object, whose colours must not bleed in).
 */
export async function fillBackground(image: RgbaImage, hole: Uint8Array, exclude?: Uint8Array): Promise<RgbaImage> {
  const { width, height } = image;
  const unknown = exclude ? hole.map((h, i) => h | exclude[i]) : hole;
  const scale = Math.min(1, INPAINT_MAX_SIZE / Math.max(width, height));
  let fill: RgbaImage;
  if (scale === 1) {
    fill = await inpaintImageAsync(image, unknown);
  } else {
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    // Any unknown coverage counts, so the small fill never samples the person's colours.
    const smallUnknown = threshold(resampleMap(Float32Array.from(unknown), width, height, w, h), 1e-6);
    fill = resampleImage(await inpaintImageAsync(resampleImage(image, w, h), smallUnknown), width, height);
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
