// What a small app does with @relief/depth: the bundled models (wherever the bundler put them), the WASM backend
// from a folder holding tfjs-backend-wasm's .wasm files, one depth map of a photo, and numbers for the test.
import { createEstimator, SupportedModels, useBackend } from '@relief/depth';

export async function estimate(photoUrl) {
  if (!await useBackend('wasm', { wasmPaths: './wasm/' })) throw new Error('the WASM backend did not start');
  const image = new Image();
  image.src = photoUrl;
  await image.decode();
  const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  const depthMap = await estimator.estimateDepth(image, { minDepth: 0, maxDepth: 1 });
  const values = await depthMap.toFloat32Array();
  const result = {
    width: depthMap.width, height: depthMap.height, faces: depthMap.faces.length,
    max: values.reduce((a, b) => Math.max(a, b), 0),
    models: performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => /\.(json|bin)$/.test(p)),
  };
  depthMap.dispose();
  estimator.dispose();
  return result;
}
