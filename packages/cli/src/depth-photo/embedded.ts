// Depth that came with the photo (iPhone, Android, Lens Blur, XDM): read it, or say why not, and turn it into the
// photo3d input the estimator would otherwise have produced.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Photo3DInput } from '@relief/photo3d';
import { DepthPhotoError, medianNormalised, readDepthPhoto, resampleScalar, toDistances, type DepthPhoto } from '@relief/formats';

/**
 * The photo's embedded depth, or undefined when it has none (an ordinary photo, or a format that cannot carry
 * depth). A depth photo whose depth is damaged is an error, with the way around it.
 */
export async function readEmbeddedDepth(path: string): Promise<DepthPhoto | undefined> {
  const bytes = await readFile(path);
  try {
    return await readDepthPhoto(bytes, basename(path));
  } catch (err) {
    if (err instanceof DepthPhotoError && err.reason !== 'damaged') return undefined;
    if (err instanceof DepthPhotoError) throw new Error(`${err.message} (--estimate ignores the embedded depth and estimates it instead)`);
    throw err;
  }
}

/** What the result line says about the depth used, e.g. "embedded apple-heic disparity + matte". */
export function describeDepth(photo: DepthPhoto | undefined): string {
  if (!photo) return 'estimated';
  return `embedded ${photo.source} ${photo.kind}${photo.matte ? ' + matte' : ''}`;
}

/**
 * Distances median-normalised to photo3d's 'raw' unit (every renderer, WebGL included, assumes it), the matte (if
 * any) as the person mask at the depth map's size.
 */
export function inputFromDepthPhoto(photo: DepthPhoto): Photo3DInput {
  const { depth } = toDistances(photo);
  return {
    image: photo.image,
    depth: medianNormalised(depth.data),
    depthWidth: depth.width,
    depthHeight: depth.height,
    mask: photo.matte ? resampleScalar(photo.matte, depth.width, depth.height).data : undefined,
    depthUnits: 'raw',
  };
}

/** The vertical field of view the file's intrinsics give, if it has them. */
export function fovFromDepthPhoto(photo: DepthPhoto): number | undefined {
  const fy = photo.intrinsics?.fy;
  if (!fy || !(fy > 0)) return undefined;
  const fov = (2 * Math.atan(photo.image.height / 2 / fy) * 180) / Math.PI;
  return fov > 1 && fov < 170 ? fov : undefined;
}
