import type { RgbaImage } from '../types.js';

/** One mip level: RGBA packed into 32-bit words (little-endian: 0xAABBGGRR, read as int32), row-major, top row first. */
export interface TextureLevel {
  width: number;
  height: number;
  texels: Int32Array;
}

/**
 * A texture with its mip chain, as the WebGL path uploads it (LinearMipmapLinear minification, mirrored repeat).
 * Levels halve (rounding down, never below 1) like WebGL's generateMipmap; each texel averages its 2×2 parents.
 */
export class SoftTexture {
  readonly levels: TextureLevel[];

  constructor(image: RgbaImage) {
    const { width, height } = image;
    if (image.data.length !== width * height * 4) {
      throw new Error(`Texture data has ${image.data.length} bytes but ${width}×${height} RGBA needs ${width * height * 4}.`);
    }
    // A copy: the source may sit at an offset that is not a multiple of 4 in its buffer.
    const base = new Int32Array(width * height);
    new Uint8Array(base.buffer).set(image.data);
    this.levels = [{ width, height, texels: base }];
    while (this.levels.at(-1)!.width > 1 || this.levels.at(-1)!.height > 1) this.levels.push(halve(this.levels.at(-1)!));
  }
}

const LANES = 0xff00ff;

/** Per-channel average of four packed texels, rounded (two channels per 32-bit word, 10 bits of headroom each). */
function average4(a: number, b: number, c: number, d: number): number {
  const rb = ((a & LANES) + (b & LANES) + (c & LANES) + (d & LANES) + 0x20002) >>> 2;
  const ga = (((a >>> 8) & LANES) + ((b >>> 8) & LANES) + ((c >>> 8) & LANES) + ((d >>> 8) & LANES) + 0x20002) >>> 2;
  return (rb & LANES) | ((ga & LANES) << 8);
}

function halve(level: TextureLevel): TextureLevel {
  const width = Math.max(1, level.width >> 1);
  const height = Math.max(1, level.height >> 1);
  const src = level.texels;
  const sw = level.width;
  const texels = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    const r0 = Math.min(2 * y, level.height - 1) * sw;
    const r1 = Math.min(2 * y + 1, level.height - 1) * sw;
    for (let x = 0; x < width; x++) {
      const x0 = Math.min(2 * x, sw - 1);
      const x1 = Math.min(2 * x + 1, sw - 1);
      texels[y * width + x] = average4(src[r0 + x0], src[r0 + x1], src[r1 + x0], src[r1 + x1]);
    }
  }
  return { width, height, texels };
}

/** GL_MIRRORED_REPEAT for a texel index: …, 1, 0 | 0, 1, …, n−1 | n−1, n−2, … */
function mirror(i: number, n: number): number {
  if (i >= 0 && i < n) return i;
  const period = 2 * n;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

/**
 * a + (b − a)·w/256 per channel, rounded; w in 0…256. Int32 arithmetic throughout (Math.imul, `| 0`): each lane's
 * true sum stays below 2^16, so wrapping the 32-bit word loses nothing and V8 never falls back to doubles.
 */
export function lerpPacked(a: number, b: number, w: number): number {
  const iw = 256 - w;
  const rb = ((Math.imul(a & LANES, iw) + Math.imul(b & LANES, w) | 0) + 0x800080 | 0) >>> 8;
  const ga = ((Math.imul((a >>> 8) & LANES, iw) + Math.imul((b >>> 8) & LANES, w) | 0) + 0x800080 | 0) >>> 8;
  return (rb & LANES) | ((ga & LANES) << 8);
}

/**
 * Bilinear sample at texture coordinates (u, v) (0,0 = top-left corner of the image), mirrored outside [0,1].
 * Positions are fixed point (1/256 texel), which keeps the hot path in int32 registers; small enough for V8 to
 * inline into the rasteriser's pixel loop, with the rare wrapped case as a separate call.
 */
export function sampleBilinear(texels: Int32Array, width: number, height: number, u: number, v: number): number {
  const x = (u * width * 256 - 128) | 0;
  const y = (v * height * 256 - 128) | 0;
  const xf = x >> 8;
  const yf = y >> 8;
  if (xf < 0 || yf < 0 || xf >= width - 1 || yf >= height - 1) return sampleWrapped(texels, width, height, xf, yf, x & 255, y & 255);
  const i = yf * width + xf;
  return blend4(texels[i], texels[i + 1], texels[i + width], texels[i + width + 1], x & 255, y & 255);
}

function sampleWrapped(texels: Int32Array, width: number, height: number, xf: number, yf: number, wx: number, wy: number): number {
  const x0 = mirror(xf, width);
  const x1 = mirror(xf + 1, width);
  const r0 = mirror(yf, height) * width;
  const r1 = mirror(yf + 1, height) * width;
  return blend4(texels[r0 + x0], texels[r0 + x1], texels[r1 + x0], texels[r1 + x1], wx, wy);
}

/** Bilinear blend of four packed texels with weights (wx, wy in 0…255, 1/256 steps) that sum to exactly 256. */
function blend4(a: number, b: number, c: number, d: number, wx: number, wy: number): number {
  const w11 = (wx * wy + 128) >> 8;
  const w01 = wx - w11;
  const w10 = wy - w11;
  const w00 = 256 - wx - wy + w11;
  const rb = ((Math.imul(a & LANES, w00) + Math.imul(b & LANES, w01) | 0) + (Math.imul(c & LANES, w10) + Math.imul(d & LANES, w11) | 0) + 0x800080 | 0) >>> 8;
  const ga = ((Math.imul((a >>> 8) & LANES, w00) + Math.imul((b >>> 8) & LANES, w01) | 0) +
    (Math.imul((c >>> 8) & LANES, w10) + Math.imul((d >>> 8) & LANES, w11) | 0) + 0x800080 | 0) >>> 8;
  return (rb & LANES) | ((ga & LANES) << 8);
}
