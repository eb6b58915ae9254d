// An estimate as a DepthPhoto, so the depth-photo writers can store it like a sensor's map.
import { depthPhotoFromDistances, type DepthPhoto } from '@relief/formats';
import type { Photo3DInput } from '@relief/photo3d';

export function depthPhotoFromEstimate(input: Photo3DInput): DepthPhoto {
  return depthPhotoFromDistances(input.image, { data: input.depth, width: input.depthWidth, height: input.depthHeight }, input.mask);
}
