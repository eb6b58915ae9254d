// Decodes downloaded GIF/WebM bytes with Debian's ffprobe/ffmpeg, so tests see what a player would show.
import { execFileSync } from 'node:child_process';

export interface Decoded {
  codec: string;
  width: number;
  height: number;
  /** RGB24 frames, top row first, one per stored frame. */
  frames: Uint8Array[];
}

export function decodeFile(file: string): Decoded {
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file], { encoding: 'utf8' }));
  const { codec_name: codec, width, height } = probe.streams[0];
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
  const size = width * height * 3;
  const frames: Uint8Array[] = [];
  for (let o = 0; o + size <= raw.length; o += size) frames.push(new Uint8Array(raw.buffer, raw.byteOffset + o, size));
  return { codec, width, height, frames };
}

/** Mean absolute difference per channel value (0…255) between two images of the same layout. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Standard deviation of all channel values: ~0 for a blank (one-colour) image. */
export function spread(pixels: Uint8Array): number {
  let sum = 0;
  let sq = 0;
  for (const v of pixels) {
    sum += v;
    sq += v * v;
  }
  const mean = sum / pixels.length;
  return Math.sqrt(sq / pixels.length - mean * mean);
}
