import type { RgbaImage } from '../types.js';
import { fillImage, type FillOptions } from './fill-image.js';

/**
 * `fillImage` on a module Web Worker (browsers), so a 3D photo can be rebuilt while the page keeps animating; runs
 * inline where there are no Web Workers (Node) or the worker cannot start (a Content-Security-Policy, a missing
 * script), and inline again if the worker fails, so real input errors are reported from this thread.
 */
export async function fillImageAsync(image: RgbaImage, hole: Uint8Array, exclude?: Uint8Array, options: FillOptions = {}): Promise<RgbaImage> {
  if (typeof Worker === 'undefined') return fillImage(image, hole, exclude, options);
  let worker: Worker;
  try {
    // This exact form is what bundlers (Vite, webpack, esbuild plugins) recognise and emit the worker for.
    worker = new Worker(new URL('./fill-worker.js', import.meta.url), { type: 'module' });
  } catch {
    return fillImage(image, hole, exclude, options);
  }
  try {
    const answer = await new Promise<{ data?: Uint8ClampedArray } | undefined>((resolve) => {
      worker.onmessage = (e: MessageEvent<{ data?: Uint8ClampedArray; error?: string }>) => resolve(e.data);
      worker.onerror = (e: ErrorEvent) => { e.preventDefault(); resolve(undefined); };
      worker.postMessage({ image: { data: image.data, width: image.width, height: image.height }, hole, exclude, options });
    });
    if (!answer?.data) return fillImage(image, hole, exclude, options);
    return { data: answer.data, width: image.width, height: image.height };
  } finally {
    worker.terminate();
  }
}
