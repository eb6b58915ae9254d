// What a user of assistive technology, a phone user and anyone reading a notice meets: slider names and no chatty
// live regions (in Chromium's accessibility tree), the photo picker and downloads on a phone's first screen
// (screenshot docs/web-mobile.png), notices that stay until dismissed, and the depth colours' convention.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../test-support/chromium.ts';
import { REPO_ROOT, SAMPLES } from '../../../test-support/paths.ts';
import { startApp } from './app-server.ts';

const PORTRAIT = join(SAMPLES, 'official_portrait.jpg');
const SHOTS = process.env.RELIEF_UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs') : join(REPO_ROOT, 'test-results');

/** Each slider's accessible name: its label's text, nothing else (not the number beside it). */
const SLIDERS: Record<string, string> = {
  'min-depth': 'Min depth',
  'max-depth': 'Max depth',
  resolution: 'Resolution (vertices, long side)',
  fov: 'Field of view (°)',
  strength: '3D strength (0 = flat photo)',
  'tear-threshold': 'Tear threshold (relative jump)',
  period: 'Seconds per loop',
  radius: 'Radius (× focus distance)',
  'camera-z': 'Camera z (× focus distance)',
  'blur-aperture': 'Lens blur (aperture)',
  'live-smoothing': 'Smoothing',
};

interface AXNode {
  role?: { value: string };
  name?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
  backendDOMNodeId?: number;
}

describe('web app: accessibility, phone layout, notices, colours, GIF size', { timeout: 600_000 }, () => {
  let server: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;

  const waitForPhoto = (p: Page, name: string, timeout = 90_000): Promise<unknown> =>
    p.waitForFunction((n) => document.body.dataset.photo === n && document.body.dataset.state === 'ready', name, { timeout });

  before(async () => {
    server = await startApp();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    // A browser with navigator.gpu but no usable adapter (as on many machines): choosing WebGPU falls back.
    await page.addInitScript("Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true })");
    mkdirSync(SHOTS, { recursive: true });
    await page.goto(server.url);
    await waitForPhoto(page, 'portrait-1');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('every slider is named by its label; no slider value is a live region', async () => {
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as unknown as { nodes: AXNode[] };
    const idOf = async (node: AXNode): Promise<string> => {
      const { node: dom } = await cdp.send('DOM.describeNode', { backendNodeId: node.backendDOMNodeId });
      const attrs = dom.attributes ?? [];
      return attrs[attrs.indexOf('id') + 1] ?? dom.nodeName;
    };
    const named: Record<string, string> = {};
    for (const node of nodes.filter((n) => n.role?.value === 'slider')) named[await idOf(node)] = String(node.name?.value);
    // The live-depth panel is hidden until the webcam starts: its slider is checked in the DOM below.
    const { 'live-smoothing': _, ...visible } = SLIDERS;
    assert.deepEqual(named, visible);
    const live: string[] = [];
    for (const node of nodes) {
      const value = node.properties?.find((p) => p.name === 'live')?.value.value;
      if (value === 'polite' || value === 'assertive') live.push(`${await idOf(node)}:${value}`);
    }
    // Only the notices (what happened to the photo, an export, the backend; hidden, so out of the tree, while
    // empty) are announced, and focus-readout, which says where the portrait blur focuses after a click on the photo.
    const allowed = ['focus-readout:polite', 'message:polite'];
    assert.deepEqual([...new Set(live)].filter((l) => !allowed.includes(l)), [], 'chatty live regions');
    assert.ok(live.includes('focus-readout:polite'), 'the tree reports live regions (the check can see one)');
    assert.equal(await page.locator('#message').getAttribute('aria-live'), 'polite');
    // The webcam panel's slider, named the same way (its panel is hidden, so not in the tree yet).
    assert.equal(await page.locator('#live-smoothing').evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent), SLIDERS['live-smoothing']);
    assert.equal(await page.locator('output[for="live-smoothing"]').getAttribute('aria-hidden'), 'true');
  });

  it('the depth view: near is red, far is blue, as the legend says and as the CLI colours it', async () => {
    assert.match(await page.locator('#depth-legend').textContent() ?? '', /near = red\s*far = blue/);
    const near = (await page.evaluate(() => (window as any).relief.nearestPoint())) as { x: number; y: number };
    const rgb = await page.locator('#depth-canvas').evaluate((c, p) => [...(c as HTMLCanvasElement).getContext('2d')!.getImageData(p.x, p.y, 1, 1).data], near);
    assert.ok(rgb[0] > 100 && rgb[0] > 2 * rgb[2], `the nearest point is drawn red (rgb ${rgb.slice(0, 3).join(',')})`);
  });

  it('a notice stays until dismissed (not wiped by the next photo), and goes when its state is replaced', async () => {
    await page.locator('#backend').evaluate((el) => {
      (el as HTMLSelectElement).value = 'webgpu';
      el.dispatchEvent(new Event('change'));
    });
    const notice = page.locator('#message .note[data-topic="backend"]');
    await notice.waitFor({ timeout: 60_000 });
    assert.match(await notice.innerText(), /WEBGPU is not available in this browser; using WEBGL/);
    // The photo is estimated again on the new backend and its own notes are shown: the backend notice stays.
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 180_000 });
    await page.click('#examples button:nth-child(2)');
    // On WebGL, which is SwiftShader here: seconds per estimate.
    await waitForPhoto(page, 'portrait-2', 180_000);
    await page.waitForTimeout(3000);
    assert.equal(await notice.count(), 1, 'still shown after a new photo and 3 s');
    await notice.getByRole('button', { name: 'Dismiss this notice' }).click();
    assert.equal(await notice.count(), 0, 'gone when dismissed');
    assert.equal(await page.locator('#message').isHidden(), true, 'the box hides when empty');
    // A newer backend state replaces it: choose WebGPU again (notice), then WASM (which starts: no notice).
    await page.locator('#backend').evaluate((el) => {
      (el as HTMLSelectElement).value = 'webgpu';
      el.dispatchEvent(new Event('change'));
    });
    await notice.waitFor({ timeout: 60_000 });
    await page.selectOption('#backend', 'wasm');
    await page.waitForFunction(() => /^WASM/.test(document.getElementById('latency')!.textContent ?? '') && document.body.dataset.state === 'ready', null, { timeout: 90_000 });
    assert.equal(await notice.count(), 0, 'replaced by the newer state');
  });

  it('GIF size: the estimate shown before export is within 15 % of the file; a ≤ 8 MB limit gives a file ≤ 8 MB', async () => {
    const estimate = async (): Promise<number> => {
      await page.waitForFunction(() => document.getElementById('gif-estimate')!.dataset.bytes, null, { timeout: 120_000 });
      return Number(await page.locator('#gif-estimate').getAttribute('data-bytes'));
    };
    const exportGif = async (): Promise<number> => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click('button[data-export="gif"]')]);
      return statSync((await download.path())!).size;
    };
    await page.selectOption('#export-size', '768');
    await page.selectOption('#export-fps', '30');
    const guess = await estimate();
    assert.match(await page.locator('#gif-estimate').innerText(), /^GIF ≈ \d+(\.\d)? MB at \d+×768, 30 fps, 90 frames$/);
    const real = await exportGif();
    console.log(`GIF 768 px 30 fps 3 s: estimated ${guess} B, real ${real} B`);
    assert.ok(Math.abs(guess - real) <= 0.15 * real, `estimate ${guess} vs ${real} bytes`);
    assert.ok(real > 8e6, `without a limit the GIF is over 8 MB (${real} B), so the limit has work to do`);
    await page.selectOption('#gif-budget', '8');
    const planned = await estimate();
    assert.match(await page.locator('#gif-estimate').innerText(), /fits 8\.0 MB/);
    const fitted = await exportGif();
    console.log(`GIF with the 8 MB limit: estimated ${planned} B, real ${fitted} B; ${await page.locator('#gif-estimate').innerText()}`);
    assert.ok(fitted <= 8e6, `${fitted} bytes ≤ 8 MB`);
    assert.ok(Math.abs(planned - fitted) <= 0.15 * fitted, `estimate ${planned} vs ${fitted} bytes`);
    assert.match(await page.locator('#message').innerText(), /Saved GIF .* for the 8\.0 MB limit/);
    await page.selectOption('#gif-budget', '0');
  });

  it('a 68-megapixel photo (7380×9216, as the CLI now takes) is accepted and downscaled, with a notice', async () => {
    const [w, h] = [7380, 9216];
    const jpeg = await sharp({ create: { width: w, height: h, channels: 3, background: '#7a8ca0' } })
      .composite([{ input: await sharp(PORTRAIT).resize(w, h).toBuffer() }]).jpeg({ quality: 80 }).toBuffer();
    await page.setInputFiles('#file', { name: 'huge.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await waitForPhoto(page, 'huge');
    assert.match(await page.locator('#message').innerText(), /7380×9216 px; it was downscaled to 1640×2048/);
  });

  it('on a phone (390×844) the photo picker and the download buttons are on the first screen; screenshot', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(server.url);
    await waitForPhoto(phone, 'portrait-1');
    const box = async (selector: string): Promise<{ top: number; bottom: number }> => {
      const b = (await phone.locator(selector).boundingBox())!;
      return { top: b.y, bottom: b.y + b.height };
    };
    const picker = await box('#drop');
    const downloads = await box('[aria-label="Download formats"]');
    const view = await box('#view3d');
    assert.ok(picker.bottom <= 844, `picker ends at ${picker.bottom} px`);
    assert.ok(downloads.bottom <= 844, `GIF/WebM/MP4/GLB/Depth PNG end at ${downloads.bottom} px`);
    assert.ok(view.top > picker.bottom && view.bottom < downloads.top, 'the 3D photo between them');
    assert.ok(view.bottom - view.top > 250, `the 3D photo is ${view.bottom - view.top} px tall`);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width} px wide)`);
    await phone.screenshot({ path: join(SHOTS, 'web-mobile.png') });
    await phone.close();
  });
});
