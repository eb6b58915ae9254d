// @relief/depth in headless Chromium: WebGL (SwiftShader), WASM and, where exposed, WebGPU; bundled models
// resolved through Vite; compatibility with the original package on WebGL; a screenshot of a depth map.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../test-support/chromium.ts';
import { startVite, type TestServer } from '../../../test-support/vite_server.ts';
import { SAMPLES, REPO_ROOT } from '../../../test-support/paths.ts';
import { depthFixturePath, SELFIE_PATH } from './fixtures.ts';

const here = dirname(fileURLToPath(import.meta.url));

// Generous: software WebGPU compiles a pipeline per kernel of five networks (depth, segmentation, face detector, face mesh, pose).
describe('@relief/depth in Chromium', { timeout: 480_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const fixture = depthFixturePath(11);
  before(async () => {
    server = await startVite(join(here, 'browser'), {
      allow: [dirname(fixture)],
      alias: { '@mediapipe/selfie_segmentation': join(here, 'browser', 'mediapipe_shim.ts') },
    });
    // WebGPU is behind this flag on Linux; with it Chromium offers a SwiftShader (CPU) adapter.
    browser = await launchChromium({ args: ['--enable-unsafe-webgpu'] });
    page = await browser.newPage({ viewport: { width: 820, height: 1024 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => (window as unknown as { reliefReady?: boolean }).reliefReady, null, { timeout: 120_000 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const portrait = () => server.fsUrl(join(SAMPLES, 'official_portrait.jpg'));

  it('WebGL: bundled models, depth map of the image size, no leaked tensors, screenshot', async () => {
    const r = await page.evaluate(([u]) => (window as any).runRelief('webgl', u), [portrait()]);
    assert.equal(r.backend, 'webgl');
    assert.deepEqual([r.width, r.height], [820, 1024]);
    assert.equal(r.after, r.before, 'no tensors left behind');
    assert.ok(r.personFraction > 0.3 && r.personFraction < 0.8, `person fraction ${r.personFraction}`);
    assert.ok(r.min >= 0 && r.max <= 1 && r.max > r.min);
    const shotDir = join(REPO_ROOT, 'test-results');
    mkdirSync(shotDir, { recursive: true });
    const shot = await page.locator('#depth').screenshot({ path: join(shotDir, 'depth-webgl.png') });
    const { data, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
    let red = 0;
    let greenBlue = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      red = Math.max(red, data[i]!);
      greenBlue = Math.max(greenBlue, data[i + 1]!, data[i + 2]!);
    }
    assert.ok(red > 50, 'depth is drawn in the red channel');
    assert.equal(greenBlue, 0, 'green and blue stay 0');
  });

  it('takes every DOM input kind, and refuses a video that has no frame yet', async () => {
    const r = await page.evaluate(([u]) => (window as any).runInputs(u), [portrait()]);
    assert.deepEqual(r.sizes, {
      HTMLImageElement: r.natural,
      HTMLCanvasElement: [60, 80],
      ImageData: [60, 80],
      ImageBitmap: [30, 40],
      OffscreenCanvas: [48, 64],
    });
    assert.match(r.videoError, /video has no frame yet \(readyState 0 < 2 HAVE_CURRENT_DATA\)/);
  });

  it('WASM in the browser gives a depth map too', async () => {
    const r = await page.evaluate(([u]) => (window as any).runRelief('wasm', u), [portrait()]);
    assert.equal(r.backend, 'wasm');
    assert.deepEqual([r.width, r.height], [820, 1024]);
    assert.equal(r.after, r.before);
  });

  it('WebGPU where the browser exposes it', async (t) => {
    const r = await page.evaluate(([u]) => (window as any).runRelief('webgpu', u), [portrait()]);
    if (r.skipped) {
      console.log(`WebGPU skipped: ${r.skipped}`);
      t.skip(r.skipped);
      return;
    }
    assert.equal(r.backend, 'webgpu');
    assert.deepEqual([r.width, r.height], [820, 1024]);
    assert.equal(r.after, r.before);
    assert.ok(r.personFraction > 0.3 && r.personFraction < 0.8, `person fraction ${r.personFraction}`);
    assert.ok(r.min >= 0 && r.max <= 1 && r.max > r.min);
  });

  it('WebGL: agrees with the original package on the same networks (mean diff < 1/255 in the mask)', async () => {
    for (const name of ['astronaut.png', 'cameraman.png', 'official_portrait.jpg']) {
      const r = await page.evaluate(([img, depth, selfie]) => (window as any).runCompat('webgl', img, depth, selfie),
        [server.fsUrl(join(SAMPLES, name)), server.fsUrl(fixture), server.fsUrl(SELFIE_PATH)]);
      assert.equal(r.backend, 'webgl');
      assert.ok(r.personPixels > r.total * 0.1, `${name}: person found`);
      assert.ok(r.meanDiff < 1 / 255, `${name}: mean diff ${r.meanDiff}`);
    }
  });
});
