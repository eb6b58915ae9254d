// Which photos Relief takes, one rule for the web app and the CLI: at least MIN_PHOTO_SIDE px on each side and at
// most MAX_PIXELS in all. Larger photos are never refused for their size below that: each brings them down while
// decoding to what it works at (the web app to 2048 px on the long side, the CLI to the depth estimator's 16.8 MP).
import { MAX_PIXELS } from './errors.js';

/** Below this on either side there is too little to segment or mesh. */
export const MIN_PHOTO_SIDE = 64;

/** Why a photo of width×height is refused ("only 40×50 px: too small …"), or undefined when it is taken. */
export function photoSizeProblem(width: number, height: number): string | undefined {
  if (Math.min(width, height) < MIN_PHOTO_SIDE) {
    return `only ${width}×${height} px: too small for depth; use a photo at least ${MIN_PHOTO_SIDE} px on each side`;
  }
  if (width * height > MAX_PIXELS) {
    return `${width}×${height} px (${((width * height) / 1e6).toFixed(0)} MP): over the ${MAX_PIXELS / 1e6} MP limit; downscale it first`;
  }
  return undefined;
}

/** The largest width×height of the same aspect with at most `maxPixels` pixels (the size itself when it fits). */
export function fitPixels(width: number, height: number, maxPixels: number): { width: number; height: number } {
  if (width * height <= maxPixels) return { width, height };
  const s = Math.sqrt(maxPixels / (width * height));
  return { width: Math.max(1, Math.floor(width * s)), height: Math.max(1, Math.floor(height * s)) };
}
