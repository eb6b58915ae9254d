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
  /**
   * [h · w] weight of the head (1 inside, fading to 0 around it), where the correction is made one constant so
   * the head moves as a whole; null when the pose shows no face point.
   */
  head: Float32Array | null;
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
/** BlazePose's face points: nose, eyes, ears, mouth. */
const FACE_POINTS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/**
 * The head's radius as a share of the torso (shoulders to hips, which does not shrink when the body turns); the
 * weight is 1 out to it and fades to 0 at 1.5×. Held-out full-body renders (docs/MODEL.md): 0.25 gives the face back
 * its own order (face ρ 0.344 → 0.426, the network alone 0.425) at no cost to the whole body; 0.4 started to cost its ρ.
 */
const HEAD_RADIUS = 0.25;
/**
 * The head must be small against the torso, as in a whole body: on close-ups with a raised hand BlazePose sometimes
 * folds a whole miniature body into the picture, legs seen at visibility ≥ 0.9, under a head as wide as half its
 * torso or more. Ear to ear over shoulders to hips, held-out renders (docs/MODEL.md): full bodies 0.15–0.31, children
 * included; the selfies, head-and-shoulders and half-body views that passed the other checks 0.37–0.78.
 */
const MAX_EARS_PER_TORSO = 0.35;
const EARS = [7, 8];
/**
 * Shins about as long as thighs in the picture, as in a standing body: knee to ankle over hip to knee is 0.73–1.07 on
 * every full-body render of holdout-v3 (600 renders, docs/MODEL.md). The miniature bodies BlazePose folds into other
 * views pass every check above but this: a half body's legs squeezed under its waist (0.61) and a whole body drawn
 * inside the chest of a selfie from below (1.56).
 */
const SHIN_PER_THIGH: [min: number, max: number] = [0.65, 1.3];

/**
 * The body prior, or null where it does not apply: only for full-body views — shoulders, hips, and clearly seen knees
 * and ankles in view, away from the image's border, the thighs at least half as long as the torso and the shins about
 * as long as the thighs, a head that is small against the torso. Measured on held-out renders
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
  // The thighs must go on down the torso's axis, not merely away from the hips: on a seated half-body photo scaled
  // to 256 px (the astronaut sample) BlazePose put one knee beside the hips at visibility 0.91, and the prior then
  // reshaped a body whose legs are not in the picture.
  const along = ((knees.x - hips.x) * (hips.x - shoulders.x) + (knees.y - hips.y) * (hips.y - shoulders.y)) / Math.max(torso, 1e-6);
  if (along < 0.5 * torso) return null;
  const shinPerThigh = Math.hypot(ankles.x - knees.x, ankles.y - knees.y) / Math.max(Math.hypot(knees.x - hips.x, knees.y - hips.y), 1e-6);
  if (shinPerThigh < SHIN_PER_THIGH[0] || shinPerThigh > SHIN_PER_THIGH[1]) return null;
  const [left, right] = EARS.map((k) => pose.keypoints[k]!);
  if (Math.hypot(left!.x - right!.x, left!.y - right!.y) > MAX_EARS_PER_TORSO * torso) return null;
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
    head: headWeights(pose, imageSize, grid, HEAD_RADIUS * torso),
    grid,
  };
}

/**
 * The head's weight on the grid: a disc around the mean of the face points BlazePose sees (visibility ≥ 0.5),
 * 1 out to `radius` image px, a cosine fade to 0 at 1.5 × radius; null when no face point is seen.
 */
function headWeights(pose: BodyPose, imageSize: [number, number], grid: [number, number], radius: number): Float32Array | null {
  const seen = FACE_POINTS.map((k) => pose.keypoints[k]!).filter((p) => p.visibility >= MIN_VISIBILITY);
  if (!seen.length || !(radius > 0)) return null;
  const cx = seen.reduce((s, p) => s + p.x, 0) / seen.length;
  const cy = seen.reduce((s, p) => s + p.y, 0) / seen.length;
  const [height, width] = imageSize;
  const [gh, gw] = grid;
  const weights = new Float32Array(gh * gw);
  for (let r = 0; r < gh; r++) {
    for (let c = 0; c < gw; c++) {
      const d = Math.hypot((c + 0.5) * width / gw - cx, (r + 0.5) * height / gh - cy) / radius;
      weights[r * gw + c] = d <= 1 ? 1 : d >= 1.5 ? 0 : 0.5 + 0.5 * Math.cos(2 * Math.PI * (d - 1));
    }
  }
  return weights;
}

/**
 * Moves the network's raw depth towards the pose's order: raw ≈ r0 · (1 + dz / D) at the keypoints (r0 fitted by
 * least squares over the keypoints on the person), and each keypoint's residual is spread by its Gaussian,
 * normalised, fading far from every keypoint. Over the head the correction is replaced by its mean there: the
 * Gaussians of shoulders and hands would otherwise tilt the small head with the torso, and the pose knows the
 * head's place, not its relief. `raw` and `keep` are [1, h, w, 1]; background stays untouched.
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
    let spread = tf.div(tf.matMul(tf.reshape(residual, [1, n]), g), tf.add(tf.sum(g, 0, true), FADE));
    if (field.head) {
      const head = tf.tensor2d(field.head, [1, gh * gw]);
      const onHead = tf.mul(head, tf.reshape(keep, [1, gh * gw]));
      const mean = tf.div(tf.sum(tf.mul(onHead, spread)), tf.maximum(tf.sum(onHead), 1e-6));
      spread = tf.add(spread, tf.mul(head, tf.sub(mean, spread)));
    }
    return tf.add(raw, tf.mul(tf.reshape(spread, [1, gh, gw, 1]), keep)) as tf.Tensor4D;
  });
}
