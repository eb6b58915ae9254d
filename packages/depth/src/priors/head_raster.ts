import type { FacePose } from './face_pose.js';
import { boxBlur, coverageOf, drawTriangles, featherInwards, patchAround, type FaceRaster } from './face_raster.js';

/** An average head and neck in the canonical face's frame (cm, +y up, +z towards the viewer). */
export interface CanonicalHead {
  vertices: Float32Array;
  triangles: Uint16Array;
  /** Per vertex: the outward normal on the scalp (where hair grows), 0 elsewhere (face, ears, neck). */
  scalpNormals: Float32Array;
}

export interface HeadRasterOptions {
  /** How far hair lifts the surface off the scalp, in cm. */
  hairCm: number;
  /** Feather of the face mesh into the head, as a fraction of the face width. */
  faceFeather: number;
  /** Feather of the whole head at its outline, as a fraction of the face width. */
  headFeather: number;
  /** Box-smoothing radius of the face mesh's relief, as a fraction of the face width (hides its triangles). */
  smooth: number;
}

/**
 * Box mean of `values` over the pixels where `coverage` is 1 (NaN where none is within r), renormalised so the
 * outline is not pulled towards the empty surroundings.
 */
function meanWithin(values: Float32Array, coverage: Float32Array, width: number, height: number, r: number): Float32Array {
  const num = boxBlur(values.map((v, k) => v * coverage[k]!), width, height, r);
  const den = boxBlur(coverage, width, height, r);
  return num.map((v, k) => (den[k]! > 0 ? v / den[k]! : NaN));
}

/** `values` replaced by their mean within the covered pixels (radius r), where covered. */
function smoothWithin(values: Float32Array, coverage: Float32Array, width: number, height: number, r: number): void {
  if (r < 1) return;
  const mean = meanWithin(values, coverage, width, height, r);
  for (let k = 0; k < values.length; k++) if (coverage[k]! > 0) values[k] = mean[k]!;
}

/**
 * The whole head drawn at the image's resolution: the person's own face mesh where it reaches (relief smoothed so
 * its triangles do not show), the average head placed by the fitted face pose around it — forehead, scalp (lifted
 * by a hair allowance), ears, jaw and neck — so the prior's face meets a head of the same shape instead of the
 * network's blob, and the top of the skull, chin and neck sit where the face's pose puts them. Values are relative
 * depth (dz / D, like the face raster); the weight is the union's coverage feathered at the head's outline.
 */
export function rasterizeHead(
  landmarks: [number, number, number][],
  faceTriangles: Uint16Array,
  head: CanonicalHead,
  pose: FacePose,
  imageSize: [number, number],
  focalPx: number,
  options: HeadRasterOptions,
): FaceRaster {
  const { rotation: R, translation: t, pixelsPerCm: s } = pose;
  const n = head.vertices.length / 3;
  const projected: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const p = [0, 1, 2].map((k) => head.vertices[3 * i + k]! + options.hairCm * head.scalpNormals[3 * i + k]!);
    const q = [0, 1, 2].map((r) => s * (R[3 * r]! * p[0]! + R[3 * r + 1]! * p[1]! + R[3 * r + 2]! * p[2]!) + t[r]!);
    projected.push([q[0]!, -q[1]!, -q[2]!]);
  }
  const { x0, y0, width, height } = patchAround([...projected, ...landmarks], imageSize);
  const toPatch = (points: [number, number, number][]) => points.map(([x, y]) => [x - 0.5 - x0, y - 0.5 - y0] as const);
  const faceWidth = patchAround(landmarks, imageSize).spanX;

  const face = drawTriangles(toPatch(landmarks), landmarks.map(([, , z]) => z / focalPx), faceTriangles, width, height);
  const faceCoverage = coverageOf(face);
  smoothWithin(face, faceCoverage, width, height, Math.round(options.smooth * faceWidth));
  const headDepth = drawTriangles(toPatch(projected), projected.map(([, , z]) => z / focalPx), head.triangles, width, height, true);
  const headCoverage = coverageOf(headDepth);
  smoothWithin(headDepth, headCoverage, width, height, Math.round(options.smooth * faceWidth));

  // Inside the face its own mesh, blending into the average head over the face feather; the union is the prior.
  const faceWeight = featherInwards(faceCoverage, width, height, options.faceFeather * faceWidth);
  const relative = new Float32Array(width * height);
  const union = new Float32Array(width * height);
  for (let k = 0; k < relative.length; k++) {
    if (headCoverage[k]! > 0) {
      relative[k] = faceWeight[k]! * face[k]! + (1 - faceWeight[k]!) * headDepth[k]!;
      union[k] = 1;
    } else if (faceCoverage[k]! > 0) {
      relative[k] = face[k]!;
      union[k] = 1;
    }
  }
  // The hair allowance lifts the scalp past the ears' tops, notching the outline there; feathered as it is, the notch
  // became a short crease at the temples of hair-covered heads (the network's depth showing through it). Closed, the
  // notch takes the surrounding head's depth.
  closeNotches(union, relative, width, height, Math.round(NOTCH_CLOSING * faceWidth));
  // Along a smoothstep: a linear ramp has kinks at its ends, where the blend's slope jumps wherever the prior and the
  // network disagree; shaded (and lit in a 3D photo), the kink at the outer end — inside the person wherever the hair
  // reaches past the allowance — was a crease parallel to the head's outline.
  const weight = featherInwards(union, width, height, options.headFeather * faceWidth).map((s) => {
    const t = Math.min(1, HEAD_RAMP_STEEPNESS * s);
    return t * t * (3 - 2 * t);
  });
  return { x0, y0, width, height, relative, weight };
}

/**
 * The smoothstep spans the first 1/this of the linear ramp, so the prior reaches full weight as early as it did:
 * a smoothstep over the whole ramp gave the outline's neighbourhood less of the prior (held-out face ρ 0.587 → 0.578;
 * over the first half 0.595, over two thirds 0.589; docs/MODEL.md).
 */
const HEAD_RAMP_STEEPNESS = 2;

/** Notches narrower than this fraction of the face width (≈ 2 cm: the hair allowance over the ears) are closed. */
const NOTCH_CLOSING = 0.15;

/**
 * Morphological closing of `coverage` (square, radius r) in place, with nothing covered outside the patch (the head
 * often touches its edge); the pixels it adds get the box mean of `values` over the covered pixels around them.
 */
function closeNotches(coverage: Float32Array, values: Float32Array, width: number, height: number, r: number): void {
  if (r < 1) return;
  const pad = r + 1;
  const w = width + 2 * pad;
  const h = height + 2 * pad;
  const padded = new Float32Array(w * h);
  for (let y = 0; y < height; y++) padded.set(coverage.subarray(y * width, (y + 1) * width), (y + pad) * w + pad);
  // Half of one pixel's share of the window: below any real partial count, above float rounding.
  const eps = 0.5 / (2 * r + 1) ** 2;
  const dilated = boxBlur(padded, w, h, r).map((v) => (v > eps ? 1 : 0));
  const closed = boxBlur(dilated, w, h, r);
  const mean = meanWithin(values, coverage, width, height, r);
  const added: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = y * width + x;
      if (closed[(y + pad) * w + x + pad]! > 1 - eps && !coverage[k] && !Number.isNaN(mean[k])) {
        values[k] = mean[k]!;
        added.push(k);
      }
    }
  }
  for (const k of added) coverage[k] = 1;
  // Relaxed towards the surrounding values (Jacobi, the head's pixels fixed) so the filled notch meets them without a step.
  for (let sweep = 0; sweep < 4 * r; sweep++) {
    for (const k of added) {
      const x = k % width;
      let sum = 0, n = 0;
      for (const j of [x > 0 ? k - 1 : -1, x < width - 1 ? k + 1 : -1, k - width, k + width]) {
        if (j >= 0 && j < coverage.length && coverage[j]) { sum += values[j]!; n++; }
      }
      if (n) values[k] = sum / n;
    }
  }
}
