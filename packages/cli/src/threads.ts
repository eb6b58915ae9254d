import { availableParallelism } from 'node:os';
import type { Job } from './output-plan.js';

/**
 * Cores for each input processed at once (--concurrency, capped by the inputs there are to run): the threads of
 * its depth worker's WASM backend and of its software renderer. Slots × threads stays within the cores, so
 * parallel inputs and threads inside one input never oversubscribe the machine.
 */
export function threadsPerSlot(concurrency: number, jobs: Job[]): number {
  const slots = Math.max(1, Math.min(concurrency, jobs.filter((j) => !j.blocked && j.outputs.length > 0).length));
  return Math.max(1, Math.floor(availableParallelism() / slots));
}
