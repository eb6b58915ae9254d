// Node-only helpers (they import node: modules); everything else comes from '@relief/photo3d'.
import type { Photo3DLayers } from '../layers.js';
import { exportGlb } from '../export-glb.js';
import { withCanvasShim } from './canvas-shim.js';

export { encodePngRgba } from './png.js';
export { renderSoftLoop, renderSoftGif, prestartSoftThreads } from './soft-render-pool.js';
export type { SoftLoopOptions, SoftGifOptions } from '../soft/soft-loop.js';
export type { FrameHandler } from '../soft/loop-scheduler.js';
export { encodeGifParallel } from './encode-gif-parallel.js';

/** `exportGlb` for Node, where GLTFExporter finds no canvas to write its PNG textures with. */
export function exportGlbNode(layers: Photo3DLayers): Promise<Uint8Array> {
  return withCanvasShim(() => exportGlb(layers));
}
