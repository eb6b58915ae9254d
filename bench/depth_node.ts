// Relief vs the original @tensorflow-models/depth-estimation in one Node process, same networks (the bundled
// depth model and the bundled selfie model in the original's two-channel layout), same inputs, same backend,
// interleaved. End to end = input tensor → depth values in memory.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, BUNDLED_DEPTH_MODEL, wasmThreads } from '@relief/depth';
import { fileHandler } from '../packages/depth/src/node/file_handler.ts';
import { loadModel } from '../packages/depth/src/model_loading.ts';
import { BUNDLED_SEGMENTATION_MODEL } from '../packages/depth/src/bundled_models.ts';
import { segmentPerson, prepareInput, predictRaw, postprocess, inputSize } from '../packages/depth/src/pipeline.ts';
import { validateEstimationConfig } from '../packages/depth/src/config.ts';
import { twoChannelSelfie } from '../packages/depth/test/fixtures.ts';
import { benchImages } from './depth_inputs.ts';
import { interleave, interleaveTimed, summarize, fmtSummary, fmt, type Summary } from './stats.ts';
import type { Section } from './report.ts';

const original = createRequire(import.meta.url)('@tensorflow-models/depth-estimation') as typeof import('@tensorflow-models/depth-estimation');
const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };
const DEPTH_PATH = fileURLToPath(BUNDLED_DEPTH_MODEL.model);

interface Row { backend: string; input: string; relief: Summary; original: Summary; ratio: number; reliefCpu: Summary; originalCpu: Summary; cpuRatio: number; stages: Record<string, Summary> }

async function stageTimes(image: tf.Tensor3D, rounds: number): Promise<Record<string, Summary>> {
  // Loaded as createEstimator loads them (load-time graph rewrites included), so the stages add up to Relief's run.
  const depth = await loadModel(fileHandler(DEPTH_PATH), BUNDLED_DEPTH_MODEL, 'depth model');
  const seg = await loadModel(twoChannelSelfie(), BUNDLED_SEGMENTATION_MODEL, 'segmentation model', { lastChannelOnly: true });
  const config = validateEstimationConfig(CONFIG);
  const times: Record<string, number[]> = { segmentation: [], preprocessing: [], network: [], postprocessing: [] };
  const timed = async <T extends tf.Tensor>(name: string, f: () => T): Promise<T> => {
    const t0 = performance.now();
    const out = f();
    await out.data();
    times[name]!.push(performance.now() - t0);
    return out;
  };
  for (let i = 0; i < rounds + 2; i++) {
    const mask = await timed('segmentation', () => segmentPerson(seg, image));
    const x = await timed('preprocessing', () => prepareInput(image, mask, inputSize(depth)));
    const raw = await timed('network', () => predictRaw(depth, x));
    const out = await timed('postprocessing', () => postprocess(raw, config, [image.shape[0], image.shape[1]]));
    tf.dispose([mask, x, raw, out]);
  }
  depth.dispose();
  seg.dispose();
  // The first two rounds compile kernels; drop them.
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summarize(v.slice(2))]));
}

export async function benchDepthNode(rounds: number): Promise<Section> {
  const rows: Row[] = [];
  const images = await benchImages();
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    const ours = await createEstimator(SupportedModels.ARPortraitDepth, { depthModelUrl: DEPTH_PATH, segmentationModelUrl: twoChannelSelfie() });
    const theirs = await original.createEstimator(original.SupportedModels.ARPortraitDepth, { depthModelUrl: fileHandler(DEPTH_PATH), segmentationModelUrl: twoChannelSelfie() });
    for (const img of images) {
      const input = tf.tensor3d(img.rgb, [img.height, img.width, 3], 'int32');
      const runOurs = async () => { const m = (await ours.estimateDepth(input, CONFIG))!; await m.toFloat32Array(); m.dispose(); };
      const runTheirs = async () => { const m = (await theirs.estimateDepth(input, CONFIG))!; const t = await m.toTensor(); await t.data(); t.dispose(); };
      const n = backend === 'cpu' && img.width > 192 ? Math.max(3, Math.round(rounds / 4)) : rounds;
      await interleave({ relief: runOurs, original: runTheirs }, 3);
      const { wall, cpu } = await interleaveTimed({ relief: runOurs, original: runTheirs }, n);
      const relief = summarize(wall.relief!);
      const orig = summarize(wall.original!);
      const reliefCpu = summarize(cpu.relief!);
      const originalCpu = summarize(cpu.original!);
      rows.push({
        backend, input: img.label, relief, original: orig, ratio: orig.median / relief.median,
        reliefCpu, originalCpu, cpuRatio: originalCpu.median / reliefCpu.median, stages: await stageTimes(input, Math.min(n, 10)),
      });
      input.dispose();
      console.log(`depth-node ${backend} ${img.label}: relief ${fmt(relief.median)} ms (cpu ${fmt(reliefCpu.median)}), original ${fmt(orig.median)} ms (cpu ${fmt(originalCpu.median)})`);
    }
    ours.dispose();
    theirs.dispose();
  }
  const memory = await memorySoak(1000);
  const md = [
    '| backend | input (W×H) | Relief ms/frame | original ms/frame | speed-up (wall) | Relief CPU ms | original CPU ms | speed-up (CPU) | Relief FPS |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| Node ${r.backend} | ${r.input} | ${fmtSummary(r.relief)} | ${fmtSummary(r.original)} | **×${fmt(r.ratio, 2)}** | ${fmtSummary(r.reliefCpu)} | ${fmtSummary(r.originalCpu)} | **×${fmt(r.cpuRatio, 2)}** | ${fmt(1000 / r.relief.median)} |`),
    '',
    'Median (10th–90th percentile) over interleaved rounds; CPU = this process\'s user+system time per frame, which other work on the machine barely moves. Relief stages, each forced to finish before the next (ms, median):',
    '',
    '| backend | input | segmentation | preprocessing | network | post-processing | network share |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const s = r.stages;
      const total = Object.values(s).reduce((a, b) => a + b.median, 0);
      return `| ${r.backend} | ${r.input} | ${fmt(s.segmentation!.median)} | ${fmt(s.preprocessing!.median)} | ${fmt(s.network!.median)} | ${fmt(s.postprocessing!.median)} | ${fmt(100 * s.network!.median / total, 0)} % |`;
    }),
    '',
    `Relief alone with its defaults but \`priors: false\` (bundled models, WASM on ${memory.threads} thread(s)), input tensor → depth values read back, frames 100–${memory.frames} at 192×256: **${fmt(memory.fps)} FPS** (${fmtSummary(memory.frameMs)} ms per frame). The interleaved rows above differ: both packages run the two-channel selfie model (the original's layout) there, alternating frame by frame.`,
    '',
    `Memory over ${memory.frames} frames (Node ${memory.backend}, 192×256): tf.memory().numTensors ${memory.tensorsBefore} → ${memory.tensorsAfter}; RSS ${fmt(memory.rssBeforeMiB)} → ${fmt(memory.rssAfterMiB)} MiB (after frame 100 → after frame ${memory.frames}).`,
  ].join('\n');
  return { id: 'depth-node', title: 'Depth pipeline in Node: Relief vs original, same networks', markdown: md, data: { rows, memory } };
}

async function memorySoak(frames: number) {
  await tf.setBackend('wasm');
  const [img] = await benchImages();
  const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  const input = tf.tensor3d(img!.rgb, [img!.height, img!.width, 3], 'int32');
  let tensorsBefore = 0;
  let rssBefore = 0;
  let t100 = 0;
  const times: number[] = [];
  for (let i = 0; i < frames; i++) {
    if (i === 100) {
      tensorsBefore = tf.memory().numTensors;
      rssBefore = process.memoryUsage().rss;
      t100 = performance.now();
    }
    const t0 = performance.now();
    // priors: false — the network path alone, comparable with earlier runs; priors-node measures them.
    const map = (await estimator.estimateDepth(input, { ...CONFIG, priors: false }))!;
    await map.toFloat32Array();
    map.dispose();
    if (i >= 100) times.push(performance.now() - t0);
  }
  const result = {
    backend: 'wasm', frames, tensorsBefore, tensorsAfter: tf.memory().numTensors, threads: wasmThreads(),
    fps: (frames - 100) / ((performance.now() - t100) / 1000), frameMs: summarize(times),
    rssBeforeMiB: rssBefore / 2 ** 20, rssAfterMiB: process.memoryUsage().rss / 2 ** 20,
  };
  input.dispose();
  estimator.dispose();
  return result;
}
