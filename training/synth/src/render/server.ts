// Localhost HTTP server for the render pages: the bundled page script, asset files (read-only, inside the
// assets root), static mesh parts, and one-shot identity blobs.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Parts } from './parts.ts';

export interface PageServer {
  url: string;
  /** Makes `blob` fetchable once at the returned path. */
  offer(blob: Uint8Array): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', hdr: 'application/octet-stream' };

export async function startPageServer(assetsRoot: string, bundle: string, parts: Parts): Promise<PageServer> {
  const offers = new Map<string, Uint8Array>();
  let next = 0;
  const root = resolve(assetsRoot);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const fail = (code: number, msg: string): void => {
      res.writeHead(code, { 'content-type': 'text/plain' });
      res.end(msg);
    };
    const send = (type: string, body: Uint8Array | string): void => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    void (async () => {
      try {
        if (path === '/') return send('text/html', '<!doctype html><script type="module" src="/page.js"></script>');
        if (path === '/page.js') return send('text/javascript', bundle);
        if (path === '/favicon.ico') return send('image/x-icon', '');
        if (path.startsWith('/part/')) return send('application/octet-stream', parts.get(path.slice(6)));
        if (path.startsWith('/offer/')) {
          const blob = offers.get(path);
          offers.delete(path);
          return blob ? send('application/octet-stream', blob) : fail(404, `no offer ${path}`);
        }
        const file = path.startsWith('/assets/') ? resolve(root, path.slice(8))
          : path.startsWith('/hdri/') ? resolve(root, 'hdri', path.slice(6)) : null;
        if (!file || !file.startsWith(root + sep)) return fail(404, `not found: ${path}`);
        const body = await readFile(file).catch(() => null);
        if (!body) return fail(404, `Asset file missing or unreadable: ${file}`);
        return send(TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream', body);
      } catch (e) {
        fail(500, (e as Error).message);
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    offer(blob) {
      const path = `/offer/${next++}`;
      offers.set(path, blob);
      return path;
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
