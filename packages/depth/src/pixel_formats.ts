// What `{data, width, height}` pixel buffers may hold, and the working size every input is brought to.

/**
 * Inputs with more pixels than this are estimated at a reduced size (aspect kept). The networks see 256×256 and
 * 256×192 whatever the input, but the steps before them (masking, scaling) run at the input's size with float32
 * copies of it: at 8192×8192 they needed ≈ 3.3 GB and overran TF.js's WASM heap ("memory access out of bounds",
 * after which the backend is dead). 4096×4096 keeps the peak near 0.8 GB and still takes 12-MP phone photos whole.
 */
export const MAX_WORK_PIXELS = 4096 * 4096;

/** The size an input of width×height is estimated (and its depth map returned) at. */
export function workSize(width: number, height: number): [number, number] {
  if (width * height <= MAX_WORK_PIXELS) return [width, height];
  const s = Math.sqrt(MAX_WORK_PIXELS / (width * height));
  return [Math.max(1, Math.floor(width * s)), Math.max(1, Math.floor(height * s))];
}

/**
 * The factor that brings a buffer's samples to 0..255. Only element types whose range means something for pixels
 * are taken: reading the bytes of a Float32Array or Int16Array as 8-bit pixels gave silently wrong depth.
 */
export function pixelScale(data: ArrayBufferView): number {
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 1;
  if (data instanceof Uint16Array) return 255 / 65535;
  const type = data.constructor?.name ?? 'this array';
  throw new Error(
    `Pixel data in a ${type} is ambiguous (which range is black to white?): pass a Uint8Array or Uint8ClampedArray ` +
    `(0..255) or a Uint16Array (0..65535), or a float32 Tensor3D with values 0..255.`);
}

/** The samples as float32 in 0..255. */
export function fullSize(data: ArrayLike<number>, scale: number): Float32Array {
  const out = new Float32Array(data);
  if (scale !== 1) for (let i = 0; i < out.length; i++) out[i]! *= scale;
  return out;
}

/** Box-filter (area average) downscale of interleaved samples to w×h, as float32 in 0..255. */
export function downscalePixels(data: ArrayLike<number>, width: number, height: number, channels: number,
  w: number, h: number, scale: number): Float32Array {
  const out = new Float32Array(w * h * channels);
  const edges = (n: number, size: number) => Array.from({ length: n + 1 }, (_, i) => Math.round((i * size) / n));
  const xs = edges(w, width);
  const ys = edges(h, height);
  const row = new Float64Array(w * channels);
  for (let y = 0; y < h; y++) {
    row.fill(0);
    for (let sy = ys[y]!; sy < ys[y + 1]!; sy++) {
      const base = sy * width * channels;
      for (let x = 0; x < w; x++) {
        for (let sx = xs[x]!; sx < xs[x + 1]!; sx++) {
          const src = base + sx * channels;
          for (let c = 0; c < channels; c++) row[x * channels + c]! += data[src + c]!;
        }
      }
    }
    for (let x = 0; x < w; x++) {
      const k = scale / ((xs[x + 1]! - xs[x]!) * (ys[y + 1]! - ys[y]!));
      for (let c = 0; c < channels; c++) out[(y * w + x) * channels + c] = row[x * channels + c]! * k;
    }
  }
  return out;
}
