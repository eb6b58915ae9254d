// One software-rendering Web Worker (see loop-worker.ts): the first message is the setup, the rest are tasks.
import { resultTransfer, softWorker, type SoftWorkerResult, type SoftWorkerSetup, type SoftWorkerTask } from './loop-worker.js';

let handle: ((task: SoftWorkerTask) => SoftWorkerResult | undefined) | undefined;

self.onmessage = (event: MessageEvent<SoftWorkerSetup | SoftWorkerTask>) => {
  if (!handle) {
    handle = softWorker(event.data as SoftWorkerSetup);
    return;
  }
  const result = handle(event.data as SoftWorkerTask);
  if (result) self.postMessage(result, { transfer: resultTransfer(result) });
};
