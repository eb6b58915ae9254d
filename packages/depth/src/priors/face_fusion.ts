import * as tf from '@tensorflow/tfjs-core';
import type { FaceRaster } from './face_raster.js';

export interface FacePriorField {
  raster: FaceRaster;
  /** Overall trust in this face in [0, 1] (confidence, pose, size), multiplied into the raster's weight. */
  strength: number;
}

/**
 * Replaces the network's face with the face mesh's relief, placed at the network's own depth. The mesh gives depth
 * relative to the camera distance (dz / D); in the network's units that is raw = r0 · (1 + dz / D), where r0 — the
 * network's raw depth of the face — is the weighted least-squares fit to the network's output over the face. The
 * network keeps everything the mesh does not cover (hair, ears, neck) and the outline is feathered.
 * `raw` and `keep` (1 = person, 0 = background) are [1, h, w, 1] at the raster's size; background stays untouched.
 */
export function fuseFacePriors(raw: tf.Tensor4D, keep: tf.Tensor4D, fields: FacePriorField[]): tf.Tensor4D {
  return tf.tidy(() => {
    let out = raw;
    for (const { raster, strength } of fields) {
      if (!(strength > 0)) continue;
      const shape: [number, number, number, number] = [1, raster.height, raster.width, 1];
      const w = tf.mul(tf.mul(tf.tensor4d(raster.weight, shape), keep), strength);
      const z = tf.tensor4d(raster.relative, shape);
      const MODE = (globalThis as any).process?.env?.RELIEF_FUSION ?? 'phys';
      let prior: tf.Tensor;
      if (MODE === 'phys') {
        const onePlusZ = tf.add(z, 1);
        const num = tf.sum(tf.mul(tf.mul(w, out), onePlusZ));
        const den = tf.maximum(tf.sum(tf.mul(w, tf.square(onePlusZ))), 1e-6);
        prior = tf.mul(tf.div(num, den), onePlusZ);
      } else {
        const sw = tf.maximum(tf.sum(w), 1e-6);
        const mz = tf.div(tf.sum(tf.mul(w, z)), sw);
        const mr = tf.div(tf.sum(tf.mul(w, out)), sw);
        const dz = tf.sub(z, mz);
        const bFit = tf.div(tf.sum(tf.mul(tf.mul(w, dz), tf.sub(out, mr))), tf.maximum(tf.sum(tf.mul(w, tf.square(dz))), 1e-9));
        const bPhys = mr;
        const gain = Number((globalThis as any).process?.env?.RELIEF_GAIN ?? '1');
        const b = MODE === 'fit' ? tf.maximum(bFit, 0) : MODE === 'geo' ? tf.sqrt(tf.mul(tf.maximum(bFit, 0), bPhys)) : tf.mul(bPhys, gain);
        prior = tf.add(mr, tf.mul(b, dz));
      }
      out = tf.add(out, tf.mul(w, tf.sub(prior, out)));
    }
    return out;
  });
}
