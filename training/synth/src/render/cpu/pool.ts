// Worker threads running the CPU renderer. Each thread is sent the static part geometry it has not seen yet
// along with a person, queues people in order, and hands back colour and depth buffers.
import { Worker } from 'node:worker_threads';
import { unpackMeta } from '../blob.ts';
import type { PartMeta, Parts } from '../parts.ts';
import type { IdentityMeta, ViewRequest } from '../protocol.ts';
import type { RenderedView, RenderPool } from '../view.ts';
import type { CpuRendererOptions } from './renderer.ts';
import { SharedAssets } from './sharedAssets.ts';
import type { Texture } from './texture.ts';
import type { RenderJob } from './worker.ts';

// Worker threads do not inherit the tsx loader the main thread runs under: the thread registers it, then loads
// the TypeScript worker.
const BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); });`;

interface Slot {
  worker: Worker;
  /** Part keys, texture URLs and "hdr:<name>" already sent to this thread. */
  sent: Set<string>;
  failure: Error | null;
  /** The last job's preparation and posting. */
  posting: Promise<void>;
  /** Requests in the order they were sent; the thread answers in that order. */
  pending: { ok: (v: RenderedView[]) => void; fail: (e: Error) => void }[];
}

export class CpuRenderPool implements RenderPool {
  private constructor(private readonly parts: Parts, private readonly assets: SharedAssets, private readonly workers: Slot[]) {}

  /** `assetsRoot`: the shared assets folder (textures and HDR maps). */
  static start(parts: Parts, o: { slots: number; assetsRoot: string } & CpuRendererOptions): CpuRenderPool {
    const options: CpuRendererOptions = { width: o.width, height: o.height, depthScale: o.depthScale };
    const slots = Array.from({ length: o.slots }, (): Slot => {
      const worker = new Worker(BOOT, { eval: true, workerData: options });
      const slot: Slot = { worker, sent: new Set(), failure: null, posting: Promise.resolve(), pending: [] };
      worker.on('message', (m: { views?: RenderedView[]; error?: string }) => {
        const p = slot.pending.shift();
        if (m.views) p?.ok(m.views);
        else p?.fail(new Error(m.error));
      });
      const die = (e: Error): void => {
        slot.failure = e;
        for (const p of slot.pending.splice(0)) p.fail(e);
      };
      worker.on('error', die);
      worker.on('exit', (code) => die(new Error(`CPU render thread exited (code ${code})`)));
      return slot;
    });
    return new CpuRenderPool(parts, new SharedAssets(o.assetsRoot, o.width, o.height), slots);
  }

  get slots(): number {
    return this.workers.length;
  }

  render(slot: number, identity: Uint8Array, views: ViewRequest[]): Promise<RenderedView[]> {
    const s = this.workers[slot];
    return new Promise((ok, fail) => {
      // Jobs for one thread are prepared and posted in order, so what one job sends is there for the next.
      s.posting = s.posting.then(async () => {
        if (s.failure) throw s.failure;
        const job = await this.job(s, identity, views);
        s.pending.push({ ok, fail });
        s.worker.postMessage(job);
      }).catch(fail);
    });
  }

  private async job(s: Slot, identity: Uint8Array, views: ViewRequest[]): Promise<RenderJob> {
    const meta = unpackMeta<IdentityMeta>(identity);
    const job: RenderJob = { identity, parts: [], textures: [], environments: [], views };
    const fresh = (key: string): boolean => !s.sent.has(key) && Boolean(s.sent.add(key));
    const textures: [string, Promise<Texture>][] = [];
    for (const spec of meta.parts) {
      const blob = this.parts.get(spec.key);
      if (fresh(spec.key)) job.parts.push([spec.key, blob]);
      const material = unpackMeta<PartMeta>(blob).material;
      for (const [url, srgb] of [[spec.map ?? material.map, true], [material.aoMap, false]] as const) {
        if (url && fresh(url)) textures.push([url, this.assets.texture(url, srgb)]);
      }
    }
    for (const v of views) {
      for (const name of [v.hdr, v.background.type === 'other-hdr' ? v.background.hdr : null]) {
        if (name && fresh(`hdr:${name}`)) job.environments.push([name, this.assets.environment(name)]);
      }
    }
    for (const [url, t] of textures) job.textures.push([url, await t]);
    return job;
  }

  async close(): Promise<void> {
    for (const s of this.workers) s.worker.removeAllListeners('exit');
    await Promise.all(this.workers.map((s) => s.worker.terminate()));
  }
}
