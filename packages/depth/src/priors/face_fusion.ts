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
 * How much of the face's plane — its level and tilt, the weighted least-squares plane of (prior − network) over the
 * face — comes from the mesh's fitted pose; the rest stays the network's. The mesh's relief is always taken whole.
 * On held-out renders (docs/MODEL.md, tenth round) the half-and-half plane beat both whole planes: v5's tilt alone
 * keeps the mesh's relief from lifting selfie faces (face ρ 0.806 vs 0.823), the mesh's alone costs selfie and
 * head-and-shoulders faces (0.817 / 0.736 vs 0.823 / 0.746) — two independent estimates of the head's tilt, averaged.
 */
const MESH_PLANE_SHARE = 0.5;

/**
 * Replaces the network's face with the face mesh's relief, placed at the network's own depth. The mesh gives depth
 * relative to the camera distance (dz / D); in the network's units that is raw = r0 · (1 + k · dz / D) with the mesh's
 * relief gain k, where r0 — the network's raw depth of the face — is the weighted least-squares fit to the network's
 * output over the face. The face's plane is shared with the network (MESH_PLANE_SHARE); the network keeps everything
 * the mesh does not cover (hair, ears, neck) and the outline is feathered.
 * Works at the image's resolution, so small details (nose, lips) survive: `depth` is the mapped [0, 1] map [H, W],
 * `raw` the network's output [1, h, w, 1] (unclipped, for the fit) and `keep` [H, W] is 1 on the person, 0 on the
 * background, which stays untouched.
 */
export function fuseFacePriors(depth: tf.Tensor2D, raw: tf.Tensor4D, keep: tf.Tensor2D, fields: FacePriorField[],
  config: EstimationConfig): tf.Tensor2D {
  return tf.tidy(() => {
    const [height, width] = depth.shape;
    const rawFull = tf.squeeze(tf.image.resizeBilinear(raw, [height, width]), [0, 3]) as tf.Tensor2D;
    const range = config.maxDepth - config.minDepth;
    let out = depth;
    for (const { raster, strength } of fields) {
      // Everything happens in the raster's window: outside it the weight is 0.
      const window = <T extends tf.Tensor2D>(t: T) => tf.slice(t, [raster.y0, raster.x0], [raster.height, raster.width]);
      const w = tf.mul(tf.mul(tf.tensor2d(raster.weight, [raster.height, raster.width]), window(keep)), strength) as tf.Tensor2D;
      const onePlusZ = tf.add(tf.mul(tf.tensor2d(raster.relative, [raster.height, raster.width]), MESH_RELIEF_GAIN), 1);
      const num = tf.sum(tf.mul(tf.mul(w, window(rawFull)), onePlusZ));
      // Guarded so a face that lies wholly outside the person mask leaves the map exactly as it was.
      const den = tf.maximum(tf.sum(tf.mul(w, tf.square(onePlusZ))), 1e-6);
      const priorRaw = tf.mul(tf.div(num, den), onePlusZ);
      const prior = tf.clipByValue(tf.div(tf.sub(tf.mul(priorRaw, 0.5), config.minDepth), range), 0, 1);
      const diff = tf.sub(prior, window(out)) as tf.Tensor2D;
      const correction = tf.sub(diff, tf.mul(weightedPlane(diff, w), 1 - MESH_PLANE_SHARE));
      out = tf.add(out, tf.pad(tf.mul(w, correction),
        [[raster.y0, height - raster.y0 - raster.height], [raster.x0, width - raster.x0 - raster.width]]));
    }
    return out as tf.Tensor2D;
  });
}

/**
 * The weighted least-squares plane through `values` (weights `w`), evaluated on the same grid. The moments come from
 * row and column sums, not full-size coordinate grids (with those, fusing one face at 768×1024 took 30 ms on WASM;
 * now 10), about the window's centre for float32's sake; solved about the weighted centroid, where the level
 * decouples from the two slopes; all in tensor ops, no read-back to the CPU.
 */
export function weightedPlane(values: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [height, width] = values.shape;
    const xs = tf.range(-(width - 1) / 2, width / 2, 1, 'float32');
    const ys = tf.range(-(height - 1) / 2, height / 2, 1, 'float32');
    const wv = tf.mul(w, values);
    const wCols = tf.sum(w, 0), wRows = tf.sum(w, 1), vCols = tf.sum(wv, 0), vRows = tf.sum(wv, 1);
    const total = tf.maximum(tf.sum(wCols), 1e-6);
    const mean = (a: tf.Tensor, b: tf.Tensor) => tf.div(tf.sum(tf.mul(a, b)), total);
    const mx = mean(wCols, xs), my = mean(wRows, ys), mv = tf.div(tf.sum(vCols), total);
    const sxx = tf.sub(mean(wCols, tf.square(xs)), tf.square(mx));
    const syy = tf.sub(mean(wRows, tf.square(ys)), tf.square(my));
    const sxy = tf.sub(tf.div(tf.matMul(tf.matMul(tf.reshape(ys, [1, height]), w), tf.reshape(xs, [width, 1])), total),
      tf.mul(mx, my));
    const sxv = tf.sub(mean(vCols, xs), tf.mul(mx, mv)), syv = tf.sub(mean(vRows, ys), tf.mul(my, mv));
    // Weight all on one line (no face raster is) gives no tilt rather than NaN.
    const det = tf.maximum(tf.sub(tf.mul(sxx, syy), tf.square(sxy)), 1e-9);
    const slopeX = tf.div(tf.sub(tf.mul(syy, sxv), tf.mul(sxy, syv)), det);
    const slopeY = tf.div(tf.sub(tf.mul(sxx, syv), tf.mul(sxy, sxv)), det);
    const alongX = tf.reshape(tf.mul(tf.sub(xs, mx), slopeX), [1, width]);
    const alongY = tf.reshape(tf.mul(tf.sub(ys, my), slopeY), [height, 1]);
    return tf.add(tf.add(alongY, alongX), tf.reshape(mv, [1, 1])) as tf.Tensor2D;
  });
}
