// A browser with one render page per worker. Each page renders one person at a time, for several views.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../../test-support/chromium.ts';
import type { Library } from '../model/library.ts';
import { bundlePage } from './bundle.ts';
import { DEPTH_SCALE } from '../dataset/format.ts';
import { Parts } from './parts.ts';
import { startPageServer, type PageServer } from './server.ts';
import type { ViewLandmarks, ViewRequest } from './protocol.ts';

export interface RenderedView {
  /** Camera z × DEPTH_SCALE per pixel, row-major from the top-left; 0 where no person. */
  depth: Uint16Array;
  /** sRGB, 3 bytes per pixel. */
  rgb: Uint8Array;
  landmarks: ViewLandmarks;
}

type SynthApi = {
  init(o: { width: number; height: number; depthScale: number }): Promise<void>;
  setIdentity(url: string): Promise<void>;
  render(v: ViewRequest[]): Promise<{ data: string; landmarks: ViewLandmarks[] }>;
};

export class RenderPool {
  private constructor(
    private readonly browser: Browser,
    private readonly server: PageServer,
    readonly pages: Page[],
    private readonly width: number,
    private readonly height: number,
  ) {}

  static async start(lib: Library, o: { pages: number; width: number; height: number }): Promise<RenderPool> {
    const server = await startPageServer(lib.root, await bundlePage(), new Parts(lib));
    const browser = await launchChromium();
    try {
      const pages: Page[] = [];
      for (let i = 0; i < o.pages; i++) {
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
      return new RenderPool(browser, server, pages, o.width, o.height);
    } catch (e) {
      await browser.close();
      await server.close();
      throw e;
    }
  }

  async render(page: Page, identity: Uint8Array, views: ViewRequest[]): Promise<RenderedView[]> {
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
        landmarks: landmarks[i],
      };
    });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}
