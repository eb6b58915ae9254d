// Benchmark page: Relief vs the original package on the same networks, same pixels, same backend, interleaved.
import * as tf from '@tensorflow/tfjs-core';
import { io } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import * as original from '@tensorflow-models/depth-estimation';
import { createEstimator, SupportedModels, useBackend, type BackendName } from '@relief/depth';
import { twoChannel } from '../../packages/depth/test/two_channel.ts';
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

const wasmPaths = { 'tfjs-backend-wasm.wasm': wasm, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded };
const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };

async function canvasOf(url: string, width: number, height: number): Promise<HTMLCanvasElement> {
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.drawImage(img, 0, 0, width, height);
  return canvas;
}

async function bench(backend: BackendName, imageUrl: string, depthUrl: string, selfieUrl: string, sizes: Array<[number, number]>, rounds: number) {
  if (!(await useBackend(backend, { wasmPaths }))) return { skipped: `${backend} unavailable` };
  const selfie = (): io.IOHandler => ({ load: async () => twoChannel(await io.http(selfieUrl).load()) });
  const ours = await createEstimator(SupportedModels.ARPortraitDepth, { depthModelUrl: depthUrl, segmentationModelUrl: selfie() });
  const theirs = await original.createEstimator(original.SupportedModels.ARPortraitDepth, { depthModelUrl: depthUrl, segmentationModelUrl: selfie() });
  const results = [];
  for (const [width, height] of sizes) {
    const canvas = await canvasOf(imageUrl, width, height);
    const run = {
      relief: async () => { const m = (await ours.estimateDepth(canvas, CONFIG))!; await m.toFloat32Array(); m.dispose(); },
      original: async () => { const m = (await theirs.estimateDepth(canvas, CONFIG))!; const t = await m.toTensor(); await t.data(); t.dispose(); },
    };
    const times: Record<string, number[]> = { relief: [], original: [] };
    for (let r = 0; r < rounds + 3; r++) {
      const order = r % 2 ? ['relief', 'original'] : ['original', 'relief'];
      for (const name of order) {
        const t0 = performance.now();
        await run[name as 'relief']();
        if (r >= 3) times[name]!.push(performance.now() - t0);
      }
    }
    results.push({ input: `${width}×${height}`, times });
  }
  ours.dispose();
  theirs.dispose();
  return { backend: tf.getBackend(), results };
}

Object.assign(window, { bench, benchReady: true });
