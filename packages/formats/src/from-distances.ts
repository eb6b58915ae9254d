// A distance map from elsewhere (Relief's estimator, a renderer) wrapped as a DepthPhoto, so every writer takes it.
import type { DepthPhoto, ScalarImage } from './types.js';

/**
 * `mask` (person probability at the depth map's size) marks where the distances are valid: an estimator gives no
 * depth outside the person, so those pixels go to 1.5 × the person's farthest distance — the plane photo3d puts the
 * background on — and viewers of the written file see a backdrop rather than a hole at the camera. The mask is
 * kept as the matte.
 */
export function depthPhotoFromDistances(image: { data: Uint8Array | Uint8ClampedArray; width: number; height: number }, depth: ScalarImage, mask?: Float32Array): DepthPhoto {
  let far = 0;
  for (let i = 0; i < depth.data.length; i++) if (!mask || mask[i] >= 0.5) far = Math.max(far, depth.data[i]);
  const backdrop = 1.5 * (far || 1);
  const data = mask ? depth.data.map((d, i) => (mask[i] >= 0.5 ? d : backdrop)) : Float32Array.from(depth.data);
  let near = Infinity;
  for (const d of data) near = Math.min(near, d);
  const px = image.data;
  return {
    image: { data: px instanceof Uint8ClampedArray ? px : new Uint8ClampedArray(px.buffer, px.byteOffset, px.byteLength), width: image.width, height: image.height },
    depth: { data, width: depth.width, height: depth.height },
    kind: 'depth',
    units: 'relative',
    near,
    far: mask ? backdrop : far,
    matte: mask ? { data: mask, width: depth.width, height: depth.height } : undefined,
    source: 'estimated',
  };
}
