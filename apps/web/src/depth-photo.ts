// Photos that carry their own depth (iPhone JPEG/HEIC, Android Dynamic Depth, Lens Blur): read in the page by
// @relief/formats and shown from that depth instead of an estimate, unless the user switches it off.
import { DepthPhotoError, medianNormalised, readDepthPhoto, resampleScalar, toDistances, type DepthPhoto } from '@relief/formats';
import { pixelsFromSource } from '@relief/photo3d';
import { MAX_LONG_SIDE, type LoadedPhoto } from './photo-input.ts';
import type { DepthResult } from './photo-pipeline.ts';

const CANDIDATE = /\.(jpe?g|hei[cf])$/i;

/**
 * The photo with its embedded depth, or undefined for an ordinary photo (then the usual decoder and estimator run).
 * A depth photo whose depth is damaged is also undefined, with `notice` saying why, so the photo is still shown.
 */
export async function loadDepthPhoto(file: Blob, name: string): Promise<{ photo?: LoadedPhoto; notice?: string }> {
  if (!(CANDIDATE.test(name) || /jpeg|heic|heif/.test(file.type))) return {};
  let depthPhoto: DepthPhoto;
  try {
    depthPhoto = await readDepthPhoto(new Uint8Array(await file.arrayBuffer()), `“${name}”`);
  } catch (error) {
    if (error instanceof DepthPhotoError && error.reason === 'damaged') return { notice: `${error.message} Its depth is estimated instead.` };
    if (error instanceof DepthPhotoError) return {};
    throw error;
  }
  const { width, height, data } = depthPhoto.image;
  const full = await createImageBitmap(new ImageData(new Uint8ClampedArray(data), width, height));
  const long = Math.max(width, height);
  if (long <= MAX_LONG_SIDE) return { photo: { bitmap: full, name, depthPhoto } };
  const scale = MAX_LONG_SIDE / long;
  const bitmap = await createImageBitmap(full, { resizeWidth: Math.round(width * scale), resizeHeight: Math.round(height * scale), resizeQuality: 'high' });
  full.close();
  return { photo: { bitmap, name, depthPhoto, notice: `“${name}” is ${width}×${height} px; it was downscaled to ${bitmap.width}×${bitmap.height} for this page.` } };
}

/** "embedded apple-heic disparity + matte", for the notes. */
export function depthLabel(photo: DepthPhoto): string {
  return `${photo.source} ${photo.kind}${photo.matte ? ' + matte' : ''}, ${photo.depth.width}×${photo.depth.height}`;
}

/** The vertical field of view the file's intrinsics give, if any. */
export function depthPhotoFov(photo: DepthPhoto): number | undefined {
  const fy = photo.intrinsics?.fy;
  const fov = fy ? (2 * Math.atan(photo.image.height / 2 / fy) * 180) / Math.PI : NaN;
  return fov > 1 && fov < 170 ? fov : undefined;
}

/**
 * What the panels and the 3D photo are drawn from, as estimatePhoto would give it: Depth API-like values (0 = the
 * nearest, 1 = the farthest distance) at the photo's size for the depth panel; median-normalised distances at the
 * depth map's own size for photo3d; the matte, if any, as the person mask.
 */
export function resultFromDepthPhoto(bitmap: ImageBitmap, photo: DepthPhoto): DepthResult {
  const t0 = performance.now();
  const { width, height } = bitmap;
  const { depth, near, far } = toDistances(photo);
  const unit = { ...depth, data: depth.data.map((d) => (d - near) / (far - near)) };
  const matteAt = (w: number, h: number) => (photo.matte ? resampleScalar(photo.matte, w, h).data : undefined);
  return {
    photo: bitmap,
    width,
    height,
    depth: resampleScalar(unit, width, height).data,
    mask: matteAt(width, height),
    data: {
      image: pixelsFromSource(bitmap),
      depth: medianNormalised(depth.data),
      depthWidth: depth.width,
      depthHeight: depth.height,
      mask: matteAt(depth.width, depth.height),
      depthUnits: 'raw',
    },
    milliseconds: performance.now() - t0,
  };
}
