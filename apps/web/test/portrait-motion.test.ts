// Issue 13 in the web app (Chromium, SwiftShader): the 3D strength slider changes the parallax (0 = a flat photo),
// auto radius with its readout, min/max depth labelled as depth-map settings, and the portrait-mode PNG download.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../test-support/chromium.ts';
import { meanAbsDiff } from '../../../test-support/media.ts';
import { SAMPLES } from '../../../test-support/paths.ts';
import { startApp } from './app-server.ts';

describe('3D strength, auto motion and portrait mode in the web app', { timeout: 170_000 }, () => {
  let server: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  let downloads: string;

  const ready = (name: string): Promise<unknown> =>
    page.waitForFunction((n) => document.body.dataset.photo === n && document.body.dataset.state === 'ready', name, { timeout: 90_000 });
  /** Moves a slider as a drag does (value + input event) and waits for the debounced apply. */
  async function slide(id: string, value: number): Promise<void> {
    await page.locator(`#${id}`).evaluate((el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
    await page.waitForTimeout(600);
  }
  async function frameAt(t: number): Promise<Uint8Array> {
    await page.evaluate((phase) => (window as any).relief.drawPhase(phase), t);
    return new Uint8Array(await sharp(await page.locator('#view3d canvas').screenshot()).removeAlpha().raw().toBuffer());
  }

  before(async () => {
    server = await startApp();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    downloads = mkdtempSync(join(tmpdir(), 'relief-web-portrait-'));
    await page.goto(server.url);
    await page.setInputFiles('#file', join(SAMPLES, 'official_portrait.jpg'));
    await ready('official_portrait');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('auto radius: the slider sits at the auto amplitude, the readout says what the motion reveals; dragging turns auto off', async () => {
    const readout = page.locator('#motion-readout');
    await page.waitForFunction(() => document.querySelector<HTMLOutputElement>('#motion-readout')?.dataset.auto !== undefined);
    const auto = Number(await readout.getAttribute('data-auto'));
    const share = Number(await readout.getAttribute('data-share'));
    assert.ok(auto > 0.005 && auto <= 0.5, `auto ${auto}`);
    assert.ok(share <= 0.02 + 1e-9, `auto reveals ${share}`);
    // The slider moves in steps of 0.005.
    assert.ok(Math.abs(Number(await page.locator('#radius').inputValue()) - auto) <= 0.0026, `slider ${await page.locator('#radius').inputValue()} vs auto ${auto}`);
    assert.match(await readout.innerText(), /^auto 0\.\d{3} · reveals \d+\.\d % of the frame/);
    await slide('radius', Math.min(0.3, 3 * auto));
    assert.equal(await page.locator('#auto-radius').isChecked(), false);
    assert.ok(Number(await readout.getAttribute('data-share')) > 0.02, await readout.innerText());
    assert.match(await readout.innerText(), /the fill shows/);
  });

  it('3D strength: 0 shows a flat photo, more strength more parallax', async () => {
    await slide('radius', 0.08);
    const parallax: number[] = [];
    for (const strength of [0, 1, 2]) {
      await slide('strength', strength);
      parallax.push(meanAbsDiff(await frameAt(0), await frameAt(0.5)));
    }
    // A flat photo still moves as a whole; the relief adds to that.
    assert.ok(parallax[0] < parallax[1] && parallax[1] < parallax[2], `parallax at strength 0, 1, 2: ${parallax.map((p) => p.toFixed(2))}`);
    await slide('strength', 1);
  });

  it('min/max depth re-range the depth panel at once (no new estimate) and leave the 3D photo as it is', async () => {
    const legend = await page.locator('fieldset:has(#min-depth) legend').textContent();
    assert.equal(legend, 'Depth map');
    assert.match(await page.locator('fieldset:has(#min-depth) small').innerText(), /3D photo always uses the full depth/);
    const panel = async () => new Uint8Array(await sharp(await page.locator('#depth-canvas').screenshot()).removeAlpha().raw().toBuffer());
    const before = { panel: await panel(), frame: await frameAt(0.25) };
    await slide('min-depth', 0.45);
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
    const after = { panel: await panel(), frame: await frameAt(0.25) };
    assert.ok(meanAbsDiff(before.panel, after.panel) > 2, 'the depth panel shows the new range');
    assert.equal(meanAbsDiff(before.frame, after.frame), 0, 'the 3D photo did not change');
    await slide('min-depth', 0.2);
  });

  it('Portrait PNG: the photo at its size, background blurred, face sharp', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#portrait-download')]);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    assert.equal(download.suggestedFilename(), 'official_portrait-portrait.png');
    const out = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const photo = await sharp(join(SAMPLES, 'official_portrait.jpg')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([out.info.width, out.info.height], [photo.info.width, photo.info.height]);
    const detail = (px: Buffer, x0: number, y0: number): number => {
      let sum = 0;
      for (let y = y0; y < y0 + 60; y++) for (let x = x0; x < x0 + 59; x++) sum += Math.abs(px[3 * (y * out.info.width + x)] - px[3 * (y * out.info.width + x + 1)]);
      return sum / (60 * 59);
    };
    const w = out.info.width;
    const h = out.info.height;
    assert.ok(detail(out.data, 10, 10) < 0.7 * detail(photo.data, 10, 10), 'the background corner is blurred');
    assert.ok(detail(out.data, Math.round(0.45 * w), Math.round(0.2 * h)) > 0.85 * detail(photo.data, Math.round(0.45 * w), Math.round(0.2 * h)), 'the face stays sharp');
  });
});
