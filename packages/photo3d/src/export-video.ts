import {
  BufferTarget, CanvasSource, Mp4OutputFormat, Output, QUALITY_HIGH, VideoSample, VideoSampleSource, WebMOutputFormat, canEncodeVideo, type VideoCodec,
} from 'mediabunny';
import type { Photo3DRenderer } from './renderer.js';
import { renderLoop, type ExportOptions } from './export-options.js';
import { loopTiming } from './loop-timing.js';
import type { SoftScene } from './export-soft.js';
import { renderSoftLoopWeb } from './soft/web-threads.js';

export type VideoContainer = 'webm' | 'mp4';

export interface VideoOptions extends ExportOptions {
  /** Default 'webm'. */
  format?: VideoContainer;
  /** Default: the first this browser can encode — webm: vp9, vp8; mp4: avc (H.264). */
  codec?: VideoCodec;
}

const CANDIDATES: Record<VideoContainer, VideoCodec[]> = { webm: ['vp9', 'vp8'], mp4: ['avc'] };

/** Picks a codec WebCodecs can encode at this size, or explains what to do instead. */
export async function chooseVideoCodec(format: VideoContainer, width: number, height: number, codec?: VideoCodec): Promise<VideoCodec> {
  if (typeof VideoEncoder === 'undefined') {
    throw new Error('This browser has no WebCodecs VideoEncoder, so it cannot make WebM/MP4; export a GIF, or use the relief CLI (ffmpeg).');
  }
  const wanted = codec ? [codec] : CANDIDATES[format];
  for (const c of wanted) {
    if (await canEncodeVideo(c, { width, height })) return c;
  }
  if (format === 'mp4') {
    throw new Error(`This browser cannot encode H.264 video at ${width}×${height} (many Linux Chromium builds ship without an H.264 encoder). ` +
      'Export WebM instead, or make the MP4 with the relief CLI, which uses ffmpeg.');
  }
  throw new Error(`This browser cannot encode ${wanted.join(' or ')} at ${width}×${height}; try another size or export a GIF.`);
}

/**
 * Renders one loop into a WebM (VP9/VP8) or MP4 (H.264) with WebCodecs + mediabunny: exactly `fps × duration`
 * frames with exact timestamps, so a player looping the file loops the camera path seamlessly. With `software`, the
 * frames come from the software renderer on Web Workers instead of `renderer`'s canvas.
 */
export async function exportVideo(renderer: Photo3DRenderer, options: VideoOptions = {}, software?: SoftScene): Promise<Uint8Array> {
  const format = options.format ?? 'webm';
  const width = software?.width ?? options.width ?? renderer.width;
  const height = software?.height ?? options.height ?? renderer.height;
  if (format === 'mp4' && (width % 2 || height % 2)) {
    throw new Error(`H.264 needs an even width and height, got ${width}×${height}.`);
  }
  const codec = await chooseVideoCodec(format, width, height, options.codec);
  const target = new BufferTarget();
  const output = new Output({
    format: format === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat(),
    target,
  });
  const timingFps = options.fps ?? 30;
  const config = { codec, bitrate: QUALITY_HIGH, keyFrameInterval: options.duration ?? 3 };
  const source = software ? new VideoSampleSource(config) : new CanvasSource(renderer.canvas, config);
  output.addVideoTrack(source, { frameRate: timingFps });
  await output.start();
  try {
    if (source instanceof VideoSampleSource) {
      const { layers, ...view } = software!;
      const timing = loopTiming(options.fps, options.duration);
      await renderSoftLoopWeb(layers, { ...view, fps: timing.fps, duration: timing.duration, signal: options.signal }, async (pixels, frame) => {
        const sample = new VideoSample(pixels, { format: 'RGBA', codedWidth: width, codedHeight: height, timestamp: frame.timestamp, duration: timing.duration / timing.frames });
        await source.add(sample);
        sample.close();
        options.onProgress?.({ stage: 'render', done: frame.index + 1, total: timing.frames, fraction: ((frame.index + 1) / timing.frames) * 0.95 });
      });
    } else {
      await renderLoop(renderer, options, async (frame, timing) => {
        await source.add(frame.timestamp, timing.duration / timing.frames);
      }, 0.95);
    }
    await output.finalize();
  } catch (error) {
    if (output.state !== 'finalized') await output.cancel();
    throw error;
  }
  if (!target.buffer) throw new Error('The video encoder produced no data.');
  options.onProgress?.({ stage: 'encode', done: 1, total: 1, fraction: 1 });
  return new Uint8Array(target.buffer);
}
