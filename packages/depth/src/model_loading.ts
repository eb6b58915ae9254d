import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { platform } from './platform.js';
import type { ModelSource } from './types.js';

export interface Bundled {
  model: URL;
  weights: Record<string, URL>;
}

/** Loads a graph model from a user source, or the bundled files when the source is null. */
export async function loadModel(source: ModelSource | null | undefined, bundled: Bundled, what: string): Promise<GraphModel> {
  const handler = source == null
    ? platform().modelHandler(bundled.model, bundled.weights)
    : platform().modelHandler(source);
  try {
    return await loadGraphModel(handler);
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
