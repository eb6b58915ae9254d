// A Vite dev server on 127.0.0.1 for browser tests: serves a test page's folder and lets it read the repo,
// ../shared and extra folders (temp fixtures) through /@fs/ URLs.
import { createServer, type ViteDevServer } from 'vite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * A dependency cache of its own for one server, removed with it: a cache left by another checkout (other absolute
 * paths) makes Vite re-optimise while the page loads and answer 504 "Outdated Optimize Dep", which hangs the page.
 */
export function tempViteCache(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'relief-vite-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startVite(root: string, { allow = [], alias = {} }: StartOptions = {}): Promise<TestServer> {
  const cache = tempViteCache();
  const server: ViteDevServer = await createServer({
    root,
    configFile: false,
    cacheDir: cache.dir,
    logLevel: 'error',
    clearScreen: false,
    resolve: { alias },
    server: { host: '127.0.0.1', port: 0, strictPort: false, fs: { allow: [REPO_ROOT, SHARED, ...allow] }, hmr: false },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return { url, fsUrl: (path) => `${url}/@fs${path}`, close: async () => {
    await server.close();
    cache.remove();
  } };
}
