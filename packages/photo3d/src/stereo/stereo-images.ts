// Stills and loops for stereo viewing: side-by-side pairs (parallel or cross-eyed), red–cyan anaglyphs and
// Looking Glass quilts, all drawn by the software renderer so they work in Node and browsers alike.
import { encodeGif } from '../encode-gif.js';
import type { Photo3DLayers } from '../layers.js';
import { loopTiming } from '../loop-timing.js';
import type { RgbaImage } from '../types.js';
import { DEFAULT_EYE_SEPARATION, renderOffsets, renderStereoLoop, type ViewSize } from './views.js';

export interface StereoOptions extends ViewSize {
  /** Half the eye distance as a fraction of the subject distance (default DEFAULT_EYE_SEPARATION). */
  eye?: number;
}

function eyes(layers: Photo3DLayers, o: StereoOptions): [Uint8Array, Uint8Array] {
  const [left, right] = renderOffsets(layers, o, [-1, 1], o.eye ?? DEFAULT_EYE_SEPARATION);
  return [left, right];
}

function beside(a: Uint8Array, b: Uint8Array, w: number, h: number): RgbaImage {
  const out = new Uint8Array(w * 2 * h * 4);
  for (let y = 0; y < h; y++) {
    out.set(a.subarray(y * w * 4, (y + 1) * w * 4), y * w * 8);
    out.set(b.subarray(y * w * 4, (y + 1) * w * 4), y * w * 8 + w * 4);
  }
  return { data: out, width: w * 2, height: h };
}

/** Two views side by side: parallel (left eye on the left, for stereoscopes and VR) or cross-eyed (swapped). */
export function sideBySide(layers: Photo3DLayers, options: StereoOptions & { crossEyed?: boolean }): RgbaImage {
  const [left, right] = eyes(layers, options);
  return options.crossEyed ? beside(right, left, options.width, options.height) : beside(left, right, options.width, options.height);
}

/** Red–cyan colour anaglyph: red from the left eye, green and blue from the right (red filter on the left eye). */
export function anaglyphPixels(left: Uint8Array, right: Uint8Array): Uint8Array {
  const out = new Uint8Array(left.length);
  for (let i = 0; i < left.length; i += 4) {
    out[i] = left[i];
    out[i + 1] = right[i + 1];
    out[i + 2] = right[i + 2];
    out[i + 3] = 255;
  }
  return out;
}

export function anaglyph(layers: Photo3DLayers, options: StereoOptions): RgbaImage {
  const [left, right] = eyes(layers, options);
  return { data: anaglyphPixels(left, right), width: options.width, height: options.height };
}

export interface AnaglyphLoopOptions extends StereoOptions {
  fps?: number;
  seconds?: number;
  path?: 'circle' | 'swing';
}

/** An animated anaglyph GIF: the camera loop, each frame seen through red–cyan glasses. */
export function anaglyphGif(layers: Photo3DLayers, options: AnaglyphLoopOptions): Uint8Array {
  const timing = loopTiming(options.fps ?? 15, options.seconds ?? 3);
  const pairs = renderStereoLoop(layers, options, timing.frames, options.path ?? 'swing', options.eye ?? DEFAULT_EYE_SEPARATION);
  return encodeGif(pairs.map(([l, r]) => anaglyphPixels(l, r)), options.width, options.height, timing);
}

export interface QuiltOptions extends ViewSize {
  columns: number;
  rows: number;
  /** How far the outermost views move sideways, as a fraction of the subject distance (default 0.08). */
  spread?: number;
}

/**
 * A Looking Glass quilt: columns × rows views (e.g. 8×6 for Portrait) from the leftmost camera to the rightmost,
 * view 0 at the bottom left, then left to right and bottom to top, as Looking Glass software reads them. Save it
 * as `name_qs{columns}x{rows}a{aspect}.png` (quiltFileSuffix) so the display recognises the layout.
 */
export function quilt(layers: Photo3DLayers, options: QuiltOptions): RgbaImage {
  const { columns, rows, width: w, height: h } = options;
  if (!(Number.isInteger(columns) && Number.isInteger(rows) && columns >= 1 && rows >= 1 && columns * rows >= 2 && columns * rows <= 256)) {
    throw new Error(`A quilt needs whole columns × rows with 2 to 256 views, got ${columns}×${rows}.`);
  }
  const n = columns * rows;
  const offsets = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const views = renderOffsets(layers, options, offsets, options.spread ?? 0.08);
  const out = new Uint8Array(columns * w * rows * h * 4);
  const stride = columns * w * 4;
  views.forEach((view, i) => {
    const x0 = (i % columns) * w;
    const y0 = (rows - 1 - Math.floor(i / columns)) * h;
    for (let y = 0; y < h; y++) out.set(view.subarray(y * w * 4, (y + 1) * w * 4), (y0 + y) * stride + x0 * 4);
  });
  return { data: out, width: columns * w, height: rows * h };
}

/** The file-name tag Looking Glass Studio reads a quilt's layout from, e.g. `_qs8x6a0.75`. */
export function quiltFileSuffix(columns: number, rows: number, width: number, height: number): string {
  return `_qs${columns}x${rows}a${Number((width / height).toFixed(4))}`;
}
