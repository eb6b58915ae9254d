// Decodes exported GIF/WebM/MP4 bytes with Debian's ffprobe/ffmpeg so tests check what a player would show.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DecodedMedia {
  codec: string;
  width: number;
  height: number;
  /** Seconds, from the container. */
  duration: number;
  /** RGB24 frames, top row first. */
  frames: Uint8Array[];
}

export function decodeMedia(bytes: Uint8Array, extension: string): DecodedMedia {
  const dir = mkdtempSync(join(tmpdir(), 'photo3d-media-'));
  try {
    const file = join(dir, `clip.${extension}`);
    writeFileSync(file, bytes);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0',
      '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', file], { encoding: 'utf8' }));
    const { codec_name: codec, width, height } = probe.streams[0];
    // passthrough: one output frame per stored frame (no fps conversion, no duplication).
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
    const size = width * height * 3;
    const frames: Uint8Array[] = [];
    for (let o = 0; o + size <= raw.length; o += size) frames.push(new Uint8Array(raw.buffer, raw.byteOffset + o, size));
    return { codec, width, height, duration: Number(probe.format.duration), frames };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mean absolute difference per channel between two RGB24 (or RGBA with stride 4) images of the same size. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array, strideA = 3, strideB = 3): number {
  const n = a.length / strideA;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) sum += Math.abs(a[i * strideA + c] - b[i * strideB + c]);
  return sum / (n * 3);
}
