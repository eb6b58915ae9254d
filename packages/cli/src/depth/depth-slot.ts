// `relief depth`'s slot: a depth worker computes and encodes; the main thread writes the files atomically.
import { writeBytesAtomically } from '../atomic-write.js';
import type { Slot } from '../batch.js';
import { DepthWorker } from './depth-worker.js';
import { describeDepth, readEmbeddedDepth } from '../depth-photo/embedded.js';
import { encodeEmbedded } from '../depth-photo/outputs.js';
import type { DepthKind, DepthSettings } from './settings.js';

/** Ctrl-C does not cut a running depth estimate short (it takes about a second); its outputs are still written. */
export async function startDepthSlot(settings: DepthSettings, overwrite: boolean, embedded = false): Promise<Slot> {
  const worker = await DepthWorker.start(settings);
  return {
    async run(job, progress) {
      const kinds = job.outputs.map((o) => o.kind as DepthKind);
      const photo = embedded ? await readEmbeddedDepth(job.input.path) : undefined;
      if (photo) {
        const files = await encodeEmbedded(photo, kinds, settings.colormap);
        await Promise.all(job.outputs.map((o, i) => writeBytesAtomically(o.path, files[i], overwrite)));
        return { width: photo.depth.width, height: photo.depth.height, depth: describeDepth(photo) };
      }
      const result = await worker.estimate(job.input.path, kinds, false, progress);
      progress(0.95, 'writing');
      await Promise.all(job.outputs.map((o, i) => writeBytesAtomically(o.path, result.files[i].bytes, overwrite)));
      return { width: result.width, height: result.height, personFraction: Math.round(result.personFraction * 1e4) / 1e4, ...(embedded ? { depth: describeDepth(undefined) } : {}) };
    },
    close: () => worker.stop(),
  };
}
