// The software-rendered loop on module Web Workers, for browsers whose WebGL is itself a CPU rasteriser.
import type { Photo3DLayers } from '../layers.js';
import type { LoopTiming } from '../loop-timing.js';
import type { FrameHandler } from './loop-scheduler.js';
import { softGif, softLoop, type SoftGifOptions, type SoftLoopOptions, type SoftThreads } from './soft-loop.js';

/** Workers could not be started or loaded here (no Worker, a Content-Security-Policy, a missing script). */
export class SoftWorkersUnavailable extends Error {
  override name = 'SoftWorkersUnavailable';
}

/** Rendering threads as module Web Workers (also the live view's, see live-loop.ts). */
export const webWorkers: SoftThreads = {
  // Past 8 the per-worker copy of the layers and the main thread's share of the work outweigh another worker.
  defaultCount: () => Math.min(8, Math.max(1, navigator.hardwareConcurrency || 1)),
  start(setup, events) {
    let worker: Worker;
    try {
      // This exact form is what bundlers (Vite, webpack, esbuild plugins) recognise and emit the worker for.
      worker = new Worker(new URL('./soft-web-worker.js', import.meta.url), { type: 'module' });
    } catch (error) {
      throw new SoftWorkersUnavailable(`Web Workers cannot start here: ${(error as Error).message}`);
    }
    // A worker that fails before its first answer most likely never loaded (blocked or missing script).
    let answered = false;
    worker.onmessage = (event: MessageEvent) => {
      answered = true;
      events.result(event.data);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const reason = event.message || 'the worker script did not load';
      events.failed(answered ? new Error(`a rendering worker failed: ${reason}`) : new SoftWorkersUnavailable(`a rendering worker did not start: ${reason}`));
    };
    worker.onmessageerror = () => events.failed(new Error('a rendering worker sent a message that could not be read.'));
    worker.postMessage(setup);
    return { post: (task, transfer) => worker.postMessage(task, transfer), terminate: () => worker.terminate() };
  },
};

/** softLoop on Web Workers; `threads` defaults to navigator.hardwareConcurrency, clamped to 1…8. */
export function renderSoftLoopWeb(layers: Photo3DLayers, options: SoftLoopOptions, onFrame: FrameHandler): Promise<LoopTiming> {
  return softLoop(webWorkers, layers, options, onFrame);
}

/** softGif on Web Workers (the same bytes as encodeGif); `threads` defaults to navigator.hardwareConcurrency, clamped to 1…8. */
export function renderSoftGifWeb(layers: Photo3DLayers, options: SoftLoopOptions & SoftGifOptions, onFrame?: FrameHandler): Promise<Uint8Array> {
  return softGif(webWorkers, layers, options, onFrame);
}
