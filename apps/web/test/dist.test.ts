// The production build as a user deploys it: copied to a sub-path of a plain static host that sends no COOP/COEP
// headers. It must load from there (every URL relative, nothing 404), become cross-origin isolated through its
// service worker, be installable, and after that one visit work with the network off: reload, open a photo,
// estimate depth, export. A build with a file missing must say so instead of hanging on "Loading…".
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../packages/cli/src/photo3d/browser.ts';
import { decodeFile, spread } from '../../../test-support/media.ts';
import { SAMPLES } from '../../../test-support/paths.ts';
import { buildApp, startStaticHost, type StaticHost } from './dist-server.ts';

const PORTRAIT = join(SAMPLES, 'official_portrait.jpg');
const SUB_PATH = '/some/sub/path/';

describe('built app on a static host, from a sub-path, then offline', { timeout: 300_000 }, () => {
  let dist: Awaited<ReturnType<typeof buildApp>>;
  let host: StaticHost;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  let downloads: string;
  const requests: { url: string; status: number; fromServiceWorker: boolean }[] = [];
  let navigations = 0;

  const waitForPhoto = (name: string): Promise<unknown> =>
    page.waitForFunction((n) => document.body.dataset.photo === n && document.body.dataset.state === 'ready', name, { timeout: 120_000 });

  before(async () => {
    dist = await buildApp();
    host = await startStaticHost();
    url = host.mount(SUB_PATH, dist.dir);
    host.mount('/broken/', dist.dir, (path) => /^assets\/index-[\w-]+\.js$/.test(path));
    // A profile on disk, as a user's browser has (an incognito context, Playwright's default, is never offered "Install").
    profile = mkdtempSync(join(tmpdir(), 'relief-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 }, acceptDownloads: true,
    });
    page = context.pages()[0] ?? await context.newPage();
    page.on('response', (r) => requests.push({ url: r.url(), status: r.status(), fromServiceWorker: r.fromServiceWorker() }));
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    downloads = mkdtempSync(join(tmpdir(), 'relief-dist-'));
  });
  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await host?.close();
    dist?.remove();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('loads from the sub-path; its service worker makes the page cross-origin isolated (one reload) and installable', async () => {
    const html = readFileSync(join(dist.dir, 'index.html'), 'utf8');
    assert.doesNotMatch(html, /(src|href)="\/(?!\/)/, 'index.html has no root-absolute URLs');
    await page.goto(url);
    // The first load has no isolation headers; once the worker is active the page reloads itself under it.
    const deadline = Date.now() + 90_000;
    let isolated = false;
    while (!isolated && Date.now() < deadline) {
      isolated = await page.evaluate(() => self.crossOriginIsolated && navigator.serviceWorker.controller !== null).catch(() => false);
      if (!isolated) await page.waitForTimeout(250);
    }
    assert.ok(isolated, 'crossOriginIsolated under the service worker');
    assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), 'function', 'SharedArrayBuffer for WASM threads');
    assert.equal(navigations, 2, 'the page reloaded exactly once');
    await waitForPhoto('portrait-1');
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'Chromium would offer to install it');
    const manifest = await cdp.send('Page.getAppManifest');
    assert.match(manifest.url, /\/some\/sub\/path\/manifest\.webmanifest$/);
  });

  it('estimates depth for an uploaded photo; every request stayed under the sub-path and was answered', async () => {
    await page.setInputFiles('#file', PORTRAIT);
    await waitForPhoto('official_portrait');
    const depth = new Uint8Array(await sharp(await page.locator('#depth-canvas').screenshot()).removeAlpha().raw().toBuffer());
    assert.ok(spread(depth) > 10, 'the depth panel shows a depth map');
    assert.match(await page.locator('#latency').textContent() ?? '', /^WASM/);
    const outside = requests.filter((r) => !r.url.startsWith(url) && !/^(data|blob):/.test(r.url));
    assert.deepEqual(outside.map((r) => r.url), [], 'requests outside the sub-path');
    assert.deepEqual(requests.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`), []);
    assert.deepEqual(host.failures, [], 'nothing 404s on the host');
  });

  it('offline after that one visit: reload, open a photo, estimate depth, export a GIF and the depth PNG', async () => {
    await context.setOffline(true);
    requests.length = 0;
    await page.reload();
    await waitForPhoto('portrait-1');
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'still isolated offline');
    await page.setInputFiles('#file', PORTRAIT);
    await waitForPhoto('official_portrait');
    await page.selectOption('#export-size', '256');
    await page.selectOption('#export-fps', '10');
    const save = async (kind: string): Promise<string> => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click(`button[data-export="${kind}"]`)]);
      const file = join(downloads, download.suggestedFilename());
      await download.saveAs(file);
      return file;
    };
    const gif = decodeFile(await save('gif'));
    assert.equal(gif.codec, 'gif');
    assert.equal(Math.max(gif.width, gif.height), 256);
    assert.ok(gif.frames.length >= 10, `${gif.frames.length} frames`);
    const png = await sharp(readFileSync(await save('depth'))).metadata();
    assert.equal(png.depth, 'ushort', '16-bit depth PNG');
    const network = requests.filter((r) => r.url.startsWith('http') && !r.fromServiceWorker);
    assert.deepEqual(network.map((r) => r.url), [], 'everything came from the service worker');
    await context.setOffline(false);
  });

  it('a file missing on the host: the page says which, instead of "Loading…" forever', async () => {
    const fresh = await context.newPage();
    await fresh.goto(host.origin + '/broken/');
    await fresh.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 30_000 });
    assert.match(await fresh.locator('#message').innerText(), /could not load .*\/broken\/assets\/index-[\w-]+\.js.*whole dist\/ folder/s);
    assert.match(await fresh.locator('#view3d').innerText(), /Could not load the app/);
    await fresh.close();
  });
});
