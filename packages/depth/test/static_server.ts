// A plain static file server on 127.0.0.1 for pages that must load as a user's would (script tags, bundler
// output): no dev server rewriting imports. URL prefixes map to folders; anything else is 404.
import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  /** Paths that were asked for and not found, e.g. a model a bundler did not emit. */
  notFound: string[];
  close(): Promise<void>;
}

/** `mounts` maps a URL prefix ('/', '/shared/') to a folder; the longest matching prefix wins. */
export async function serveStatic(mounts: Record<string, string>): Promise<StaticServer> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const notFound: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const prefix = prefixes.find((p) => path.startsWith(p));
    const root = prefix === undefined ? undefined : mounts[prefix]!;
    const file = root === undefined ? undefined : normalize(join(root, path.slice(prefix!.length)));
    let ok = false;
    try {
      ok = file !== undefined && (file === root || file.startsWith(root!.endsWith(sep) ? root! : root + sep)) && statSync(file).isFile();
    } catch { /* missing: 404 below */ }
    if (!ok) {
      notFound.push(path);
      res.writeHead(404).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file!)] ?? 'application/octet-stream' });
    createReadStream(file!).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    notFound,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
