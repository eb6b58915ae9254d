import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

/** The hand-written service worker (see its header for what it does). */
const SOURCE = new URL('../sw/service-worker.js', import.meta.url);
/** Where it is written in the build, beside index.html: its scope is then the app's folder, wherever that is hosted. */
export const SERVICE_WORKER_FILE = 'sw.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * After `vite build`, writes sw.js with the list of every file in the output (app shell, models, WASM, examples —
 * copied from public/ by then) and a hash of their contents, so the worker precaches exactly this build.
 */
export function precachePlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'relief-precache',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle() {
      const outDir = resolve(config.root, config.build.outDir);
      const hash = createHash('sha256');
      const paths: string[] = [];
      for (const file of filesUnder(outDir).sort()) {
        const path = relative(outDir, file).split(sep).join('/');
        // The worker is not cached by itself (the browser fetches it to look for updates); READMEs are for people.
        if (path === SERVICE_WORKER_FILE || path.endsWith('.md')) continue;
        paths.push(path);
        hash.update(path).update(readFileSync(file));
      }
      const header = [
        `self.__RELIEF_PRECACHE__ = ${JSON.stringify(paths, null, 1)};`,
        `self.__RELIEF_VERSION__ = ${JSON.stringify(hash.digest('hex').slice(0, 16))};`,
      ].join('\n');
      writeFileSync(join(outDir, SERVICE_WORKER_FILE), `${header}\n\n${readFileSync(SOURCE, 'utf8')}`);
    },
  };
}
