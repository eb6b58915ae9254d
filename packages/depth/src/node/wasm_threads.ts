import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Multithreaded WASM in Node. TF.js ships a threaded (pthreads + SIMD) build but turns it off in Node (tfjs issue
 * 3830): its loader gives Emscripten Blob URLs for the thread script, which Node's worker_threads cannot start, and
 * XNNPACK sizes its pool as half of `emscripten_num_logical_cores()` (one thread on a 2-core machine). So the 'wasm'
 * backend's factory is wrapped: while it initialises, the thread script's Blob URL becomes the path of
 * `workers/wasm_thread_worker.cjs` and the core count Emscripten reports is twice the threads wanted; afterwards
 * both are restored and the threads are unref'd, so an idle pool never keeps the process alive. If the threaded
 * build fails to start, the backend starts single-threaded as before. Measured 2026-11-24 on 2 cores: the Depth
 * API at 192×256 56 → 36 ms per frame.
 */

const WASM_PRIORITY = 2;
const WORKER_SCRIPT = fileURLToPath(new URL('../../workers/wasm_thread_worker.cjs', import.meta.url));
/** A threaded start that has not finished by then is abandoned for the single-threaded build. */
const START_TIMEOUT_MS = 20_000;

let wanted = Math.min(4, availableParallelism());
let started: number | null = null;

interface PThreadWorker {
  unref(): void;
  terminate(): Promise<number>;
}

interface PThreads {
  unusedWorkers: PThreadWorker[];
  runningWorkers: PThreadWorker[];
}

/**
 * How many threads the WASM backend uses in Node (default: one per core, at most 4; 1 = no threads). Call it before
 * the backend starts (the first createEstimator, tf.ready() or tf.setBackend('wasm')).
 */
export function setWasmThreads(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new Error(`setWasmThreads(${count}): pass a whole number of threads from 1 to 64.`);
  }
  if (started != null && started !== count) {
    throw new Error(
      `The WASM backend already runs ${started} thread(s): call setWasmThreads(${count}) before the backend starts ` +
      `(before the first createEstimator, tf.ready() or tf.setBackend('wasm')).`);
  }
  wanted = count;
}

/** Threads the started WASM backend runs, or null when it has not started. */
export function wasmThreads(): number | null {
  return started;
}

/**
 * Wraps the registered 'wasm' backend factory (see above); call once, after importing the WASM backend. A backend
 * that is already running is left alone.
 */
export function installWasmThreads(): void {
  const original = tf.findBackendFactory('wasm');
  const running = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry.wasm != null;
  if (!original || running) return;
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => {
    if (wanted > 1) {
      try {
        const backend = await withThreadPatches(wanted, original);
        started = wanted;
        return backend;
      } catch {
        // Fall through: the single-threaded build below is what TF.js would have used anyway.
      }
    }
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const backend = await original();
    started = 1;
    return backend;
  }, WASM_PRIORITY);
}

async function withThreadPatches(threads: number, factory: () => tf.KernelBackend | Promise<tf.KernelBackend>): Promise<tf.KernelBackend> {
  const createObjectURL = URL.createObjectURL;
  const instantiate = WebAssembly.instantiate;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  URL.createObjectURL = (blob: Blob) => (blob?.type === 'application/javascript' ? WORKER_SCRIPT : createObjectURL(blob));
  WebAssembly.instantiate = ((source: BufferSource, imports?: WebAssembly.Imports) => {
    const env = imports?.env as Record<string, unknown> | undefined;
    if (env && typeof env.emscripten_num_logical_cores === 'function') env.emscripten_num_logical_cores = () => 2 * threads;
    return instantiate(source, imports);
  }) as typeof WebAssembly.instantiate;
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the threaded WASM build did not start in time')), START_TIMEOUT_MS);
    });
    const backend = await Promise.race([factory(), timeout]).finally(() => clearTimeout(timer));
    const pthreads = (backend as unknown as { wasm?: { PThread?: PThreads } }).wasm?.PThread;
    if (!pthreads) throw new Error('the threaded WASM build did not start');
    for (const worker of pthreads.runningWorkers) worker.unref();
    // Emscripten starts a pool of 8 workers whatever the thread count; XNNPACK has taken what it needs, and each
    // idle one holds its own WASM instance (2 threads: RSS 244 → 195 MB once they are gone). Emscripten starts a
    // new one if it ever needs more.
    for (const worker of pthreads.unusedWorkers.splice(0)) void worker.terminate();
    return backend;
  } finally {
    URL.createObjectURL = createObjectURL;
    WebAssembly.instantiate = instantiate;
  }
}
