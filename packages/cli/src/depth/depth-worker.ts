// The main thread's handle on one depth worker thread. A worker that dies (e.g. out of memory on a huge
// image) fails only its current input and is started afresh for the next one.
import 'sharp'; // Loaded on the main thread too so libvips stays loaded while worker threads come and go (sharp's advice).
import type { Worker } from 'node:worker_threads';
import { depthWorkerThread } from './spare-worker.js';
import type { DepthKind, DepthSettings, DepthTask, FromWorker } from './settings.js';

type Done = Extract<FromWorker, { type: 'done' }>;

class Thread {
  private listener: ((message: FromWorker) => void) | undefined;
  private crash: ((err: Error) => void) | undefined;
  alive = true;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => this.listener?.(m));
    worker.on('error', (err) => {
      this.alive = false;
      this.crash?.(err);
    });
    worker.on('exit', (code) => {
      this.alive = false;
      this.crash?.(new Error(`the depth worker stopped (exit code ${code}).`));
    });
  }

  static start(settings: DepthSettings): Promise<Thread> {
    const worker = depthWorkerThread();
    worker.postMessage(settings);
    const thread = new Thread(worker);
    return new Promise((resolve, reject) => {
      thread.crash = reject;
      thread.listener = (m) => m.type === 'ready' && resolve(thread);
    });
  }

  request(task: DepthTask, onStage: (fraction: number, stage: string) => void): Promise<Done> {
    return new Promise<Done>((resolve, reject) => {
      this.crash = reject;
      this.listener = (m) => {
        if (m.type === 'stage' && m.id === task.id) onStage(m.fraction, m.stage);
        else if (m.type === 'done' && m.id === task.id) resolve(m);
        else if (m.type === 'failed' && m.id === task.id) reject(new Error(m.reason));
      };
      this.worker.postMessage(task);
    }).finally(() => {
      this.listener = undefined;
      this.crash = undefined;
    });
  }

  async stop(): Promise<void> {
    this.crash = undefined;
    await this.worker.terminate();
  }
}

let nextId = 0;

export class DepthWorker {
  private constructor(private thread: Thread, private readonly settings: DepthSettings) {}

  /** Resolves once the model is loaded; rejects with the reason it could not be (bad --model, backend). */
  static async start(settings: DepthSettings): Promise<DepthWorker> {
    return new DepthWorker(await Thread.start(settings), settings);
  }

  async estimate(input: string, kinds: DepthKind[], arrays: boolean, onStage: (fraction: number, stage: string) => void): Promise<Done> {
    if (!this.thread.alive) this.thread = await Thread.start(this.settings);
    return this.thread.request({ id: nextId++, input, kinds, arrays }, onStage);
  }

  stop(): Promise<void> {
    return this.thread.stop();
  }
}
