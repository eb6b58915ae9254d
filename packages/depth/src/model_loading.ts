import { io } from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { fuseConvolutions } from './graph_optimizer.js';
import { platform } from './platform.js';
import type { ModelSource } from './types.js';

export interface Bundled {
  model: URL;
  weights: Record<string, URL>;
}

/** The handler's artifacts with convolution chains fused (see graph_optimizer.ts). */
function optimized(handler: string | io.IOHandler): io.IOHandler {
  const inner = typeof handler === 'string' ? io.getLoadHandlers(handler)[0] ?? io.http(handler) : handler;
  if (!inner.load) throw new Error('The io.IOHandler has no load() method.');
  return { load: async () => fuseConvolutions(await inner.load!()) };
}

/** Loads a graph model from a user source, or the bundled files when the source is null. */
export async function loadModel(source: ModelSource | null | undefined, bundled: Bundled, what: string): Promise<GraphModel> {
  try {
    const handler = source == null
      ? platform().modelHandler(bundled.model, bundled.weights)
      : platform().modelHandler(source);
    return await loadGraphModel(optimized(handler));
  } catch (error) {
    const where = source == null ? `the bundled ${what} (${bundled.model.href})` : describe(source);
    throw new Error(`Could not load the ${what} from ${where}: ${(error as Error).message}`);
  }
}

function describe(source: ModelSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.href;
  return 'the given io.IOHandler';
}
