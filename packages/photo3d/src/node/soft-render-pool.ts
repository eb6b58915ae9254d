import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Palette } from 'gifenc';
import { encodeGif, gifColors, globalPalette, joinGif, paletteFrameIndices, prepareGifFrame, type GifOptions } from '../encode-gif.js';
import type { LoopFrame } from '../export-options.js';
import type { Photo3DLayers } from '../layers.js';
import { gifDelaysMs, loopTiming, type LoopTiming } from '../loop-timing.js';
import type { BackgroundMode, PathSettings } from '../renderer.js';
import { SoftRenderer } from '../soft/soft-renderer.js';
import { pathPose } from '../view-frustum.js';
import { startSiblingWorker } from './start-worker.js';

export interface SoftLoopOptions {
  width: number;
  height: number;
  /** Default 30. */
  fps?: number;
  /** Seconds per loop. Default 3. */
  duration?: number;
  /** Default { path: 'circle' }. */
  path?: PathSettings;
  /** 2×2 supersampling. Default true. */
  antialias?: boolean;
  /** Default 'layer'. */
  background?: BackgroundMode;
  /** Default true (see SoftRenderer.overscan). */
  overscan?: boolean;
  /** Worker threads drawing frames side by side; 0 draws on the calling thread. Default: the number of cores. */
  threads?: number;
  /** Aborting stops the workers and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** What each worker is started with (structured-cloned once). */
export interface SoftWorkerSetup {
  layers: Photo3DLayers;
  width: number;
  height: number;
  antialias: boolean;
  background: BackgroundMode;
  overscan: boolean;
  path: PathSettings;
  frames: number;
  /** Set when the workers also encode GIF frames. */
  gif?: { options: GifOptions; colors: number; delays: number[] };
}

/** Main thread → worker. */
export type SoftWorkerTask =
  | { type: 'render'; index: number; pixels: boolean; block: boolean }
  | { type: 'encode'; index: number; pixels: Uint8Array }
  | { type: 'palette'; palette: Palette };

/** Worker → main thread: the frame's RGBA and/or its GIF block, as the task asked. */
export interface SoftWorkerResult {
  index: number;
  pixels?: Uint8Array;
  block?: Uint8Array;
}

export type FrameHandler = (pixels: Uint8Array, frame: LoopFrame) => void | Promise<void>;

export interface SoftGifOptions {
  gif?: GifOptions;
  /** Called as frames are encoded (in any order), e.g. for a progress bar. */
  onEncoded?: (done: number, total: number) => void;
}

/** Tasks queued per worker: one running, one waiting, so a thread never idles while the main thread is busy. */
const TASKS_PER_THREAD = 2;

/**
 * Renders one exact loop (frame i at phase i/N) with the software renderer, spread over worker threads, and hands
 * each frame's RGBA (top row first) to `onFrame` strictly in order, awaiting it before more frames are queued, so
 * a slow consumer (an encoder) throttles the rendering instead of piling up frames.
 */
export async function renderSoftLoop(layers: Photo3DLayers, options: SoftLoopOptions, onFrame: FrameHandler): Promise<LoopTiming> {
  const { setup, threads, timing, renderer } = prepare(layers, options);
  if (threads === 0) {
    await renderHere(renderer, setup, timing, onFrame, options.signal);
  } else {
    await inWorkers(setup, threads, options.signal, onFrame, timing);
  }
  return timing;
}

/**
 * The loop as a GIF — the bytes `encodeGif` writes for these frames — with palette mapping and LZW done in the
 * rendering threads right after each frame is drawn: the frames the global palette is quantised from are drawn
 * first, the rest are drawn (and held) meanwhile, and encoding never waits for the whole loop. `onFrame`, when
 * given, still sees every frame's RGBA in order (e.g. for a video encoder alongside).
 */
export async function renderSoftGif(layers: Photo3DLayers, options: SoftLoopOptions & SoftGifOptions, onFrame?: FrameHandler): Promise<Uint8Array> {
  const gifOptions = options.gif ?? {};
  const { setup, threads, timing, renderer } = prepare(layers, options);
  const gif = { options: gifOptions, colors: gifColors(gifOptions), delays: gifDelaysMs(timing) };
  if (threads === 0) {
    const frames: Uint8Array[] = [];
    await renderHere(renderer, setup, timing, async (pixels, frame) => {
      frames.push(pixels);
      options.onEncoded?.(frames.length, timing.frames);
      await onFrame?.(pixels, frame);
    }, options.signal);
    return encodeGif(frames, setup.width, setup.height, timing, gifOptions);
  }
  return joinGif(await inWorkers({ ...setup, gif }, threads, options.signal, onFrame, timing, options.onEncoded));
}

function prepare(layers: Photo3DLayers, options: SoftLoopOptions) {
  const timing = loopTiming(options.fps, options.duration);
  const setup: SoftWorkerSetup = {
    layers,
    width: options.width,
    height: options.height,
    antialias: options.antialias ?? true,
    background: options.background ?? 'layer',
    overscan: options.overscan ?? true,
    path: options.path ?? { path: 'circle' },
    frames: timing.frames,
  };
  const threads = Math.min(options.threads ?? availableParallelism(), timing.frames);
  if (!(Number.isInteger(threads) && threads >= 0)) throw new Error(`threads must be a whole number ≥ 0, got ${options.threads}.`);
  // Bad sizes, colours and paths fail here with their own messages, not as a crashed worker. (With threads this
  // renderer draws nothing, so it skips the supersampled buffer.)
  const renderer = new SoftRenderer({ width: setup.width, height: setup.height, antialias: threads === 0 && setup.antialias });
  renderer.setBackground(setup.background);
  pathPose(layers, setup.path, 0);
  options.signal?.throwIfAborted();
  return { setup, threads, timing, renderer };
}

/** Applies a setup to a renderer (the workers' and the single-thread path's). */
export function configure(renderer: SoftRenderer, setup: SoftWorkerSetup): SoftRenderer {
  renderer.setLayers(setup.layers);
  renderer.path = setup.path;
  renderer.overscan = setup.overscan;
  renderer.setBackground(setup.background);
  return renderer;
}

function frameAt(index: number, timing: LoopTiming): LoopFrame {
  return { index, timestamp: (index * timing.duration) / timing.frames, phase: index / timing.frames };
}

async function renderHere(renderer: SoftRenderer, setup: SoftWorkerSetup, timing: LoopTiming, onFrame: FrameHandler, signal?: AbortSignal): Promise<void> {
  configure(renderer, setup);
  for (let i = 0; i < timing.frames; i++) {
    renderer.render(i / timing.frames);
    await onFrame(renderer.readPixels(), frameAt(i, timing));
    signal?.throwIfAborted();
  }
}

/**
 * The scheduler: hands frames to idle threads (palette frames first when encoding a GIF), delivers RGBA to
 * `onFrame` in order, sends frames drawn before the palette existed back for encoding, and resolves with the GIF
 * blocks (empty without `setup.gif`).
 */
async function inWorkers(setup: SoftWorkerSetup, threads: number, signal: AbortSignal | undefined,
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

  const queued = new Map<Worker, number>();
  const post = (worker: Worker, task: SoftWorkerTask, transfer: ArrayBuffer[] = []): void => {
    queued.set(worker, queued.get(worker)! + 1);
    worker.postMessage(task, transfer);
  };
  const leastBusy = (): Worker | undefined => {
    let best: Worker | undefined;
    for (const [w, n] of queued) if (n < TASKS_PER_THREAD && (!best || n < queued.get(best)!)) best = w;
    return best;
  };
  // Frames drawn but not yet delivered stay bounded (the palette frames may run ahead of the rest).
  const limit = TASKS_PER_THREAD * threads + samples.length;
  const dispatch = (): void => {
    for (let w = leastBusy(); w && next < total && (!onFrame || next < delivered + limit); w = leastBusy()) {
      const index = order[next++];
      post(w, { type: 'render', index, pixels: onFrame !== undefined || !paletteReady, block: gif !== undefined && paletteReady });
    }
  };
  const encodeHeld = (): void => {
    for (const index of unencoded) {
      const w = leastBusy() ?? [...queued.keys()][index % threads];
      const pixels = held.get(index)!;
      // Still owed to onFrame: send a copy; otherwise hand the buffer over.
      const undelivered = onFrame !== undefined && index >= delivered;
      post(w, { type: 'encode', index, pixels: undelivered ? pixels.slice() : pixels }, undelivered ? [] : [pixels.buffer as ArrayBuffer]);
      if (!undelivered) held.delete(index);
    }
    unencoded.clear();
  };
  const receive = (worker: Worker, { index, pixels, block }: SoftWorkerResult): void => {
    queued.set(worker, queued.get(worker)! - 1);
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
      for (const w of queued.keys()) w.postMessage({ type: 'palette', palette } satisfies SoftWorkerTask);
    }
    if (paletteReady) encodeHeld();
    dispatch();
    wake();
  };

  const workers = Array.from({ length: threads }, () => {
    const worker = startSiblingWorker('soft-render-worker', import.meta.url, { workerData: setup });
    queued.set(worker, 0);
    worker.on('message', (result: SoftWorkerResult) => receive(worker, result));
    worker.on('error', (err) => stop(new Error(`a rendering thread failed: ${err.message}`)));
    worker.on('exit', (code) => stop(new Error(`a rendering thread stopped (exit code ${code}).`)));
    return worker;
  });
  try {
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
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
