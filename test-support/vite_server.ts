// A Vite dev server on 127.0.0.1 for browser tests: serves a test page's folder and lets it read the repo,
// ../shared and extra folders (temp fixtures) through /@fs/ URLs.
import { createServer, type ViteDevServer } from 'vite';
import type { AddressInfo } from 'node:net';
import { REPO_ROOT, SHARED } from './paths.ts';

export interface TestServer {
  url: string;
  /** URL under which the page can fetch a file given by absolute path. */
  fsUrl(path: string): string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra folders the page may read. */
  allow?: string[];
  /** Module aliases, e.g. shims for packages that ship no ES module. */
  alias?: Record<string, string>;
}

export async function startVite(root: string, { allow = [], alias = {} }: StartOptions = {}): Promise<TestServer> {
  const server: ViteDevServer = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    clearScreen: false,
    resolve: { alias },
    server: { host: '127.0.0.1', port: 0, strictPort: false, fs: { allow: [REPO_ROOT, SHARED, ...allow] }, hmr: false },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return { url, fsUrl: (path) => `${url}/@fs${path}`, close: () => server.close() };
}
