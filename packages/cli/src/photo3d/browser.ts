// Headless Chromium (Debian's, via playwright-core) with software WebGL: no display and no GPU needed.
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import type { PageServer } from './page-server.js';
import type { RenderSpec } from './page.js';

export const CHROMIUM = process.env.RELIEF_CHROMIUM ?? '/usr/bin/chromium';

/** Also how every browser test and benchmark starts Chromium (test-support/chromium.ts). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  // SwiftShader: WebGL on the CPU, identical on every machine, no GPU or X server.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Offline for real: the flags above still let the component updater POST to update.googleapis.com. Every host
  // name but the loopback ones resolves to nothing, and anything that skips resolution meets a proxy on a closed
  // loopback port (Chromium never proxies loopback, so our own page server is reached directly).
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
  '--proxy-server=127.0.0.1:9',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium was not found at ${CHROMIUM}; install it (apt-get install chromium) or set RELIEF_CHROMIUM.`);
  }
  // relief handles Ctrl-C itself: it stops the batch, then closes the browser.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, handleSIGINT: false });
}

export class RenderPage {
  private constructor(private readonly page: Page) {}

  static async open(browser: Browser, server: PageServer): Promise<RenderPage> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(server.url);
    try {
      await page.waitForFunction(() => 'reliefRender' in globalThis, undefined, { timeout: 30_000 });
    } catch {
      throw new Error(`the render page did not load${errors.length ? `: ${errors.join('; ')}` : ''}.`);
    }
    return new RenderPage(page);
  }

  /** Resolves with the number of frames rendered (and already handed to the job's frame handler). */
  async render(spec: RenderSpec): Promise<number> {
    try {
      return await this.page.evaluate((s) => (globalThis as unknown as { reliefRender(s: RenderSpec): Promise<number> }).reliefRender(s), spec);
    } catch (err) {
      // Keep the page's own message, not Playwright's wrapping and stack.
      throw new Error((err as Error).message.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0]);
    }
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
