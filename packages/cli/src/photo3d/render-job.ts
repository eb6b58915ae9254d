// Renders one input's 3D photo: depth in the worker thread, layers and frames in the browser page, frames
// streamed into every requested output file, all committed atomically together.
import type { CameraPathKind } from '@relief/photo3d';
import { writeAtomically } from '../atomic-write.js';
import type { ProgressFn } from '../batch.js';
import type { DepthWorker } from '../depth/depth-worker.js';
import type { Job } from '../output-plan.js';
import type { RenderPage } from './browser.js';
import { openSink, type VideoFormat } from './frame-sinks.js';
import type { PageServer } from './page-server.js';
import { photo3dInput } from './photo-input.js';
import { outputSize, type SizeRequest } from './output-size.js';

export interface RenderContext {
  worker: DepthWorker;
  page: RenderPage;
  server: PageServer;
  skipSegmentation: boolean;
  path: CameraPathKind;
  size: SizeRequest;
  fps: number;
  seconds: number;
  overwrite: boolean;
}

/** One input: depth in the worker, render in the page, frames into every requested file at once. */
export async function renderJob(job: Job, ctx: RenderContext, progress: ProgressFn, signal: AbortSignal): Promise<Record<string, unknown>> {
  const input = await photo3dInput(job.input.path, ctx.worker, ctx.skipSegmentation, (f, s) => progress(f * 0.25, s));
  const { image } = input;
  const { width, height } = outputSize(ctx.size, image.width, image.height);
  const total = Math.round(ctx.fps * ctx.seconds);
  let rendered = 0;
  progress(0.3, 'building the 3D photo');

  const renderInto = async (tmps: string[]) => {
    const sinks = job.outputs.map((o, i) => openSink(o.kind as VideoFormat, tmps[i], { width, height, fps: ctx.fps, seconds: ctx.seconds }));
    const stop = () => sinks.forEach((s) => s.abort());
    signal.addEventListener('abort', stop);
    const id = ctx.server.addJob({
      blobs: {
        image: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
        depth: bytes(input.depth),
        ...(input.mask ? { mask: bytes(input.mask) } : {}),
      },
      onFrame: inOrder(total, async (frame) => {
        signal.throwIfAborted();
        await Promise.all(sinks.map((s) => s.write(frame)));
        progress(0.3 + 0.6 * (++rendered / total), `frame ${rendered}/${total}`);
      }),
    });
    try {
      await ctx.page.render({
        job: id, imageWidth: image.width, imageHeight: image.height, depthWidth: input.depthWidth, depthHeight: input.depthHeight,
        hasMask: input.mask !== undefined, width, height, fps: ctx.fps, seconds: ctx.seconds, path: ctx.path,
        resolution: meshResolution(image.width, image.height, width, height),
      });
      progress(0.92, 'encoding');
      await Promise.all(sinks.map((s) => s.finish()));
    } catch (err) {
      stop();
      throw err;
    } finally {
      ctx.server.removeJob(id);
      signal.removeEventListener('abort', stop);
    }
  };
  await atomicallyTogether(job.outputs.map((o) => o.path), ctx.overwrite, renderInto);
  return { width, height, frames: rendered };
}

/**
 * A vertex every 2 output pixels, like photo3d's default of one per 2 photo pixels but for the size actually shown:
 * a 1024-px photo rendered at 512 px then draws a quarter of the triangles, which is most of the render time on a
 * software GPU, with no visible loss.
 */
function meshResolution(photoWidth: number, photoHeight: number, width: number, height: number): number {
  // Output pixels per photo pixel when the photo covers the output; never finer than photo3d's default.
  const scale = Math.min(1, Math.max(width / photoWidth, height / photoHeight));
  return Math.ceil((Math.max(photoWidth, photoHeight) * scale) / 2) + 1;
}

/**
 * Frames come over several connections at once; `write` sees them strictly in order, and each POST is answered
 * once its frame is written, so a slow encoder slows the page down instead of piling frames up in memory.
 */
function inOrder(total: number, write: (frame: Buffer) => Promise<void>): (index: number, frame: Buffer) => Promise<void> {
  const written: Promise<void>[] = [];
  const settle: ((err?: unknown) => void)[] = [];
  for (let i = 0; i < total; i++) written.push(new Promise((resolve, reject) => (settle[i] = (err) => (err === undefined ? resolve() : reject(err)))));
  written.forEach((p) => p.catch(() => {})); // Failures reach the page through the POST that carried the frame.
  return async (index, frame) => {
    if (!Number.isInteger(index) || index < 0 || index >= total) throw new Error(`frame index ${index} is outside 0…${total - 1}.`);
    try {
      if (index > 0) await written[index - 1];
      await write(frame);
      settle[index]();
    } catch (err) {
      settle[index](err);
      throw err;
    }
  };
}

/** writeAtomically for several files produced by one pass: temp paths for all, then each is moved into place. */
function atomicallyTogether(paths: string[], overwrite: boolean, produce: (tmps: string[]) => Promise<void>, tmps: string[] = []): Promise<void> {
  if (tmps.length === paths.length) return produce(tmps);
  return writeAtomically(paths[tmps.length], (tmp) => atomicallyTogether(paths, overwrite, produce, [...tmps, tmp]), overwrite);
}

function bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
