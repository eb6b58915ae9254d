// Exports drawn by the software renderer on Web Workers, for browsers whose WebGL is itself a CPU rasteriser.
import type { GifOptions } from './encode-gif.js';
import type { ExportOptions, ExportRenderer } from './export-options.js';
import type { Photo3DLayers } from './layers.js';
import type { BackgroundMode, Photo3DRenderer } from './renderer.js';
import { packedCssColor } from './soft/background-color.js';
import type { SoftLoopOptions } from './soft/soft-loop.js';
import { renderSoftGifWeb } from './soft/web-threads.js';

/** A view as its WebGL export would draw it, for the software renderer; `width`/`height` are the export's. */
export type SoftScene = Required<Pick<SoftLoopOptions, 'width' | 'height' | 'path' | 'antialias' | 'background' | 'overscan'>> & { layers: Photo3DLayers };

const RENDERERS: ExportRenderer[] = ['auto', 'webgl', 'software'];

/** SwiftShader, llvmpipe and the like: WebGL drawn on the CPU, one core, far slower than SoftRenderer on workers. */
export function isSoftwareWebGL(renderer: Photo3DRenderer): boolean {
  return /swiftshader|llvmpipe|software/i.test(renderer.driver);
}

/** What the software renderer cannot draw of a view: why not, or undefined when it can draw it all. */
function softwareCannot(view: { wireframe: boolean; background: BackgroundMode }): string | undefined {
  if (view.wireframe) return 'The software renderer draws no wireframe.';
  if (view.background === 'layer' || view.background === 'transparent') return undefined;
  try {
    packedCssColor(view.background);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The renderer an export asked for, resolved: 'auto' becomes 'software' on CPU-rasterised WebGL when the software
 * renderer can draw the view (no wireframe, a background colour it reads), else 'webgl'.
 */
export function resolveExportRenderer(choice: ExportRenderer = 'auto', view: { wireframe: boolean; background: BackgroundMode },
  softwareWebGL: () => boolean): 'webgl' | 'software' {
  if (!RENDERERS.includes(choice)) throw new Error(`Unknown export renderer '${choice}'; use one of ${RENDERERS.join(', ')}.`);
  const cannot = softwareCannot(view);
  if (choice === 'software' && cannot) throw new Error(`${cannot} Export with renderer 'webgl' instead.`);
  if (choice === 'auto') return !cannot && softwareWebGL() ? 'software' : 'webgl';
  return choice;
}

/** exportGif drawn and encoded on Web Workers; progress is per encoded frame. */
export async function exportGifSoftware(scene: SoftScene, options: ExportOptions & GifOptions): Promise<Uint8Array> {
  const { layers, ...view } = scene;
  const bytes = await renderSoftGifWeb(layers, {
    ...view,
    fps: options.fps,
    duration: options.duration,
    signal: options.signal,
    gif: { palette: options.palette, dither: options.dither, colors: options.colors },
    onEncoded: (done, total) => options.onProgress?.({ stage: 'encode', done, total, fraction: done / total }),
  });
  options.signal?.throwIfAborted();
  return bytes;
}
