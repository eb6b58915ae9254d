import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { sigmoid } from './window_model.js';

/** A face found by BlazeFace, in input-image pixels. */
export interface FaceDetection {
  /** Centre and size of the face box. */
  box: { x: number; y: number; width: number; height: number };
  /** Right eye, left eye, nose tip, mouth, right ear tragion, left ear tragion (the person's right/left), [x, y]. */
  keypoints: [number, number][];
  /** Detector confidence in [0, 1]. */
  score: number;
}

/** MediaPipe's short-range face detector settings (face_detection_short_range.pbtxt). */
const MIN_SCORE = 0.5;
const NMS_IOU = 0.3;
const MAX_FACES = 4;

/** SSD anchor centres in input pixels: a 16×16 grid with 2 anchors per cell, then 8×8 with 6. */
function anchors(size: number): Float32Array {
  const out: number[] = [];
  for (const [stride, perCell] of [[size / 16, 2], [size / 8, 6]] as const) {
    const cells = Math.ceil(size / stride);
    for (let gy = 0; gy < cells; gy++) {
      for (let gx = 0; gx < cells; gx++) {
        for (let n = 0; n < perCell; n++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
      }
    }
  }
  return Float32Array.from(out);
}

/**
 * The detector's four outputs (scores and regressors for each of the two anchor grids) joined into one
 * [anchors, 17] tensor in anchor order; outputs are told apart by shape, not name, since converters rename them.
 */
function joinOutputs(outputs: tf.Tensor[], anchorCount: number): tf.Tensor2D {
  const byShape = (rows: number, cols: number) => {
    const t = outputs.find((o) => o.shape[1] === rows && o.shape[2] === cols);
    if (!t) throw new Error(`The face detector has no [1, ${rows}, ${cols}] output: pass a BlazeFace short-range model.`);
    return t;
  };
  const fine = anchorCount * 4 / 7;
  const coarse = anchorCount - fine;
  return tf.tidy(() => tf.squeeze(tf.concat([
    tf.concat([byShape(fine, 1), byShape(fine, 16)], 2),
    tf.concat([byShape(coarse, 1), byShape(coarse, 16)], 2),
  ], 1), [0]) as tf.Tensor2D);
}

function iou(a: FaceDetection['box'], b: FaceDetection['box']): number {
  const w = Math.min(a.x + a.width / 2, b.x + b.width / 2) - Math.max(a.x - a.width / 2, b.x - b.width / 2);
  const h = Math.min(a.y + a.height / 2, b.y + b.height / 2) - Math.max(a.y - a.height / 2, b.y - b.height / 2);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** MediaPipe's weighted non-maximum suppression: overlapping candidates are averaged, weighted by score. */
function weightedNms(candidates: FaceDetection[]): FaceDetection[] {
  const rest = [...candidates].sort((a, b) => b.score - a.score);
  const kept: FaceDetection[] = [];
  while (rest.length > 0 && kept.length < MAX_FACES) {
    const top = rest[0]!;
    const cluster = rest.filter((c) => iou(c.box, top.box) > NMS_IOU);
    const total = cluster.reduce((s, c) => s + c.score, 0);
    const avg = (f: (c: FaceDetection) => number) => cluster.reduce((s, c) => s + f(c) * c.score, 0) / total;
    kept.push({
      box: { x: avg((c) => c.box.x), y: avg((c) => c.box.y), width: avg((c) => c.box.width), height: avg((c) => c.box.height) },
      keypoints: top.keypoints.map((_, k) => [avg((c) => c.keypoints[k]![0]), avg((c) => c.keypoints[k]![1])]),
      score: top.score,
    });
    for (const c of cluster) rest.splice(rest.indexOf(c), 1);
  }
  return kept;
}

/**
 * Finds faces with BlazeFace (short range). The image is letterboxed into the detector's square input (the
 * original stretches, which squashes faces in portrait photos), scaled to [-1, 1].
 */
export async function detectFaces(model: GraphModel, image: tf.Tensor3D): Promise<FaceDetection[]> {
  const size = model.inputs[0]?.shape?.[1] ?? 128;
  const [height, width] = image.shape;
  const scale = Math.max(height, width) / size;
  const inner: [number, number] = [Math.max(1, Math.round(height / scale)), Math.max(1, Math.round(width / scale))];
  const padY = (size - inner[0]) / 2;
  const padX = (size - inner[1]) / 2;
  const joined = tf.tidy(() => {
    const resized = tf.image.resizeBilinear(tf.expandDims(image, 0) as tf.Tensor4D, inner);
    const padded = tf.pad(tf.sub(tf.mul(resized, 2 / 255), 1), [[0, 0], [Math.floor(padY), Math.ceil(padY)],
      [Math.floor(padX), Math.ceil(padX)], [0, 0]], 0);
    const outputs = model.execute(padded);
    return joinOutputs(Array.isArray(outputs) ? outputs : [outputs], anchors(size).length / 2);
  });
  const raw = await joined.data();
  joined.dispose();
  const centres = anchors(size);
  const toImage = (x: number, y: number): [number, number] =>
    [(x - Math.floor(padX)) * scale, (y - Math.floor(padY)) * scale];
  const candidates: FaceDetection[] = [];
  for (let i = 0; i < centres.length / 2; i++) {
    const row = raw.subarray(i * 17, i * 17 + 17);
    const score = sigmoid(row[0]!);
    if (!(score >= MIN_SCORE)) continue;
    const ax = centres[2 * i]!;
    const ay = centres[2 * i + 1]!;
    const [x, y] = toImage(ax + row[1]!, ay + row[2]!);
    const keypoints: [number, number][] = [];
    for (let k = 0; k < 6; k++) keypoints.push(toImage(ax + row[5 + 2 * k]!, ay + row[6 + 2 * k]!));
    candidates.push({ box: { x, y, width: row[3]! * scale, height: row[4]! * scale }, keypoints, score });
  }
  return weightedNms(candidates.filter((c) => c.box.width > 0 && c.box.height > 0 &&
    c.keypoints.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))));
}
