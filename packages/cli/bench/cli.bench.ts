// CLI benchmark (issue 6): depth for 50 photos at 1024 px (images/s, CPU use) and one 60-frame 512-px 3D photo to
// GIF and to MP4 (wall and CPU seconds, model start-up included, as a user would see them; median over interleaved
// runs) with the default software renderer, and to GIF with --renderer chromium for comparison.
// Run: node --import tsx packages/cli/bench/cli.bench.ts   — prints JSON; `runCliBench()` for bench/run.ts.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { summarize } from '../../../bench/stats.ts';
import { SAMPLES } from '../../../test-support/paths.ts';

const BIN = fileURLToPath(new URL('../bin/relief.js', import.meta.url));
const PHOTOS = ['astronaut.png', 'cameraman.png', 'official_portrait.jpg'];
/** Runs of each 3D-photo command, interleaved: one run on this shared machine is noise. */
const ROUNDS = 5;

/** Wall and CPU seconds of one relief run; bash's `times` gives the CPU of all its children (workers included). */
function timed(args: string[]): { wall: number; cpu: number } {
  const script = `"${process.execPath}" "${BIN}" "$@" >/dev/null || exit 1; times`;
  const t0 = performance.now();
  const out = execFileSync('bash', ['-c', script, 'relief', ...args], { encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  const [user, sys] = out.trim().split('\n')[1].split(/\s+/).map((t) => {
    const m = /(\d+)m([\d.]+)s/.exec(t)!;
    return Number(m[1]) * 60 + Number(m[2]);
  });
  return { wall, cpu: user + sys };
}

export async function runCliBench(images = 50) {
  const dir = await mkdtemp(join(tmpdir(), 'relief-cli-bench-'));
  try {
    for (let i = 0; i < images; i++) {
      await sharp(join(SAMPLES, PHOTOS[i % PHOTOS.length])).resize(1024, 1024, { fit: 'inside' }).jpeg({ quality: 90 })
        .toFile(join(dir, `photo-${String(i).padStart(2, '0')}.jpg`));
    }
    const cores = availableParallelism();
    const depth = timed(['depth', dir, '-o', join(dir, 'depth'), '--quiet']);
    const photo = join(dir, 'photo-02.jpg');
    const video = (format: string, renderer = 'software') => timed(['photo3d', photo, '-o', join(dir, `loop-${renderer}.${format}`),
      '--size', '512', '--fps', '20', '--seconds', '3', '--renderer', renderer, '--quiet', '--overwrite']);
    const contenders = { gif: () => video('gif'), mp4: () => video('mp4'), chromiumGif: () => video('gif', 'chromium') };
    const runs = Object.fromEntries(Object.keys(contenders).map((k) => [k, [] as { wall: number; cpu: number }[]]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, run] of Object.entries(contenders)) runs[name].push(run());
    }
    const wall = (name: string) => summarize(runs[name].map((t) => t.wall));
    const cpu = (name: string) => summarize(runs[name].map((t) => t.cpu));
    return {
      cores,
      depth: { images, imagesPerSecond: images / depth.wall, seconds: depth.wall, cpuUse: depth.cpu / depth.wall / cores },
      photo3d: {
        frames: 60, size: 512, renderer: 'software', rounds: ROUNDS,
        gifSeconds: wall('gif'), gifCpuSeconds: cpu('gif'), mp4Seconds: wall('mp4'), mp4CpuSeconds: cpu('mp4'),
        chromiumGifSeconds: wall('chromiumGif'), chromiumGifCpuSeconds: cpu('chromiumGif'),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await runCliBench(), null, 2));
