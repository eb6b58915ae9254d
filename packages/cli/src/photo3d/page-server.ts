// A localhost-only HTTP server for the headless render page: the page's modules (photo3d and its browser
// dependencies, resolved through an import map so no bundler is needed), each job's input arrays, and an
// endpoint that receives rendered frames as raw bytes (no base64 round trip through the DevTools protocol).
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

export interface PageJob {
  blobs: Record<string, Uint8Array>;
  /** Frame `index` (frames may arrive out of order); resolves when taken (backpressure), rejects to stop the render. */
  onFrame(index: number, frame: Buffer): Promise<void>;
}

/** Folder of `name`, found the way Node would from `fromDir` (exports maps may hide package.json itself). */
function packageRoot(name: string, fromDir: string): string {
  for (const dir of createRequire(join(fromDir, 'x.js')).resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new Error(`Cannot find the package ${name} from ${fromDir}: run npm install.`);
}

function importMap(): { imports: Record<string, string>; roots: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const photo3d = packageRoot('@relief/photo3d', here);
  const three = packageRoot('three', photo3d);
  const gifenc = packageRoot('gifenc', photo3d);
  const mediabunny = packageRoot('mediabunny', photo3d);
  const url = (path: string) => `/fs${path.split(sep).map(encodeURIComponent).join('/')}`;
  return {
    imports: {
      '@relief/photo3d': url(join(photo3d, 'dist/index.js')),
      three: url(join(three, 'build/three.module.js')),
      'three/': url(three) + '/',
      gifenc: url(join(gifenc, 'dist/gifenc.esm.js')),
      // The single-file browser bundle: the package's module entry reaches for node:fs behind a "browser" field.
      mediabunny: url(join(mediabunny, 'dist/bundles/mediabunny.mjs')),
    },
    roots: [here, photo3d, three, gifenc, mediabunny],
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class PageServer {
  private readonly jobs = new Map<string, PageJob>();
  private nextJob = 0;

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<PageServer> {
    const { imports, roots } = importMap();
    const html = `<!doctype html><meta charset="utf-8"><title>relief render</title>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module" src="/fs${fileURLToPath(new URL('./page.js', import.meta.url)).split(sep).map(encodeURIComponent).join('/')}"></script>`;
    let self: PageServer | undefined;
    const server = createServer((req, res) => {
      const fail = (status: number, message: string) => res.writeHead(status, { 'content-type': 'text/plain' }).end(message);
      const url = new URL(req.url ?? '/', 'http://x');
      const path = decodeURIComponent(url.pathname);
      const job = /^\/job\/(\d+)\/(\w+)$/.exec(path);
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      } else if (job && req.method === 'POST' && job[2] === 'frame') {
        const target = self?.jobs.get(job[1]);
        if (!target) return fail(409, `job ${job[1]} is over (stopped or failed)`);
        readBody(req).then((frame) => target.onFrame(Number(url.searchParams.get('i')), frame)).then(() => res.writeHead(204).end(), (err: Error) => fail(409, err.message));
      } else if (job) {
        const blob = self?.jobs.get(job[1])?.blobs[job[2]];
        if (!blob) return fail(404, `no ${job[2]} for job ${job[1]}`);
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(blob);
      } else if (path.startsWith('/fs/') && /\.(m?js|map)$/.test(path)) {
        const file = path.slice(3);
        // Only the page's own modules: this server must not hand out arbitrary files.
        if (!roots.some((r) => file.startsWith(r + sep)) || file.includes(`${sep}..${sep}`)) return fail(403, 'outside the page modules');
        readFile(file).then((body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body), () => fail(404, 'not found'));
      } else {
        fail(404, 'not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new PageServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return self;
  }

  /** Registers a job's data and frame handler; the returned id goes into the page's RenderSpec. */
  addJob(job: PageJob): string {
    const id = String(this.nextJob++);
    this.jobs.set(id, job);
    return id;
  }

  /** Later frame POSTs for this job get a 409, which stops the page's render loop. */
  removeJob(id: string): void {
    this.jobs.delete(id);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
