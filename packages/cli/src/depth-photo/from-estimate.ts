// An estimate as a DepthPhoto, so the depth-photo writers can store it like a sensor's map.
import type { DepthPhoto } from '@relief/formats';
import type { Photo3DInput } from '@relief/photo3d';

/**
 * The estimator gives no depth outside the person (the Depth API blanks it): those pixels go to 1.5 × the person's
 * farthest depth, the plane photo3d puts the background on, so viewers of the written file see a backdrop rather
 * than a hole at the camera.
 */
export function depthPhotoFromEstimate(input: Photo3DInput): DepthPhoto {
  const mask = input.mask;
  let far = 0;
  for (let i = 0; i < input.depth.length; i++) if (!mask || mask[i] >= 0.5) far = Math.max(far, input.depth[i]);
  const backdrop = 1.5 * (far || 1);
  const data = mask ? input.depth.map((d, i) => (mask[i] >= 0.5 ? d : backdrop)) : Float32Array.from(input.depth);
  let near = Infinity;
  for (const d of data) near = Math.min(near, d);
  return {
    image: { data: new Uint8ClampedArray(input.image.data.buffer, input.image.data.byteOffset, input.image.data.byteLength), width: input.image.width, height: input.image.height },
    depth: { data, width: input.depthWidth, height: input.depthHeight },
    kind: 'depth',
    units: 'relative',
    near,
    far: mask ? backdrop : far,
    matte: mask ? { data: mask, width: input.depthWidth, height: input.depthHeight } : undefined,
    source: 'estimated',
  };
}
