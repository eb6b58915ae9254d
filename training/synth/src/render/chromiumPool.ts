// A browser with one render page per slot (WebGL through SwiftShader). Each page renders one person at a time,
// for several views.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../../test-support/chromium.ts';
import type { Library } from '../model/library.ts';
import { bundlePage } from './bundle.ts';
import { DEPTH_SCALE } from '../dataset/format.ts';
import { Parts } from './parts.ts';
import { startPageServer, type PageServer } from './server.ts';
import type { ViewLandmarks, ViewRequest } from './protocol.ts';
import type { RenderedView, RenderPool } from './view.ts';

type SynthApi = {
  init(o: { width: number; height: number; depthScale: number }): Promise<void>;
  setIdentity(url: string): Promise<void>;
  render(v: ViewRequest[]): Promise<{ data: string; landmarks: ViewLandmarks[] }>;
};

export class ChromiumRenderPool implements RenderPool {
  private constructor(
    private readonly browser: Browser,
    private readonly server: PageServer,
    private readonly pages: Page[],
    private readonly width: number,
    private readonly height: number,
  ) {}

  static async start(lib: Library, o: { slots: number; width: number; height: number }): Promise<ChromiumRenderPool> {
    const server = await startPageServer(lib.root, await bundlePage(), new Parts(lib));
    const browser = await launchChromium();
    try {
      const pages: Page[] = [];
      for (let i = 0; i < o.slots; i++) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        // Shader compile errors and failed loads only show up in the page console.
        page.on('console', (m) => { if (m.type() === 'error') console.error('[render page]', m.text().slice(0, 2000)); });
        await page.goto(server.url);
        await page.waitForFunction(() => 'synth' in window, undefined, { timeout: 30000 }).catch(() => {
          throw new Error(`Render page did not start: ${errors.join('; ') || 'no error reported'}`);
        });

        await page.evaluate((s) => (window as unknown as { synth: SynthApi }).synth.init(s), { width: o.width, height: o.height, depthScale: DEPTH_SCALE });
        pages.push(page);
      }
      return new ChromiumRenderPool(browser, server, pages, o.width, o.height);
    } catch (e) {
      await browser.close();
      await server.close();
      throw e;
    }
  }

  get slots(): number {
    return this.pages.length;
  }

  /** One person at a time per page: requests for a busy page wait their turn. */
  private readonly queues = new Map<number, Promise<unknown>>();

  render(slot: number, identity: Uint8Array, views: ViewRequest[]): Promise<RenderedView[]> {
    const run = (this.queues.get(slot) ?? Promise.resolve()).catch(() => {}).then(() => this.renderNow(slot, identity, views));
    this.queues.set(slot, run);
    return run;
  }

  private async renderNow(slot: number, identity: Uint8Array, views: ViewRequest[]): Promise<RenderedView[]> {
    const page = this.pages[slot];
    const url = this.server.offer(identity);
    const { data, landmarks } = await page.evaluate(
      async ({ url, views }) => {
        const s = (window as unknown as { synth: SynthApi }).synth;
        await s.setIdentity(url);
        return s.render(views);
      },
      { url, views },
    );
    const bytes = Buffer.from(data, 'base64');
    const pixels = this.width * this.height;
    const per = Math.ceil((pixels * 5) / 4) * 4;
    return views.map((_, i) => {
      const at = bytes.byteOffset + i * per;
      return {
        depth: new Uint16Array(bytes.buffer.slice(at, at + pixels * 2)),
        rgb: new Uint8Array(bytes.buffer, at + pixels * 2, pixels * 3),
        face: null,
        landmarks: landmarks[i],
      };
    });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}
