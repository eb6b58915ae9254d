// Where rendered frames go: a GIF (photo3d's encoder, the same bytes as the web app's, its per-frame work spread
// over worker threads) or a video through Debian's ffmpeg, fed raw RGBA on stdin while frames are still rendering.
import { loopTiming } from '@relief/photo3d';
import { encodeGifParallel } from '@relief/photo3d/node';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';

export const VIDEO_FORMATS = ['gif', 'webm', 'mp4'] as const;
export type VideoFormat = (typeof VIDEO_FORMATS)[number];

export interface FrameSink {
  /** Resolves when the sink can take the next frame. */
  write(frame: Uint8Array): Promise<void>;
  /** All frames are in: complete the file. */
  finish(): Promise<void>;
  /** Give up: stop any encoder process at once. */
  abort(): void;
}

export interface SinkSpec {
  width: number;
  height: number;
  fps: number;
  seconds: number;
}

export const FFMPEG = process.env.RELIEF_FFMPEG ?? 'ffmpeg';

export function openSink(format: VideoFormat, file: string, spec: SinkSpec): FrameSink {
  return format === 'gif' ? gifSink(file, spec) : ffmpegSink(format, file, spec);
}

function gifSink(file: string, { width, height, fps, seconds }: SinkSpec): FrameSink {
  const frames: Uint8Array[] = [];
  return {
    async write(frame) {
      frames.push(frame);
    },
    async finish() {
      await writeFile(file, await encodeGifParallel(frames, width, height, loopTiming(fps, seconds)), { flag: 'wx' });
    },
    abort() {
      frames.length = 0;
    },
  };
}

// yuv420p and the default codecs play everywhere (browsers, phones, QuickTime); realtime VP9 settings keep WebM
// encoding from dominating the run on small machines.
const CODEC_ARGS: Record<Exclude<VideoFormat, 'gif'>, string[]> = {
  mp4: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4'],
  webm: ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '32', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1', '-pix_fmt', 'yuv420p', '-f', 'webm'],
};

function ffmpegSink(format: Exclude<VideoFormat, 'gif'>, file: string, { width, height, fps }: SinkSpec): FrameSink {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`,
    '-framerate', String(fps), '-i', 'pipe:0', ...CODEC_ARGS[format], '-n', file];
  // Own process group: a Ctrl-C in the terminal reaches relief, which stops ffmpeg itself.
  const child = spawn(FFMPEG, args, { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-2000)));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT'
      ? new Error(`ffmpeg was not found (${FFMPEG}); install it (apt-get install ffmpeg) or set RELIEF_FFMPEG, or write a .gif.`)
      : err));
    child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${signal ?? `exit code ${code}`}): ${stderr.trim()}`))));
  });
  // Both are observed elsewhere: write callbacks see a broken pipe, finish() awaits the exit.
  child.stdin!.on('error', () => {});
  exited.catch(() => {});
  return {
    write(frame) {
      return new Promise((resolve, reject) => {
        child.stdin!.write(frame, (err) => (err ? exited.then(() => reject(err), reject) : resolve()));
      });
    },
    async finish() {
      child.stdin!.end();
      await exited;
    },
    abort() {
      child.kill('SIGKILL');
    },
  };
}
