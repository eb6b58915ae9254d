import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { EstimationConfig } from './config.js';
import { applyBodyPrior } from './priors/body_prior.js';
import { fuseFacePriors } from './priors/face_fusion.js';
import type { PriorResult } from './priors/priors.js';

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

const FLOAT32_MAX = 3.4028234663852886e38;

/** Bilinear resize; a resize to the same size is the identity (no half-pixel offset), so it is skipped. */
function resizeTo(x: tf.Tensor4D, size: [number, number]): tf.Tensor4D {
  return x.shape[1] === size[0] && x.shape[2] === size[1] ? x : tf.image.resizeBilinear(x, size);
}

function predictOne(model: GraphModel, x: tf.Tensor4D): tf.Tensor4D {
  const out = model.predict(x);
  if (!(out instanceof tf.Tensor)) {
    throw new Error('The model returned several outputs; a depth or segmentation model must have exactly one.');
  }
  return out as tf.Tensor4D;
}

/**
 * Stage 1 — person probability at the image's size, [1, H, W, 1]. The segmenter sees the whole image stretched
 * to its input size, as in the original; models with one output channel give it directly, two-channel ones (the
 * TF Hub export) keep the person in channel 1.
 */
export function segmentPerson(segmentation: GraphModel, image: tf.Tensor3D): tf.Tensor4D {
  return tf.tidy(() => {
    const [height, width] = image.shape;
    const size = inputSize(segmentation);
    const x = tf.mul(resizeTo(tf.expandDims(image, 0) as tf.Tensor4D, size), 1 / 255);
    const out = predictOne(segmentation, x as tf.Tensor4D);
    const channels = out.shape[3]!;
    const person = channels === 1 ? out : tf.slice(out, [0, 0, 0, channels - 1], [-1, -1, -1, 1]);
    return resizeTo(person, [height, width]);
  });
}

/**
 * Stage 2 — background (probability < 0.5) set to 0, scaled to [0, 1], stretched to the network's input. Person
 * pixels are lifted to at least 1/255 first: a pure-black pixel on the person (a dark visor, crushed shadows) would
 * otherwise look exactly like background to the network, which reads (0, 0, 0) as "no person".
 */
export function prepareInput(image: tf.Tensor3D, mask: tf.Tensor4D | null, netSize: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    if (!mask) {
      // Scaling commutes with bilinear resizing, so it runs on the network-sized image.
      return tf.mul(resizeTo(tf.expandDims(image, 0) as tf.Tensor4D, netSize), 1 / 255);
    }
    // The 1/255 rides on the one-channel keep mask (0 or 1/255) rather than costing a pass over three channels.
    const keep = tf.mul(tf.cast(tf.greaterEqual(tf.squeeze(mask, [0]), 0.5), 'float32'), 1 / 255);
    // max(pixel, 1) as a clamp: TF.js's WASM backend runs ClipByValue through XNNPACK, Maximum as a plain loop.
    const masked = tf.mul(tf.clipByValue(image, 1, FLOAT32_MAX), keep);
    return resizeTo(tf.expandDims(masked, 0) as tf.Tensor4D, netSize);
  });
}

/** Stage 3 — the depth network's raw output, [1, h, w, 1]. */
export function predictRaw(depth: GraphModel, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => predictOne(depth, x));
}

/** Stage 4 — raw/2 mapped from [minDepth, maxDepth] to [0, 1], stretched back to the input's size. */
export function postprocess(raw: tf.Tensor4D, config: EstimationConfig, size: [number, number]): tf.Tensor2D {
  return tf.tidy(() => {
    const range = config.maxDepth - config.minDepth;
    const mapped = tf.clipByValue(tf.add(tf.mul(raw, 0.5 / range), -config.minDepth / range), 0, 1);
    return tf.squeeze(resizeTo(mapped as tf.Tensor4D, size), [0, 3]) as tf.Tensor2D;
  });
}

/**
 * The original's pipeline, done once on the active backend with no readback: segment, zero the background,
 * scale to [0, 1], stretch to the network's size, predict, move the body towards the pose's depth order (when
 * given), map raw/2 from [minDepth, maxDepth] to [0, 1], stretch back to the input's size, and give faces their
 * relief (when found). `image` is already mirrored when flipHorizontal is set (the priors were found on it).
 */
export function runPipeline(nets: Networks, image: tf.Tensor3D, config: EstimationConfig,
  priors: Pick<PriorResult, 'faces' | 'body'> = { faces: [], body: null }): PipelineOutput {
  return tf.tidy(() => {
    const [height, width] = image.shape;
    const netSize = inputSize(nets.depth);
    const mask = config.skipSegmentation ? null : segmentPerson(nets.segmentation, image);
    let raw = predictRaw(nets.depth, prepareInput(image, mask, netSize));
    const person = mask ? tf.squeeze(mask, [0, 3]) as tf.Tensor2D : tf.ones([height, width]) as tf.Tensor2D;
    if (priors.body) {
      const keep = mask ? tf.cast(tf.greaterEqual(resizeTo(mask, netSize), 0.5), 'float32') as tf.Tensor4D : tf.onesLike(raw);
      raw = applyBodyPrior(raw, keep, priors.body);
    }
    let depth = postprocess(raw, config, [height, width]);
    if (priors.faces.length > 0) {
      depth = fuseFacePriors(depth, raw, tf.cast(tf.greaterEqual(person, 0.5), 'float32') as tf.Tensor2D, priors.faces, config);
    }
    return { depth, mask: person };
  });
}
