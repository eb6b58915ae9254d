// The 3D photo without a browser: @relief/photo3d's CPU software renderer (what the CLI can use) and its GIF
// encoders, on the same portrait input as export-browser. Skipped, with the reason, where the package lacks them.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveFramePng } from '../test-support/media.ts';
import { portraitInput } from './portrait_input.ts';
import { expectLoop, probeGif, type GifFacts } from './gif_check.ts';
import { summarize, fmtSummary, fmt, type Summary } from './stats.ts';
import type { Section } from './report.ts';

const LOOP = { size: 512, fps: 20, duration: 3 };
const FRAMES = LOOP.fps * LOOP.duration;
const SHOTS = process.env.RELIEF_BENCH_SHOTS;

type Photo3D = typeof import('@relief/photo3d');
type Photo3DNode = typeof import('@relief/photo3d/node');

/** The package's built entry points, or why they cannot be used (not built yet, or no software renderer). */
async function loadPackage(): Promise<{ lib: Photo3D; node: Photo3DNode } | { missing: string }> {
  try {
    const lib = await import('@relief/photo3d');
    const node = await import('@relief/photo3d/node');
    const absent = [
      ...(['SoftRenderer', 'buildLayers', 'encodeGif', 'loopTiming'] as const).filter((k) => typeof lib[k] !== 'function').map((k) => `@relief/photo3d.${k}`),
      ...(['renderSoftLoop', 'encodeGifParallel'] as const).filter((k) => typeof node[k] !== 'function').map((k) => `@relief/photo3d/node.${k}`),
    ];
    return absent.length ? { missing: `${absent.join(', ')} not exported (yet)` } : { lib, node };
  } catch (e) {
    return { missing: `@relief/photo3d could not be loaded (${(e as Error).message}); build it with \`npx tsc -b\`` };
  }
}

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

function skipped(reason: string): Section {
  console.log(`photo3d-node skipped: ${reason}`);
  return { id: 'photo3d-node', title: '3D photo in Node: software renderer and GIF encoding', markdown: `Skipped: ${reason}.`, data: { skipped: reason } };
}

/** ffprobe's view of the GIF (throws unless it is the asked loop); keeps a frame as PNG when asked. */
function checkGif(gif: Uint8Array): GifFacts {
  const tmp = mkdtempSync(join(tmpdir(), 'relief-bench-photo3d-'));
  try {
    const file = join(tmp, 'loop.gif');
    writeFileSync(file, gif);
    const facts = probeGif(file, gif.length);
    expectLoop('photo3d-node', facts, FRAMES, LOOP.size);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      saveFramePng(file, FRAMES / 4, join(SHOTS, `photo3d-node-frame${FRAMES / 4}.png`));
    }
    return facts;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function benchPhoto3dNode(rounds: number): Promise<Section> {
  const loaded = await loadPackage();
  if ('missing' in loaded) return skipped(loaded.missing);
  const { lib, node } = loaded;
  const input = await portraitInput();
  const t0 = performance.now();
  const layers = await lib.buildLayers(input);
  const buildMs = performance.now() - t0;
  const timing = lib.loopTiming(LOOP.fps, LOOP.duration);
  const threads = availableParallelism();

  // One thread, frame by frame: wall and this thread's CPU per 512-px frame (CPU barely moves with the machine's load).
  const perFrame: Record<string, { wall: Summary; cpu: Summary }> = {};
  for (const antialias of [false, true]) {
    const renderer = new lib.SoftRenderer({ width: LOOP.size, height: LOOP.size, antialias });
    renderer.setLayers(layers);
    renderer.render(0);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < FRAMES; i++) {
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      renderer.render(i / FRAMES);
      renderer.readPixels();
      wall.push(performance.now() - w0);
      cpu.push(cpuMs(process.cpuUsage(c0)));
    }
    perFrame[antialias ? 'antialias' : 'plain'] = { wall: summarize(wall), cpu: summarize(cpu) };
    console.log(`photo3d-node frame (antialias ${antialias}): ${fmt(summarize(wall).median)} ms wall, ${fmt(summarize(cpu).median)} ms CPU`);
  }

  // The whole loop as the CLI does it: frames on worker threads (default antialias), then GIF on worker threads.
  const loop: number[] = [];
  const gifSerial: number[] = [];
  const gifParallel: number[] = [];
  let gif: Uint8Array = new Uint8Array();
  for (let r = 0; r < rounds; r++) {
    const frames: Uint8Array[] = [];
    let t = performance.now();
    await node.renderSoftLoop(layers, { width: LOOP.size, height: LOOP.size, fps: LOOP.fps, duration: LOOP.duration }, (pixels) => { frames.push(pixels); });
    loop.push((performance.now() - t) / 1000);
    const encoders = r % 2 ? ['parallel', 'serial'] : ['serial', 'parallel'];
    for (const how of encoders) {
      t = performance.now();
      gif = how === 'serial' ? lib.encodeGif(frames, LOOP.size, LOOP.size, timing) : await node.encodeGifParallel(frames, LOOP.size, LOOP.size, timing, { threads });
      (how === 'serial' ? gifSerial : gifParallel).push((performance.now() - t) / 1000);
    }
    console.log(`photo3d-node round ${r + 1}/${rounds}: loop ${fmt(loop.at(-1)!, 2)} s, GIF ${fmt(gifSerial.at(-1)!, 2)} s (1 thread) / ${fmt(gifParallel.at(-1)!, 2)} s (${threads} threads)`);
  }
  const facts = checkGif(gif);
  const s = { loop: summarize(loop), gifSerial: summarize(gifSerial), gifParallel: summarize(gifParallel) };
  // On a loaded machine the threaded encoder can lose to the plain one (thread start-up, copying frames): count the faster.
  const fasterGif = s.gifParallel.median < s.gifSerial.median ? 'encodeGifParallel' : 'encodeGif';
  const total = s.loop.median + Math.min(s.gifParallel.median, s.gifSerial.median);
  const md = [
    `The portrait of export-browser (820×1024, ${layers.foreground.indices.length / 3} person triangles; \`buildLayers\` ${fmt(buildMs, 0)} ms once),`,
    `drawn by \`SoftRenderer\` at ${LOOP.size}×${LOOP.size}; ${FRAMES}-frame loop (${LOOP.fps} fps × ${LOOP.duration} s, circle path). Median (p10–p90).`,
    '',
    '| task | wall | CPU |',
    '|---|---|---|',
    `| one frame, one thread, no antialiasing (render + readPixels) | ${fmtSummary(perFrame.plain!.wall)} ms | ${fmtSummary(perFrame.plain!.cpu)} ms |`,
    `| one frame, one thread, 2×2 supersampling (the default) | ${fmtSummary(perFrame.antialias!.wall)} ms | ${fmtSummary(perFrame.antialias!.cpu)} ms |`,
    `| ${FRAMES} frames, \`renderSoftLoop\` on ${threads} worker threads (supersampled) | ${fmtSummary(s.loop, 2)} s | |`,
    `| GIF of the ${FRAMES} frames, \`encodeGif\` (1 thread) | ${fmtSummary(s.gifSerial, 2)} s | |`,
    `| GIF of the ${FRAMES} frames, \`encodeGifParallel\` (${threads} threads) | ${fmtSummary(s.gifParallel, 2)} s | |`,
    `| **loop → GIF** (\`renderSoftLoop\` + \`${fasterGif}\`, medians added) | **${fmt(total, 2)} s** | |`,
    '',
    `GIF checked with ffprobe: ${facts.frames} frames of ${facts.width}×${facts.height}, ${fmt(facts.bytes / 1e6, 2)} MB. ${rounds} rounds; the machine is shared`,
    'and loaded by other jobs, so wall times swing; single-thread CPU times are the steadier figure.',
  ].join('\n');
  console.log(`photo3d-node: frame ${fmt(perFrame.plain!.cpu.median)} / ${fmt(perFrame.antialias!.cpu.median)} ms CPU (plain / AA), loop ${fmt(s.loop.median, 2)} s, GIF ${fmt(s.gifSerial.median, 2)} / ${fmt(s.gifParallel.median, 2)} s (1 / ${threads} threads), loop → GIF ${fmt(total, 2)} s`);
  return {
    id: 'photo3d-node',
    title: '3D photo in Node: software renderer and GIF encoding',
    markdown: md,
    data: { loop: { ...LOOP, frames: FRAMES }, threads, buildMs, perFrame, renderLoopSeconds: s.loop, gifSerialSeconds: s.gifSerial, gifParallelSeconds: s.gifParallel, loopToGifSeconds: total, fasterGif, gif: facts },
  };
}
