import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the compiled worker script `name`.js that sits next to `base` (an import.meta.url in dist/). Worker
 * threads load it with plain Node, so code that spawns them runs from dist/, never from the .ts sources.
 */
export function startSiblingWorker(name: string, base: string, options: WorkerOptions): Worker {
  if (base.endsWith('.ts')) {
    throw new Error(`${name} runs in a worker thread and needs the compiled package: import @relief/photo3d/node from dist/ (npx tsc -b).`);
  }
  return new Worker(new URL(`./${name}.js`, base), options);
}
