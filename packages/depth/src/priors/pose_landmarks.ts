import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';

/** BlazePose's 33 body landmarks in image pixels; z is depth relative to the hips in the same pixel units. */
export interface BodyPose {
  /** visibility: in view and not occluded; presence: inside the frame (both in [0, 1]). */
  keypoints: { x: number; y: number; z: number; visibility: number; presence: number }[];
  /** Pose-presence confidence in [0, 1]. */
  score: number;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-Math.max(-80, Math.min(80, v))));

/**
 * Runs BlazePose (lite) on the whole image, letterboxed into its square input: portraits fill most of the frame,
 * so the image itself is the region MediaPipe's person detector would give, without that detector's 6 MB.
 */
export async function detectPose(model: GraphModel, image: tf.Tensor3D): Promise<BodyPose> {
  const size = model.inputs[0]?.shape?.[1] && model.inputs[0].shape[1] > 0 ? model.inputs[0].shape[1] : 256;
  const [height, width] = image.shape;
  const side = Math.max(height, width);
  const s = side / size;
  const x0 = (width - side) / 2;
  const y0 = (height - side) / 2;
  const [ldT, flagT] = tf.tidy(() => {
    // Output pixel (i, j) samples the image at x0 + (i + 0.5)·s − 0.5 (pixel centres); outside is black.
    const t = tf.tensor2d([[s, 0, x0 + s / 2 - 0.5, 0, s, y0 + s / 2 - 0.5, 0, 0]]);
    const x = tf.div(tf.image.transform(tf.expandDims(image, 0) as tf.Tensor4D, t, 'bilinear', 'constant', 0, [size, size]), 255);
    const outs = model.execute(x);
    const list = Array.isArray(outs) ? outs : [outs];
    const ld = list.find((o) => o.size === 195);
    const flag = list.find((o) => o.size === 1);
    if (!ld || !flag) throw new Error('The pose model has no [1, 195] and [1, 1] outputs: pass a MediaPipe BlazePose (lite/full) model.');
    return [tf.keep(ld.clone()), tf.keep(flag.clone())];
  });
  const [raw, flag] = await Promise.all([ldT.data(), flagT.data()]);
  ldT.dispose();
  flagT.dispose();
  const keypoints = [];
  for (let k = 0; k < 33; k++) {
    keypoints.push({
      x: x0 + raw[5 * k]! * s,
      y: y0 + raw[5 * k + 1]! * s,
      z: raw[5 * k + 2]! * s,
      visibility: sigmoid(raw[5 * k + 3]!),
      presence: sigmoid(raw[5 * k + 4]!),
    });
  }
  const f = flag[0]!;
  return { keypoints, score: f >= 0 && f <= 1 ? f : sigmoid(f) };
}
