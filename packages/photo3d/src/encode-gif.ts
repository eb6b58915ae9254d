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

/** Which frames of a `count`-frame loop the global palette is quantised from: up to 12, evenly spread. */
export function paletteFrameIndices(count: number): number[] {
  const picks = Math.min(count, 12);
  return Array.from({ length: picks }, (_, p) => Math.floor((p * count) / picks));
}

/**
 * The global palette from the (prepared) frames at paletteFrameIndices: every `step`-th pixel of each. gifenc
 * clusters colour bins; 5-6-5-bit bins made a colourful loop's palette cost 0.1–0.3 s of CPU (thousands of bins,
 * merged pairwise) for no better fit, so when the sample fills more 4-4-4-bit bins than twice the palette those are
 * used (the official portrait: 14 instead of 312 ms, mean error 3.30 instead of 3.34 levels); few colours (a grey
 * photo: 16 such bins) keep the finer bins.
 */
export function globalPalette(samples: Uint8Array[], colors: number): gifenc.Palette {
  const pixels = samples[0].length / 4;
  const step = Math.max(1, Math.floor((pixels * samples.length) / 262144));
  const out = new Uint8Array(Math.ceil(pixels / step) * samples.length * 4);
  let o = 0;
  for (const f of samples) {
    for (let i = 0; i < pixels; i += step) {
      out.set(f.subarray(4 * i, 4 * i + 4), o);
      o += 4;
    }
  }
  const sample = out.subarray(0, o);
  return lib.quantize(sample, colors, { format: bins444(sample) > 2 * colors ? 'rgb444' : 'rgb565' });
}

/** How many 4-4-4-bit colour bins the RGBA pixels fall in. */
function bins444(rgba: Uint8Array): number {
  const seen = new Uint8Array(4096);
  let count = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const bin = ((rgba[i] >> 4) << 8) | ((rgba[i + 1] >> 4) << 4) | (rgba[i + 2] >> 4);
    if (!seen[bin]) {
      seen[bin] = 1;
      count++;
    }
  }
  return count;
}

/** The palette size the options ask for, checked. */
export function gifColors(options: GifOptions): number {
  const colors = options.colors ?? 256;
  if (!(Number.isInteger(colors) && colors >= 2 && colors <= 256)) throw new Error(`GIF palette size must be 2–256, got ${colors}.`);
  return colors;
}

/** A frame as it is quantised and encoded: dithered when asked, else itself. */
export function prepareGifFrame(rgba: Uint8Array, width: number, height: number, options: GifOptions): Uint8Array {
  if (!options.dither) return rgba;
  // Noise about one palette step: 256 colours over the RGB cube are ~40 levels apart per axis at worst, usually far less.
  return dithered(rgba, width, height, 2 * Math.cbrt((256 * 256 * 256) / gifColors(options)) / 4);
}

/** What every frame of one GIF shares: the (dithered) frames, the global palette if any, the delays. */
export interface GifPlan {
  frames: Uint8Array[];
  /** One palette for all frames, or undefined for a palette per frame. */
  palette: gifenc.Palette | undefined;
  colors: number;
  delays: number[];
}

/** Checks the frames and options, dithers, and quantises the global palette (the sequential part of encoding). */
export function planGif(frames: Uint8Array[], width: number, height: number, timing: LoopTiming, options: GifOptions = {}): GifPlan {
  if (frames.length !== timing.frames) throw new Error(`encodeGif: got ${frames.length} frames for a ${timing.frames}-frame loop.`);
  for (const f of frames) {
    if (f.length !== width * height * 4) throw new Error(`encodeGif: a frame has ${f.length} bytes, expected ${width}×${height}×4.`);
  }
  const colors = gifColors(options);
  const prepared = frames.map((f) => prepareGifFrame(f, width, height, options));
  const palette = options.palette === 'per-frame' ? undefined : globalPalette(paletteFrameIndices(prepared.length).map((i) => prepared[i]), colors);
  return { frames: prepared, palette, colors, delays: gifDelaysMs(timing) };
}

/** Per palette (one object per thread for a shared palette): RGB565 bin → palette index, -1 until first needed. */
const binTables = new WeakMap<gifenc.Palette, Int16Array>();

/**
 * Each pixel's palette index, looked up by its 5-6-5-bit colour bin in a table kept for as long as the palette is:
 * gifenc's applyPalette rebuilds its cache for every frame, half of a 512² frame's encoding time. A bin maps to the
 * colour nearest its centre (not to the first pixel seen in it), so the table depends on the palette alone and
 * threads encoding different frames write the same bytes.
 */
function paletteIndices(rgba: Uint8Array, palette: gifenc.Palette): Uint8Array {
  let table = binTables.get(palette);
  if (!table) binTables.set(palette, (table = new Int16Array(65536).fill(-1)));
  const out = new Uint8Array(rgba.length >> 2);
  for (let i = 0, p = 0; p < out.length; i += 4, p++) {
    const bin = ((rgba[i] >> 3) << 11) | ((rgba[i + 1] >> 2) << 5) | (rgba[i + 2] >> 3);
    let index = table[bin];
    if (index < 0) {
      index = table[bin] = lib.nearestColorIndex(palette, [((bin >> 11) << 3) | 4, (((bin >> 5) & 63) << 2) | 2, ((bin & 31) << 3) | 4]);
    }
    out[p] = index;
  }
  return out;
}

/**
 * The GIF's opening (header, screen descriptor, global colour table, loop extension) with frame 0, or a later
 * frame's own block (control extension, descriptor, local table when per-frame, LZW pixels). Frames are independent
 * (LZW restarts each frame), so blocks can be made on other threads and concatenated.
 */
export function encodeGifFrame(rgba: Uint8Array, width: number, height: number, index: number, plan: Pick<GifPlan, 'palette' | 'colors' | 'delays'>): Uint8Array {
  const palette = plan.palette ?? lib.quantize(rgba, plan.colors);
  const encoder = lib.GIFEncoder({ auto: index === 0, initialCapacity: width * height });
  encoder.writeFrame(paletteIndices(rgba, palette), width, height, {
    palette: index === 0 || !plan.palette ? palette : undefined,
    delay: plan.delays[index],
    repeat: 0,
  });
  return encoder.bytesView();
}

/** The trailer that ends a GIF after its last frame. */
const GIF_TRAILER = 0x3b;

/** Concatenates the opening block, the later frames' blocks and the trailer. */
export function joinGif(blocks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 1));
  let o = 0;
  for (const b of blocks) {
    out.set(b, o);
    o += b.length;
  }
  out[o] = GIF_TRAILER;
  return out;
}

/**
 * Encodes RGBA frames (top row first, all width×height) as a forever-looping GIF with the loop's exact timing.
 * Pure: runs in Node and in browsers.
 */
export function encodeGif(frames: Uint8Array[], width: number, height: number, timing: LoopTiming, options: GifOptions = {}): Uint8Array {
  const plan = planGif(frames, width, height, timing, options);
  return joinGif(plan.frames.map((rgba, i) => encodeGifFrame(rgba, width, height, i, plan)));
}
