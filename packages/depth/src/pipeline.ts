import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { EstimationConfig } from './config.js';

export interface Networks {
  depth: GraphModel;
  segmentation: GraphModel;
}

export interface PipelineOutput {
  /** H×W in [0, 1]. */
  depth: tf.Tensor2D;
  /** H×W person probability in [0, 1]. */
  mask: tf.Tensor2D;
}

/** [height, width] a graph model's first input wants, read from its signature. */
export function inputSize(model: GraphModel): [number, number] {
  const shape = model.inputs[0]?.shape;
  if (!shape || shape.length !== 4 || !(shape[1]! > 0) || !(shape[2]! > 0) || shape[3] !== 3) {
    throw new Error(
      `The model's input must be [1, height, width, 3], got [${shape?.join(', ') ?? 'unknown'}]: ` +
      `pass an ARPortraitDepth-compatible graph model.`);
  }
  return [shape[1]!, shape[2]!];
}

function predictOne(model: GraphModel, x: tf.Tensor4D): tf.Tensor4D {
  const out = model.predict(x);
  if (!(out instanceof tf.Tensor)) {
    throw new Error('The model returned several outputs; a depth or segmentation model must have exactly one.');
  }
  return out as tf.Tensor4D;
}

/**
 * Person probability at the image's size. The segmenter sees the whole image stretched to its input size,
 * as in the original; models with one output channel give it directly, two-channel ones (the TF Hub
 * export) keep the person in channel 1.
 */
function personProbability(segmentation: GraphModel, image: tf.Tensor3D): tf.Tensor4D {
  const [height, width] = image.shape;
  const size = inputSize(segmentation);
  const x = tf.mul(tf.image.resizeBilinear(tf.expandDims(image, 0) as tf.Tensor4D, size), 1 / 255);
  const out = predictOne(segmentation, x as tf.Tensor4D);
  const channels = out.shape[3]!;
  const person = tf.slice(out, [0, 0, 0, channels - 1], [-1, -1, -1, 1]);
  return tf.image.resizeBilinear(person, [height, width]);
}

/**
 * The original's pipeline, done once on the active backend with no readback: segment, zero the background,
 * scale to [0, 1], stretch to the network's size, predict, map raw/2 from [minDepth, maxDepth] to [0, 1], and
 * stretch back to the input's size.
 */
export function runPipeline(nets: Networks, image: tf.Tensor3D, config: EstimationConfig): PipelineOutput {
  return tf.tidy(() => {
    const [height, width] = image.shape;
    const oriented = config.flipHorizontal ? tf.reverse(image, 1) : image;
    let mask: tf.Tensor4D;
    let masked: tf.Tensor3D;
    if (config.skipSegmentation) {
      mask = tf.ones([1, height, width, 1]);
      masked = oriented;
    } else {
      mask = personProbability(nets.segmentation, oriented);
      const keep = tf.cast(tf.greaterEqual(tf.squeeze(mask, [0]), 0.5), 'float32');
      masked = tf.mul(oriented, keep);
    }
    const netSize = inputSize(nets.depth);
    const x = tf.image.resizeBilinear(tf.mul(masked, 1 / 255) as tf.Tensor3D, netSize);
    const raw = predictOne(nets.depth, tf.expandDims(x, 0) as tf.Tensor4D);
    const range = config.maxDepth - config.minDepth;
    const mapped = tf.clipByValue(tf.add(tf.mul(raw, 0.5 / range), -config.minDepth / range), 0, 1);
    const depth = tf.image.resizeBilinear(mapped as tf.Tensor4D, [height, width]);
    return {
      depth: tf.squeeze(depth, [0, 3]) as tf.Tensor2D,
      mask: tf.squeeze(mask, [0, 3]) as tf.Tensor2D,
    };
  });
}
