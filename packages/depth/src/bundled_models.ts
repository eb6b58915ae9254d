// Each `new URL('literal', import.meta.url)` is written out in full so bundlers (Vite, webpack 5) see the files and
// emit them as assets; in Node the same URLs are file: URLs into the package. Bundlers that leave those URLs alone
// (esbuild) need a copy of models/ served somewhere and setModelsUrl() pointing at it.
import type { Bundled } from './model_loading.js';

let modelsFolder: URL | undefined;

/**
 * Loads the bundled models from `folder`, a copy of the package's `models/` folder, instead of where the bundler
 * put them: for esbuild (which does not emit `new URL(…, import.meta.url)` assets) or a self-hosted script tag.
 * A relative `folder` is resolved against the page. Call it before createEstimator.
 */
export function setModelsUrl(folder: string | URL): void {
  const page = (globalThis as { document?: { baseURI: string } }).document?.baseURI
    ?? (globalThis as { location?: { href: string } }).location?.href;
  let url: URL;
  try {
    url = new URL(folder, page);
  } catch {
    throw new Error(`setModelsUrl: '${String(folder)}' is not a URL; pass an absolute URL of the folder that holds the copy of @relief/depth's models/ (or, in a page, a path relative to it).`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  modelsFolder = url;
}

/** A bundled model: where the bundler put it, or, after setModelsUrl, `file` in that folder (shards beside it). */
function bundled(file: string, model: URL, weights: Record<string, URL>): Bundled {
  return {
    get model() { return modelsFolder ? new URL(file, modelsFolder) : model; },
    get weights() { return modelsFolder ? {} : weights; },
  };
}

/** The default depth network (see models/README.md for what it is). */
export const BUNDLED_DEPTH_MODEL = bundled('depth/model.json',
  new URL('../models/depth/model.json', import.meta.url),
  {
    'group1-shard1of2.bin': new URL('../models/depth/group1-shard1of2.bin', import.meta.url),
    'group1-shard2of2.bin': new URL('../models/depth/group1-shard2of2.bin', import.meta.url),
  });

/** MediaPipe Selfie Segmentation (general, 256×256), Apache-2.0, converted to TF.js by Vladimir Mandic (MIT). */
export const BUNDLED_SEGMENTATION_MODEL = bundled('selfie.json',
  new URL('../models/selfie.json', import.meta.url),
  { 'selfie.bin': new URL('../models/selfie.bin', import.meta.url) });

/** MediaPipe BlazeFace short-range ("front") face detector, 128×128, Apache-2.0, TF.js conversion by Vladimir Mandic (MIT). */
export const BUNDLED_FACE_DETECTOR_MODEL = bundled('face/blazeface-front.json',
  new URL('../models/face/blazeface-front.json', import.meta.url),
  { 'blazeface-front.bin': new URL('../models/face/blazeface-front.bin', import.meta.url) });

/** MediaPipe Face Mesh (468 landmarks, 192×192), Apache-2.0, TF.js conversion by Vladimir Mandic (MIT). */
export const BUNDLED_FACE_MESH_MODEL = bundled('face/facemesh.json',
  new URL('../models/face/facemesh.json', import.meta.url),
  { 'facemesh.bin': new URL('../models/face/facemesh.bin', import.meta.url) });

/** MediaPipe BlazePose GHUM lite (33 body landmarks, 256×256), Apache-2.0, TF.js conversion by Vladimir Mandic (MIT). */
export const BUNDLED_POSE_MODEL = bundled('pose/blazepose-lite.json',
  new URL('../models/pose/blazepose-lite.json', import.meta.url),
  { 'blazepose-lite.bin': new URL('../models/pose/blazepose-lite.bin', import.meta.url) });
