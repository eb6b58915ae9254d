import type { Photo3DInput } from './types.js';

/** Rejects inputs that would silently give a broken mesh, with what to fix. */
export function validateInput(input: Photo3DInput): void {
  const { image, depth, depthWidth, depthHeight, mask, depthUnits } = input;
  if (!image || !(image.width > 0) || !(image.height > 0) || image.data?.length !== image.width * image.height * 4) {
    throw new Error('image must be RGBA pixels {data, width, height} with data.length = width × height × 4.');
  }
  if (!(depth instanceof Float32Array) || !(depthWidth > 0) || !(depthHeight > 0) || depth.length !== depthWidth * depthHeight) {
    throw new Error(`depth must be a Float32Array of depthWidth × depthHeight values (got ${depth?.length} for ${depthWidth}×${depthHeight}).`);
  }
  if (mask !== undefined && (!(mask instanceof Float32Array) || mask.length !== depth.length)) {
    throw new Error(`mask must be a Float32Array the size of the depth map (${depthWidth}×${depthHeight}).`);
  }
  if (depthUnits !== 'raw' && depthUnits !== 'metres') {
    throw new Error(`depthUnits must be 'raw' (the network's relative depth) or 'metres', got ${String(depthUnits)}. ` +
      'For Depth API maps in [0,1], convert with relativeDepthFromDepthMap(values, depthMap.config) and use "raw".');
  }
  for (let i = 0; i < depth.length; i++) {
    if (mask && mask[i] < 0.5) continue;
    if (!(depth[i] > 0) || !Number.isFinite(depth[i])) {
      throw new Error(`depth must be a positive finite distance${mask ? ' inside the person mask' : ''}; found ${depth[i]} at pixel ${i % depthWidth},${Math.floor(i / depthWidth)}.`);
    }
  }
}
