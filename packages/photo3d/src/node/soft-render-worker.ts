// One software-rendering worker thread (see soft/loop-worker.ts).
import { parentPort } from 'node:worker_threads';
import { resultTransfer, softWorker, type SoftWorkerSetup, type SoftWorkerTask } from '../soft/loop-worker.js';

// The first message is the setup: a thread may be started (prestartSoftThreads) before the layers exist.
parentPort!.once('message', (setup: SoftWorkerSetup) => {
  const handle = softWorker(setup);
  parentPort!.on('message', (task: SoftWorkerTask) => {
    const result = handle(task);
    if (result) parentPort!.postMessage(result, resultTransfer(result));
  });
});
