import type { RgbaImage } from '../types.js';
import { dilate, erode, threshold } from '../masks.js';
import { resampleMap } from '../sample.js';
import { resampleImage } from '../image-resample.js';
import { guidedFilterWhere } from './guided-filter.js';
import { estimateForeground } from './foreground.js';

/** Longest side the matte is worked out at (as the fill, INPAINT_MAX_SIZE); larger photos get it upsampled (see refineLarge). */
export const MATTE_MAX_SIZE = 1024;

/** How much the guided filter's ramp is steepened around 0.5 (chosen on the synthetic edge benchmark, test/edges). */
const STEEPNESS = 4;

export interface MatteOptions {
  /**
   * Half-width of the band around the mask's 0.5 line that gets refined, in image pixels. Default: 1 + the larger of
   * one mask pixel and half the mask's soft ramp.
   */
  band?: number;
  /** Guided-filter regulariser (colour variance, RGB in [0,1]); smaller follows weaker edges. Default 1e-4. */
  eps?: number;
}

/** A soft person matte at the image's size. */
export interface Matte {
  /** Coverage in [0,1] per image pixel: 1 inside the person, fractional along the silhouette and in hair. */
  alpha: Float32Array;
  /** The person texture: de-contaminated foreground colours (no background hue at the edge), α as alpha. */
  foreground: RgbaImage;
}

/**
 * Refines a segmenter's person probability (any size, e.g. the depth map's) into an alpha matte at the photo's size.
 * A narrow band around the mask's 0.5 line is guided-filtered against the photo, so the silhouette follows the
 * photo's edges and hair gets partial coverage; outside the band the mask's decision stands. Then the foreground
 * colour is estimated in the band, so the person's border texels carry the person's colour, not the background's.
 */
export function refineMatte(image: RgbaImage, mask: Float32Array, maskWidth: number, maskHeight: number, options: MatteOptions = {}): Matte {
  const { width, height } = image;
  if (mask.length !== maskWidth * maskHeight) {
    throw new Error(`The mask has ${mask.length} values but maskWidth×maskHeight is ${maskWidth}×${maskHeight}.`);
  }
  if (Math.max(width, height) > MATTE_MAX_SIZE) return refineLarge(image, mask, maskWidth, maskHeight, options);
  const n = width * height;
  const upscale = Math.max(width / maskWidth, height / maskHeight, 1);
  const eps = options.eps ?? 1e-4;
  const p = resampleMap(mask, maskWidth, maskHeight, width, height);
  const person = threshold(p);
  const bandRadius = Math.max(1, Math.round(options.band ?? Math.max(upscale, rampHalfWidth(p, person, width, height)) + 1));
  const grown = dilate(person, width, height, bandRadius);
  const core = erode(person, width, height, bandRadius);
  const alpha = new Float32Array(n);
  for (let i = 0; i < n; i++) alpha[i] = person[i];
  const rgb = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[3 * i + c] = image.data[4 * i + c];

  const box = bandBox(grown, core, width, height, 2 * bandRadius + Math.round(0.05 * Math.max(width, height)));
  let fg = rgb;
  if (box) {
    const { x0, y0, w, h } = box;
    const guide = new Float32Array(3 * w * h);
    const prob = new Float32Array(w * h);
    const unknown = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y0 + y) * width + x0 + x;
        const j = y * w + x;
        prob[j] = Math.min(1, Math.max(0, p[i]));
        unknown[j] = grown[i] && !core[i] ? 1 : 0;
        for (let c = 0; c < 3; c++) guide[3 * j + c] = rgb[3 * i + c] / 255;
      }
    }
    // The guided filter moves the mask's soft ramp onto the photo's edges; the ramp is still as wide as the
    // upsampling made it, so it is steepened around 0.5 (true silhouettes are sharp, except hair, whose mixed
    // colours keep intermediate values).
    const q = guidedFilterWhere(guide, prob, w, h, Math.max(1, Math.round(bandRadius / 2)), eps, unknown);
    const a = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y0 + y) * width + x0 + x;
        const j = y * w + x;
        a[j] = unknown[j] ? Math.min(1, Math.max(0, (q[j] - 0.5) * STEEPNESS + 0.5)) : person[i];
        alpha[i] = a[j];
      }
    }
    const wide = Math.max(3, Math.round(0.045 * Math.max(width, height)));
    const narrow = Math.max(2, Math.round(upscale));
    const f = estimateForeground(guide, a, w, h, wide, narrow, 1);
    fg = rgb.slice();
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y0 + y) * width + x0 + x;
        for (let c = 0; c < 3; c++) fg[3 * i + c] = 255 * f[3 * (y * w + x) + c];
      }
    }
  }
  const data = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) {
    data[4 * i] = fg[3 * i];
    data[4 * i + 1] = fg[3 * i + 1];
    data[4 * i + 2] = fg[3 * i + 2];
    data[4 * i + 3] = Math.round(255 * alpha[i]);
  }
  return { alpha, foreground: { data, width, height } };
}

/**
 * A photo over MATTE_MAX_SIZE: the matte is worked out on a copy of that size (a 12-MP photo at full size needs
 * ~1.3 GB and seconds) and brought back up; the person's interior keeps the photo's own full-resolution pixels, only
 * the edge band takes the upsampled foreground colours.
 */
function refineLarge(image: RgbaImage, mask: Float32Array, maskWidth: number, maskHeight: number, options: MatteOptions): Matte {
  const { width, height } = image;
  const scale = MATTE_MAX_SIZE / Math.max(width, height);
  const w = Math.max(1, Math.round(width * scale)), h = Math.max(1, Math.round(height * scale));
  const small = refineMatte(resampleImage(image, w, h), mask, maskWidth, maskHeight, { ...options, band: options.band && options.band * scale });
  const alpha = resampleMap(small.alpha, w, h, width, height);
  const colours = resampleImage(small.foreground, width, height).data;
  const data = new Uint8ClampedArray(image.data);
  for (let i = 0; i < alpha.length; i++) {
    if (alpha[i] < 0.999) for (let c = 0; c < 3; c++) data[4 * i + c] = colours[4 * i + c];
    data[4 * i + 3] = Math.round(255 * alpha[i]);
  }
  return { alpha, foreground: { data, width, height } };
}

/**
 * Half the width of the mask's soft ramp (0.02 < p < 0.98) along its 0.5 line, in pixels: how blurred the mask is
 * (a segmenter's output upsampled to the photo — the Depth API hands it over at the photo's size — is several pixels
 * wide; a hand-made binary mask is 0). Ramp area / outline length / 2.
 */
function rampHalfWidth(p: Float32Array, person: Uint8Array, width: number, height: number): number {
  let ramp = 0, outline = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (p[i] > 0.02 && p[i] < 0.98) ramp++;
      if ((x + 1 < width && person[i] !== person[i + 1]) || (y + 1 < height && person[i] !== person[i + width])) outline++;
    }
  }
  return outline ? ramp / outline / 2 : 0;
}

/** Bounding box of the band (grown but not core), padded by `pad` and clipped to the image; undefined if empty. */
function bandBox(grown: Uint8Array, core: Uint8Array, width: number, height: number, pad: number) {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!grown[i] || core[i]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return undefined;
  x0 = Math.max(0, x0 - pad); y0 = Math.max(0, y0 - pad);
  x1 = Math.min(width - 1, x1 + pad); y1 = Math.min(height - 1, y1 + pad);
  return { x0, y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}
