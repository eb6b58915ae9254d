// Headless Chromium for `--renderer chromium`: one browser and page server shared by every slot, started on first
// use. Imported only when that renderer is chosen: playwright-core alone costs ~0.4 s of CPU at start-up.
import type { Browser } from 'playwright-core';
import { launchBrowser, RenderPage } from './browser.js';
import { chromiumFrames } from './chromium-frames.js';
import type { FrameSource } from './frame-source.js';
import { PageServer } from './page-server.js';

export class ChromiumSession {
  private shared: Promise<{ browser: Browser; server: PageServer }> | undefined;

  /** A render page of its own for one slot. */
  async openPage(): Promise<{ frames: FrameSource; close(): Promise<void> }> {
    this.shared ??= Promise.all([launchBrowser(), PageServer.start()]).then(([browser, server]) => ({ browser, server }));
    const { browser, server } = await this.shared;
    const page = await RenderPage.open(browser, server);
    return { frames: chromiumFrames(page, server), close: () => page.close().catch(() => {}) };
  }

  async close(): Promise<void> {
    if (!this.shared) return;
    const { browser, server } = await this.shared.catch(() => ({ browser: undefined, server: undefined }));
    await Promise.all([browser?.close(), server?.close()]);
  }
}
