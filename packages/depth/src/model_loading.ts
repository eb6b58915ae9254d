import * as tf from '@tensorflow/tfjs-core';
import { io } from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { lastChannelOutput } from './graph/last_channel_output.js';
import { optimizeGraph } from './graph/optimize.js';
import { platform } from './platform.js';
import type { ModelSource } from './types.js';

/** A bundled model's files (see the `BUNDLED_*_MODEL` constants): its model.json and each weight file by name. */
export interface Bundled {
  model: URL;
  weights: Record<string, URL>;
}

export interface LoadOptions {
  /** Only the output's last channel will be read (segmentation): skip work that only feeds the others. */
  lastChannelOnly?: boolean;
  /** The output is a probability: clamp it to [0, 1] (NaN → 0), whatever a custom model gives. */
  probability?: boolean;
}

/**
 * A load that has not finished by then fails with a message instead of hanging (an unresponsive server, a model
 * handler that never resolves). RELIEF_MODEL_TIMEOUT_MS overrides it in Node (tests, very slow links).
 */
const LOAD_TIMEOUT_MS = Number((globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.RELIEF_MODEL_TIMEOUT_MS) || 60_000;

/** The handler's artifacts rewritten for speed, same results (see graph/optimize.ts). */
function optimized(handler: string | io.IOHandler, options: LoadOptions, signal: AbortSignal): io.IOHandler {
  const inner = typeof handler !== 'string' ? handler
    // Our own http handler so that the timeout also aborts the requests themselves.
    : /^https?:\/\//i.test(handler) ? io.http(handler, { requestInit: { signal } })
    : io.getLoadHandlers(handler)[0] ?? io.http(handler, { requestInit: { signal } });
  if (!inner.load) throw new Error('The io.IOHandler has no load() method.');
  return {
    load: async () => {
      const artifacts = optimizeGraph(await inner.load!());
      return options.lastChannelOnly ? lastChannelOutput(artifacts) : artifacts;
    },
  };
}

async function withTimeout(load: (signal: AbortSignal) => Promise<GraphModel>): Promise<GraphModel> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`it did not finish loading within ${LOAD_TIMEOUT_MS / 1000} s (an unresponsive server, or a file that never ends?)`));
    }, LOAD_TIMEOUT_MS);
  });
  const loading = load(controller.signal);
  // A model that arrives after the timeout is nobody's: free it.
  loading.then((model) => controller.signal.aborted && model.dispose(), () => {});
  try {
    return await Promise.race([loading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the model once on zeros: weights that do not fit the graph (a corrupt or truncated shard, another model's
 * file) otherwise fail later inside a kernel with a message such as "conv2dDerInput: depth of input (-313284343)".
 * Models without a usable input signature are left to the estimator's own check, which names that problem.
 */
function probe(model: GraphModel): void {
  const shape = model.inputs[0]?.shape;
  if (!shape || shape.length !== 4 || shape.slice(1).some((d) => !(d > 0))) return;
  try {
    tf.tidy(() => {
      model.predict(tf.zeros([1, shape[1]!, shape[2]!, shape[3]!]));
    });
  } catch (error) {
    throw new Error(`its weights do not fit its graph (${(error as Error).message}); the weight files may be corrupt, ` +
      'truncated or from another model');
  }
}

/** Output clamped to [0, 1] with NaN as 0, so a custom segmentation model cannot put values outside a probability. */
function asProbability(model: GraphModel): void {
  const predict = model.predict.bind(model);
  model.predict = ((inputs: Parameters<GraphModel['predict']>[0], config?: Parameters<GraphModel['predict']>[1]) => tf.tidy(() => {
    const out = predict(inputs, config);
    if (!(out instanceof tf.Tensor)) return out;
    return tf.where(tf.isNaN(out), tf.zerosLike(out), tf.clipByValue(out, 0, 1));
  })) as GraphModel['predict'];
}

/** Loads a graph model from a user source, or the bundled files when the source is null. */
export async function loadModel(source: ModelSource | null | undefined, bundled: Bundled, what: string,
  options: LoadOptions = {}): Promise<GraphModel> {
  try {
    const handler = source == null
      ? platform().modelHandler(bundled.model, bundled.weights)
      : platform().modelHandler(source);
    const model = await withTimeout((signal) => loadGraphModel(optimized(handler, options, signal)));
    try {
      // Our own files are tested as shipped; the extra run would only slow down every default start-up (on a
      // software WebGPU or WebGL, by seconds).
      if (source != null) probe(model);
    } catch (error) {
      model.dispose();
      throw error;
    }
    if (options.probability) asProbability(model);
    return model;
  } catch (error) {
    const where = source == null ? `the bundled ${what} (${bundled.model.href})` : describe(source);
    throw new Error(`Could not load the ${what} from ${where}: ${(error as Error).message}`);
  }
}

/**
 * Awaits all loads; if one fails, the others are disposed before its error is thrown (Promise.all kept a model
 * that had loaded: 64 to 138 tensors leaked per failed createEstimator).
 */
export async function loadBoth<T extends readonly Promise<GraphModel>[]>(loads: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(loads);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    for (const s of settled) if (s.status === 'fulfilled') s.value.dispose();
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<GraphModel>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

function describe(source: ModelSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.href;
  return 'the given io.IOHandler';
}
