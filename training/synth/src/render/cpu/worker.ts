// Worker thread of the CPU render pool: one CpuRenderer, fed part blobs once and then one person at a time.
import { parentPort, workerData } from 'node:worker_threads';
import type { ViewRequest } from '../protocol.ts';
import type { Environment } from './environment.ts';
import { CpuRenderer, type CpuRendererOptions } from './renderer.ts';
import type { Texture } from './texture.ts';

export interface RenderJob {
  identity: Uint8Array;
  /** What this thread has not been sent yet: part blobs, textures by URL, HDR environments by file name. */
  parts: [string, Uint8Array][];
  textures: [string, Texture][];
  environments: [string, Environment][];
  views: ViewRequest[];
}

const renderer = new CpuRenderer(workerData as CpuRendererOptions);

function run(job: RenderJob): void {
  try {
    for (const [key, blob] of job.parts) renderer.addPart(key, blob);
    for (const [url, t] of job.textures) renderer.addTexture(url, t);
    for (const [name, e] of job.environments) renderer.addEnvironment(name, e);
    renderer.setIdentity(job.identity);
    const views = job.views.map((v) => renderer.render(v));
    parentPort!.postMessage({ views }, views.flatMap((v) => [v.depth.buffer as ArrayBuffer, v.rgb.buffer as ArrayBuffer, v.face.buffer as ArrayBuffer]));
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
}

// Jobs run in the order they arrive (the pool sends the next person before this one is done, so the thread
// never waits for the main thread); replies are matched to requests by that order.
parentPort!.on('message', run);
