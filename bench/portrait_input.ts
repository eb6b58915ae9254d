// The 3D-photo benchmarks' input: the official portrait with its person mask and a depth map made from that mask
// (a smooth bump rising from the silhouette), so the figures do not depend on the state of the bundled depth model.
import { join } from 'node:path';
import sharp from 'sharp';
import type { Photo3DInput } from '@relief/photo3d';
import { SAMPLES } from '../test-support/paths.ts';

export const PORTRAIT = join(SAMPLES, 'official_portrait.jpg');
const PORTRAIT_MASK = join(SAMPLES, 'official_portrait_mask.png');

/** Depth and mask resolution: half the photo's, as a depth network's output resampled to the input would roughly be. */
const DEPTH_SCALE = 0.5;
/** How far inside the silhouette (fraction of the long side) the bump reaches its full height. */
const BUMP_REACH = 0.12;
/** Relative depth at the silhouette and how much nearer the deepest interior comes (raw units: ≈ distance / median). */
const RIM_DEPTH = 1.0;
const BUMP_HEIGHT = 0.25;

/** Two-pass chamfer (3-4) distance, in pixels, from each person pixel to the nearest background pixel. */
function insideDistance(person: Uint8Array, w: number, h: number): Float32Array {
  const d = new Float32Array(w * h);
  const big = 1e9;
  for (let i = 0; i < d.length; i++) d[i] = person[i] ? big : 0;
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= w || y >= h ? 0 : d[y * w + x]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (d[i]) d[i] = Math.min(d[i], at(x - 1, y) + 3, at(x, y - 1) + 3, at(x - 1, y - 1) + 4, at(x + 1, y - 1) + 4);
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (d[i]) d[i] = Math.min(d[i], at(x + 1, y) + 3, at(x, y + 1) + 3, at(x + 1, y + 1) + 4, at(x - 1, y + 1) + 4);
    }
  }
  for (let i = 0; i < d.length; i++) d[i] /= 3;
  return d;
}

/**
 * The portrait as Photo3DInput: RGBA photo at full size, person mask (the sample's blue channel) and raw relative
 * depth at half size. Depth is 1.0 at the silhouette rising to 0.75 (nearer) inside it like a rounded slab; the
 * background holds 0, the value the Depth API clips it to.
 */
export async function portraitInput(): Promise<Photo3DInput & { mask: Float32Array }> {
  const photo = await sharp(PORTRAIT).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const width = photo.info.width;
  const height = photo.info.height;
  const dw = Math.round(width * DEPTH_SCALE);
  const dh = Math.round(height * DEPTH_SCALE);
  const maskPixels = await sharp(PORTRAIT_MASK).resize(dw, dh, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const channels = maskPixels.info.channels;
  const person = new Uint8Array(dw * dh);
  for (let i = 0; i < person.length; i++) person[i] = maskPixels.data[channels * i + 2] >= 128 ? 1 : 0;
  const dist = insideDistance(person, dw, dh);
  const reach = BUMP_REACH * Math.max(dw, dh);
  const depth = new Float32Array(dw * dh);
  const mask = new Float32Array(dw * dh);
  for (let i = 0; i < depth.length; i++) {
    if (!person[i]) continue;
    const s = Math.min(dist[i] / reach, 1);
    depth[i] = RIM_DEPTH - BUMP_HEIGHT * Math.sqrt(1 - (1 - s) ** 2);
    mask[i] = 1;
  }
  return {
    image: { data: new Uint8ClampedArray(photo.data.buffer, photo.data.byteOffset, photo.data.length), width, height },
    depth, depthWidth: dw, depthHeight: dh, mask, depthUnits: 'raw',
  };
}
