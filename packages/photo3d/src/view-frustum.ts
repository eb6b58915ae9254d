import type { Photo3DLayers } from './layers.js';
import { cameraPose, coverFov, lateralOverscan, type CameraPose } from './camera-paths.js';
import type { PathSettings } from './renderer.js';

/** Everything a perspective camera needs to show one pose of a 3D photo at one output size. */
export interface ViewFrustum {
  /** Vertical field of view, degrees, after the crop for the output's aspect and the overscan zoom. */
  fovDegrees: number;
  aspect: number;
  near: number;
  far: number;
  position: [number, number, number];
  target: [number, number, number];
}

/**
 * The camera for `pose` at width×height: fills an output of another aspect ratio with the photo ("cover"), and with
 * `overscan` zooms in just enough that sideways paths never look past the background layer. Shared by the WebGL and
 * the software renderer so both frame the photo identically.
 */
export function viewFrustum(layers: Photo3DLayers, pose: CameraPose, path: PathSettings, overscan: boolean, width: number, height: number): ViewFrustum {
  const aspect = width / height;
  const fov = coverFov(pose.fovDegrees, layers.intrinsics.width / layers.intrinsics.height, aspect);
  let halfTan = Math.tan((fov * Math.PI) / 360);
  if (overscan) {
    const narrow = Math.min(halfTan, halfTan * aspect);
    const focus = path.focusDepth ?? layers.focusDepth;
    halfTan /= lateralOverscan(path.path, path.amplitude, focus, layers.farDepth, narrow);
  }
  return {
    fovDegrees: (Math.atan(halfTan) * 360) / Math.PI,
    aspect,
    near: Math.max(1e-3, layers.nearDepth * 0.05),
    far: layers.farDepth * 10,
    position: pose.position,
    target: pose.target,
  };
}

/** The pose of a path at loop phase t, looking at the layers' focus depth unless the path names another. */
export function pathPose(layers: Photo3DLayers, path: PathSettings, t: number): CameraPose {
  return cameraPose(t, { ...path, focusDepth: path.focusDepth ?? layers.focusDepth, fovDegrees: layers.intrinsics.fovDegrees });
}
