import { encodeGif, gifColors, joinGif, type GifOptions } from '../encode-gif.js';
import type { Photo3DLayers } from '../layers.js';
import { gifDelaysMs, loopTiming, type LoopTiming } from '../loop-timing.js';
import type { BackgroundMode, PathSettings } from '../renderer.js';
import { pathPose } from '../view-frustum.js';
import { frameAt } from '../export-options.js';
import { inWorkers, type FrameHandler, type StartSoftThread } from './loop-scheduler.js';
import { configure, type SoftWorkerSetup } from './loop-worker.js';
import { SoftRenderer } from './soft-renderer.js';

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
  /** Threads drawing frames side by side; 0 draws on the calling thread. Default: the platform's (see SoftThreads). */
  threads?: number;
  /** Aborting stops the threads and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface SoftGifOptions {
  gif?: GifOptions;
  /** Called as frames are encoded (in any order), e.g. for a progress bar. */
  onEncoded?: (done: number, total: number) => void;
}

/** How a platform runs rendering threads. */
export interface SoftThreads {
  start: StartSoftThread;
  /** Threads used when the options name no number. */
  defaultCount(): number;
}

/**
 * Renders one exact loop (frame i at phase i/N) with the software renderer, spread over threads, and hands each
 * frame's RGBA (top row first) to `onFrame` strictly in order, awaiting it before more frames are queued, so a slow
 * consumer (an encoder) throttles the rendering instead of piling up frames.
 */
export async function softLoop(platform: SoftThreads, layers: Photo3DLayers, options: SoftLoopOptions, onFrame: FrameHandler): Promise<LoopTiming> {
  const { setup, threads, timing, renderer } = prepare(platform, layers, options);
  if (threads === 0) {
    await renderHere(renderer, setup, timing, onFrame, options.signal);
  } else {
    await inWorkers(platform.start, setup, threads, options.signal, onFrame, timing);
  }
  return timing;
}

/**
 * The loop as a GIF — the bytes `encodeGif` writes for these frames — with palette mapping and LZW done in the
 * rendering threads right after each frame is drawn: the frames the global palette is quantised from are drawn
 * first, the rest are drawn (and held) meanwhile, and encoding never waits for the whole loop. `onFrame`, when
 * given, still sees every frame's RGBA in order (e.g. for a video encoder alongside).
 */
export async function softGif(platform: SoftThreads, layers: Photo3DLayers, options: SoftLoopOptions & SoftGifOptions, onFrame?: FrameHandler): Promise<Uint8Array> {
  const gifOptions = options.gif ?? {};
  const { setup, threads, timing, renderer } = prepare(platform, layers, options);
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
  return joinGif(await inWorkers(platform.start, { ...setup, gif }, threads, options.signal, onFrame, timing, options.onEncoded));
}

function prepare(platform: SoftThreads, layers: Photo3DLayers, options: SoftLoopOptions) {
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
  const threads = Math.min(options.threads ?? platform.defaultCount(), timing.frames);
  if (!(Number.isInteger(threads) && threads >= 0)) throw new Error(`threads must be a whole number ≥ 0, got ${options.threads}.`);
  // Bad sizes, colours and paths fail here with their own messages, not as a crashed thread. (With threads this
  // renderer draws nothing, so it skips the supersampled buffer.)
  const renderer = new SoftRenderer({ width: setup.width, height: setup.height, antialias: threads === 0 && setup.antialias });
  renderer.setBackground(setup.background);
  pathPose(layers, setup.path, 0);
  options.signal?.throwIfAborted();
  return { setup, threads, timing, renderer };
}

async function renderHere(renderer: SoftRenderer, setup: SoftWorkerSetup, timing: LoopTiming, onFrame: FrameHandler, signal?: AbortSignal): Promise<void> {
  configure(renderer, setup);
  for (let i = 0; i < timing.frames; i++) {
    renderer.render(i / timing.frames);
    await onFrame(renderer.readPixels(), frameAt(i, timing));
    signal?.throwIfAborted();
  }
}
