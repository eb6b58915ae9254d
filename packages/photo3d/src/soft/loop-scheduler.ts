import { globalPalette, paletteFrameIndices, prepareGifFrame } from '../encode-gif.js';
import { frameAt, type LoopFrame } from '../export-options.js';
import type { LoopTiming } from '../loop-timing.js';
import type { SoftWorkerResult, SoftWorkerSetup, SoftWorkerTask } from './loop-worker.js';

/** One rendering thread as the scheduler sees it, whatever runs it (worker_threads, Web Workers). */
export interface SoftThread {
  post(task: SoftWorkerTask, transfer: ArrayBuffer[]): void;
  terminate(): void | Promise<void>;
}

/** What a thread reports back. After `failed` the scheduler stops every thread and rejects with that error. */
export interface SoftThreadEvents {
  result(result: SoftWorkerResult): void;
  failed(error: Error): void;
}

/** Starts a thread running `softWorker(setup)`; may throw when threads cannot start here. */
export type StartSoftThread = (setup: SoftWorkerSetup, events: SoftThreadEvents) => SoftThread;

export type FrameHandler = (pixels: Uint8Array, frame: LoopFrame) => void | Promise<void>;

/** Tasks queued per thread: one running, one waiting, so a thread never idles while the main thread is busy. */
const TASKS_PER_THREAD = 2;

/**
 * The scheduler: hands frames to idle threads (palette frames first when encoding a GIF), delivers RGBA to
 * `onFrame` in order, sends frames drawn before the palette existed back for encoding, and resolves with the GIF
 * blocks (empty without `setup.gif`).
 */
export async function inWorkers(start: StartSoftThread, setup: SoftWorkerSetup, threads: number, signal: AbortSignal | undefined,
  onFrame: FrameHandler | undefined, timing: LoopTiming, onEncoded?: (done: number, total: number) => void): Promise<Uint8Array[]> {
  const total = setup.frames;
  const gif = setup.gif;
  const global = gif !== undefined && gif.options.palette !== 'per-frame';
  const samples = global ? paletteFrameIndices(total) : [];
  const order = [...samples, ...Array.from({ length: total }, (_, i) => i).filter((i) => !samples.includes(i))];
  let paletteReady = !global;
  const held = new Map<number, Uint8Array>();
  const unencoded = new Set<number>();
  const blocks: Uint8Array[] = [];
  let blockCount = 0;
  let next = 0;
  let delivered = 0;
  let failure: { reason: unknown } | undefined;
  let wake: () => void = () => {};
  const changed = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  const stop = (reason: unknown): void => {
    failure ??= { reason };
    wake();
  };
  const onAbort = (): void => stop(signal!.reason);
  signal?.addEventListener('abort', onAbort);

  const queued = new Map<SoftThread, number>();
  const post = (thread: SoftThread, task: SoftWorkerTask, transfer: ArrayBuffer[] = []): void => {
    queued.set(thread, queued.get(thread)! + 1);
    thread.post(task, transfer);
  };
  const leastBusy = (): SoftThread | undefined => {
    let best: SoftThread | undefined;
    for (const [t, n] of queued) if (n < TASKS_PER_THREAD && (!best || n < queued.get(best)!)) best = t;
    return best;
  };
  // Frames drawn but not yet delivered stay bounded (the palette frames may run ahead of the rest).
  const limit = TASKS_PER_THREAD * threads + samples.length;
  const dispatch = (): void => {
    for (let t = leastBusy(); t && next < total && (!onFrame || next < delivered + limit); t = leastBusy()) {
      const index = order[next++];
      post(t, { type: 'render', index, pixels: onFrame !== undefined || !paletteReady, block: gif !== undefined && paletteReady });
    }
  };
  const encodeHeld = (): void => {
    for (const index of unencoded) {
      const t = leastBusy() ?? [...queued.keys()][index % threads];
      const pixels = held.get(index)!;
      // Still owed to onFrame: send a copy; otherwise hand the buffer over.
      const undelivered = onFrame !== undefined && index >= delivered;
      post(t, { type: 'encode', index, pixels: undelivered ? pixels.slice() : pixels }, undelivered ? [] : [pixels.buffer as ArrayBuffer]);
      if (!undelivered) held.delete(index);
    }
    unencoded.clear();
  };
  const receive = (thread: SoftThread, { index, pixels, block }: SoftWorkerResult): void => {
    // Results already in flight when the export stopped (an abort from a progress callback) are dropped.
    if (failure) return;
    queued.set(thread, queued.get(thread)! - 1);
    if (block) {
      blocks[index] = block;
      blockCount++;
      onEncoded?.(blockCount, total);
    }
    if (pixels && (onFrame || !block)) held.set(index, pixels);
    if (gif && !block && pixels) unencoded.add(index);
    if (!paletteReady && samples.every((i) => held.has(i))) {
      const palette = globalPalette(samples.map((i) => prepareGifFrame(held.get(i)!, setup.width, setup.height, gif!.options)), gif!.colors);
      paletteReady = true;
      for (const t of queued.keys()) t.post({ type: 'palette', palette }, []);
    }
    if (paletteReady) encodeHeld();
    dispatch();
    wake();
  };

  const started: SoftThread[] = [];
  try {
    for (let i = 0; i < threads; i++) {
      const thread: SoftThread = start(setup, { result: (r) => receive(thread, r), failed: stop });
      started.push(thread);
      queued.set(thread, 0);
    }
    dispatch();
    const finished = (): boolean => (!onFrame || delivered === total) && (!gif || blockCount === total);
    while (!failure && !finished()) {
      if (onFrame && held.has(delivered)) {
        const index = delivered;
        await onFrame(held.get(index)!, frameAt(index, timing));
        if (!unencoded.has(index)) held.delete(index);
        delivered++;
        dispatch();
      } else {
        await changed();
      }
    }
    if (failure) throw failure.reason;
    return blocks;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(started.map((t) => t.terminate()));
  }
}
