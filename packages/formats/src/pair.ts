// Image + depth-image pairs: Facebook 3D photos (`photo.jpg` + `photo_depth.png`, white = near) and RGB-D
// side-by-side images (Looking Glass: colour left, depth right, white = near). Depth is stored as normalised
// inverse distance, the way these viewers expect; Relief also writes near/far into PNG text chunks so its own
// reader restores distances exactly.
import { decode as decodePng, encode as encodePng } from 'fast-png';
import { encodeRange, decodeRange } from './depth-codec.js';
import { resampleScalar, toDistances } from './distances.js';
import { fail } from './errors.js';
import { decodeRaster, decodeRgba, encodeJpeg, isPng, rasterToUnit } from './raster.js';
import type { DepthPhoto, RgbaImage, ScalarImage } from './types.js';

export interface PairOptions {
  /** Which end of the grey scale is near: `white` (Facebook, Looking Glass; default) or `dark` (Lens Blur, depthy). */
  nearIs?: 'white' | 'dark';
}

/** Brightness of each pixel, 1 = near, with Relief's near/far when the writer left them. */
function nearness(depth: DepthPhoto): { unit: ScalarImage; near: number; far: number } {
  const { depth: d, near, far } = toDistances(depth);
  const inv = encodeRange(d.data, 'RangeInverse', near, far);
  return { unit: { data: inv.map((u) => 1 - u), width: d.width, height: d.height }, near, far };
}

function greyPng(unit: ScalarImage, near: number, far: number): Uint8Array {
  const data = new Uint8Array(unit.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(Math.min(1, Math.max(0, unit.data[i])) * 255);
  return encodePng({ width: unit.width, height: unit.height, data, depth: 8, channels: 1, text: { 'relief:near': String(near), 'relief:far': String(far) } });
}

/** The Facebook 3D-photo pair: `photo.jpg` and `photo_depth.png` (8-bit grey, white = near, same size). */
export function writeFacebookPair(photo: DepthPhoto, options: { jpeg?: Uint8Array; quality?: number } = {}): { image: Uint8Array; depth: Uint8Array } {
  const { unit, near, far } = nearness(photo);
  const sized = resampleScalar(unit, photo.image.width, photo.image.height);
  return { image: options.jpeg ?? encodeJpeg(photo.image, options.quality), depth: greyPng(sized, near, far) };
}

/** One PNG, colour on the left and depth (white = near) on the right, both at the photo's size. */
export function writeRgbdPng(photo: DepthPhoto): Uint8Array {
  const { unit, near, far } = nearness(photo);
  const { width: w, height: h, data: rgba } = photo.image;
  const d = resampleScalar(unit, w, h);
  const out = new Uint8Array(w * 2 * h * 4);
  for (let y = 0; y < h; y++) {
    out.set(rgba.subarray(y * w * 4, (y + 1) * w * 4), y * w * 8);
    for (let x = 0; x < w; x++) {
      const v = Math.round(Math.min(1, Math.max(0, d.data[y * w + x])) * 255);
      out.set([v, v, v, 255], y * w * 8 + (w + x) * 4);
    }
  }
  return encodePng({ width: w * 2, height: h, data: out, depth: 8, channels: 4, text: { 'relief:near': String(near), 'relief:far': String(far) } });
}

/** A DepthPhoto from a separate image and depth image (any of the pairs above). */
export function readImageDepthPair(image: Uint8Array, depth: Uint8Array, options: PairOptions = {}): DepthPhoto {
  const rgb = decodeRgba(image, 'the image of the pair');
  const raster = decodeRaster(depth, 'the depth image of the pair');
  return pairPhoto(rgb, rasterToUnit(raster), isPng(depth) ? decodePng(depth).text : {}, options);
}

/** A DepthPhoto from an RGB-D side-by-side image (left half colour, right half depth). */
export function readRgbd(bytes: Uint8Array, options: PairOptions = {}): DepthPhoto {
  const whole = decodeRgba(bytes, 'the RGB-D image');
  if (whole.width % 2 !== 0) fail(`the RGB-D image is ${whole.width} pixels wide; side-by-side RGB-D needs an even width (colour left, depth right).`);
  const w = whole.width / 2, h = whole.height;
  const image: RgbaImage = { data: new Uint8ClampedArray(w * h * 4), width: w, height: h };
  const unit = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    image.data.set(whole.data.subarray(y * w * 8, y * w * 8 + w * 4), y * w * 4);
    for (let x = 0; x < w; x++) unit[y * w + x] = whole.data[y * w * 8 + (w + x) * 4] / 255;
  }
  return pairPhoto(image, { data: unit, width: w, height: h }, isPng(bytes) ? decodePng(bytes).text : {}, options);
}

function pairPhoto(image: RgbaImage, unit: ScalarImage, text: Record<string, string>, { nearIs = 'white' }: PairOptions): DepthPhoto {
  const near = Number(text['relief:near']);
  const far = Number(text['relief:far']);
  const inverse = nearIs === 'white' ? unit.data.map((v) => 1 - v) : unit.data;
  if (near > 0 && far > near) {
    return { image, depth: { ...unit, data: decodeRange(inverse, 'RangeInverse', near, far) }, kind: 'depth', units: 'relative', near, far, source: 'image-depth-pair' };
  }
  // No calibration: brightness is read as relative disparity, 1 = nearest, 0 = infinitely far.
  return { image, depth: { ...unit, data: inverse.map((u) => 1 - u) }, kind: 'disparity', units: 'relative', near: 1, far: 0, source: 'image-depth-pair' };
}
