// Test page: runs Relief (and the original package) on the backend the test asks for, and reports numbers.
import * as tf from '@tensorflow/tfjs-core';
import { io } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import * as original from '@tensorflow-models/depth-estimation';
import { createEstimator, SupportedModels, useBackend, type BackendName } from '@relief/depth';
import { twoChannel } from '../two_channel.ts';
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasm,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };

async function loadImage(url: string): Promise<HTMLImageElement> {
  const img = document.getElementById('photo') as HTMLImageElement;
  img.src = url;
  await img.decode();
  return img;
}

const selfieTwoChannel = (url: string): io.IOHandler => ({ load: async () => twoChannel(await io.http(url).load!()) });

async function runRelief(backend: BackendName, imageUrl: string) {
  const ok = await useBackend(backend, { wasmPaths });
  if (!ok) return { skipped: `backend ${backend} is not available in this browser` };
  const img = await loadImage(imageUrl);
  const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  const before = tf.memory().numTensors;
  const map = (await estimator.estimateDepth(img, CONFIG))!;
  const canvas = (await map.toCanvasImageSource()) as HTMLCanvasElement;
  const target = document.getElementById('depth') as HTMLCanvasElement;
  target.width = canvas.width;
  target.height = canvas.height;
  target.getContext('2d')!.drawImage(canvas, 0, 0);
  const values = await map.toFloat32Array();
  const mask = await map.mask.toFloat32Array();
  map.dispose();
  const after = tf.memory().numTensors;
  estimator.dispose();
  let person = 0;
  for (const p of mask) if (p >= 0.5) person++;
  return {
    backend: tf.getBackend(), width: map.width, height: map.height, before, after,
    personFraction: person / mask.length,
    min: values.reduce((a, b) => Math.min(a, b), 1), max: values.reduce((a, b) => Math.max(a, b), 0),
  };
}

async function runCompat(backend: BackendName, imageUrl: string, depthUrl: string, selfieUrl: string) {
  await useBackend(backend);
  const img = await loadImage(imageUrl);
  const ours = await createEstimator(SupportedModels.ARPortraitDepth, { depthModelUrl: depthUrl, segmentationModelUrl: selfieTwoChannel(selfieUrl) });
  const theirs = await original.createEstimator(original.SupportedModels.ARPortraitDepth, { depthModelUrl: depthUrl, segmentationModelUrl: selfieTwoChannel(selfieUrl) });
  const a = (await ours.estimateDepth(img, CONFIG))!;
  const b = (await theirs.estimateDepth(img, CONFIG))!;
  const da = await a.toFloat32Array();
  const mask = await a.mask.toFloat32Array();
  const tb = await b.toTensor();
  const db = (await tb.data()) as Float32Array;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < da.length; i++) if (mask[i]! >= 0.5) { sum += Math.abs(da[i]! - db[i]!); n++; }
  a.dispose();
  tb.dispose();
  ours.dispose();
  theirs.dispose();
  return { backend: tf.getBackend(), meanDiff: sum / n, personPixels: n, total: da.length };
}

/** Every DOM input kind gives a map of its size; a video without a frame is refused with a message. */
async function runInputs(imageUrl: string) {
  await useBackend('webgl');
  const img = await loadImage(imageUrl);
  const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  const canvas = document.createElement('canvas');
  canvas.width = 60;
  canvas.height = 80;
  canvas.getContext('2d')!.drawImage(img, 0, 0, 60, 80);
  const offscreen = new OffscreenCanvas(48, 64);
  offscreen.getContext('2d')!.drawImage(img, 0, 0, 48, 64);
  const inputs: Record<string, unknown> = {
    HTMLImageElement: img,
    HTMLCanvasElement: canvas,
    ImageData: canvas.getContext('2d')!.getImageData(0, 0, 60, 80),
    ImageBitmap: await createImageBitmap(img, { resizeWidth: 30, resizeHeight: 40 }),
    OffscreenCanvas: offscreen,
  };
  const sizes: Record<string, [number, number]> = {};
  for (const [name, input] of Object.entries(inputs)) {
    const map = (await estimator.estimateDepth(input as never, CONFIG))!;
    sizes[name] = [map.width, map.height];
    map.dispose();
  }
  let videoError = '';
  try {
    await estimator.estimateDepth(document.createElement('video'), CONFIG);
  } catch (e) {
    videoError = (e as Error).message;
  }
  estimator.dispose();
  return { sizes, videoError, natural: [img.naturalWidth, img.naturalHeight] };
}

Object.assign(window, { runRelief, runCompat, runInputs, reliefReady: true });
