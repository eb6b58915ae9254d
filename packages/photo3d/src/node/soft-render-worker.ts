// One software-rendering worker thread (see soft/loop-worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { resultTransfer, softWorker, type SoftWorkerSetup, type SoftWorkerTask } from '../soft/loop-worker.js';

const handle = softWorker(workerData as SoftWorkerSetup);

parentPort!.on('message', (task: SoftWorkerTask) => {
  const result = handle(task);
  if (result) parentPort!.postMessage(result, resultTransfer(result));
});
