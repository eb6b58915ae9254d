// The bundled models resolve in a user's Vite, webpack 5 and esbuild builds: the tiny app in app/ is built by each
// against an installed-like copy of @relief/depth (a temp project whose node_modules links the repository's, with
// the package copied in, as npm would install it), served as plain files, and estimates a depth map in Chromium;
// so does the app under Vite's dev server. Nothing is written into the repository.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../../test-support/chromium.ts';
import { REPO_ROOT, SAMPLES } from '../../../../test-support/paths.ts';
import { serveStatic, type StaticServer } from '../static_server.ts';

const APP = join(dirname(fileURLToPath(import.meta.url)), 'app');
const PACKAGE = join(REPO_ROOT, 'packages/depth');
const WASM = join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const BUILD_BUDGET_MS = 60_000;

/** A page loading a bundle that is not an HTML-driven build (Vite writes its own from app/index.html). */
const page = (script: string) =>
  `<!doctype html><html><head><meta charset="utf-8"></head><body>${script}</body></html>`;

interface Result { width: number; height: number; faces: number; max: number; models: string[] }

describe('@relief/depth in bundled apps (Vite, webpack 5, esbuild) in Chromium', { timeout: 420_000 }, () => {
  let tmp: string;
  let app: string;
  let server: StaticServer;
  let browser: Browser;
  const out = (name: string) => join(tmp, 'out', name);

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'relief-bundlers-'));
    app = join(tmp, 'app');
    cpSync(APP, app, { recursive: true });
    // node_modules: every dependency linked from the repository, @relief/depth copied as a user would install it
    // (a real folder inside node_modules, not a workspace link: bundlers treat the two differently).
    const modules = join(app, 'node_modules');
    mkdirSync(join(modules, '@relief'), { recursive: true });
    for (const name of readdirSync(join(REPO_ROOT, 'node_modules'))) {
      if (name !== '@relief' && name !== '.vite') symlinkSync(join(REPO_ROOT, 'node_modules', name), join(modules, name));
    }
    for (const part of ['package.json', 'dist', 'models']) {
      cpSync(join(PACKAGE, part), join(modules, '@relief/depth', part), { recursive: true });
    }
    server = await serveStatic({
      '/vite/': out('vite'), '/webpack/': out('webpack'), '/esbuild/': out('esbuild'), '/samples/': SAMPLES,
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Copies tfjs-backend-wasm's binaries into `dir`/wasm, the app's wasmPaths. */
  function addWasm(dir: string): void {
    mkdirSync(join(dir, 'wasm'), { recursive: true });
    for (const f of readdirSync(WASM).filter((n) => n.endsWith('.wasm'))) copyFileSync(join(WASM, f), join(dir, 'wasm', f));
  }

  /** Loads the app's page and estimates the portrait; page errors and failed requests fail the test. */
  async function run(pageUrl: string, photoUrl: string): Promise<Result> {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    tab.on('response', (res) => {
      if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) errors.push(`${res.status()} ${res.url()}`);
    });
    try {
      await tab.goto(pageUrl);
      await tab.waitForFunction(() => (window as unknown as { estimate?: unknown }).estimate, null, { timeout: 60_000 });
      const r: Result = await tab.evaluate(([u]) => (window as any).estimate(u), [photoUrl]);
      assert.deepEqual(errors, []);
      return r;
    } finally {
      await tab.close();
    }
  }

  /** Builds within the budget, adds the WASM binaries, serves the output and estimates. */
  async function buildAndRun(name: string, build: (dir: string) => Promise<void>): Promise<Result> {
    const dir = out(name);
    const start = Date.now();
    await build(dir);
    const ms = Date.now() - start;
    console.log(`${name}: built in ${(ms / 1000).toFixed(1)} s`);
    assert.ok(ms < BUILD_BUDGET_MS, `${name} build took ${ms} ms`);
    addWasm(dir);
    return run(`${server.url}/${name}/index.html`, '/samples/official_portrait.jpg');
  }

  const check = (name: string, r: Result, modelsUnder: string) => {
    assert.deepEqual([r.width, r.height], [820, 1024]);
    assert.ok(r.max > 0 && r.max <= 1, `depth values up to ${r.max}`);
    assert.equal(r.faces, 1, 'the face models loaded too and found the face');
    // Depth and segmentation, face detector and mesh: each a model.json and its weights.
    assert.ok(r.models.filter((p) => p.endsWith('.json')).length >= 4, `models fetched: ${r.models.join(', ')}`);
    assert.ok(r.models.filter((p) => p.endsWith('.bin')).length >= 4, `weights fetched: ${r.models.join(', ')}`);
    for (const p of r.models) assert.ok(p.startsWith(modelsUnder), `${name}: ${p} is not under ${modelsUnder}`);
  };

  it('Vite dev server: no configuration (no optimizeDeps exclude either)', async () => {
    const { createServer } = await import('vite');
    addWasm(join(app, 'public'));
    const dev = await createServer({
      root: app, configFile: false, logLevel: 'error', cacheDir: join(tmp, 'vite-dev-cache'),
      server: { host: '127.0.0.1', port: 0, hmr: false, fs: { allow: [app, SAMPLES] } },
    });
    try {
      await dev.listen();
      const url = dev.resolvedUrls!.local[0]!;
      const r = await run(`${url}index.html`, `/@fs${join(SAMPLES, 'official_portrait.jpg')}`);
      check('vite dev', r, '/node_modules/@relief/depth/models/');
    } finally {
      await dev.close();
    }
  });

  it('Vite: no configuration, the models are emitted as assets', async () => {
    const { build } = await import('vite');
    const r = await buildAndRun('vite', async (dir) => {
      await build({
        root: app, configFile: false, base: './', logLevel: 'warn', cacheDir: join(tmp, 'vite-cache'),
        build: { outDir: dir, emptyOutDir: true },
      });
    });
    check('vite', r, '/vite/assets/');
  });

  it('webpack 5: no configuration, the models are emitted as assets', async () => {
    const { default: webpack } = await import('webpack');
    const r = await buildAndRun('webpack', async (dir) => {
      const stats = await new Promise<import('webpack').Stats>((resolve, reject) => webpack({
        mode: 'production', context: app, entry: './main.js', output: { path: dir },
        // Minifying 1 MB of TF.js takes half a minute on two cores and changes nothing about where assets go.
        optimization: { minimize: false }, performance: { hints: false },
      }, (error, s) => (error || !s ? reject(error ?? new Error('webpack gave no stats')) : resolve(s))));
      assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
      writeFileSync(join(dir, 'index.html'), page('<script src="./main.js"></script>'));
    });
    check('webpack', r, '/webpack/');
  });

  it('esbuild: the recipe (copy models/, setModelsUrl) works', async () => {
    const r = await buildAndRun('esbuild', async (dir) => {
      await esbuild({
        entryPoints: [join(app, 'main-esbuild.js')], entryNames: 'main', outdir: dir,
        bundle: true, format: 'esm', splitting: true, logLevel: 'error',
      });
      cpSync(join(app, 'node_modules/@relief/depth/models'), join(dir, 'models'), { recursive: true });
      writeFileSync(join(dir, 'index.html'), page('<script type="module" src="./main.js"></script>'));
    });
    check('esbuild', r, '/esbuild/models/');
  });
});
