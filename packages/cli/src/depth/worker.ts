// One depth worker thread: holds its own estimator (tfjs is single-threaded per isolate) and answers tasks one by one.
import { createEstimator, setWasmThreads, SupportedModels, useBackend } from '@relief/depth';
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { encodeOutputs, personFraction } from './encode.js';
import { photoBytes } from './photo-bytes.js';
import type { DepthSettings, DepthTask, FromWorker } from './settings.js';

const port = parentPort!;
// TensorFlow.js's CPU backend advises installing tfjs-node at its first tensor (console.warn, a four-line banner):
// relief runs the backend it was asked for, and --quiet must print nothing, so that advice alone is dropped.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (!String(args[0]).includes('install our node backend')) warn(...args);
};
// The first message: a worker may be started (and load the modules above) before the command knows its settings.
const settings = await new Promise<DepthSettings>((resolve) => port.once('message', resolve));
const send = (message: FromWorker) => port.postMessage(message);

// One WASM thread: batches already run a worker per core (--concurrency), and for a single photo the threaded
// start-up (+125 ms: Emscripten starts 8 pthread workers) costs more than threads save on one frame (≈ 40 ms at 1024 px).
setWasmThreads(1);
if (!(await useBackend(settings.backend))) {
  throw new Error(`The ${settings.backend} backend cannot run here; try --backend ${settings.backend === 'wasm' ? 'cpu' : 'wasm'}.`);
}
const estimator = await createEstimator(SupportedModels.ARPortraitDepth, {
  depthModelUrl: settings.model,
  segmentationModelUrl: settings.segmentation,
  // --no-priors / --priors: the prior models are then loaded only when used.
  ...(settings.priors === undefined ? {} : { priors: settings.priors }),
});

async function run(task: DepthTask): Promise<FromWorker> {
  const stage = (fraction: number, name: string) => send({ type: 'stage', id: task.id, fraction, stage: name });
  stage(0.05, 'reading');
  // Too small or over 100 MP fails here; sides over 8192 px come back brought down to the estimator's size.
  const bytes = await photoBytes(await readFile(task.input));
  stage(0.15, 'estimating depth');
  const { minDepth, maxDepth, flipHorizontal, skipSegmentation, priors, focalLength35mm } = settings;
  const map = await estimator.estimateDepth(bytes, {
    minDepth, maxDepth, flipHorizontal, skipSegmentation,
    ...(priors === undefined ? {} : { priors }),
    ...(focalLength35mm === undefined ? {} : { focalLength35mm }),
  });
  if (map == null) throw new Error('the estimator returned no depth map.');
  try {
    stage(0.8, task.kinds.length > 0 ? 'encoding' : 'reading the depth map');
    const mask = await map.mask.toFloat32Array();
    const fraction = personFraction(mask);
    if (!settings.skipSegmentation && fraction === 0) {
      throw new Error('no person found in the photo; pass --no-segmentation to estimate depth for the whole image.');
    }
    const arrays = { depth: await map.toFloat32Array(), mask };
    const files = await encodeOutputs(map, arrays, task.kinds, settings.colormap);
    return { type: 'done', id: task.id, files, arrays: task.arrays ? arrays : undefined, width: map.width, height: map.height, personFraction: fraction };
  } finally {
    map.dispose();
  }
}

port.on('message', (task: DepthTask) => {
  run(task).then(send, (err: unknown) => send({ type: 'failed', id: task.id, reason: err instanceof Error ? err.message : String(err) }));
});
send({ type: 'ready' });
