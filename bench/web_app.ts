// The web app as deployed (`vite build`, served statically) in headless Chromium, where WebGL is SwiftShader so the
// app starts depth on WASM: how long from a decoded photo to its depth map on screen. Issue 15's bar: the first
// depth map < 1 s after the photo is decoded. Each round is a fresh page (service worker blocked, so no reload):
// the start-up example is the page's first estimate (timed from when both the photo is decoded and the backend is
// ready, as the estimate cannot start earlier), then an uploaded portrait, the second.
import { join } from 'node:path';
import { launchChromium } from '../test-support/chromium.ts';
import { SAMPLES } from '../test-support/paths.ts';
import { buildApp, startStaticHost } from '../apps/web/test/dist-server.ts';
import { summarize, fmtSummary } from './stats.ts';
import type { Section } from './report.ts';

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const PORTRAIT = join(SAMPLES, 'official_portrait.jpg');

interface Row { host: string; backend: string; first: number[]; upload: number[]; startup: number[] }

/** Milliseconds between the page's performance marks: the latest of `from` (each name's last mark) to the last `to`. */
async function markSpan(page: import('playwright-core').Page, from: string[], to: string): Promise<number> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(([f, t]) => performance.getEntriesByName(t).at(-1)!.startTime -
    Math.max(...f.map((name) => performance.getEntriesByName(name).at(-1)!.startTime)), [from, to] as const);
}

export async function benchWebApp(rounds: number): Promise<Section> {
  const dist = await buildApp();
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    for (const [host, headers] of [['COOP/COEP sent (WASM threads)', ISOLATION], ['no headers, no service worker (1 thread)', {}]] as const) {
      const server = await startStaticHost(headers);
      const url = server.mount('/app/', dist.dir);
      const row: Row = { host, backend: '', first: [], upload: [], startup: [] };
      for (let i = 0; i < rounds; i++) {
        const context = await browser.newContext({ serviceWorkers: 'block' });
        const page = await context.newPage();
        await page.goto(url);
        await page.waitForFunction(() => document.body.dataset.photo === 'portrait-1' && document.body.dataset.state === 'ready', null, { timeout: 120_000 });
        row.first.push(await markSpan(page, ['relief:photo-decoded', 'relief:backend-ready'], 'relief:depth-shown'));
        row.startup.push(await page.evaluate(() => performance.getEntriesByName('relief:depth-shown')[0].startTime));
        row.backend = (await page.locator('#backend').inputValue()).toUpperCase();
        await page.setInputFiles('#file', PORTRAIT);
        await page.waitForFunction(() => document.body.dataset.photo === 'official_portrait' && document.body.dataset.state === 'ready', null, { timeout: 120_000 });
        row.upload.push(await markSpan(page, ['relief:photo-decoded'], 'relief:depth-shown'));
        await context.close();
      }
      console.log(`web-app ${host}: first ${fmtSummary(summarize(row.first), 0)} ms, upload ${fmtSummary(summarize(row.upload), 0)} ms`);
      rows.push(row);
      await server.close();
    }
  } finally {
    await browser.close();
    dist.remove();
  }
  const table = rows.map((r) => {
    const first = summarize(r.first);
    return `| ${r.host} | ${r.backend} | **${fmtSummary(first, 0)}** (${first.median < 1000 ? 'met' : 'missed'}) | ${fmtSummary(summarize(r.upload), 0)} | ${fmtSummary(summarize(r.startup), 0)} |`;
  });
  return {
    id: 'web-app',
    title: 'The web app on SwiftShader: photo decoded → depth map on screen',
    markdown: [
      `The production build served statically, a fresh page per round (${rounds} rounds), Chromium's WebGL being SwiftShader`,
      'so the app picks WASM. "First depth map": the start-up example, the page\'s first estimate (model warm-up included),',
      'from the later of "photo decoded" and "backend ready" to the depth panel drawn (goal < 1 s, issue 15). "Uploaded":',
      '`official_portrait.jpg` (820×1024) right after. Segmentation, depth, the priors and read-back are inside both. ms, median (p10–p90).',
      '',
      '| host | backend | first depth map | uploaded photo | page start → first depth map |',
      '|---|---|---|---|---|',
      ...table,
    ].join('\n'),
    data: rows,
  };
}
