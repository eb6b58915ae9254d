import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'webgl' | 'webgpu' | 'wasm' | 'cpu';

const loaders: Record<BackendName, () => Promise<unknown>> = {
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

/**
 * Loads a tfjs backend on demand and makes it active, so apps only download the backends they use.
 * Resolves to false (and keeps the current backend) when the platform cannot run it, e.g. WebGPU without
 * `navigator.gpu`.
 */
export async function useBackend(name: BackendName): Promise<boolean> {
  const load = loaders[name];
  if (!load) throw new Error(`Unknown backend '${String(name)}': use one of ${Object.keys(loaders).join(', ')}.`);
  await load();
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}
