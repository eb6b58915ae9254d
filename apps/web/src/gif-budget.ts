import type { ExportProgress, Photo3DView } from '@relief/photo3d';
import { exportSize } from './exporter.ts';

/** What a GIF is made at: long side (px), frames per second, palette size. */
export interface GifChoice {
  longSide: number;
  fps: number;
  colors: number;
}

export interface GifEstimate extends GifChoice {
  /** Estimated file size in bytes. */
  bytes: number;
  width: number;
  height: number;
  frames: number;
}

/** Frames, spread over the loop, encoded to measure the bytes a frame takes (the views differ along the path). */
const SAMPLE_FRAMES = 4;
/** Bytes besides the frames: header, screen descriptor, 256-colour table, loop extension, trailer. */
const OVERHEAD = 6 + 7 + 768 + 19 + 1;
/** A plan's estimate must be this far under the budget, for the estimate's own error (within 1 % in the tests). */
const MARGIN = 0.95;

let queue: Promise<unknown> = Promise.resolve();
/**
 * Runs `work` after every earlier one: the size samples and the exports draw with the same view, and two at once
 * would resize the renderer under each other.
 */
export function withRenderer<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * The GIF's size at `choice`, estimated by encoding SAMPLE_FRAMES frames of this loop at that size and palette (the
 * same renderer and encoder as the export): overhead + frames × the sample's bytes per frame.
 */
export function estimateGif(view: Photo3DView, photo: { width: number; height: number }, choice: GifChoice, seconds: number): Promise<GifEstimate> {
  const size = exportSize(photo.width, photo.height, choice.longSide);
  const frames = Math.round(choice.fps * seconds);
  return withRenderer(async () => {
    const sample = await view.exportGif({ ...size, fps: SAMPLE_FRAMES / seconds, duration: seconds, colors: choice.colors });
    return { ...choice, ...size, frames, bytes: Math.round(OVERHEAD + (frames * (sample.length - OVERHEAD)) / SAMPLE_FRAMES) };
  });
}

/**
 * Lighter settings to try, best first, for a budget the wanted ones miss: fewer frames per second down to 15 (the
 * motion stays smooth), then smaller sizes at that rate, then smaller palettes at the smallest size.
 */
export function gifLadder(wanted: GifChoice): GifChoice[] {
  const fps = [wanted.fps, ...[24, 20, 15].filter((f) => f < wanted.fps)];
  const slowest = fps[fps.length - 1];
  const sizes = [768, 640, 512, 448, 384, 320, 256, 192].filter((s) => s < wanted.longSide);
  const smallest = sizes[sizes.length - 1] ?? wanted.longSide;
  return [
    ...fps.map((f) => ({ ...wanted, fps: f })),
    ...sizes.map((longSide) => ({ ...wanted, longSide, fps: slowest })),
    ...[128, 64, 32].filter((c) => c < wanted.colors).map((colors) => ({ longSide: smallest, fps: slowest, colors })),
  ];
}

/**
 * The best settings on the ladder whose estimate fits `budget` bytes (with a margin), starting the search at
 * ladder step `from`; the lightest step when none does. Steps are skipped without sampling when the first sample,
 * scaled by pixels × frames, is far over the budget.
 */
export async function planGif(view: Photo3DView, photo: { width: number; height: number }, wanted: GifChoice, seconds: number, budget: number, from = 0): Promise<GifEstimate & { step: number }> {
  const ladder = gifLadder(wanted);
  const first = await estimateGif(view, photo, ladder[from], seconds);
  const perPixelFrame = first.bytes / (first.width * first.height * first.frames);
  let last = { ...first, step: from };
  for (let step = from; step < ladder.length; step++) {
    const choice = ladder[step];
    const size = exportSize(photo.width, photo.height, choice.longSide);
    const guess = perPixelFrame * size.width * size.height * Math.round(choice.fps * seconds);
    // Smaller frames cost more per pixel and smaller palettes less: only a clear miss is skipped unmeasured.
    if (step > from && guess > 1.5 * budget && step < ladder.length - 1) continue;
    last = { ...(step === from ? first : await estimateGif(view, photo, choice, seconds)), step };
    if (last.bytes <= MARGIN * budget) return last;
  }
  return last;
}

/** "8.4 MB" (1 MB = 1 000 000 bytes, as upload limits usually count). */
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

/**
 * The GIF export: at the wanted settings, or with a budget (bytes) the best ladder settings that fit — planned from
 * samples, then checked on the real file: one over the budget is made again one step lighter.
 */
export async function exportGifWithin(
  view: Photo3DView, photo: { width: number; height: number }, wanted: GifChoice, seconds: number, budget: number,
  media: { onProgress?: (p: ExportProgress) => void; signal?: AbortSignal },
): Promise<{ bytes: Uint8Array; plan?: GifEstimate }> {
  const make = (c: GifChoice): Promise<Uint8Array> =>
    withRenderer(() => view.exportGif({ ...exportSize(photo.width, photo.height, c.longSide), fps: c.fps, duration: seconds, colors: c.colors, ...media }));
  if (!budget) return { bytes: await make(wanted) };
  const steps = gifLadder(wanted).length;
  for (let from = 0; ; ) {
    const plan = await planGif(view, photo, wanted, seconds, budget, from);
    media.signal?.throwIfAborted();
    const bytes = await make(plan);
    if (bytes.length <= budget || plan.step >= steps - 1) return { bytes, plan };
    from = plan.step + 1;
  }
}
