// The production build (`vite build`, as `npm run build -w @relief/web` makes it) in a temp folder, served by a
// plain static server at a sub-path — no COOP/COEP headers, like GitHub Pages or a bare nginx — so tests see what a
// host that cannot send headers serves.
import { build } from 'vite';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { APP_ROOT } from './app-server.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm', '.bin': 'application/octet-stream',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml',
};

/** Builds the app into a temp folder; returns the folder and a remover. */
export async function buildApp(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'relief-web-dist-'));
  await build({ root: APP_ROOT, configFile: join(APP_ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface StaticHost {
  origin: string;
  /** Serves `dir` at `/prefix/` (with or without index.html); `refuse` paths (relative to dir) answer 404. */
  mount(prefix: string, dir: string, refuse?: (path: string) => boolean): string;
  /** Every request answered 4xx/5xx, as "404 /path". */
  failures: string[];
  close(): Promise<void>;
}

/** `headers`: sent with every file (e.g. COOP/COEP, for a host that can send them). */
export async function startStaticHost(headers: Record<string, string> = {}): Promise<StaticHost> {
  const mounts: { prefix: string; dir: string; refuse: (path: string) => boolean }[] = [];
  const failures: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const mount = mounts.find((m) => path.startsWith(m.prefix));
    let file = mount && normalize(path.slice(mount.prefix.length) || 'index.html');
    if (file?.endsWith('/')) file += 'index.html';
    const full = mount && file && !file.startsWith('..') && !mount.refuse(file) ? join(mount.dir, file) : undefined;
    if (!full || !statSync(full, { throwIfNoEntry: false })?.isFile()) {
      failures.push(`404 ${path}`);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(full)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(readFileSync(full));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    failures,
    mount(prefix, dir, refuse = () => false) {
      mounts.push({ prefix, dir, refuse });
      return `${origin}${prefix}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
