import { checkPathOptions } from './input-hygiene.js';

export const CAMERA_PATHS = ['circle', 'swing', 'zoom', 'dolly', 'parallax'] as const;
export type CameraPathKind = (typeof CAMERA_PATHS)[number];

/**
 * Default motion size per path, as a fraction of the focus distance: small enough that the disoccluded strips stay
 * narrow (they are inpainted, not real), large enough to read as 3D. Zoom and dolly move along the view axis, where
 * the same distance shows far less disocclusion.
 */
export const DEFAULT_AMPLITUDE: Record<CameraPathKind, number> = {
  circle: 0.04,
  swing: 0.05,
  zoom: 0.12,
  dolly: 0.3,
  parallax: 0.05,
};

export interface CameraPathOptions {
  path: CameraPathKind;
  /** Distance from the photo's camera to the point the moving camera looks at (the subject), depth units. */
  focusDepth: number;
  /** The photo camera's vertical field of view, degrees. */
  fovDegrees: number;
  /** Motion size as a fraction of focusDepth. Default DEFAULT_AMPLITUDE[path]. */
  amplitude?: number;
  /** For 'parallax': the user's offset (mouse, gyro) in [−1, 1]², +x right, +y up. */
  offset?: { x: number; y: number };
  /** Moves the camera along the view axis by this fraction of focusDepth (+ away from the subject), on top of the path. Default 0. */
  cameraZ?: number;
}

export interface CameraPose {
  position: [number, number, number];
  target: [number, number, number];
  /** Vertical field of view for this pose, degrees (only the dolly zoom changes it). */
  fovDegrees: number;
}

/**
 * The camera at loop phase t (1 = one period; only the fractional part counts, so pose(0) and pose(1) are the same
 * object-for-object, and an exported loop sampled at t = i/N for i < N closes seamlessly). The photo's own camera
 * sits at the origin looking down −z at the focus point (0, 0, −focusDepth).
 */
export function cameraPose(t: number, options: CameraPathOptions): CameraPose {
  checkPathOptions(options);
  const pose = poseOnPath(t, options);
  if (options.cameraZ) pose.position[2] += options.cameraZ * options.focusDepth;
  return pose;
}

function poseOnPath(t: number, options: CameraPathOptions): CameraPose {
  const { path, focusDepth, fovDegrees } = options;
  if (!CAMERA_PATHS.includes(path)) throw new Error(`Unknown camera path '${path}'; use one of ${CAMERA_PATHS.join(', ')}.`);
  if (!(focusDepth > 0)) throw new Error(`focusDepth must be a positive distance, got ${focusDepth}.`);
  if (!Number.isFinite(t)) throw new Error(`Camera path time must be finite, got ${t}.`);
  const a = (options.amplitude ?? DEFAULT_AMPLITUDE[path]) * focusDepth;
  const phase = t - Math.floor(t);
  const theta = 2 * Math.PI * phase;
  const target: [number, number, number] = [0, 0, -focusDepth];
  switch (path) {
    case 'circle':
      return { position: [a * Math.cos(theta), a * Math.sin(theta), 0], target, fovDegrees };
    case 'swing':
      return { position: [a * Math.sin(theta), 0, 0], target, fovDegrees };
    case 'zoom':
      // Forward and back: moving in never shows past the photo's borders.
      return { position: [0, 0, (-a * (1 - Math.cos(theta))) / 2], target, fovDegrees };
    case 'dolly': {
      // Back away while narrowing the view so the focus plane keeps its size (the "Vertigo" effect); backing away
      // keeps the far background inside the photo's frustum.
      const back = (a * (1 - Math.cos(theta))) / 2;
      const half = Math.atan((Math.tan((fovDegrees * Math.PI) / 360) * focusDepth) / (focusDepth + back));
      return { position: [0, 0, back], target, fovDegrees: (half * 360) / Math.PI };
    }
    case 'parallax': {
      const x = Math.max(-1, Math.min(1, options.offset?.x ?? 0));
      const y = Math.max(-1, Math.min(1, options.offset?.y ?? 0));
      return { position: [a * x, a * y, 0], target, fovDegrees };
    }
  }
}

/**
 * Vertical FOV that fills an output of another aspect ratio with the photo without showing past its borders
 * ("cover"): a wider output keeps the photo's horizontal view and crops top and bottom.
 */
export function coverFov(fovDegrees: number, photoAspect: number, outputAspect: number): number {
  if (outputAspect <= photoAspect) return fovDegrees;
  const half = Math.atan((Math.tan((fovDegrees * Math.PI) / 360) * photoAspect) / outputAspect);
  return (half * 360) / Math.PI;
}

/**
 * How much to zoom in so a sideways-moving camera never looks past the background's borders: looking at the focus
 * from a sideways offset a·focus shifts the view at the background (distance far) by a·(far − focus), which must fit
 * in the visible half-extent tan(halfFov)·far. 1 for paths that move along the view axis.
 */
export function lateralOverscan(path: CameraPathKind, amplitude: number | undefined, focusDepth: number, farDepth: number, narrowHalfFovTan: number): number {
  if (path === 'zoom' || path === 'dolly') return 1;
  const a = amplitude ?? DEFAULT_AMPLITUDE[path];
  // 1.15: the oblique view of the background plane (keystone) reaches a little further at the corners.
  return 1 + (1.15 * a * Math.max(0, farDepth - focusDepth)) / (narrowHalfFovTan * farDepth);
}
