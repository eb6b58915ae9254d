import { availableParallelism } from 'node:os';
import { encodeGif, joinGif, planGif, type GifOptions, type GifPlan } from '../encode-gif.js';
import type { LoopTiming } from '../loop-timing.js';
import { startSiblingWorker } from './start-worker.js';

/** One worker's share: frames first … first + frames.length − 1 of the GIF. */
export interface GifChunk {
  frames: Uint8Array[];
  first: number;
  width: number;
  height: number;
  plan: Pick<GifPlan, 'palette' | 'colors' | 'delays'>;
}

/**
 * Threads used when the caller does not say: on 2 cores, starting the threads and copying the frames to them cost
 * more than they saved (60 frames of 512²: 0.65 s on 2 threads vs 0.56 s on this one, docs/BENCHMARKS.md), so
 * only machines with more cores spread the work.
 */
function defaultThreads(): number {
  const cores = availableParallelism();
  return cores > 2 ? cores : 1;
}

/**
 * `encodeGif` with the per-frame work (palette mapping and LZW, most of the time) spread over worker threads: the
 * same bytes, sooner on several cores. The global palette is quantised first, on this thread.
 */
export async function encodeGifParallel(frames: Uint8Array[], width: number, height: number, timing: LoopTiming,
  options: GifOptions & { threads?: number } = {}): Promise<Uint8Array> {
  const threads = Math.min(options.threads ?? defaultThreads(), frames.length);
  if (!(Number.isInteger(threads) && threads >= 0)) throw new Error(`threads must be a whole number ≥ 0, got ${options.threads}.`);
  if (threads <= 1) return encodeGif(frames, width, height, timing, options);
  const { frames: prepared, palette, colors, delays } = planGif(frames, width, height, timing, options);
  const chunks = Array.from({ length: threads }, (_, t): GifChunk => {
    const first = Math.round((t * prepared.length) / threads);
    const end = Math.round(((t + 1) * prepared.length) / threads);
    return { frames: prepared.slice(first, end), first, width, height, plan: { palette, colors, delays } };
  });
  const parts = await Promise.all(chunks.map((chunk) => new Promise<Uint8Array[]>((resolve, reject) => {
    const worker = startSiblingWorker('gif-frame-worker', import.meta.url, { workerData: chunk });
    worker.once('message', resolve);
    worker.once('error', (err) => reject(new Error(`a GIF encoding thread failed: ${err.message}`)));
    worker.once('exit', (code) => reject(new Error(`a GIF encoding thread stopped (exit code ${code}) before finishing.`)));
  })));
  return joinGif(parts.flat());
}
