// Decoding and encoding of the JPEG and PNG images depth photos embed, in pure JavaScript so it runs unchanged in
// Node and browsers (jpeg-js, fast-png).
import jpeg from 'jpeg-js';
import { decode as decodePngLib, encode as encodePngLib } from 'fast-png';
import { checkSize, fail, MAX_PIXELS } from './errors.js';
import type { RgbaImage, ScalarImage } from './types.js';

/** A decoded raster: `channels` interleaved samples per pixel of 8 or 16 bits. */
export interface Raster {
  width: number;
  height: number;
  channels: number;
  bitDepth: 8 | 16;
  data: Uint8Array | Uint8ClampedArray | Uint16Array;
}

export function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

export function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}

export function decodeRaster(bytes: Uint8Array, what: string): Raster {
  if (isPng(bytes)) return decodePng(bytes, what);
  if (isJpeg(bytes)) return decodeJpeg(bytes, what);
  return fail(`${what} is neither a JPEG nor a PNG (starts with ${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}); the file is damaged.`);
}

function decodeJpeg(bytes: Uint8Array, what: string): Raster {
  try {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 2048 });
    checkSize(what, img.width, img.height);
    return { width: img.width, height: img.height, channels: 4, bitDepth: 8, data: img.data };
  } catch (e) {
    return fail(`${what} could not be decoded as JPEG (${(e as Error).message}); the file is truncated or damaged.`);
  }
}

function decodePng(bytes: Uint8Array, what: string): Raster {
  // IHDR is always first: check the claimed size before fast-png allocates it.
  if (bytes.length < 24) fail(`${what} is a truncated PNG (${bytes.length} bytes).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkSize(what, view.getUint32(16), view.getUint32(20));
  try {
    const png = decodePngLib(bytes);
    if (png.palette) fail(`${what} is a palette PNG; depth maps must be grey or RGB(A).`);
    if (png.depth !== 8 && png.depth !== 16) fail(`${what} has ${png.depth}-bit samples; only 8- and 16-bit depth maps are read.`);
    return { width: png.width, height: png.height, channels: png.channels, bitDepth: png.depth, data: png.data };
  } catch (e) {
    if ((e as Error).name === 'DepthPhotoError') throw e;
    return fail(`${what} could not be decoded as PNG (${(e as Error).message}); the file is truncated or damaged.`);
  }
}

export function rasterToRgba(r: Raster): RgbaImage {
  const n = r.width * r.height;
  const out = new Uint8ClampedArray(n * 4);
  const shift = r.bitDepth === 16 ? 8 : 0;
  for (let i = 0; i < n; i++) {
    const s = i * r.channels;
    const grey = r.channels < 3;
    out[i * 4] = r.data[s] >> shift;
    out[i * 4 + 1] = r.data[grey ? s : s + 1] >> shift;
    out[i * 4 + 2] = r.data[grey ? s : s + 2] >> shift;
    out[i * 4 + 3] = r.channels === 4 || r.channels === 2 ? r.data[s + r.channels - 1] >> shift : 255;
  }
  return { data: out, width: r.width, height: r.height };
}

/** The first channel scaled to 0…1 (grey maps store R = G = B). */
export function rasterToUnit(r: Raster): ScalarImage {
  const n = r.width * r.height;
  const out = new Float32Array(n);
  const max = r.bitDepth === 16 ? 65535 : 255;
  for (let i = 0; i < n; i++) out[i] = r.data[i * r.channels] / max;
  return { data: out, width: r.width, height: r.height };
}

export function decodeRgba(bytes: Uint8Array, what: string): RgbaImage {
  return rasterToRgba(decodeRaster(bytes, what));
}

/** Baseline JPEG. jpeg-js returns a Node Buffer; browsers should encode with a canvas and pass the bytes instead. */
export function encodeJpeg(image: RgbaImage, quality = 92): Uint8Array {
  const out = jpeg.encode({ data: image.data, width: image.width, height: image.height }, quality);
  return new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
}

/** Grey PNG of unit values (0…1, clamped), 8- or 16-bit. */
export function encodeGreyPng(values: ScalarImage, bitDepth: 8 | 16): Uint8Array {
  const max = bitDepth === 16 ? 65535 : 255;
  const n = values.width * values.height;
  const data = bitDepth === 16 ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.round(Math.min(1, Math.max(0, values.data[i])) * max);
  return encodePngLib({ width: values.width, height: values.height, data, depth: bitDepth, channels: 1 });
}

export function encodeRgbaPng(image: RgbaImage): Uint8Array {
  return encodePngLib({ width: image.width, height: image.height, data: image.data, depth: 8, channels: 4 });
}
