// One depth worker started first thing, before the command's own modules load on the main thread (≈ 0.4 s): its
// loading of TensorFlow.js and @relief/depth (≈ 0.4 s more) then runs beside them on another core instead of after
// them. It waits for its settings (DepthWorker posts them) and is the first worker a command takes; left untaken
// (--help, a usage error, depth photos only) it does not hold the process open.
import { Worker } from 'node:worker_threads';

const WORKER = new URL('./worker.js', import.meta.url);

let spare: { worker: Worker; failed: boolean } | undefined;

export function startSpareWorker(): void {
  const entry = { worker: new Worker(WORKER), failed: false };
  const failed = () => (entry.failed = true);
  entry.worker.once('error', failed).once('exit', failed).unref();
  spare = entry;
}

/** The spare worker while it is healthy (once), else a new one; either waits for its settings. */
export function depthWorkerThread(): Worker {
  const taken = spare;
  spare = undefined;
  if (!taken || taken.failed) return new Worker(WORKER);
  taken.worker.removeAllListeners().ref();
  return taken.worker;
}
