// Renders one input's 3D photo: depth in the worker thread, frames from the chosen renderer, streamed into every
// requested output file (or, for a GIF, encoded by the renderer itself), all committed atomically together.
import type { CameraPathKind } from '@relief/photo3d';
import { writeFile } from 'node:fs/promises';
import { writeAtomically } from '../atomic-write.js';
import type { ProgressFn } from '../batch.js';
import type { DepthWorker } from '../depth/depth-worker.js';
import type { Job } from '../output-plan.js';
import { openSink, type VideoFormat } from './frame-sinks.js';
import type { FrameSource, Look } from './frame-source.js';
import { photoOrEstimate } from '../depth-photo/photo-or-estimate.js';
import { outputSize, type SizeRequest } from './output-size.js';

export interface RenderContext {
  worker: DepthWorker;
  frames: FrameSource;
  skipSegmentation: boolean;
  path: CameraPathKind;
  size: SizeRequest;
  fps: number;
  seconds: number;
  overwrite: boolean;
  /** Estimate depth even for photos that carry their own. */
  estimate: boolean;
  /** Mesh vertices on the long side, or auto: one per 2 output pixels. */
  resolution: number | 'auto';
  look: Look;
}

/** One input: depth in the worker, frames from the renderer, into every requested file at once. */
export async function renderJob(job: Job, ctx: RenderContext, progress: ProgressFn, signal: AbortSignal): Promise<Record<string, unknown>> {
  const { input, depth } = await photoOrEstimate(job.input.path, ctx.estimate, async () => ctx.worker, ctx.skipSegmentation, (f, s) => progress(f * 0.25, s));
  const { image } = input;
  const { width, height } = outputSize(ctx.size, image.width, image.height);
  const total = Math.round(ctx.fps * ctx.seconds);
  let rendered = 0;
  let amplitude: number | undefined;
  progress(0.3, 'building the 3D photo');

  const renderInto = async (tmps: string[]) => {
    // GIFs come from the renderer itself when it encodes them (in its threads); other files are fed frame by frame.
    const gifByRenderer = ctx.frames.encodesGif ? job.outputs.findIndex((o) => o.kind === 'gif') : -1;
    const sinks = job.outputs.map((o, i) => (i === gifByRenderer ? undefined : openSink(o.kind as VideoFormat, tmps[i], { width, height, fps: ctx.fps, seconds: ctx.seconds })));
    const fed = sinks.filter((s) => s !== undefined);
    const stop = () => fed.forEach((s) => s.abort());
    signal.addEventListener('abort', stop);
    const frameDone = (done: number) => {
      rendered = done;
      progress(0.3 + 0.6 * (done / total), `frame ${done}/${total}`);
    };
    try {
      const spec = {
        width, height, fps: ctx.fps, seconds: ctx.seconds, path: ctx.path,
        resolution: ctx.resolution === 'auto' ? meshResolution(image.width, image.height, width, height) : ctx.resolution,
        look: ctx.look,
      };
      const onFrame = fed.length === 0 ? undefined : async (frame: Uint8Array) => {
        signal.throwIfAborted();
        await Promise.all(fed.map((s) => s.write(frame)));
        frameDone(rendered + 1);
      };
      const gif = await ctx.frames.render(input, spec, onFrame, { gif: gifByRenderer >= 0, signal, onProgress: frameDone, onAmplitude: (a) => (amplitude = a) });
      progress(0.92, 'encoding');
      await Promise.all([
        ...fed.map((s) => s.finish()),
        ...(gif ? [writeFile(tmps[gifByRenderer], gif, { flag: 'wx' })] : []),
      ]);
    } catch (err) {
      stop();
      throw err;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  };
  await atomicallyTogether(job.outputs.map((o) => o.path), ctx.overwrite, renderInto);
  return { width, height, frames: rendered, depth, ...(amplitude === undefined ? {} : { amplitude: Number(amplitude.toFixed(4)) }) };
}

/**
 * A vertex every 2 output pixels, like photo3d's default of one per 2 photo pixels but for the size actually shown:
 * a 1024-px photo rendered at 512 px then draws a quarter of the triangles, which is much of the render time on
 * a CPU, with no visible loss.
 */
function meshResolution(photoWidth: number, photoHeight: number, width: number, height: number): number {
  // Output pixels per photo pixel when the photo covers the output; never finer than photo3d's default.
  const scale = Math.min(1, Math.max(width / photoWidth, height / photoHeight));
  return Math.ceil((Math.max(photoWidth, photoHeight) * scale) / 2) + 1;
}

/** writeAtomically for several files produced by one pass: temp paths for all, then each is moved into place. */
function atomicallyTogether(paths: string[], overwrite: boolean, produce: (tmps: string[]) => Promise<void>, tmps: string[] = []): Promise<void> {
  if (tmps.length === paths.length) return produce(tmps);
  return writeAtomically(paths[tmps.length], (tmp) => atomicallyTogether(paths, overwrite, produce, [...tmps, tmp]), overwrite);
}
