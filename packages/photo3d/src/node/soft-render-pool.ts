// The software-rendered loop on Node worker threads (the scheduling itself is soft/loop-scheduler.ts).
import { availableParallelism } from 'node:os';
import type { Photo3DLayers } from '../layers.js';
import type { LoopTiming } from '../loop-timing.js';
import type { FrameHandler } from '../soft/loop-scheduler.js';
import { softGif, softLoop, type SoftGifOptions, type SoftLoopOptions, type SoftThreads } from '../soft/soft-loop.js';
import { startSiblingWorker } from './start-worker.js';
import type { Worker } from 'node:worker_threads';

/** Threads started ahead by prestartSoftThreads, loading their code while the caller still builds the layers. */
const warm: { worker: Worker; failed: boolean }[] = [];

/**
 * Starts `count` rendering threads now, to be taken by the next renderSoftLoop/renderSoftGif: each loads its code
 * (≈ 0.1 s) meanwhile instead of after the render is asked for. Untaken, they do not hold the process open.
 */
export function prestartSoftThreads(count: number): void {
  for (let i = 0; i < count; i++) {
    const entry = { worker: startSiblingWorker('soft-render-worker', import.meta.url, {}), failed: false };
    const failed = () => (entry.failed = true);
    entry.worker.once('error', failed).once('exit', failed).unref();
    warm.push(entry);
  }
}

function takeThread(): Worker {
  for (let entry = warm.shift(); entry; entry = warm.shift()) {
    if (!entry.failed) {
      entry.worker.removeAllListeners().ref();
      return entry.worker;
    }
    void entry.worker.terminate();
  }
  return startSiblingWorker('soft-render-worker', import.meta.url, {});
}

const workerThreads: SoftThreads = {
  defaultCount: availableParallelism,
  start(setup, events) {
    const worker = takeThread();
    worker.postMessage(setup);
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
