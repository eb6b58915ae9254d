// Synthetic renderer throughput (issue 3): `npm run synth` into a temporary folder — the CPU renderer at 256×192
// (the 2000-sample command) and 512×384, and the WebGL renderer at 256×192 as the peer in the same run —
// samples/s (whole command, render phase, steady state) and CPU use, as a user running the command sees them.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from '../test-support/paths.ts';
import { sampleTreeCpu } from './process_tree_cpu.ts';
import { fmt } from './stats.ts';
import type { Section } from './report.ts';

const CLI = join(REPO_ROOT, 'training/synth/src/cli.ts');
type Renderer = 'cpu' | 'webgl';
const RUNS: Array<{ renderer: Renderer; height: number; width: number; count: number }> = [
  { renderer: 'cpu', height: 256, width: 192, count: 2000 },
  { renderer: 'cpu', height: 512, width: 384, count: 500 },
  { renderer: 'webgl', height: 256, width: 192, count: 150 },
];
/** Not the training seeds (1, 1001): nothing here is mistaken for, or collides with, a real dataset. */
const SEED = 90210;

interface Progress { at: number; done: number; cpu: number }

interface SynthRun {
  renderer: Renderer;
  height: number;
  width: number;
  count: number;
  /** Whole command: Node start, asset parsing, renderer start and warm-up, rendering, writing. */
  wallSeconds: number;
  /** The renderer's own figure: from the first render request on (warm-up included). */
  renderSamplesPerSecond: number;
  /** Between the first and last progress lines (after the first ~10 s of rendering): warm-up excluded. */
  steadySamplesPerSecond: number | null;
  /** CPU seconds per sample over the same window. */
  steadyCpuSecondsPerSample: number | null;
  cpuSeconds: number;
  /** CPU seconds / wall seconds / cores. */
  cpuUse: number;
}

/** Runs the CLI as a user would (no extra nice: run the whole benchmark niced), sampling its process tree's CPU. */
function runSynth(out: string, renderer: Renderer, count: number, height: number, width: number): Promise<SynthRun> {
  const args = ['--import', 'tsx', CLI, 'render', '--out', out, '--renderer', renderer, '--count', String(count), '--seed', String(SEED), '--height', String(height), '--width', String(width)];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const cpu = sampleTreeCpu(child.pid!);
    let stdout = '';
    let stderr = '';
    const progress: Progress[] = [];
    child.stdout.on('data', (d) => { stdout += d; });
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr += `${line}\n`;
      const m = /^(\d+)\/\d+ samples/.exec(line);
      if (m) progress.push({ at: performance.now(), done: Number(m[1]), cpu: cpu.now() });
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - t0) / 1000;
      const cpuSeconds = cpu.stop();
      if (code !== 0) return reject(new Error(`npm run synth exited with ${code}:\n${stderr.slice(-2000)}`));
      const rate = /rendered (\d+) samples in ([\d.]+) s: ([\d.]+) samples\/s/.exec(stdout);
      if (!rate) return reject(new Error(`npm run synth printed no rate:\n${stdout.slice(-500)}`));
      const first = progress[0];
      const last = progress.at(-1);
      const span = first && last && last.done > first.done ? { first, last } : null;
      const steady = span ? (span.last.done - span.first.done) / ((span.last.at - span.first.at) / 1000) : null;
      const steadyCpu = span ? (span.last.cpu - span.first.cpu) / (span.last.done - span.first.done) : null;
      resolve({
        renderer, height, width, count: Number(rate[1]), wallSeconds, renderSamplesPerSecond: Number(rate[3]),
        steadySamplesPerSecond: steady, steadyCpuSecondsPerSample: steadyCpu, cpuSeconds, cpuUse: cpuSeconds / wallSeconds / availableParallelism(),
      });
    });
  });
}

/** The dataset the run wrote is complete and at the asked size, so the rate counts real samples. */
async function checkDataset(out: string, run: SynthRun): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  if (manifest.complete.length !== run.count) throw new Error(`synth: manifest lists ${manifest.complete.length} complete samples, expected ${run.count}.`);
  const shard = `shard-${String(Math.floor((run.count - 1) / manifest.samplesPerShard)).padStart(5, '0')}`;
  const last = join(out, shard, `${String(run.count - 1).padStart(6, '0')}.color.png`);
  if (!existsSync(last)) throw new Error(`synth: ${last} was not written.`);
  const meta = await sharp(last).metadata();
  if (meta.width !== run.width || meta.height !== run.height) {
    throw new Error(`synth: ${last} is ${meta.width}×${meta.height}, expected ${run.width}×${run.height}.`);
  }
}

export async function benchSynth(): Promise<Section> {
  const runs: SynthRun[] = [];
  for (const { renderer, height, width, count } of RUNS) {
    const dir = mkdtempSync(join(tmpdir(), 'relief-bench-synth-'));
    try {
      const out = join(dir, 'data');
      const run = await runSynth(out, renderer, count, height, width);
      await checkDataset(out, run);
      runs.push(run);
      console.log(`synth ${renderer} ${width}×${height}: ${run.count} samples in ${fmt(run.wallSeconds)} s wall = ${fmt(run.count / run.wallSeconds, 2)} samples/s; render phase ${fmt(run.renderSamplesPerSecond, 2)}, steady ${run.steadySamplesPerSecond === null ? 'n/a' : fmt(run.steadySamplesPerSecond, 2)} samples/s; CPU ${fmt(100 * run.cpuUse, 0)} %`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const md = [
    `\`npm run synth -- --renderer R --count N --seed ${SEED} --height H --width W --out <temp>\` (default workers: a thread per core for \`cpu\`, 2 Chromium pages for \`webgl\`), one run per row.`,
    '',
    '| renderer | size (W×H) | samples | whole command | render phase (warm-up included) | steady state | CPU use of the cores | CPU per sample, steady (overall) | if both cores were its own |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r) => `| ${r.renderer} | ${r.width}×${r.height} | ${r.count} | ${fmt(r.count / r.wallSeconds, 2)} samples/s (${fmt(r.wallSeconds)} s) | ${fmt(r.renderSamplesPerSecond, 2)} samples/s | **${r.steadySamplesPerSecond === null ? 'n/a' : fmt(r.steadySamplesPerSecond, 2)} samples/s** | ${fmt(100 * r.cpuUse, 0)} % of ${availableParallelism()} | ${r.steadyCpuSecondsPerSample === null ? 'n/a' : fmt(1000 * r.steadyCpuSecondsPerSample, 0)} ms (${fmt((1000 * r.cpuSeconds) / r.count, 0)} ms) | ≈ ${fmt(availableParallelism() / (r.steadyCpuSecondsPerSample ?? r.cpuSeconds / r.count), 1)} samples/s |`),
    '',
    'Whole command = Node start, asset parsing, renderer start-up and warm-up (HDR maps and textures prepared; for WebGL',
    'Chromium start, shader compiles and PMREM), rendering and PNG writing.',
    'Steady state = between the renderer\'s first and last progress lines (it logs every 10 s), warm-up excluded.',
    'CPU use = CPU seconds of the command and every process it started (threads and Chromium included, sampled from /proc) / wall /',
    'cores: well under 100 % means the renderer waited for cores that other jobs on this shared machine held. CPU per sample',
    'in the steady window (overall: start-up and warm-up included); "if both cores were its own" = cores ÷ steady CPU per',
    'sample, a ceiling that CPU contention (shared caches, hyper-threads) already inflates.',
    'Goal ≥ 50 samples/s at 256×192.',
    ...(() => {
      const cpu = runs.find((r) => r.renderer === 'cpu' && r.height === 256);
      const gl = runs.find((r) => r.renderer === 'webgl');
      return cpu && gl ? ['', `CPU renderer vs WebGL (SwiftShader) at 192×256, whole command: ×${fmt(cpu.count / cpu.wallSeconds / (gl.count / gl.wallSeconds), 1)}.`] : [];
    })(),
  ].join('\n');
  return { id: 'synth', title: 'Synthetic renderer throughput (training/synth)', markdown: md, data: { seed: SEED, runs } };
}
