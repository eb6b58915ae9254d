// Serves the package's test page with Vite (TypeScript sources compiled on the fly) on localhost.
import { createServer, type ViteDevServer } from 'vite';
import { fileURLToPath } from 'node:url';
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
