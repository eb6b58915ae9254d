import * as gifenc from 'gifenc';
import type { LoopTiming } from './loop-timing.js';
import { gifDelaysMs } from './loop-timing.js';

// gifenc is CommonJS for Node (everything on `default`) and ESM for bundlers (named exports).
const lib: typeof gifenc = (gifenc as { GIFEncoder?: unknown }).GIFEncoder
  ? gifenc
  : (gifenc as unknown as { default: typeof gifenc }).default;

export interface GifOptions {
  /** 'global': one palette quantised from a sample of all frames (stable colours, smaller file, fastest); 'per-frame'. Default 'global'. */
  palette?: 'global' | 'per-frame';
  /**
   * Ordered (Bayer 4×4) dithering: hides banding in smooth gradients and, unlike error diffusion, does not crawl
   * between frames; costs about twice the encoding time (noisier frames compress worse). Default false.
   */
  dither?: boolean;
  /** Palette size, 2–256. Default 256. */
  colors?: number;
}

const BAYER4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];

function dithered(rgba: Uint8Array, width: number, height: number, strength: number): Uint8Array {
  // Uint8ClampedArray clamps on write, which keeps the hot loop branch-free.
  const out = new Uint8ClampedArray(rgba.length);
  const offsets = BAYER4.map((b) => (b / 16 - 0.5) * strength);
  for (let y = 0; y < height; y++) {
    const row = (y & 3) << 2;
    for (let x = 0, i = 4 * y * width; x < width; x++, i += 4) {
      const offset = offsets[row | (x & 3)];
      out[i] = rgba[i] + offset;
      out[i + 1] = rgba[i + 1] + offset;
      out[i + 2] = rgba[i + 2] + offset;
      out[i + 3] = 255;
    }
  }
  return new Uint8Array(out.buffer);
}

/** Every `step`-th pixel of up to 12 evenly spread frames, as one RGBA buffer to quantise. */
function paletteSample(frames: Uint8Array[]): Uint8Array {
  const picks = Math.min(frames.length, 12);
  const pixels = frames[0].length / 4;
  const step = Math.max(1, Math.floor((pixels * picks) / 262144));
  const out = new Uint8Array(Math.ceil(pixels / step) * picks * 4);
  let o = 0;
  for (let p = 0; p < picks; p++) {
    const f = frames[Math.floor((p * frames.length) / picks)];
    for (let i = 0; i < pixels; i += step) {
      out.set(f.subarray(4 * i, 4 * i + 4), o);
      o += 4;
    }
  }
  return out.subarray(0, o);
}

/**
 * Encodes RGBA frames (top row first, all width×height) as a forever-looping GIF with the loop's exact timing.
 * Pure: runs in Node and in browsers.
 */
export function encodeGif(frames: Uint8Array[], width: number, height: number, timing: LoopTiming, options: GifOptions = {}): Uint8Array {
  if (frames.length !== timing.frames) throw new Error(`encodeGif: got ${frames.length} frames for a ${timing.frames}-frame loop.`);
  for (const f of frames) {
    if (f.length !== width * height * 4) throw new Error(`encodeGif: a frame has ${f.length} bytes, expected ${width}×${height}×4.`);
  }
  const colors = options.colors ?? 256;
  if (!(Number.isInteger(colors) && colors >= 2 && colors <= 256)) throw new Error(`GIF palette size must be 2–256, got ${colors}.`);
  const dither = options.dither ?? false;
  // Noise about one palette step: 256 colours over the RGB cube are ~40 levels apart per axis at worst, usually far less.
  const strength = 2 * Math.cbrt((256 * 256 * 256) / colors) / 4;
  const delays = gifDelaysMs(timing);
  const prepared = dither ? frames.map((f) => dithered(f, width, height, strength)) : frames;
  const global = options.palette === 'per-frame' ? undefined : lib.quantize(paletteSample(prepared), colors);
  const encoder = lib.GIFEncoder();
  prepared.forEach((rgba, i) => {
    const palette = global ?? lib.quantize(rgba, colors);
    const index = lib.applyPalette(rgba, palette);
    encoder.writeFrame(index, width, height, { palette: i === 0 || !global ? palette : undefined, delay: delays[i], repeat: 0 });
  });
  encoder.finish();
  return encoder.bytes();
}
