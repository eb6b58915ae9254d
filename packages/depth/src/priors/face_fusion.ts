import * as tf from '@tensorflow/tfjs-core';
import type { EstimationConfig } from '../config.js';
import type { FaceRaster } from './face_raster.js';

/**
 * The relief is the mesh's own, unscaled: at the true focal length the face mesh's nose-to-cheek relief matches
 * the renders' (median ratio 0.83–1.02). A gain of 1.5 was used with the old 50 mm default, where it made up for the
 * too-long lens (docs/MODEL.md has both ablations).
 */
const MESH_RELIEF_GAIN = 1;

export interface FacePriorField {
  raster: FaceRaster;
  /** Overall trust in this face in (0, 1] (confidence, pose, size), multiplied into the raster's weight. */
  strength: number;
}

/**
 * Replaces the network's face with the face mesh's relief, placed at the network's own depth. The mesh gives depth
 * relative to the camera distance (dz / D); in the network's units that is raw = r0 · (1 + k · dz / D) with the mesh's
 * relief gain k, where r0 — the network's raw depth of the face — is the weighted least-squares fit to the network's
 * output over the face. The
 * network keeps everything the mesh does not cover (hair, ears, neck) and the outline is feathered.
 * Works at the image's resolution, so small details (nose, lips) survive: `depth` is the mapped [0, 1] map [H, W],
 * `raw` the network's output [1, h, w, 1] (unclipped, for the fit) and `keep` [H, W] is 1 on the person, 0 on the
 * background, which stays untouched.
 */
export function fuseFacePriors(depth: tf.Tensor2D, raw: tf.Tensor4D, keep: tf.Tensor2D, fields: FacePriorField[],
  config: EstimationConfig): tf.Tensor2D {
  return tf.tidy(() => {
    const [height, width] = depth.shape;
    const rawFull = tf.squeeze(tf.image.resizeBilinear(raw, [height, width]), [0, 3]);
    const range = config.maxDepth - config.minDepth;
    let out = depth;
    for (const { raster, strength } of fields) {
      const place = (values: Float32Array) => tf.pad(tf.tensor2d(values, [raster.height, raster.width]),
        [[raster.y0, height - raster.y0 - raster.height], [raster.x0, width - raster.x0 - raster.width]]);
      const w = tf.mul(tf.mul(place(raster.weight), keep), strength);
      const onePlusZ = tf.add(tf.mul(place(raster.relative), MESH_RELIEF_GAIN), 1);
      const num = tf.sum(tf.mul(tf.mul(w, rawFull), onePlusZ));
      // Guarded so a face that lies wholly outside the person mask leaves the map exactly as it was.
      const den = tf.maximum(tf.sum(tf.mul(w, tf.square(onePlusZ))), 1e-6);
      const priorRaw = tf.mul(tf.div(num, den), onePlusZ);
      const prior = tf.clipByValue(tf.div(tf.sub(tf.mul(priorRaw, 0.5), config.minDepth), range), 0, 1);
      out = tf.add(out, tf.mul(w, tf.sub(prior, out)));
    }
    return out as tf.Tensor2D;
  });
}
