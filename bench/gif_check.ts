// Decodes benchmark GIFs with Debian's ffprobe/ffmpeg, so a speed figure is only reported for a GIF a player would
// show as asked (frame count, size), and both contenders can be compared frame by frame.
import { execFileSync } from 'node:child_process';

export interface GifFacts {
  frames: number;
  width: number;
  height: number;
  /** Seconds, from the container. */
  duration: number;
  bytes: number;
}

export function probeGif(file: string, bytes: number): GifFacts {
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=width,height,nb_read_frames:format=duration', '-of', 'json', file], { encoding: 'utf8' }));
  const s = probe.streams[0];
  return { frames: Number(s.nb_read_frames), width: s.width, height: s.height, duration: Number(probe.format.duration), bytes };
}

/** Throws unless the GIF holds exactly `frames` frames of size×size. */
export function expectLoop(name: string, facts: GifFacts, frames: number, size: number): void {
  if (facts.frames !== frames || facts.width !== size || facts.height !== size) {
    throw new Error(`${name}'s GIF has ${facts.frames} frames of ${facts.width}×${facts.height}, expected ${frames} of ${size}×${size}: the comparison would not be like for like.`);
  }
}

/** Every stored frame as RGB24 (passthrough: no frame dropped or duplicated). */
export function decodeGifFrames(file: string, width: number, height: number): Uint8Array[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 30 });
  const size = width * height * 3;
  const frames: Uint8Array[] = [];
  for (let o = 0; o + size <= raw.length; o += size) frames.push(new Uint8Array(raw.buffer, raw.byteOffset + o, size));
  return frames;
}

export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Standard deviation of the grey level: near 0 for a blank or uniform frame. */
export function greyStddev(rgb: Uint8Array): number {
  let sum = 0;
  let sq = 0;
  const n = rgb.length / 3;
  for (let i = 0; i < n; i++) {
    const v = (rgb[3 * i] + rgb[3 * i + 1] + rgb[3 * i + 2]) / 3;
    sum += v;
    sq += v * v;
  }
  return Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2));
}

/** Writes frame `index` of a GIF as PNG (to look at). */
export function saveFramePng(gif: string, index: number, png: string): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', gif, '-vf', `select=eq(n\\,${index})`, '-fps_mode', 'passthrough', '-frames:v', '1', png]);
}
