import type { Photo3DRenderer } from './renderer.js';
import { renderLoop, type ExportOptions } from './export-options.js';
import { encodeGif, type GifOptions } from './encode-gif.js';

/** Renders one loop and encodes it as a looping GIF (gifenc). Rendering is ~70 % of the progress bar. */
export async function exportGif(renderer: Photo3DRenderer, options: ExportOptions & GifOptions = {}): Promise<Uint8Array> {
  const frames: Uint8Array[] = [];
  const width = options.width ?? renderer.width;
  const height = options.height ?? renderer.height;
  const timing = await renderLoop(renderer, options, () => { frames.push(renderer.readPixels()); }, 0.7);
  const bytes = encodeGif(frames, width, height, timing, options);
  options.signal?.throwIfAborted();
  options.onProgress?.({ stage: 'encode', done: timing.frames, total: timing.frames, fraction: 1 });
  return bytes;
}
