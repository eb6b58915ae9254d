// Portrait mode: lens blur from depth. A thin lens focused at one depth blurs everything else into discs whose size
// (the circle of confusion) grows with |1 − focus/depth|. Occlusion-aware by working on the 3D photo's two layers:
// the background layer, whose person region is already filled, is blurred on its own (no person colour can bleed
// into it, no background colour into the person), the person on its own by its depth, and the two are
// composited as the camera sees them — so an in-focus person keeps a sharp edge with no halo.
// Within a layer the blur gathers (each pixel averages over its own circle of confusion).
import type { Photo3DLayers } from '../layers.js';
import type { RgbaImage } from '../types.js';
import { tentBlur } from './box-blur.js';
import { depthAtTexels } from './depth-at-texels.js';

export interface LensBlurOptions {
  /**
   * Where to focus, as a point of the photo (0…1, (0, 0) top-left): the depth seen there. Default the head: the
   * median depth of the top fifth of the person (portraits put the face there), or without a person mask the
   * scene's median depth.
   */
  focus?: { x: number; y: number };
  /**
   * Aperture as the blur radius of something infinitely far, a fraction of the photo's long side. Default 0.012
   * (≈ 12 px at 1024 px, an f/1.8 portrait lens's look); 0 keeps everything sharp.
   */
  aperture?: number;
}

export const DEFAULT_APERTURE = 0.012;
/** Things far nearer than the focus would blur without bound; past 3× the far blur they all look alike. */
const MAX_BLUR_FACTOR = 3;
/** Radii between blurred copies of a layer, px: finer where a pixel of difference shows, coarser above. */
const LEVELS = [0, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128];

/** The depth the lens focuses at: what the photo shows at the focus point (the person if it is there), or the head's. */
export function focusDepthAt(layers: Photo3DLayers, focus: LensBlurOptions['focus']): number {
  if (!focus) return headDepth(layers);
  if (!(focus.x >= 0 && focus.x <= 1 && focus.y >= 0 && focus.y <= 1)) {
    throw new Error(`The focus point is a position in the photo from (0, 0) top-left to (1, 1) bottom-right, got (${focus.x}, ${focus.y}).`);
  }
  const { width, height } = layers.foregroundImage;
  const x = Math.min(width - 1, Math.floor(focus.x * width));
  const y = Math.min(height - 1, Math.floor(focus.y * height));
  const onPerson = layers.foregroundImage.data[4 * (y * width + x) + 3] >= 128;
  const depth = depthAtTexels(onPerson ? layers.foreground : layers.background, width, height);
  return depth[y * width + x];
}

/**
 * The depths kept sharp: the depth at the focus point, or by default the head's — the 5th to 95th percentile depth
 * of the top fifth (by rows) of the person, so that a face with real relief (nose to ears) is all in focus, as a
 * phone's portrait mode keeps it; without a person cut-out, the layers' focus depth.
 */
function focusRange(layers: Photo3DLayers, focus: LensBlurOptions['focus']): [number, number] {
  if (focus) {
    const depth = focusDepthAt(layers, focus);
    return [depth, depth];
  }
  const head = headDepths(layers);
  if (head.length === 0) return [layers.focusDepth, layers.focusDepth];
  return [head[Math.floor(0.05 * (head.length - 1))], head[Math.ceil(0.95 * (head.length - 1))]];
}

/** The median of the head's depths (see focusRange); the layers' focus depth without a person cut-out. */
function headDepth(layers: Photo3DLayers): number {
  const head = headDepths(layers);
  return head.length === 0 ? layers.focusDepth : head[head.length >> 1];
}

/** Depths of the top fifth (by rows) of the person, sorted; none without a person cut-out. */
function headDepths(layers: Photo3DLayers): number[] {
  const { foregroundImage: fg, image } = layers;
  if (fg === image) return [];
  const alpha = (p: number): boolean => fg.data[4 * p + 3] >= 128;
  let top = -1;
  let bottom = -1;
  for (let p = 0; p < fg.width * fg.height; p++) {
    if (!alpha(p)) continue;
    const y = Math.floor(p / fg.width);
    if (top < 0) top = y;
    bottom = y;
  }
  if (top < 0) return [];
  const depth = depthAtTexels(layers.foreground, fg.width, fg.height);
  const head: number[] = [];
  const last = top + Math.max(1, Math.round(0.2 * (bottom - top + 1)));
  for (let p = top * fg.width; p < last * fg.width; p++) if (alpha(p)) head.push(depth[p]);
  return head.sort((a, b) => a - b);
}

/**
 * Blur radius in px for each depth: aperture·longSide·|1 − focus/depth|, capped, with focus the nearer end of the
 * sharp range [near, far] for depths in front of it and the farther end for depths behind; 0 within it.
 */
function circleOfConfusion(depth: Float32Array, [near, far]: [number, number], maxRadius: number): Float32Array {
  const out = new Float32Array(depth.length);
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i];
    const off = d < near ? near / d - 1 : d > far ? 1 - far / d : 0;
    out[i] = Math.min(MAX_BLUR_FACTOR * maxRadius, maxRadius * off);
  }
  return out;
}

/**
 * The layers with lens-blurred textures: the background layer by its depth's circle of confusion, the person
 * by its own depth. Geometry is unchanged, so the blurred 3D photo moves as the sharp one does.
 */
export function lensBlurLayers(layers: Photo3DLayers, options: LensBlurOptions = {}): Photo3DLayers {
  const aperture = options.aperture ?? DEFAULT_APERTURE;
  if (!(aperture >= 0 && aperture <= 0.1)) throw new Error(`aperture is a blur radius as a fraction of the photo's long side, from 0 to 0.1; got ${aperture}.`);
  if (aperture === 0) return layers;
  const focus = focusRange(layers, options.focus);
  const longSide = Math.max(layers.image.width, layers.image.height);
  const farRadius = aperture * longSide;
  const bg = layers.backgroundImage;
  const bgRadius = circleOfConfusion(depthAtTexels(layers.background, bg.width, bg.height), focus, farRadius);
  const fg = layers.foregroundImage;
  // The person's depth reaches past its outline (extended from the interior), so an out-of-focus person spreads
  // outwards by its own blur; without a person mask the foreground is the whole photo, opaque.
  const fgRadius = circleOfConfusion(depthAtTexels(layers.foreground, fg.width, fg.height), focus, farRadius);
  return {
    ...layers,
    backgroundImage: toRgba(blurVariable(premultiplied(bg), bg.width, bg.height, bgRadius), bg.width, bg.height),
    foregroundImage: toRgba(blurVariable(premultiplied(fg), fg.width, fg.height, fgRadius), fg.width, fg.height),
  };
}

/**
 * The photo as a lens focused at `focus` would have taken it: the blurred person over the blurred background, at the
 * photo's own camera. `layers` from buildLayers (with the person mask for the occlusion-aware edge).
 */
export function lensBlurImage(layers: Photo3DLayers, options: LensBlurOptions = {}): RgbaImage {
  const blurred = lensBlurLayers(layers, options);
  const { width, height } = blurred.image;
  const fg = blurred.foregroundImage.data;
  const bg = blurred.backgroundImage.data;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    const a = fg[i + 3] / 255;
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(fg[i + c] * a + bg[i + c] * (1 - a));
    data[i + 3] = 255;
  }
  return { data, width, height };
}

function premultiplied(image: RgbaImage): Float32Array {
  const out = new Float32Array(image.data.length);
  for (let i = 0; i < out.length; i += 4) {
    const a = image.data[i + 3] / 255;
    out[i] = image.data[i] * a; out[i + 1] = image.data[i + 1] * a; out[i + 2] = image.data[i + 2] * a; out[i + 3] = a;
  }
  return out;
}

/**
 * A variable blur that gathers: each pixel interpolates between the two blurred copies (premultiplied, so the
 * person's alpha spreads with its colour) whose radii bracket its own. In-focus pixels keep their value exactly —
 * a sharp edge stays sharp — and there are no seams between depths, which scattering slices of the layer would
 * leave where neighbouring slices blur differently.
 */
function blurVariable(data: Float32Array, width: number, height: number, radius: Float32Array): Float32Array {
  let largest = 0;
  for (let p = 0; p < radius.length; p++) largest = Math.max(largest, radius[p]);
  const top = levelIndex(largest);
  const out = new Float32Array(data.length);
  let lower = data;
  for (let level = 1; level <= top; level++) {
    const upper = tentBlur(data, width, height, LEVELS[level]);
    const r0 = LEVELS[level - 1];
    const r1 = LEVELS[level];
    for (let p = 0; p < radius.length; p++) {
      const r = radius[p];
      if (r < r0 || (r > r1 && level < top)) continue;
      const f = Math.min(1, (r - r0) / (r1 - r0));
      for (let c = 0; c < 4; c++) out[4 * p + c] = lower[4 * p + c] * (1 - f) + upper[4 * p + c] * f;
    }
    lower = upper;
  }
  if (top === 0) out.set(data);
  return out;
}

function levelIndex(radius: number): number {
  let k = 0;
  while (k < LEVELS.length - 1 && LEVELS[k] < radius) k++;
  return k;
}

function toRgba(premul: Float32Array, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(premul.length);
  for (let i = 0; i < premul.length; i += 4) {
    const a = premul[i + 3];
    if (a > 0) for (let c = 0; c < 3; c++) data[i + c] = Math.round(premul[i + c] / a);
    data[i + 3] = Math.round(a * 255);
  }
  return { data, width, height };
}
