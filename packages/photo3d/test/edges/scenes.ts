// Synthetic edge scenes where the truth is known: people from the synth renderer (their binary mask at 4× the scene's
// size, box-filtered 4× down, gives true fractional coverage, hair included) composited over crops of the HDR
// environment maps, so the photo is exactly α·F + (1 − α)·B with F, B and α all known.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { FloatType } from 'three';
import { HDRLoader } from 'three/examples/jsm/loaders/HDRLoader.js';

export const DOWNSCALE = 4;

export interface EdgeScene {
  name: string;
  width: number;
  height: number;
  /** The photo, RGBA. */
  image: Uint8ClampedArray;
  /** True coverage, foreground and background colours (RGB floats, 0…255). */
  alpha: Float32Array;
  foreground: Float32Array;
  background: Float32Array;
  /** What a segmenter would give: the coverage at a quarter of the scene's size, slightly blurred. */
  mask: Float32Array;
  maskWidth: number;
  maskHeight: number;
}

/** Sample indices in a synth output folder (`npm run synth -- … --out dir`). */
export function renderIds(dir: string): string[] {
  return readdirSync(join(dir, 'shard-00000')).filter((f) => f.endsWith('.color.png')).map((f) => f.slice(0, -'.color.png'.length)).sort();
}

async function rawPng(file: string, channels: 3 | 1) {
  const img = sharp(file);
  const { data, info } = await (channels === 3 ? img.removeAlpha() : img.extractChannel(0)).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A width×height crop of an HDR environment map, tone-mapped (exposure to mid-grey, then sRGB) to 0…255 floats. */
export function hdrBackground(file: string, width: number, height: number, seed: number): Float32Array {
  const buf = readFileSync(file);
  const hdr = new HDRLoader().setDataType(FloatType).parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length)) as unknown as
    { width: number; height: number; data: Float32Array };
  // Scale the map so the crop is the scene's size at 1.5× the map's texel density; crop from the horizon band.
  const step = Math.min(hdr.width / (width * 1.5), (hdr.height * 0.7) / height);
  const x0 = ((seed * 7919) % Math.max(1, Math.floor(hdr.width - width * step)));
  const y0 = Math.floor(hdr.height * 0.15);
  const lin = new Float32Array(3 * width * height);
  let lum = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.min(hdr.width - 1, Math.floor(x0 + x * step));
      const sy = Math.min(hdr.height - 1, Math.floor(y0 + y * step));
      for (let c = 0; c < 3; c++) lin[3 * (y * width + x) + c] = hdr.data[4 * (sy * hdr.width + sx) + c];
      lum += hdr.data[4 * (sy * hdr.width + sx) + 1];
    }
  }
  const exposure = 0.25 / Math.max(lum / (width * height), 1e-6);
  const out = new Float32Array(lin.length);
  for (let i = 0; i < lin.length; i++) {
    const v = 1 - Math.exp(-exposure * lin[i]);
    out[i] = 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);
  }
  return out;
}

/** Builds scene `id` of a synth folder over `backgroundFile`. */
export async function edgeScene(dir: string, id: string, backgroundFile: string, seed: number): Promise<EdgeScene> {
  const color = await rawPng(join(dir, 'shard-00000', `${id}.color.png`), 3);
  const person = await rawPng(join(dir, 'shard-00000', `${id}.mask.png`), 1);
  const width = Math.floor(color.width / DOWNSCALE);
  const height = Math.floor(color.height / DOWNSCALE);
  const n = width * height;
  const alpha = new Float32Array(n);
  const foreground = new Float32Array(3 * n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let covered = 0;
      const sum = [0, 0, 0];
      for (let dy = 0; dy < DOWNSCALE; dy++) {
        for (let dx = 0; dx < DOWNSCALE; dx++) {
          const j = (y * DOWNSCALE + dy) * color.width + x * DOWNSCALE + dx;
          if (person.data[j] < 128) continue;
          covered++;
          for (let c = 0; c < 3; c++) sum[c] += color.data[3 * j + c];
        }
      }
      const i = y * width + x;
      alpha[i] = covered / (DOWNSCALE * DOWNSCALE);
      for (let c = 0; c < 3; c++) foreground[3 * i + c] = covered ? sum[c] / covered : 0;
    }
  }
  const background = hdrBackground(backgroundFile, width, height, seed);
  const image = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) image[4 * i + c] = Math.round(alpha[i] * foreground[3 * i + c] + (1 - alpha[i]) * background[3 * i + c]);
    image[4 * i + 3] = 255;
  }
  const { mask, maskWidth, maskHeight } = segmenterLike(alpha, width, height);
  return { name: id, width, height, image, alpha, foreground, background, mask, maskWidth, maskHeight };
}

/** Coverage box-filtered to a quarter of the size, then a 3×3 blur: soft and blocky like a low-resolution segmenter. */
function segmenterLike(alpha: Float32Array, width: number, height: number) {
  const mw = Math.floor(width / 4), mh = Math.floor(height / 4);
  const small = new Float32Array(mw * mh);
  for (let y = 0; y < mh; y++) {
    for (let x = 0; x < mw; x++) {
      let s = 0;
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) s += alpha[(4 * y + dy) * width + 4 * x + dx];
      small[y * mw + x] = s / 16;
    }
  }
  const mask = new Float32Array(mw * mh);
  for (let y = 0; y < mh; y++) {
    for (let x = 0; x < mw; x++) {
      let s = 0, k = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy, xx = x + dx;
          if (yy < 0 || xx < 0 || yy >= mh || xx >= mw) continue;
          s += small[yy * mw + xx]; k++;
        }
      }
      mask[y * mw + x] = s / k;
    }
  }
  return { mask, maskWidth: mw, maskHeight: mh };
}
