// Textures for the CPU renderer: decoded once with sharp, scaled to what the output size can show, with a
// box-filtered mip chain. Sampling is bilinear within one mip level chosen per triangle.
import sharp from 'sharp';
import { AssetError } from '../../assets/files.ts';

export interface Texture {
  /** RGBA bytes per level; level 0 is size×size. */
  levels: { size: number; rgba: Uint8Array }[];
  /** Colour textures are sRGB-encoded and decoded to linear light when sampled; data textures (AO) are not. */
  srgb: boolean;
}

/** sRGB byte → linear light, and byte → [0, 1]. */
const SRGB_TO_LINEAR = new Float32Array(256).map((_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});
const UNORM = new Float32Array(256).map((_, i) => i / 255);

function halve(size: number, src: Uint8Array): Uint8Array {
  const s = size >> 1;
  const out = new Uint8Array(new SharedArrayBuffer(s * s * 4));
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const a = ((2 * y) * size + 2 * x) * 4;
      const b = a + size * 4;
      const o = (y * s + x) * 4;
      for (let c = 0; c < 4; c++) out[o + c] = (src[a + c] + src[a + 4 + c] + src[b + c] + src[b + 4 + c] + 2) >> 2;
    }
  }
  return out;
}

/** `maxSize`: the largest level 0 worth keeping (a power of two); smaller images keep their own power-of-two size. */
export async function loadTexture(file: string, maxSize: number, srgb: boolean): Promise<Texture> {
  let rgba: Buffer;
  let size = maxSize;
  try {
    const image = sharp(file);
    const meta = await image.metadata();
    while (size > 1 && size > Math.min(meta.width ?? 0, meta.height ?? 0)) size >>= 1;
    rgba = await image.ensureAlpha().resize(size, size, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  } catch (e) {
    throw new AssetError(file, `cannot decode texture (${(e as Error).message})`);
  }
  // Shared memory: decoded once on the main thread, read by every render thread without copying.
  const level0 = new Uint8Array(new SharedArrayBuffer(rgba.length));
  level0.set(rgba);
  return mipChain(size, level0, srgb);
}

/** A texture from its size×size RGBA level 0 (size a power of two), with the box-filtered levels below it. */
export function mipChain(size: number, level0: Uint8Array, srgb: boolean): Texture {
  const levels: Texture['levels'] = [{ size, rgba: level0 }];
  while (levels[levels.length - 1].size > 1) {
    const last = levels[levels.length - 1];
    levels.push({ size: last.size >> 1, rgba: halve(last.size, last.rgba) });
  }
  return { levels, srgb };
}

/**
 * Bilinear sample at (u, v) (OBJ convention: v up, clamped to the edge), written to out[0..3] as linear RGB and
 * alpha. `lod` is half the log2 of UV area per pixel area (≤ 0): the mip level follows from the texture's size.
 */
export function sampleTexture(t: Texture, u: number, v: number, lod: number, out: Float32Array): void {
  const level = t.levels[Math.min(t.levels.length - 1, Math.max(0, Math.round(lod + t.levels.length - 1)))];
  const n = level.size;
  const fx0 = u * n - 0.5;
  const fy0 = (1 - v) * n - 0.5;
  let x0 = Math.floor(fx0);
  let y0 = Math.floor(fy0);
  const fx = fx0 - x0;
  const fy = fy0 - y0;
  let x1 = x0 + 1;
  let y1 = y0 + 1;
  const max = n - 1;
  x0 = x0 < 0 ? 0 : x0 > max ? max : x0;
  x1 = x1 < 0 ? 0 : x1 > max ? max : x1;
  y0 = y0 < 0 ? 0 : y0 > max ? max : y0;
  y1 = y1 < 0 ? 0 : y1 > max ? max : y1;
  const d = level.rgba;
  const a = (y0 * n + x0) * 4, b = (y0 * n + x1) * 4, c = (y1 * n + x0) * 4, e = (y1 * n + x1) * 4;
  const wa = (1 - fx) * (1 - fy), wb = fx * (1 - fy), wc = (1 - fx) * fy, we = fx * fy;
  const lut = t.srgb ? SRGB_TO_LINEAR : UNORM;
  out[0] = wa * lut[d[a]] + wb * lut[d[b]] + wc * lut[d[c]] + we * lut[d[e]];
  out[1] = wa * lut[d[a + 1]] + wb * lut[d[b + 1]] + wc * lut[d[c + 1]] + we * lut[d[e + 1]];
  out[2] = wa * lut[d[a + 2]] + wb * lut[d[b + 2]] + wc * lut[d[c + 2]] + we * lut[d[e + 2]];
  out[3] = (wa * d[a + 3] + wb * d[b + 3] + wc * d[c + 3] + we * d[e + 3]) / 255;
}
