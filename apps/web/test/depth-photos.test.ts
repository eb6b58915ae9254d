// Depth photos in the web app (Debian's Chromium): an iPhone HEIC opens as a 3D photo from its own depth (shown as
// such), the switch estimates instead, a damaged one falls back with a note, and the 3D-photo downloads read back.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Download, Page } from 'playwright-core';
import { readDepthPhoto, readImageDepthPair } from '@relief/formats';
import { launchChromium } from '../../../test-support/chromium.ts';
import { meanAbsDiff, spread } from '../../../test-support/media.ts';
import { REPO_ROOT, SAMPLES } from '../../../test-support/paths.ts';
import { startApp } from './app-server.ts';

const PHOTOS = join(SAMPLES, 'depth-photos');
// RELIEF_UPDATE_SCREENSHOTS=1 refreshes docs/depth-photo-web.png; otherwise screenshots land in test-results/.
const SHOTS = process.env.RELIEF_UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs') : join(REPO_ROOT, 'test-results');

describe('depth photos in the web app', { timeout: 480_000 }, () => {
  let server: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  let downloads: string;

  const message = (): Promise<string> => page.locator('#message').innerText();
  const waitForPhoto = (name: string): Promise<unknown> =>
    page.waitForFunction((n) => document.body.dataset.photo === n && document.body.dataset.state === 'ready', name, { timeout: 120_000 });
  const pixels = async (png: Buffer): Promise<Uint8Array> => new Uint8Array(await sharp(png).removeAlpha().raw().toBuffer());
  async function download(kind: string, count = 1): Promise<string[]> {
    // One listener collects them all: each waitForEvent would resolve with the same first download.
    const got: Download[] = [];
    const all = new Promise<void>((resolve) => {
      const on = (d: Download) => { got.push(d); if (got.length === count) { page.off('download', on); resolve(); } };
      page.on('download', on);
    });
    await page.click(`button[data-export="${kind}"]`);
    await Promise.race([all, page.waitForTimeout(120_000)]);
    assert.equal(got.length, count, `${kind}: ${got.length} of ${count} downloads`);
    const files: string[] = [];
    for (const d of got) {
      const file = join(downloads, d.suggestedFilename());
      await d.saveAs(file);
      files.push(file);
    }
    return files;
  }

  before(async () => {
    server = await startApp();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (e) => console.error('page error:', e.message, e.stack));
    downloads = mkdtempSync(join(tmpdir(), 'relief-web-dp-'));
    mkdirSync(SHOTS, { recursive: true });
    await page.goto(server.url);
    await waitForPhoto('portrait-1');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('opens an iPhone HEIC as a 3D photo from its own disparity map, and says so', async () => {
    await page.setInputFiles('#file', join(PHOTOS, 'apple-heic/pug.heic'));
    await waitForPhoto('pug');
    assert.match(await message(), /Depth: the photo's own \(apple-heic disparity, 768×576\)/);
    const canvas = page.locator('#view3d canvas');
    await page.evaluate(() => (window as any).relief.drawPhase(0));
    const a = await pixels(await canvas.screenshot());
    await page.evaluate(() => (window as any).relief.drawPhase(0.25));
    const b = await pixels(await canvas.screenshot());
    assert.ok(spread(a) > 10 && meanAbsDiff(a, b) > 1, 'a 3D view that moves');
    const depth = await pixels(await page.locator('#depth-canvas').screenshot());
    assert.ok(spread(depth) > 10, 'the depth panel shows the map');
    await page.evaluate(() => (window as any).relief.drawPhase(0.1));
    await page.screenshot({ path: join(SHOTS, 'depth-photo-web.png') });
  });

  it('downloads a Dynamic Depth JPEG and a Facebook pair that carry the HEIC\'s depth', async () => {
    await page.selectOption('#export-size', '256');
    const [dd] = await download('dynamic-depth');
    const back = await readDepthPhoto(readFileSync(dd));
    assert.deepEqual([back.source, back.depth.width, back.depth.height], ['dynamic-depth', 768, 576]);
    assert.equal(back.image.width, 2048, 'the page works on the photo downscaled to 2048 px');
    const pair = await download('facebook', 2);
    const names = pair.map((f) => f.slice(downloads.length + 1)).sort();
    assert.deepEqual(names, ['pug.jpg', 'pug_depth.png']);
    const fb = readImageDepthPair(readFileSync(join(downloads, 'pug.jpg')), readFileSync(join(downloads, 'pug_depth.png')));
    assert.deepEqual([fb.image.width, fb.depth.width], [2048, 2048]);
  });

  it('downloads stereo renders: side-by-side twice as wide, anaglyph, quilt 8×6 of 420×560', async () => {
    const [sbs] = await download('sbs');
    const m = await sharp(sbs).metadata();
    assert.deepEqual([m.width, m.height], [512, 192]);
    const [quilt] = await download('quilt');
    assert.ok(quilt.endsWith('pug_qs8x6a0.75.png'), quilt);
    const q = await sharp(quilt).metadata();
    assert.deepEqual([q.width, q.height], [3360, 3360]);
  });

  it('the switch estimates depth instead; a damaged depth photo is estimated with a note', async () => {
    await page.uncheck('#use-embedded');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.querySelector('#message')?.textContent?.includes('estimated'), null, { timeout: 120_000 });
    assert.match(await message(), /Depth: estimated \(the photo carries its own depth/);
    await page.check('#use-embedded');
    const apple = readFileSync(join(PHOTOS, 'apple-jpeg-mpf/image-with-depth.jpg'));
    await page.setInputFiles('#file', { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: apple.subarray(0, 2_570_600) });
    await waitForPhoto('cut');
    assert.match(await message(), /MPF image 2.*truncated.*Its depth is estimated instead/s);
  });
});
