// Decodes exported GIF/WebM/MP4 with Debian's ffprobe/ffmpeg, so tests and benchmarks see what a player would show.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MediaInfo {
  codec: string;
  width: number;
  height: number;
  /** Seconds, from the container. */
  duration: number;
  /** Frames ffprobe decodes, not the container's claim. */
  frameCount: number;
}

export interface DecodedMedia extends MediaInfo {
  /** RGB24 frames, top row first, one per stored frame. */
  frames: Uint8Array[];
}

export function probeMedia(file: string): MediaInfo {
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height,nb_read_frames:format=duration', '-of', 'json', file], { encoding: 'utf8' }));
  const s = probe.streams[0];
  return { codec: String(s.codec_name), width: Number(s.width), height: Number(s.height), duration: Number(probe.format.duration), frameCount: Number(s.nb_read_frames) };
}

/** Every stored frame as RGB24 (passthrough: no fps conversion, so no frame dropped or duplicated). */
export function decodeFrames(file: string, width: number, height: number): Uint8Array[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 30 });
  const size = width * height * 3;
  const frames: Uint8Array[] = [];
  for (let o = 0; o + size <= raw.length; o += size) frames.push(new Uint8Array(raw.buffer, raw.byteOffset + o, size));
  return frames;
}

export function decodeFile(file: string): DecodedMedia {
  const info = probeMedia(file);
  return { ...info, frames: decodeFrames(file, info.width, info.height) };
}

/** Decodes in-memory bytes; ffmpeg needs a file with the right extension to pick the demuxer. */
export function decodeMedia(bytes: Uint8Array, extension: string): DecodedMedia {
  const dir = mkdtempSync(join(tmpdir(), 'relief-media-'));
  try {
    const file = join(dir, `clip.${extension}`);
    writeFileSync(file, bytes);
    return decodeFile(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes frame `index` of a GIF/video as PNG (to look at). */
export function saveFramePng(file: string, index: number, png: string): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', file, '-vf', `select=eq(n\\,${index})`, '-fps_mode', 'passthrough', '-frames:v', '1', png]);
}

/** Mean absolute difference per channel (0…255) between two RGB24 (or RGBA with stride 4) images of the same size. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array, strideA = 3, strideB = 3): number {
  const n = a.length / strideA;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) sum += Math.abs(a[i * strideA + c] - b[i * strideB + c]);
  return sum / (n * 3);
}

/** Standard deviation of the R, G and B values (alpha skipped when channels = 4): ~0 for a blank image. */
export function spread(pixels: Uint8Array, channels = 3): number {
  const n = pixels.length / channels;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const v = pixels[i * channels + c];
      sum += v;
      sq += v * v;
    }
  }
  const mean = sum / (n * 3);
  return Math.sqrt(Math.max(0, sq / (n * 3) - mean * mean));
}
