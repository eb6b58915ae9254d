import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';

/** Logistic function, clamped so huge logits cannot overflow to NaN. */
export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-Math.max(-80, Math.min(80, v))));

export interface WindowRun {
  /** The model's landmark output, read back. */
  values: Float32Array;
  /** Its presence flag as a probability (some conversions end in the sigmoid, others leave the logit). */
  score: number;
}

/**
 * Runs a MediaPipe landmark model (face mesh, pose) on a window of the image: `window` maps crop pixels (size×size,
 * continuous coordinates) to image pixels as [a0, a1, a2, b0, b1, b2]; the window is cut out with
 * tf.image.transform (one kernel on every backend), scaled to [0, 1]. `shrink` > 1 box-filters the image by that
 * factor first, so a window much larger than the crop does not alias. The output of `outputSize` values and the
 * one-value flag are found by size, since converters rename outputs.
 */
export async function runOnWindow(model: GraphModel, image: tf.Tensor3D, window: number[], options: {
  size: number; outputSize: number; fill: 'nearest' | 'constant'; what: string; shrink?: number;
}): Promise<WindowRun> {
  const shrink = options.shrink ?? 1;
  const m = window.map((v) => v / shrink);
  const [valuesT, flagT] = tf.tidy(() => {
    let source = tf.expandDims(image, 0) as tf.Tensor4D;
    if (shrink > 1) source = tf.avgPool(source, shrink, shrink, 'valid');
    // Pixel centres: tf.image.transform samples the input at pixel index coordinates.
    const t = [m[0]!, m[1]!, m[2]! + (m[0]! + m[1]!) / 2 - 0.5, m[3]!, m[4]!, m[5]! + (m[3]! + m[4]!) / 2 - 0.5, 0, 0];
    const x = tf.div(tf.image.transform(source, tf.tensor2d([t]), 'bilinear', options.fill, 0, [options.size, options.size]), 255);
    const outs = model.execute(x);
    const list = Array.isArray(outs) ? outs : [outs];
    const values = list.find((o) => o.size === options.outputSize);
    const flag = list.find((o) => o.size === 1);
    if (!values || !flag) {
      throw new Error(`The ${options.what} has no [1, ${options.outputSize}] and [1, 1] outputs: pass a MediaPipe ${options.what}.`);
    }
    return [tf.keep(values.clone()), tf.keep(flag.clone())];
  });
  try {
    const [values, flag] = await Promise.all([valuesT.data() as Promise<Float32Array>, flagT.data()]);
    const f = flag[0]!;
    return { values, score: f >= 0 && f <= 1 ? f : sigmoid(f) };
  } finally {
    valuesT.dispose();
    flagT.dispose();
  }
}
