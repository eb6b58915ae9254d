// What the main thread tells each depth worker; plain data, since it crosses the thread boundary.
import type { ColormapName } from './colormaps.js';

/** Output files per input; `color` and `mask` are 8-bit PNGs, `png16` the full-precision depth, `metres` float32 metres. */
export type DepthKind = 'png16' | 'png8' | 'npy' | 'metres' | 'color' | 'mask';

export interface DepthSettings {
  backend: 'wasm' | 'cpu';
  /** model.json path or http(s) URL; undefined = the bundled model. */
  model?: string;
  segmentation?: string;
  minDepth: number;
  maxDepth: number;
  flipHorizontal: boolean;
  skipSegmentation: boolean;
  /** Face priors on/off; absent = the estimator's default. */
  priors?: boolean;
  /** 35 mm-equivalent focal length; absent = EXIF, else the default. */
  focalLength35mm?: number;
  colormap: ColormapName;
}

export interface DepthTask {
  id: number;
  input: string;
  /** Encoded files to return. */
  kinds: DepthKind[];
  /** Also return the depth values and mask themselves (for meshes and 3D photos). */
  arrays: boolean;
}

export interface DepthArrays {
  depth: Float32Array;
  mask: Float32Array;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'stage'; id: number; fraction: number; stage: string }
  | { type: 'done'; id: number; files: { kind: DepthKind; bytes: Uint8Array }[]; arrays?: DepthArrays; width: number; height: number; personFraction: number }
  | { type: 'failed'; id: number; reason: string };
