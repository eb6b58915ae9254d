// Serves the package's test page with Vite (TypeScript sources compiled on the fly) on localhost, and opens it in
// headless Chromium for the browser tests.
import { createServer, type ViteDevServer } from 'vite';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../../test-support/chromium.ts';
import { tempViteCache } from '../../../test-support/vite_server.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function startTestPage(): Promise<{ url: string; close(): Promise<void> }> {
  const cache = tempViteCache();
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: PACKAGE_ROOT,
    cacheDir: cache.dir,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    // gifenc's "browser" field is CommonJS: pre-bundle it (and three/mediabunny, which saves many requests).
    optimizeDeps: { include: ['gifenc', 'three', 'mediabunny'] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not report a port.');
  return { url: `http://127.0.0.1:${address.port}/test/browser/index.html`, close: async () => {
    await server.close();
    cache.remove();
  } };
}

/** The test page loaded (window.ready) in a fresh Chromium; close() ends both browser and server. */
export async function openTestPage(): Promise<{ page: Page; close(): Promise<void> }> {
  const server = await startTestPage();
  const browser = await launchChromium().catch(async (error) => {
    await server.close();
    throw error;
  });
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.ready === true, null, { timeout: 60_000 });
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
