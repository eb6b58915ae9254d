import type { io, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';

/** The models this package can create; same name and value as the original. */
export enum SupportedModels {
  ARPortraitDepth = 'ARPortraitDepth',
}

/** Where a graph model comes from: a URL, an io.IOHandler, or (in Node) a file path or file: URL to model.json. */
export type ModelSource = string | URL | io.IOHandler;

export interface ARPortraitDepthModelConfig {
  /** Depth graph model (input [1,256,192,3] in [0,1], output [1,256,192,1]). Default: the bundled model. */
  depthModelUrl?: ModelSource;
  /** MediaPipe Selfie Segmentation graph model (input [1,256,256,3] in [0,1]). Default: the bundled model. */
  segmentationModelUrl?: ModelSource;
  /** Run one prediction on creation so the first estimateDepth call is not slowed by shader/kernel set-up. Default true. */
  warmup?: boolean;
  /**
   * The default of `estimateDepth`'s `priors`: on with the bundled depth model, off with your own `depthModelUrl`.
   * When it is off the prior models are loaded only if a call asks for them, so start-up skips them (≈ 0.1 s).
   */
  priors?: boolean;
  /** MediaPipe BlazeFace short-range graph model (input [1,128,128,3] in [-1,1]) for the face prior. Default: bundled. */
  faceDetectorModelUrl?: ModelSource;
  /** MediaPipe face-mesh graph model (input [1,192,192,3] in [0,1], 468 landmarks) for the face prior. Default: bundled. */
  faceMeshModelUrl?: ModelSource;
  /** MediaPipe BlazePose graph model (input [1,256,256,3] in [0,1], 33 landmarks) for the body prior. Default: bundled (lite). */
  poseModelUrl?: ModelSource;
}

export interface ARPortraitDepthEstimationConfig {
  /** Raw depth (the network's output / 2) mapped to 0; smaller values clamp to 0. In [0, 1]. */
  minDepth: number;
  /** Raw depth mapped to 1; larger values clamp to 1. In [0, 1], greater than minDepth. */
  maxDepth: number;
  /** Mirror the input first (for selfie cameras); the depth map stays in the flipped frame. Default false. */
  flipHorizontal?: boolean;
  /** Skip segmentation and feed the whole image to the network (photos without a person). Default false. */
  skipSegmentation?: boolean;
  /**
   * Correct depth with priors learned from real photos: the face mesh's relief (nose, eye sockets, mouth) and the
   * body pose's depth order (shoulders, arms, hips, legs; only when the hips are in view). `true`/`false` for both,
   * or `{ face, body }` for each. Default: both on with the bundled depth model, off with your own `depthModelUrl`.
   */
  priors?: boolean | PriorSelection;
  /**
   * The camera's focal length as a 35 mm equivalent in mm (EXIF FocalLengthIn35mmFilm), for the face relief's
   * scale and metric depth. Default 50 (a normal lens); decoded JPEGs with that EXIF tag use it.
   */
  focalLength35mm?: number;
  /**
   * Follow faces from the previous call instead of searching the whole frame (video). Default: true for
   * HTMLVideoElement inputs, false otherwise. `reset()` forgets them.
   */
  tracking?: boolean;
}

/** An estimation config with every option resolved (what a DepthMap was made with). */
export type ResolvedEstimationConfig = Readonly<Omit<Required<ARPortraitDepthEstimationConfig>, 'priors'> & {
  priors: Readonly<Required<PriorSelection>>;
}>;

/** Which priors to apply; a missing one is on. */
export interface PriorSelection {
  face?: boolean;
  body?: boolean;
}

/** A face the priors found, in the depth map's pixels (the flipped frame when flipHorizontal is set). */
export interface Face {
  /** Bounds of the landmarks. */
  box: { x: number; y: number; width: number; height: number };
  /** MediaPipe's 468 face-mesh landmarks, [x, y, z]; z is relative depth in pixel units, smaller = nearer. */
  landmarks: [number, number, number][];
  /** Face-mesh confidence in [0, 1]. */
  score: number;
  /** Head pose in degrees: yaw > 0 turns the face to the image's right, pitch > 0 lifts the chin. */
  pose: { yaw: number; pitch: number; roll: number };
  /** Camera-to-face distance from the face's size and the focal length, with its 1-σ relative error. */
  distance: { metres: number; relativeError: number };
  /** How strongly this face corrected the depth, in [0, 1] (0: too small, turned away or not face-shaped). */
  priorWeight: number;
}

/** Depth in metres, from the faces' distance; person pixels only (background and clipped pixels are NaN). */
export interface MetricDepth {
  width: number;
  height: number;
  /** Row-major metres. */
  data: Float32Array;
  /** 1-σ relative error of the scale (face-size spread, and the focal length when it was not given). */
  relativeError: number;
}

/** RGBA (or RGB / gray) pixels in memory, row-major, e.g. what sharp, canvas or node-canvas give. */
export interface PixelData {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** Channels per pixel: 1, 3 or 4. Default: data.length / (width*height). */
  channels?: number;
}

/** Everything `estimateDepth` accepts. Encoded image bytes (JPEG/PNG/WebP) are decoded in Node only. */
export type DepthEstimatorInput =
  | Tensor3D
  | ImageData
  | HTMLVideoElement
  | HTMLImageElement
  | HTMLCanvasElement
  | ImageBitmap
  | OffscreenCanvas
  | PixelData
  | Uint8Array;

/** RGBA pixels with the ImageData shape; what `toCanvasImageSource()` returns where there is no DOM. */
export interface ImageDataLike {
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

/** A per-pixel map at the input's size with values in [0, 1]. */
export interface ValueMap {
  /** Pixels per row: the input's width (or its 16.8-MP working size, see {@link MAX_INPUT_SIDE}). */
  readonly width: number;
  /** Rows: the input's height (or its 16.8-MP working size). */
  readonly height: number;
  /** H×W float tensor in [0, 1]. The caller owns it and disposes it; the map itself then cannot be read again. */
  toTensor(): Promise<Tensor2D>;
  /** The values as `height` rows of `width` numbers (asynchronous on every backend; the original blocks). */
  toArray(): Promise<number[][]>;
  /** The values row-major in one array of `width × height`. */
  toFloat32Array(): Promise<Float32Array>;
  /** Red = value × 255, green = blue = 0, alpha = 255: a canvas in the browser, ImageData-like pixels elsewhere. */
  toCanvasImageSource(): Promise<CanvasImageSource | ImageDataLike>;
  /** `'tensor'`, as in the original. */
  getUnderlyingType(): 'tensor';
  /** Frees the map's tensor; reading it afterwards fails with a message. */
  dispose(): void;
}

/** The person mask: probability that a pixel shows a person, at the input's size. */
export type PersonMask = ValueMap;

/**
 * What {@link DepthEstimator.estimateDepth} returns: depth at the input's size, row-major, values in [0, 1],
 * smaller = nearer, background (person probability < 0.5) 0. A value is
 * `clip((raw / 2 − minDepth) / (maxDepth − minDepth), 0, 1)`, `raw` being the network's relative depth (≈ distance /
 * the person's typical distance), so the config it carries turns values back into relative depth. It holds TF.js
 * memory (GPU or WASM) until {@link DepthMap.dispose}.
 */
export interface DepthMap extends ValueMap {
  /** The person mask the depth was computed with (all ones when segmentation was skipped). */
  readonly mask: PersonMask;
  /** The config the map was made with, so that values can be turned back into raw depth. */
  readonly config: ResolvedEstimationConfig;
  /** Faces the priors found (empty when priors are off or there is none). */
  readonly faces: readonly Face[];
  /**
   * Depth in metres, scaled by the nearest well-seen face's distance (face size + focal length); null when no
   * face was found. Depth clipped by minDepth/maxDepth cannot be recovered and is NaN.
   */
  toMetres(): Promise<MetricDepth | null>;
  /** 16-bit grayscale PNG of depth (0 → 0, 1 → 65535). Node only. */
  toPNG16(): Promise<Uint8Array>;
  /** Disposes the depth and mask tensors. */
  dispose(): void;
}

/** What {@link createEstimator} returns; one estimator serves any number of images. */
export interface DepthEstimator {
  /**
   * Estimates the depth of one image: a {@link DepthMap} at the input's size, which you own (call `dispose()`), or
   * `null` for a `null`/`undefined` input (which also forgets tracked faces, as in the original).
   *
   * @param input An image in any form listed in {@link DepthEstimatorInput}: browser images, canvases and video,
   *   `ImageData`, a `Tensor3D` of 0..255 pixels, raw pixels, or in Node the bytes of a JPEG, PNG, WebP, AVIF, GIF or
   *   TIFF file (EXIF orientation applied). Sides over {@link MAX_INPUT_SIDE} are refused; inputs over 16.8 MP are
   *   estimated at 16.8 MP.
   * @param config `minDepth` and `maxDepth` (required, in [0, 1], min < max) choose the window of raw depth mapped to
   *   [0, 1]: `{ minDepth: 0.2, maxDepth: 0.9 }` suits portraits, as in Google's demo. The other options are optional.
   * @throws With a message naming the problem and the fix: a missing or invalid config, an empty, oversized or
   *   undecodable input, NaN pixels, a video with no frame yet, a disposed estimator.
   */
  estimateDepth(input: DepthEstimatorInput | null | undefined, config: ARPortraitDepthEstimationConfig): Promise<DepthMap | null>;
  /** Frees the networks and the prior models; the estimator cannot be used afterwards. */
  dispose(): void;
  /** Forgets the faces and pose tracked from earlier video frames. */
  reset(): void;
}
