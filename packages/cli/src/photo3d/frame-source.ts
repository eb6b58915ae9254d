// What renders a 3D photo's frames for `relief photo3d`: the software renderer in Node or headless Chromium.
import type { CameraPathKind, LensBlurOptions, Photo3DInput } from '@relief/photo3d';

export const RENDERERS = ['software', 'chromium'] as const;
export type RendererName = (typeof RENDERERS)[number];

export interface FrameSpec {
  width: number;
  height: number;
  fps: number;
  seconds: number;
  path: CameraPathKind;
  /** Mesh vertices on the long side. */
  resolution: number;
  /** "3D strength" (0 flat … 1 as estimated … 4). */
  strength: number;
  /** Camera motion as a fraction of the subject distance, or 'auto': photo3d's autoAmplitude for this path and frame. */
  amplitude: number | 'auto';
  /** Portrait-mode lens blur on the layers' textures; none when undefined. */
  lensBlur?: LensBlurOptions;
}

export type FrameHandler = (frame: Uint8Array) => Promise<void>;

export interface FrameSource {
  /** Whether `render` can also return the loop as a GIF (encoded where the frames are drawn). */
  readonly encodesGif: boolean;
  /**
   * Builds the 3D photo from `input`, hands its loop's RGBA frames (top row first) to `onFrame` in order, and with
   * `gif` (only where encodesGif) resolves with the GIF's bytes.
   */
  render(input: Photo3DInput, spec: FrameSpec, onFrame: FrameHandler | undefined, options: {
    gif: boolean;
    signal: AbortSignal;
    onProgress: (done: number, total: number) => void;
    /** Told the amplitude the loop is drawn with (what 'auto' resolved to). */
    onAmplitude?: (amplitude: number) => void;
  }): Promise<Uint8Array | undefined>;
}
