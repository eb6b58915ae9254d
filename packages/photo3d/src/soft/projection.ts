import type { ViewFrustum } from '../view-frustum.js';

/**
 * World → window transform with three.js's conventions: a camera at `position` looking at `target` with +y up
 * (Object3D.lookAt), an OpenGL perspective frustum (PerspectiveCamera, depth range 0…1), and window pixels with
 * (0,0) at the top-left corner of the top row, pixel centres at half-integers.
 */
export interface Projection {
  /** Rows of the camera's rotation: right, up, backwards (the camera looks down its −z). */
  right: [number, number, number];
  up: [number, number, number];
  back: [number, number, number];
  eye: [number, number, number];
  /** Window pixels per unit of x/−z and y/−z. */
  scaleX: number;
  scaleY: number;
  width: number;
  height: number;
  near: number;
  /** window depth = depthA + depthB / w, w = distance in front of the camera. */
  depthA: number;
  depthB: number;
}

function normalize(v: [number, number, number]): [number, number, number] {
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
}

function cross(a: [number, number, number], b: [number, number, number]): [number, number, number] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function projectionFor(view: ViewFrustum, width: number, height: number): Projection {
  const eye = view.position;
  let back = normalize([eye[0] - view.target[0], eye[1] - view.target[1], eye[2] - view.target[2]]);
  // three's lookAt nudges a degenerate direction the same way; the camera paths never produce one.
  if (!Number.isFinite(back[0])) back = [0, 0, 1];
  const right = normalize(cross([0, 1, 0], back));
  const up = cross(back, right);
  const halfTan = Math.tan((view.fovDegrees * Math.PI) / 360);
  const { near, far } = view;
  // z_ndc = (f + n)/(f − n) − 2fn/((f − n)·w); window depth = (z_ndc + 1)/2.
  return {
    right, up, back, eye: [...eye],
    scaleX: width / (2 * halfTan * view.aspect),
    scaleY: height / (2 * halfTan),
    width, height, near,
    depthA: far / (far - near),
    depthB: -(far * near) / (far - near),
  };
}
