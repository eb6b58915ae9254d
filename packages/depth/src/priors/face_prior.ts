import type * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { detectFaces } from './face_detector.js';
import { meshFace, regionFromDetection, regionFromLandmarks, type FaceMesh, type FaceRegion } from './face_landmarks.js';
import { fitCanonicalFace, type CanonicalFace } from './face_pose.js';
import type { FacePriorField } from './face_fusion.js';
import { rasterizeHead, type CanonicalHead } from './head_raster.js';
import type { MetricAnchor } from './metric.js';
import type { Face } from '../types.js';

export interface FaceNets {
  detector: GraphModel;
  mesh: GraphModel;
  canonical: CanonicalFace;
  head: CanonicalHead;
}

/** Below this mesh confidence the crop holds no face (MediaPipe's tracking threshold). */
const MIN_MESH_SCORE = 0.5;
/** 35 mm film diagonal in mm: focal length (35 mm equivalent) → field of view. */
const FILM_DIAGONAL_MM = 43.2666;
/**
 * The stated default camera when the caller gives none: a phone's 28 mm-equivalent lens (75.4° diagonal field of
 * view) — most portraits are taken with phones (main cameras 23–28 mm, front cameras 22–30 mm). The face mesh's relief
 * is right at the true focal length (held-out renders: median true/mesh nose-to-cheek ratio 0.83–1.02); at 50 mm it
 * came out 1.2–1.7× too shallow on phone-like views.
 */
export const DEFAULT_FOCAL_LENGTH_35MM = 28;

/**
 * How the head prior is drawn (held-out renders, docs/MODEL.md): 2 cm of hair over the scalp, the face mesh blended
 * into the average head over a quarter of the face width, the head's outline feathered over half of it (25 % was a
 * little better on the face, a little worse on the whole person), relief smoothed over 3 % (hides the triangles).
 */
const HEAD_RASTER = { hairCm: 2, faceFeather: 0.25, headFeather: 0.5, smooth: 0.03 };

/** Focal length in image pixels for a 35 mm-equivalent focal length (diagonal convention, as EXIF records it). */
export function focalLengthPx(imageSize: [number, number], focalLength35mm: number): number {
  return Math.hypot(imageSize[0], imageSize[1]) * focalLength35mm / FILM_DIAGONAL_MM;
}

/**
 * Faces in the image: tracked regions from the previous frame first (one mesh run each), the detector only for
 * stills or when tracking loses every face. Stills get one refinement pass (the mesh's own box), as MediaPipe's
 * tracking would on the next frame.
 */
export async function findFaces(nets: FaceNets, image: tf.Tensor3D, tracked: FaceRegion[]): Promise<FaceMesh[]> {
  const kept: FaceMesh[] = [];
  for (const region of tracked) {
    const mesh = await meshFace(nets.mesh, image, region);
    if (mesh.score >= MIN_MESH_SCORE) kept.push(mesh);
  }
  if (kept.length > 0) return distinctFaces(kept);
  const found: FaceMesh[] = [];
  for (const detection of await detectFaces(nets.detector, image)) {
    const first = await meshDetected(nets.mesh, image, regionFromDetection(detection));
    if (first.score < MIN_MESH_SCORE) continue;
    const refined = await meshFace(nets.mesh, image, regionFromLandmarks(first.landmarks));
    found.push(refined.score >= MIN_MESH_SCORE ? refined : first);
  }
  return distinctFaces(found);
}

/**
 * Two meshes whose landmark boxes share more than this fraction of the smaller box are one face found twice: two
 * detections that non-maximum suppression kept apart can both lead the mesh onto one face (1 of 480 held-out renders:
 * a second mesh shifted by a third of the face, fused over the first with its own pose and distance). Real faces
 * overlap that much only when one hides most of the other, whose mesh is then a guess anyway.
 */
const SAME_FACE_OVERLAP = 0.5;

/** Bounds of a mesh's landmarks, as DepthMap.faces reports them. */
function landmarkBox(landmarks: readonly [number, number, number][]): Face['box'] {
  const xs = landmarks.map((l) => l[0]);
  const ys = landmarks.map((l) => l[1]);
  const x = Math.min(...xs), y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** Shared area of two boxes as a fraction of the smaller one. */
function overlapOfSmaller(a: Face['box'], b: Face['box']): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / Math.max(1e-9, Math.min(a.width * a.height, b.width * b.height)) : 0;
}

/** The meshes with each face once: of any that overlap by more than SAME_FACE_OVERLAP, the most confident. */
export function distinctFaces(meshes: FaceMesh[]): FaceMesh[] {
  const kept: { mesh: FaceMesh; box: Face['box'] }[] = [];
  for (const mesh of [...meshes].sort((a, b) => b.score - a.score)) {
    const box = landmarkBox(mesh.landmarks);
    if (kept.every((k) => overlapOfSmaller(k.box, box) <= SAME_FACE_OVERLAP)) kept.push({ mesh, box });
  }
  return kept.map((k) => k.mesh);
}

/**
 * Other crops of a detected face to try when the detector's own gives no mesh: larger, turned by ±20°. On heads
 * tilted far back (selfies from below) the detector finds the face but its eye keypoints level the crop wrongly and
 * the mesh scores under MIN_MESH_SCORE; on held-out renders one of these crops recovers a confident mesh for about a
 * third of such faces (docs/MODEL.md). Tried in order, stopping at the first confident one.
 */
const RETRY_CROPS: [scale: number, turn: number][] = [[1.3, -0.35], [1.3, 0.35], [1.6, -0.35], [1.6, 0.35]];

/** The mesh of a detected face: the detector's crop, else the best of RETRY_CROPS. */
async function meshDetected(model: GraphModel, image: tf.Tensor3D, region: FaceRegion): Promise<FaceMesh> {
  let best = await meshFace(model, image, region);
  for (const [scale, turn] of RETRY_CROPS) {
    if (best.score >= MIN_MESH_SCORE) break;
    const next = await meshFace(model, image, { ...region, size: region.size * scale, angle: region.angle + turn });
    if (next.score > best.score) best = next;
  }
  return best;
}

/** Full trust up to 40° of yaw, none past 60°: the mesh model was trained on faces that show both eyes. */
function poseTrust(yaw: number): number {
  return Math.min(1, Math.max(0, (60 - Math.abs(yaw)) / 20));
}

/**
 * Tiny faces get no prior: under ~8 network pixels the relief cannot be drawn, and under ~32 image pixels the
 * mesh is guessed from a blur. Full trust from 16 network and 80 image pixels of face width (held-out renders: the
 * half-body faces' own shape suffered with full trust from 48 px).
 */
function sizeTrust(widthInGrid: number, widthInImage: number): number {
  return Math.min(1, Math.max(0, (widthInGrid - 8) / 8), Math.max(0, (widthInImage - 32) / 48));
}

/** Fits pose and distance to each mesh and rasterises the ones the prior trusts at the image's resolution. */
export function describeFaces(nets: FaceNets, meshes: FaceMesh[], imageSize: [number, number], grid: [number, number],
  focalLength35mm: number, focalGiven: boolean): { anchors: MetricAnchor[]; fields: FacePriorField[] } {
  const focal = focalLengthPx(imageSize, focalLength35mm);
  const anchors: MetricAnchor[] = [];
  const fields: FacePriorField[] = [];
  for (const mesh of meshes) {
    const pose = fitCanonicalFace(nets.canonical, mesh.landmarks);
    const box = landmarkBox(mesh.landmarks);
    // A fit worse than 1.5 cm RMS on MediaPipe's rigid points is not a face shape the priors should impose.
    const fitTrust = pose.rmsCm < 1.5 ? 1 : 0;
    const strength = poseTrust(pose.yaw) * sizeTrust(box.width * grid[1] / imageSize[1], box.width) * fitTrust;
    const distance = focal / pose.pixelsPerCm / 100;
    const face = {
      box,
      landmarks: mesh.landmarks.map(([x, y, z]) => [x, y, z] as [number, number, number]),
      score: mesh.score,
      pose: { yaw: pose.yaw, pitch: pose.pitch, roll: pose.roll },
      distance: { metres: distance, relativeError: focalGiven ? 0.1 : 0.5 },
      priorWeight: strength,
    };
    // Each rigid landmark lies depthOffset in front of the fitted head's origin, which is `distance` away.
    const points = nets.canonical.procrustes.map(([i]) =>
      [mesh.landmarks[i]![0], mesh.landmarks[i]![1], distance - pose.depthOffsetCm[i]! / 100] as [number, number, number]);
    anchors.push({ face, points });
    // A face the prior will not use (too small, turned away, not face-shaped) is not rasterised at all.
    if (strength > 0) {
      fields.push({ raster: rasterizeHead(mesh.landmarks, nets.canonical.triangles, nets.head, pose, imageSize, focal, HEAD_RASTER), strength });
    }
  }
  return { anchors, fields };
}
