import * as tf from '@tensorflow/tfjs-core';
import { MAX_INPUT_SIDE } from './errors.js';
import { platform } from './platform.js';
import { downscalePixels, fullSize, pixelScale, workSize } from './pixel_formats.js';
import type { DepthEstimatorInput, PixelData } from './types.js';

type DomPixels = Exclude<DepthEstimatorInput, tf.Tensor3D | PixelData | Uint8Array>;

const has = (name: string) => typeof (globalThis as Record<string, unknown>)[name] !== 'undefined';
const isInstance = (value: unknown, name: string) =>
  has(name) && value instanceof ((globalThis as unknown) as Record<string, new () => unknown>)[name];

export function checkSize(width: number, height: number, what: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`The ${what} is empty (${width}×${height}): pass an image with at least one pixel.`);
  }
  if (width > MAX_INPUT_SIDE || height > MAX_INPUT_SIDE) {
    throw new Error(
      `The ${what} is ${width}×${height}, larger than the ${MAX_INPUT_SIDE}×${MAX_INPUT_SIDE} limit: ` +
      `downscale it first (depth is estimated at 256×192 anyway).`);
  }
}

/**
 * Makes [H, W, 3] float32 in 0..255 from 1, 3 or 4 channels (gray is replicated, alpha dropped), at most
 * MAX_WORK_PIXELS (see pixel_formats.ts). Values are clamped to 0..255: finite but huge ones (±3.4e38) would
 * otherwise overflow inside the networks and give an all-NaN mask.
 */
function toRgbFloat(x: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const [height, width, channels] = x.shape;
    const [w, h] = workSize(width, height);
    // Only DOM pixels (integers, on a GPU backend) arrive here above the working size; tensors and buffers are
    // brought down before (downscaleTensor, downscalePixels).
    let rgb: tf.Tensor3D = w !== width || h !== height ? tf.image.resizeBilinear(x, [h, w]) : x;
    if (channels === 1) rgb = tf.tile(rgb, [1, 1, 3]);
    else if (channels === 4) rgb = tf.slice(rgb, [0, 0, 0], [-1, -1, 3]);
    return tf.clipByValue(tf.cast(rgb, 'float32'), 0, 255);
  });
}

/** Values per band when a big tensor is scanned or read: full-size masks or copies of an 8192² image need 0.3–1 GB. */
const BAND_VALUES = 1 << 24;

/** Whether a float32 image tensor holds NaN or ±Infinity, checked a band of rows at a time. */
async function hasNonFinite(x: tf.Tensor3D): Promise<boolean> {
  const [height, width, channels] = x.shape;
  const rows = Math.max(1, Math.floor(BAND_VALUES / (width * channels)));
  for (let top = 0; top < height; top += rows) {
    const bad = tf.tidy(() => {
      const band = rows >= height ? x : tf.slice(x, [top, 0, 0], [Math.min(rows, height - top), -1, -1]);
      return tf.any(tf.logicalNot(tf.isFinite(band)));
    });
    const [found] = await bad.data();
    bad.dispose();
    if (found) return true;
  }
  return false;
}

/**
 * A tensor above the working size, area-averaged to w×h in JavaScript a band of rows at a time. On WASM an 8192²
 * tensor already fills a quarter of the heap, and kernels over it (a resize, a clamp) aborted the backend for good.
 */
async function downscaleTensor(x: tf.Tensor3D, w: number, h: number): Promise<Float32Array> {
  const [height, width, channels] = x.shape;
  const out = new Float32Array(w * h * channels);
  const outRows = Math.max(1, Math.floor((BAND_VALUES * h) / (height * width * channels)));
  for (let y0 = 0; y0 < h; y0 += outRows) {
    const y1 = Math.min(h, y0 + outRows);
    const [top, bottom] = [Math.round((y0 * height) / h), Math.round((y1 * height) / h)];
    const band = tf.slice(x, [top, 0, 0], [bottom - top, -1, -1]);
    const values = await band.data();
    band.dispose();
    out.set(downscalePixels(values as ArrayLike<number>, width, bottom - top, channels, w, y1 - y0, 1), y0 * w * channels);
  }
  return out;
}

const NON_FINITE = 'The input tensor contains NaN or Infinity: pass finite pixel values in 0..255.';

async function fromTensor(input: tf.Tensor): Promise<tf.Tensor3D> {
  if (input.isDisposed) throw new Error('The input tensor was already disposed: pass a live tensor.');
  // Our own reference, taken before the first await: a caller may dispose the input as soon as the call returns.
  const x = tf.clone(input);
  try {
    return await checkedTensor(x);
  } finally {
    x.dispose();
  }
}

async function checkedTensor(x: tf.Tensor): Promise<tf.Tensor3D> {
  if (x.rank !== 3) {
    throw new Error(`Expected an image tensor of shape [height, width, channels] (rank 3), got shape [${x.shape.join(', ')}].`);
  }
  const [height, width, channels] = x.shape as [number, number, number];
  checkSize(width, height, 'input tensor');
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new Error(`Expected 1 (gray), 3 (RGB) or 4 (RGBA) channels, got ${channels} in shape [${x.shape.join(', ')}].`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`Expected an int32 or float32 image tensor with values in 0..255, got dtype ${x.dtype}.`);
  }
  const [w, h] = workSize(width, height);
  if (w === width && h === height) {
    if (x.dtype === 'float32' && await hasNonFinite(x as tf.Tensor3D)) throw new Error(NON_FINITE);
    return toRgbFloat(x as tf.Tensor3D);
  }
  // Every pixel falls in one averaging box, so NaN or ±Infinity anywhere shows in the small copy.
  const small = await downscaleTensor(x as tf.Tensor3D, w, h);
  if (!small.every(Number.isFinite)) throw new Error(NON_FINITE);
  return tf.tidy(() => toRgbFloat(tf.tensor3d(small, [h, w, channels], 'float32')));
}

function fromPixelData(pixels: PixelData): tf.Tensor3D {
  const { data, width, height } = pixels;
  checkSize(width, height, 'pixel buffer');
  const scale = pixelScale(data);
  const unit = scale === 1 ? 'bytes' : 'samples';
  const channels = pixels.channels ?? data.length / (width * height);
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new Error(
      `Pixel data of ${data.length} ${unit} does not fit ${width}×${height} with 1, 3 or 4 channels: ` +
      `pass {data, width, height} with data.length = width × height × channels.`);
  }
  if (data.length !== width * height * channels) {
    throw new Error(`Pixel data has ${data.length} ${unit}, expected ${width}×${height}×${channels} = ${width * height * channels}.`);
  }
  // Large buffers are averaged down in JavaScript first, so the full-size image never reaches the backend's heap.
  const [w, h] = workSize(width, height);
  const values = w === width && h === height ? fullSize(data, scale) : downscalePixels(data, width, height, channels, w, h, scale);
  return tf.tidy(() => toRgbFloat(tf.tensor3d(values, [h, w, channels], 'float32')));
}

function domSize(input: DomPixels): [number, number] {
  if (isInstance(input, 'HTMLVideoElement')) {
    const video = input as HTMLVideoElement;
    if (video.readyState < 2) {
      throw new Error(
        `The video has no frame yet (readyState ${video.readyState} < 2 HAVE_CURRENT_DATA): ` +
        `wait for its 'loadeddata' event before calling estimateDepth.`);
    }
    return [video.videoWidth, video.videoHeight];
  }
  if (isInstance(input, 'HTMLImageElement')) {
    const image = input as HTMLImageElement;
    if (!image.complete || image.naturalWidth === 0) {
      throw new Error('The image has not loaded (or failed to decode): await image.decode() or its load event first.');
    }
    return [image.naturalWidth, image.naturalHeight];
  }
  const sized = input as { width: number; height: number };
  return [sized.width, sized.height];
}

function isDomPixels(input: unknown): input is DomPixels {
  return ['ImageData', 'HTMLVideoElement', 'HTMLImageElement', 'HTMLCanvasElement', 'ImageBitmap', 'OffscreenCanvas']
    .some((name) => isInstance(input, name));
}

function isPixelData(input: unknown): input is PixelData {
  const p = input as PixelData;
  return p != null && typeof p === 'object' && !ArrayBuffer.isView(p) && 'data' in p &&
    typeof p.width === 'number' && typeof p.height === 'number';
}

/** A Proxy or other look-alike passes `instanceof` but breaks inside typed-array methods with a cryptic TypeError. */
function checkRealArray(value: unknown, what: string): void {
  if (!ArrayBuffer.isView(value)) {
    throw new Error(`The ${what} is not a real typed array (a Proxy or an object that only inherits from one?): pass a plain Uint8Array or Buffer.`);
  }
}

/** Every supported input as an [H, W, 3] float32 tensor with values 0..255, owned by the caller. */
export async function toImageTensor(input: DepthEstimatorInput): Promise<tf.Tensor3D> {
  if (input instanceof tf.Tensor) return fromTensor(input);
  if (isDomPixels(input)) {
    const [width, height] = domSize(input);
    checkSize(width, height, 'image');
    return tf.tidy(() => toRgbFloat(tf.browser.fromPixels(input as Parameters<typeof tf.browser.fromPixels>[0], 3)));
  }
  if (isPixelData(input)) {
    checkRealArray(input.data, 'pixel data');
    return fromPixelData(input);
  }
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    if (input instanceof Uint8Array) checkRealArray(input, 'image buffer');
    const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
    if (bytes.length === 0) throw new Error('The image buffer is empty: pass the bytes of a JPEG, PNG or WebP file.');
    return fromPixelData(await platform().decodeImage(bytes));
  }
  const kind = input === null ? 'null' : typeof input === 'object' ? (input as object).constructor?.name ?? 'object' : typeof input;
  throw new Error(
    `Unsupported input (${kind}): pass a Tensor3D, ImageData, HTMLImageElement, HTMLVideoElement, HTMLCanvasElement, ` +
    `ImageBitmap, OffscreenCanvas, {data, width, height} pixels, or (in Node) encoded image bytes.`);
}
