// `relief depth`'s slot: a depth worker computes and encodes; the main thread writes the files atomically.
import { writeBytesAtomically } from '../atomic-write.js';
import type { Slot } from '../batch.js';
import { DepthWorker } from './depth-worker.js';
import type { DepthKind, DepthSettings } from './settings.js';

/** Ctrl-C does not cut a running depth estimate short (it takes about a second); its outputs are still written. */
export async function startDepthSlot(settings: DepthSettings, overwrite: boolean): Promise<Slot> {
  const worker = await DepthWorker.start(settings);
  return {
    async run(job, progress) {
      const kinds = job.outputs.map((o) => o.kind as DepthKind);
      const result = await worker.estimate(job.input.path, kinds, false, progress);
      progress(0.95, 'writing');
      await Promise.all(job.outputs.map((o, i) => writeBytesAtomically(o.path, result.files[i].bytes, overwrite)));
      return { width: result.width, height: result.height, personFraction: Math.round(result.personFraction * 1e4) / 1e4 };
    },
    close: () => worker.stop(),
  };
}
