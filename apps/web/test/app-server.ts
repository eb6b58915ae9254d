// Serves the app with Vite's dev server on 127.0.0.1 (its own vite.config.ts), as `npm start` does.
import { createServer, type ViteDevServer } from 'vite';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { tempViteCache } from '../../../test-support/vite_server.ts';

export const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function startApp(): Promise<{ url: string; close(): Promise<void> }> {
  const cache = tempViteCache();
  const server: ViteDevServer = await createServer({
    root: APP_ROOT,
    configFile: join(APP_ROOT, 'vite.config.ts'),
    // Its own cache, so a test run never races a developer's `npm start` over node_modules/.vite.
    cacheDir: cache.dir,
    logLevel: 'error',
    clearScreen: false,
    server: { port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: async () => {
    await server.close();
    cache.remove();
  } };
}
