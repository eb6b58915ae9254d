// Views of a 3D photo from cameras shifted sideways, the building block of stereo pairs, anaglyphs and quilts.
// Each eye is the photo's camera moved along x and turned back to the focus point (the 'parallax' path), so the
// subject sits at zero parallax — at the screen plane — and the background recedes behind it.
import type { Photo3DLayers } from '../layers.js';
import { SoftRenderer } from '../soft/soft-renderer.js';
import type { CameraPose } from '../camera-paths.js';

/** Half the distance between the eyes as a fraction of the subject distance: 3.2 cm at 1 m, about human. */
export const DEFAULT_EYE_SEPARATION = 0.032;

export interface ViewSize {
  width: number;
  height: number;
}

/** Draws one RGBA view per horizontal offset (−1 = leftmost, +1 = rightmost; `spread` sets how far that is). */
export function renderOffsets(layers: Photo3DLayers, size: ViewSize, offsets: readonly number[], spread: number): Uint8Array[] {
  if (!(spread >= 0 && spread <= 1)) throw new Error(`Eye offset must be between 0 and 1 (a fraction of the subject distance), got ${spread}.`);
  const renderer = new SoftRenderer(size);
  renderer.setLayers(layers);
  return offsets.map((x) => {
    renderer.path = { path: 'parallax', amplitude: spread, offset: { x, y: 0 } };
    renderer.render(0);
    return renderer.readPixels();
  });
}

/** The left and right eye's views of each frame of a camera loop (for animated anaglyphs). */
export function renderStereoLoop(layers: Photo3DLayers, size: ViewSize, frames: number, path: 'circle' | 'swing', eye = DEFAULT_EYE_SEPARATION): [Uint8Array, Uint8Array][] {
  const renderer = new SoftRenderer(size);
  renderer.setLayers(layers);
  renderer.path = { path };
  const shifted = (pose: CameraPose, dx: number): CameraPose => ({ ...pose, position: [pose.position[0] + dx, pose.position[1], pose.position[2]] });
  const out: [Uint8Array, Uint8Array][] = [];
  for (let i = 0; i < frames; i++) {
    const pose = renderer.poseAt(i / frames);
    const d = eye * layers.focusDepth;
    renderer.renderPose(shifted(pose, -d));
    const left = renderer.readPixels();
    renderer.renderPose(shifted(pose, d));
    out.push([left, renderer.readPixels()]);
  }
  return out;
}
