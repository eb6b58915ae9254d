// The software-rendered loop on Node worker threads (the scheduling itself is soft/loop-scheduler.ts).
import { availableParallelism } from 'node:os';
import type { Photo3DLayers } from '../layers.js';
import type { LoopTiming } from '../loop-timing.js';
import type { FrameHandler } from '../soft/loop-scheduler.js';
import { softGif, softLoop, type SoftGifOptions, type SoftLoopOptions, type SoftThreads } from '../soft/soft-loop.js';
import { startSiblingWorker } from './start-worker.js';

const workerThreads: SoftThreads = {
  defaultCount: availableParallelism,
  start(setup, events) {
    const worker = startSiblingWorker('soft-render-worker', import.meta.url, { workerData: setup });
    worker.on('message', events.result);
    worker.on('error', (err) => events.failed(new Error(`a rendering thread failed: ${err.message}`)));
    worker.on('exit', (code) => events.failed(new Error(`a rendering thread stopped (exit code ${code}).`)));
    return {
      post: (task, transfer) => worker.postMessage(task, transfer),
      terminate: async () => {
        worker.removeAllListeners('exit');
        await worker.terminate();
      },
    };
  },
};

/** softLoop on worker threads; `threads` defaults to the number of cores. */
export function renderSoftLoop(layers: Photo3DLayers, options: SoftLoopOptions, onFrame: FrameHandler): Promise<LoopTiming> {
  return softLoop(workerThreads, layers, options, onFrame);
}

/** softGif on worker threads; `threads` defaults to the number of cores. */
export function renderSoftGif(layers: Photo3DLayers, options: SoftLoopOptions & SoftGifOptions, onFrame?: FrameHandler): Promise<Uint8Array> {
  return softGif(workerThreads, layers, options, onFrame);
}
