import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'webgl' | 'webgpu' | 'wasm' | 'cpu';

/** Where the tfjs WASM binaries are: a folder URL/path ending in '/', or a map from file name to URL. */
export type WasmPaths = string | Record<string, string>;

let wasmPathsSet = false;

/**
 * Tells the WASM backend where its .wasm files are. The Node entry does this itself; a web app passes what its
 * bundler resolved, e.g. in Vite `import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'`.
 */
export async function setWasmFiles(paths: WasmPaths): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(paths as Parameters<typeof wasm.setWasmPaths>[0]);
  wasmPathsSet = true;
}

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
export async function useBackend(name: BackendName, options: { wasmPaths?: WasmPaths } = {}): Promise<boolean> {
  const load = loaders[name];
  if (!load) throw new Error(`Unknown backend '${String(name)}': use one of ${Object.keys(loaders).join(', ')}.`);
  await load();
  if (name === 'wasm') {
    if (options.wasmPaths) await setWasmFiles(options.wasmPaths);
    if (!wasmPathsSet) {
      throw new Error(
        "The WASM backend needs to know where its .wasm files are (its default, a CDN, is not used offline): " +
        "pass useBackend('wasm', { wasmPaths }) with the URLs your bundler gives for " +
        "@tensorflow/tfjs-backend-wasm/dist/*.wasm.");
    }
  }
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}
