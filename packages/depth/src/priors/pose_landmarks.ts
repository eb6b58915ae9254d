import type * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { runOnWindow, sigmoid } from './window_model.js';

/** BlazePose's 33 body landmarks in image pixels; z is depth relative to the hips in the same pixel units. */
export interface BodyPose {
  /** visibility: in view and not occluded, in [0, 1]. */
  keypoints: { x: number; y: number; z: number; visibility: number }[];
  /** Pose-presence confidence in [0, 1]. */
  score: number;
}

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
  // Crop pixel (u, v) shows image pixel (x0 + u·s, y0 + v·s); outside the image is black.
  const { values: raw, score } = await runOnWindow(model, image, [s, 0, x0, 0, s, y0], {
    size, outputSize: 195, fill: 'constant', what: 'BlazePose (lite/full) pose model',
  });
  const keypoints = [];
  for (let k = 0; k < 33; k++) {
    keypoints.push({
      x: x0 + raw[5 * k]! * s,
      y: y0 + raw[5 * k + 1]! * s,
      z: raw[5 * k + 2]! * s,
      visibility: sigmoid(raw[5 * k + 3]!),
    });
  }
  return { keypoints, score };
}
