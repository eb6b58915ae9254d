// The script-tag build (scripts/build-script-tag.mjs) in headless Chromium: a page made only of <script> tags — the
// TF.js UMD builds from node_modules, then dist/browser/depth-estimation.min.js — served as plain files, as a site
// or a CDN would serve them, estimates a depth map with the original's global `depthEstimation` API.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../test-support/chromium.ts';
import { REPO_ROOT, SAMPLES } from '../../../test-support/paths.ts';
import { serveStatic, type StaticServer } from './static_server.ts';

const PAGE = '/packages/depth/test/script-tag.html';
const SCRIPT = '/packages/depth/dist/browser/depth-estimation.js';
const PHOTO = '/shared/samples/official_portrait.jpg';
const WASM_FOLDER = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

interface Result {
  backend: string; ms: number; type: string; tensorShape: number[]; image: number[]; arraySize: number[];
  min: number; max: number; maxRed: number; personFraction: number; personMean: number; backgroundMean: number;
  faces: number; nose: number; cheeks: number; models: string[];
}

describe('@relief/depth script-tag build in Chromium', { timeout: 300_000 }, () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let readmeDir: string;
  const errors: string[] = [];
  before(async () => {
    execFileSync(process.execPath, [join(REPO_ROOT, 'packages/depth/scripts/build-script-tag.mjs')], { stdio: 'inherit' });
    readmeDir = mkdtempSync(join(tmpdir(), 'relief-script-tag-'));
    server = await serveStatic({
      '/': REPO_ROOT, '/shared/samples/': SAMPLES, '/elsewhere/models/': join(REPO_ROOT, 'packages/depth/models'),
      // The README's page, with its node_modules/… paths served from the repository's.
      '/readme/': readmeDir, '/readme/node_modules/': join(REPO_ROOT, 'node_modules'),
      '/readme/node_modules/@relief/depth/': join(REPO_ROOT, 'packages/depth'),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 820, height: 1024 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}${PAGE}`);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (readmeDir) rmSync(readmeDir, { recursive: true, force: true });
  });

  const check = (r: Result, backend: string) => {
    assert.equal(r.backend, backend);
    assert.equal(r.type, 'tensor');
    assert.deepEqual(r.tensorShape, [r.image[1], r.image[0]], 'toTensor(): [height, width] of the photo');
    assert.deepEqual(r.arraySize, r.image, 'toArray(): one row per image row');
    assert.ok(r.min >= 0 && r.max <= 1 && r.max > r.min, `values in [0, 1]: ${r.min}..${r.max}`);
    assert.ok(r.maxRed > 50, 'toCanvasImageSource() draws the depth (red channel)');
    assert.ok(r.personFraction > 0.3 && r.personFraction < 0.8, `person fraction ${r.personFraction}`);
    // As in the original, the background is 0 and the person's depth is in (0, 1].
    assert.ok(r.backgroundMean < 0.01 && r.personMean > 0.2, `background ${r.backgroundMean}, person ${r.personMean}`);
    assert.equal(r.faces, 1, 'the face priors found the face');
    assert.ok(r.nose < r.cheeks - 0.01, `the nose is nearer than the cheeks: ${r.nose} vs ${r.cheeks}`);
  };

  it('sets only the global depthEstimation, with the original API, and loads no second TF.js', async () => {
    const r = await page.evaluate(() => ({
      keys: Object.keys((window as any).depthEstimation).sort(),
      model: (window as any).depthEstimation.SupportedModels.ARPortraitDepth,
      leaked: Object.keys(window).filter((k) => k.startsWith('__relief')),
      scripts: performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
    }));
    assert.equal(r.model, 'ARPortraitDepth');
    for (const name of ['createEstimator', 'SupportedModels', 'useBackend']) assert.ok(r.keys.includes(name), name);
    assert.deepEqual(r.leaked, []);
    assert.equal(r.scripts.filter((s) => /tf-core|tfjs-core/.test(s)).length, 1, 'one tfjs-core');
    assert.deepEqual(errors, []);
  });

  it('WASM through useBackend: the original DepthMap methods (toTensor, toArray, toCanvasImageSource) on the photo', async () => {
    const r: Result = await page.evaluate(([u, w]) => (window as any).estimate(u, { wasmPaths: w }), [PHOTO, WASM_FOLDER]);
    console.log(`script tag, WASM: ${r.ms.toFixed(0)} ms per estimate`);
    check(r, 'wasm');
    assert.ok(r.models.length >= 8 && r.models.every((p) => p.startsWith('/packages/depth/models/')), r.models.join(', '));
    assert.deepEqual(server.notFound.filter((p) => p !== '/favicon.ico'), []);
  });

  it('models copied elsewhere (setModelsUrl), WASM through tf.setBackend as with TF.js', async () => {
    // A fresh page: the WASM backend starts here with no paths given, finding its .wasm files beside its script.
    const fresh = await browser.newPage();
    fresh.on('pageerror', (e) => errors.push(e.message));
    await fresh.goto(`${server.url}${PAGE}`);
    const r: Result = await fresh.evaluate(([u]) => (window as any).estimate(u, { backend: 'wasm', modelsUrl: '/elsewhere/models' }), [PHOTO]);
    await fresh.close();
    assert.deepEqual(errors, []);
    check(r, 'wasm');
    assert.ok(r.models.length >= 8 && r.models.every((p) => p.startsWith('/elsewhere/models/')), r.models.join(', '));
    assert.deepEqual(server.notFound.filter((p) => p !== '/favicon.ico'), []);
  });

  // WebGL, as on the original's page: on SwiftShader this is the slow part of the test (tens of seconds).
  it("the README's example (WebGL) draws a depth map of the photo", async () => {
    const readme = readFileSync(join(REPO_ROOT, 'packages/depth/README.md'), 'utf8');
    const block = readme.split('## Script tag')[1]!.match(/```html\n([\s\S]*?)```/)![1]!;
    writeFileSync(join(readmeDir, 'index.html'), `<img src="/shared/samples/official_portrait.jpg">\n${block}`);
    const tab = await browser.newPage();
    const pageErrors: string[] = [];
    tab.on('pageerror', (e) => pageErrors.push(e.message));
    await tab.goto(`${server.url}/readme/index.html`);
    const red = await tab.waitForFunction(() => {
      const canvas = document.querySelector('canvas');
      if (!canvas || canvas.width === 0) return 0;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let max = 0;
      for (let i = 0; i < data.length; i += 4) max = Math.max(max, data[i]!);
      return max;
    }, null, { timeout: 120_000, polling: 500 });
    const size = await tab.evaluate(() => [document.querySelector('canvas')!.width, document.querySelector('canvas')!.height]);
    const maxRed = await red.jsonValue();
    const shotDir = join(REPO_ROOT, 'test-results');
    mkdirSync(shotDir, { recursive: true });
    await tab.locator('canvas').screenshot({ path: join(shotDir, 'depth-script-tag.png') });
    await tab.close();
    assert.deepEqual(pageErrors, []);
    assert.ok(maxRed > 50, 'the depth is drawn');
    assert.deepEqual(size, [820, 1024]);
  });

  it('without the TF.js tags, or a backend\'s, it says which <script> to add', async () => {
    const bare = await browser.newPage();
    const pageErrors: string[] = [];
    bare.on('pageerror', (e) => pageErrors.push(e.message));
    await bare.setContent(`<script src="${server.url}${SCRIPT}"></script>`);
    await bare.close();
    assert.equal(pageErrors.length, 1);
    assert.match(pageErrors[0]!, /TF\.js \(the global tf\) is not loaded\. Add <script src="[^"]*tfjs-core\/dist\/tf-core\.min\.js">/);
    // A backend whose tag the page lacks (this page has no WebGPU tag).
    const message = await page.evaluate(() => (window as any).depthEstimation.useBackend('webgpu').then(() => 'no error', (e: Error) => e.message));
    assert.match(message, /The WebGPU backend is not loaded\. Add <script src="[^"]*tfjs-backend-webgpu\/dist\/tf-backend-webgpu\.min\.js">/);
  });
});
