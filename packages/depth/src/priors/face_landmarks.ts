import type * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { FaceDetection } from './face_detector.js';
import { runOnWindow } from './window_model.js';

/** A square, rotated region of the image: centre, side and rotation (radians, image y down). */
export interface FaceRegion {
  x: number;
  y: number;
  size: number;
  angle: number;
}

export interface FaceMesh {
  /** 468 landmarks, [x, y, z] in input-image pixels; z is relative depth in the same pixel units, smaller = nearer. */
  landmarks: [number, number, number][];
  /** Face-presence confidence of the mesh model in [0, 1]. */
  score: number;
  /** The region the mesh model saw. */
  region: FaceRegion;
}

/** MediaPipe's face-landmark ROI: the detection box scaled 1.5×, square, rotated so the eyes are level. */
export function regionFromDetection(d: FaceDetection): FaceRegion {
  const [right, left] = d.keypoints;
  const angle = Math.atan2(left![1] - right![1], left![0] - right![0]);
  return { x: d.box.x, y: d.box.y, size: 1.5 * Math.max(d.box.width, d.box.height), angle };
}

/** The tracking ROI from a previous mesh: landmark bounds (in the eye-levelled frame) scaled 1.5×. */
export function regionFromLandmarks(landmarks: [number, number, number][]): FaceRegion {
  // Outer eye corners (the person's right 33, left 263) level the frame, as in MediaPipe's face-landmark graph.
  const [rx, ry] = landmarks[33]!;
  const [lx, ly] = landmarks[263]!;
  const angle = Math.atan2(ly - ry, lx - rx);
  const c = Math.cos(-angle);
  const s = Math.sin(-angle);
  let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
  for (const [x, y] of landmarks) {
    const u = c * x - s * y;
    const v = s * x + c * y;
    minU = Math.min(minU, u); maxU = Math.max(maxU, u); minV = Math.min(minV, v); maxV = Math.max(maxV, v);
  }
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  return {
    x: Math.cos(angle) * cu - Math.sin(angle) * cv,
    y: Math.sin(angle) * cu + Math.cos(angle) * cv,
    size: 1.5 * Math.max(maxU - minU, maxV - minV),
    angle,
  };
}

/** Affine map from crop pixels (size×size) to image pixels: [a0, a1, a2, b0, b1, b2]. */
function cropToImage(region: FaceRegion, crop: number): number[] {
  const s = region.size / crop;
  const c = Math.cos(region.angle) * s;
  const n = Math.sin(region.angle) * s;
  const h = crop / 2;
  return [c, -n, region.x - c * h + n * h, n, c, region.y - n * h - c * h];
}

/**
 * Runs the face-mesh model on one region, cut out rotated; a face much larger than the crop is first box-filtered so
 * the crop does not alias.
 */
export async function meshFace(model: GraphModel, image: tf.Tensor3D, region: FaceRegion): Promise<FaceMesh> {
  const crop = model.inputs[0]?.shape?.[1] ?? 192;
  const window = cropToImage(region, crop);
  const { values: raw, score } = await runOnWindow(model, image, window, {
    size: crop, outputSize: 1404, fill: 'nearest', what: 'face-mesh model',
    shrink: Math.max(1, Math.floor(region.size / crop / 1.5)),
  });
  const s = region.size / crop;
  const landmarks: [number, number, number][] = [];
  for (let i = 0; i < 468; i++) {
    const u = raw[3 * i]!;
    const v = raw[3 * i + 1]!;
    landmarks.push([window[0]! * u + window[1]! * v + window[2]!, window[3]! * u + window[4]! * v + window[5]!, raw[3 * i + 2]! * s]);
  }
  return { landmarks, score, region };
}
