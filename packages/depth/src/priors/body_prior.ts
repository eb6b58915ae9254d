import * as tf from '@tensorflow/tfjs-core';
import type { BodyPose } from './pose_landmarks.js';

/**
 * The pose's depth order on the network's grid: keypoints with their relative depth (dz / D) and, per keypoint, a
 * Gaussian of the body's scale, so the correction spreads smoothly over the limbs and torso around it.
 */
export interface BodyPriorField {
  /** Grid index (row · width + column) of each keypoint. */
  index: Int32Array;
  /** Relative depth of each keypoint, dz / D. */
  relative: Float32Array;
  /** [keypoints, h · w] Gaussian weights. */
  gaussians: Float32Array;
  grid: [number, number];
}

/** Shoulders, elbows, wrists, hips, knees, ankles: the points that order the body; face points are the face prior's. */
const BODY_POINTS = [11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28];
const SHOULDERS = [11, 12];
const HIPS = [23, 24];
const KNEES = [25, 26];
const ANKLES = [27, 28];
const MIN_VISIBILITY = 0.5;
/**
 * Legs must be seen clearly: shown a body cut off at the waist, BlazePose still places knees and ankles in the frame,
 * but at visibility 0.45–0.8; on full-body views they score ≥ 0.97 (held-out renders).
 */
const MIN_LEG_VISIBILITY = 0.9;
const MIN_POSE_SCORE = 0.5;
/** Far from every keypoint the correction fades out: weight sum / (weight sum + this). */
const FADE = 0.05;

/**
 * The body prior, or null where it does not apply: only for full-body views — shoulders, hips, and clearly seen knees
 * and ankles in view, away from the image's border, the thighs at least half as long as the torso. Measured on held-out renders
 * (docs/MODEL.md), the pose's depth order helps full-body framings (AbsRel −26 %) but hurts selfies,
 * head-and-shoulders and half-body views, where the visible keypoints crowd around the face and shoulders and the
 * pose model, shown a body cut off at the waist, folds the legs it cannot see into the frame.
 */
export function bodyField(pose: BodyPose, imageSize: [number, number], grid: [number, number], focalPx: number): BodyPriorField | null {
  const [height, width] = imageSize;
  const margin = 0.03 * Math.max(width, height);
  const inside = (k: number, visibility = MIN_VISIBILITY) => {
    const p = pose.keypoints[k]!;
    return p.visibility >= visibility && p.x >= margin && p.y >= margin && p.x < width - margin && p.y < height - margin;
  };
  const mid = (group: number[], visibility = MIN_VISIBILITY) => {
    const seen = group.filter((k) => inside(k, visibility)).map((k) => pose.keypoints[k]!);
    return seen.length ? { x: seen.reduce((s, p) => s + p.x, 0) / seen.length, y: seen.reduce((s, p) => s + p.y, 0) / seen.length } : null;
  };
  const [shoulders, hips, knees, ankles] = [mid(SHOULDERS), mid(HIPS), mid(KNEES, MIN_LEG_VISIBILITY), mid(ANKLES, MIN_LEG_VISIBILITY)];
  if (pose.score < MIN_POSE_SCORE || !shoulders || !hips || !knees || !ankles) return null;
  const torso = Math.hypot(hips.x - shoulders.x, hips.y - shoulders.y);
  if (Math.hypot(knees.x - hips.x, knees.y - hips.y) < 0.5 * torso) return null;
  const chosen = BODY_POINTS.filter((k) => inside(k)).map((k) => pose.keypoints[k]!);
  if (chosen.length < 4) return null;
  const [gh, gw] = grid;
  const xs = chosen.map((p) => p.x);
  const ys = chosen.map((p) => p.y);
  const sigma = 0.2 * Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 0.1 * Math.max(width, height));
  const gaussians = new Float32Array(chosen.length * gh * gw);
  chosen.forEach((p, k) => {
    for (let r = 0; r < gh; r++) {
      const dy = (r + 0.5) * height / gh - p.y;
      for (let c = 0; c < gw; c++) {
        const dx = (c + 0.5) * width / gw - p.x;
        gaussians[(k * gh + r) * gw + c] = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      }
    }
  });
  return {
    index: Int32Array.from(chosen, (p) => Math.min(gh - 1, Math.floor(p.y * gh / height)) * gw + Math.min(gw - 1, Math.floor(p.x * gw / width))),
    relative: Float32Array.from(chosen, (p) => p.z / focalPx),
    gaussians,
    grid,
  };
}

/**
 * Moves the network's raw depth towards the pose's order: raw ≈ r0 · (1 + dz / D) at the keypoints (r0 fitted by
 * least squares over the keypoints on the person), and each keypoint's residual is spread by its Gaussian,
 * normalised, fading far from every keypoint. `raw` and `keep` are [1, h, w, 1]; background stays untouched.
 */
export function applyBodyPrior(raw: tf.Tensor4D, keep: tf.Tensor4D, field: BodyPriorField): tf.Tensor4D {
  return tf.tidy(() => {
    const [gh, gw] = field.grid;
    const n = field.relative.length;
    const index = tf.tensor1d(field.index, 'int32');
    const rawAt = tf.gather(tf.reshape(raw, [-1]), index);
    const on = tf.gather(tf.reshape(keep, [-1]), index);
    const onePlusZ = tf.add(tf.tensor1d(field.relative), 1);
    const r0 = tf.div(tf.sum(tf.mul(tf.mul(on, rawAt), onePlusZ)), tf.maximum(tf.sum(tf.mul(on, tf.square(onePlusZ))), 1e-6));
    const residual = tf.mul(on, tf.sub(tf.mul(r0, onePlusZ), rawAt));
    const g = tf.mul(tf.tensor2d(field.gaussians, [n, gh * gw]), tf.reshape(on, [n, 1]));
    const spread = tf.div(tf.matMul(tf.reshape(residual, [1, n]), g), tf.add(tf.sum(g, 0, true), FADE));
    return tf.add(raw, tf.mul(tf.reshape(spread, [1, gh, gw, 1]), keep)) as tf.Tensor4D;
  });
}
