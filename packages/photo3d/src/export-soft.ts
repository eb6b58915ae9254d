// Exports drawn by the software renderer on Web Workers, for browsers whose WebGL is itself a CPU rasteriser.
import type { GifOptions } from './encode-gif.js';
import type { ExportOptions } from './export-options.js';
import type { Photo3DLayers } from './layers.js';
import type { SoftLoopOptions } from './soft/soft-loop.js';
import { renderSoftGifWeb } from './soft/web-threads.js';

/** A view as its WebGL export would draw it, for the software renderer; `width`/`height` are the export's. */
export type SoftScene = Required<Pick<SoftLoopOptions, 'width' | 'height' | 'path' | 'antialias' | 'background' | 'overscan'>> & { layers: Photo3DLayers };

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
