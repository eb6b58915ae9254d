import { memory } from '@tensorflow/tfjs-core';
import { buildGridMesh } from '@relief/photo3d';
import type { DepthResult } from './photo-pipeline.ts';
import type { View3D } from './view3d.ts';
import type { LiveDepth } from './live-depth.ts';
import { stretchStats } from './mesh-stats.ts';

/**
 * `window.relief`: what browser tests (and curious users in the console) read beyond the pixels — mesh quality
 * and drawing a chosen camera phase.
 */
export function installTestHooks(result: () => DepthResult | undefined, view3d: View3D, live: LiveDepth): void {
  const hooks = {
    /** Draws loop phase t with the animation held, so two phases can be compared. */
    drawPhase(t: number): void {
      view3d.pause();
      view3d.drawPhase(t);
    },
    play: () => view3d.play(),
    /**
     * Stretched triangles of the shown mesh, and of the same photo meshed the way the original demo did (the
     * Depth API values as they are, background included, nothing torn) for comparison.
     */
    meshStats() {
      const r = result();
      const layers = view3d.view?.layers;
      if (!r || !layers) return undefined;
      const mask = r.mask && { values: r.mask, width: r.width, height: r.height };
      const naive = buildGridMesh({
        depth: r.data.depth, depthWidth: r.width, depthHeight: r.height, intrinsics: layers.intrinsics,
        columns: layers.foreground.columns, rows: layers.foreground.rows, keep: r.mask, tearThreshold: Infinity,
      });
      return { shown: stretchStats(layers.foreground, layers.intrinsics, mask), naive: stretchStats(naive, layers.intrinsics, mask) };
    },
    /** What drew the latest GIF/video export: 'software' (workers) where WebGL is SwiftShader, else 'webgl'. */
    lastExportRenderer: () => view3d.view?.lastExportRenderer,
    liveFrames: () => live.frames,
    /** Where the shown depth is nearest (smallest Depth API value on the person): to check the colour map there. */
    nearestPoint() {
      const r = result();
      if (!r) return undefined;
      let best = -1;
      for (let i = 0; i < r.depth.length; i++) if ((!r.mask || r.mask[i] >= 0.5) && r.depth[i] > 0 && (best < 0 || r.depth[i] < r.depth[best])) best = i;
      return { x: best % r.width, y: Math.floor(best / r.width), width: r.width, height: r.height };
    },
    /** Live tfjs tensors: must stay flat while the webcam runs (no leak per frame). */
    tensors: () => memory().numTensors,
  };
  Object.assign(window, { relief: hooks });
}
