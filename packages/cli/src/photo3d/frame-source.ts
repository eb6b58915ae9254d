// What renders a 3D photo's frames for `relief photo3d`: the software renderer in Node or headless Chromium.
import type { CameraPathKind, FillMethod, LayerOptions, LensBlurOptions, Photo3DInput } from '@relief/photo3d';

export const RENDERERS = ['software', 'chromium'] as const;
export type RendererName = (typeof RENDERERS)[number];

/**
 * How the 3D photo looks and moves, the same for every frame and output size: the web app's 3D-panel settings.
 * `relief photo3d` fills it from its flags; the render job hands it to the frame source unchanged.
 */
export interface Look {
  /** "3D strength" (0 flat … 1 as estimated … 4). */
  strength: number;
  /** Camera motion as a fraction of the subject distance, or 'auto': photo3d's autoAmplitude for this path and frame. */
  amplitude: number | 'auto';
  /** Portrait-mode lens blur on the layers' textures; none when undefined. */
  lensBlur?: LensBlurOptions;
  /** Vertical field of view of the photo's camera, degrees; photo3d's default (50) when undefined. */
  fovDegrees?: number;
  /** Relative depth jump that tears the mesh (Infinity: never); photo3d's default (0.04) when undefined. */
  tearThreshold?: number;
  /** Fill the background layer behind the person; false: the plain photo shows there. */
  inpaint: boolean;
  /** How it is filled; photo3d's default when undefined. */
  fill?: FillMethod;
  /** Camera moved along the view axis, fraction of the subject distance (+ away), on top of the path. */
  cameraZ: number;
  /** 'layer' (the filled background layer) or a CSS colour (#rrggbb, #rgb, rgb()) behind the person. */
  background: string;
  /** Triangle edges only (WebGL, so the chromium renderer only). */
  wireframe: boolean;
}

export interface FrameSpec {
  width: number;
  height: number;
  fps: number;
  seconds: number;
  path: CameraPathKind;
  /** Mesh vertices on the long side. */
  resolution: number;
  look: Look;
}

/** The spec's settings that shape the layers, as photo3d's buildLayers (and createPhoto3D) take them. */
export function layerOptions(spec: FrameSpec): LayerOptions {
  const { strength, lensBlur, fovDegrees, tearThreshold, inpaint, fill } = spec.look;
  return { resolution: spec.resolution, strength, lensBlur, fovDegrees, tearThreshold, inpaint, fill };
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
