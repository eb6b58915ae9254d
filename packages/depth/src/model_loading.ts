import { io } from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { lastChannelOutput } from './graph/last_channel_output.js';
import { optimizeGraph } from './graph/optimize.js';
import { platform } from './platform.js';
import type { ModelSource } from './types.js';

export interface Bundled {
  model: URL;
  weights: Record<string, URL>;
}

export interface LoadOptions {
  /** Only the output's last channel will be read (segmentation): skip work that only feeds the others. */
  lastChannelOnly?: boolean;
}

/** The handler's artifacts rewritten for speed, same results (see graph/optimize.ts). */
function optimized(handler: string | io.IOHandler, options: LoadOptions): io.IOHandler {
  const inner = typeof handler === 'string' ? io.getLoadHandlers(handler)[0] ?? io.http(handler) : handler;
  if (!inner.load) throw new Error('The io.IOHandler has no load() method.');
  return {
    load: async () => {
      const artifacts = optimizeGraph(await inner.load!());
      return options.lastChannelOnly ? lastChannelOutput(artifacts) : artifacts;
    },
  };
}

/** Loads a graph model from a user source, or the bundled files when the source is null. */
export async function loadModel(source: ModelSource | null | undefined, bundled: Bundled, what: string,
  options: LoadOptions = {}): Promise<GraphModel> {
  try {
    const handler = source == null
      ? platform().modelHandler(bundled.model, bundled.weights)
      : platform().modelHandler(source);
    return await loadGraphModel(optimized(handler, options));
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
