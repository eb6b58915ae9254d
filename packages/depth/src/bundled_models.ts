// Each `new URL('literal', import.meta.url)` is written out in full so bundlers (Vite, webpack 5, esbuild)
// see the files and emit them as assets; in Node the same URLs are file: URLs into the package.

/** The default depth network (see models/README.md for what it is). */
export const BUNDLED_DEPTH_MODEL = {
  model: new URL('../models/depth/model.json', import.meta.url),
  weights: { 'group1-shard1of1.bin': new URL('../models/depth/group1-shard1of1.bin', import.meta.url) } as Record<string, URL>,
};

/** MediaPipe Selfie Segmentation (general, 256×256), Apache-2.0, converted to TF.js by Vladimir Mandic (MIT). */
export const BUNDLED_SEGMENTATION_MODEL = {
  model: new URL('../models/selfie.json', import.meta.url),
  weights: { 'selfie.bin': new URL('../models/selfie.bin', import.meta.url) } as Record<string, URL>,
};

/** MediaPipe BlazeFace short-range ("front") face detector, 128×128, Apache-2.0, TF.js conversion by Vladimir Mandic (MIT). */
export const BUNDLED_FACE_DETECTOR_MODEL = {
  model: new URL('../models/face/blazeface-front.json', import.meta.url),
  weights: { 'blazeface-front.bin': new URL('../models/face/blazeface-front.bin', import.meta.url) } as Record<string, URL>,
};

/** MediaPipe Face Mesh (468 landmarks, 192×192), Apache-2.0, TF.js conversion by Vladimir Mandic (MIT). */
export const BUNDLED_FACE_MESH_MODEL = {
  model: new URL('../models/face/facemesh.json', import.meta.url),
  weights: { 'facemesh.bin': new URL('../models/face/facemesh.bin', import.meta.url) } as Record<string, URL>,
};

/** MediaPipe BlazePose GHUM lite (33 body landmarks, 256×256), Apache-2.0, TF.js conversion by Vladimir Mandic (MIT). */
export const BUNDLED_POSE_MODEL = {
  model: new URL('../models/pose/blazepose-lite.json', import.meta.url),
  weights: { 'blazepose-lite.bin': new URL('../models/pose/blazepose-lite.bin', import.meta.url) } as Record<string, URL>,
};
