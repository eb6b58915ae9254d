// A photo and its estimated depth as @relief/photo3d's input: what both `mesh` and `photo3d` build on.
import type { Photo3DInput } from '@relief/photo3d';
import { inputFromDepthMap } from '@relief/photo3d';
import sharp from 'sharp';
import type { ProgressFn } from '../batch.js';
import type { DepthWorker } from '../depth/depth-worker.js';
import { ESTIMATOR_PIXELS, isRasterPhoto } from '../depth/raster-photo.js';
import { open } from 'node:fs/promises';

/**
 * The full 0…1 range keeps every raw depth the network can give (it outputs ≈ 0…2) unclipped, so the mesh is not
 * flattened where the demo's 0.2…0.9 would clamp.
 */
export const MESH_DEPTH_RANGE = { minDepth: 0, maxDepth: 1, flipHorizontal: false };

export async function photo3dInput(path: string, worker: DepthWorker, skipSegmentation: boolean, progress: ProgressFn): Promise<Photo3DInput> {
  // Decoded here while the worker estimates (it is idle time on this thread), when it is a photo of at most the
  // estimator's working size; anything else is decoded after, to the size the depth came back at.
  const ahead = isRasterPhoto(await head(path)) ? decode(sharp(path, { limitInputPixels: ESTIMATOR_PIXELS }).rotate()) : undefined;
  ahead?.catch(() => {});
  const result = await worker.estimate(path, [], true, progress);
  // Same EXIF rotation as the depth estimator applies, so pixels and depth line up; photos above the estimator's
  // working size (16.8 MP) get a depth map at that size, and the photo is brought to it.
  const early = await ahead?.catch(() => undefined);
  const { data, info } = early && early.info.width === result.width && early.info.height === result.height
    ? early
    : await decode(sharp(path).rotate().resize(result.width, result.height, { fit: 'fill' }));
  const { depth, mask } = result.arrays!;
  return inputFromDepthMap({ data, width: info.width, height: info.height }, {
    values: depth,
    width: result.width,
    height: result.height,
    config: MESH_DEPTH_RANGE,
    mask: skipSegmentation ? undefined : mask,
  });
}

function decode(image: sharp.Sharp) {
  return image.toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
}

/** The file's first bytes: enough to tell its format. */
async function head(path: string): Promise<Uint8Array> {
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(new Uint8Array(16), 0, 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
