// Relief vs the original in headless Chromium (WebGL via SwiftShader, and WASM), same networks and pixels.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { BUNDLED_DEPTH_MODEL } from '@relief/depth';
import { launchChromium } from '../test-support/chromium.ts';
import { startVite } from '../test-support/vite_server.ts';
import { SAMPLES } from '../test-support/paths.ts';
import { SELFIE_PATH } from '../packages/depth/test/fixtures.ts';
import { summarize, fmtSummary, fmt } from './stats.ts';
import type { Section } from './report.ts';

const here = dirname(fileURLToPath(import.meta.url));

export async function benchDepthBrowser(rounds: number): Promise<Section> {
  const server = await startVite(join(here, 'browser'), {
    alias: { '@mediapipe/selfie_segmentation': join(here, '../packages/depth/test/browser/mediapipe_shim.ts') },
  });
  const browser = await launchChromium();
  const rows: Array<{ backend: string; input: string; relief: ReturnType<typeof summarize>; original: ReturnType<typeof summarize>; ratio: number }> = [];
  try {
    for (const backend of ['webgl', 'wasm']) {
      const page = await browser.newPage();
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady, null, { timeout: 120_000 });
      const out = await page.evaluate(
        ([b, img, depth, selfie, n]) => (window as any).bench(b, img, depth, selfie, [[192, 256], [768, 1024]], n),
        [backend, server.fsUrl(join(SAMPLES, 'official_portrait.jpg')), server.fsUrl(fileURLToPath(BUNDLED_DEPTH_MODEL.model)), server.fsUrl(SELFIE_PATH), rounds] as const,
      );
      if (out.skipped) continue;
      for (const r of out.results) {
        const relief = summarize(r.times.relief);
        const orig = summarize(r.times.original);
        rows.push({ backend: `Chromium ${out.backend}`, input: r.input, relief, original: orig, ratio: orig.median / relief.median });
        console.log(`depth-browser ${out.backend} ${r.input}: relief ${fmt(relief.median)} ms, original ${fmt(orig.median)} ms`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const md = [
    '| backend | input (W×H) | Relief ms/frame | original ms/frame | speed-up |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.backend} | ${r.input} | ${fmtSummary(r.relief)} | ${fmtSummary(r.original)} | **×${fmt(r.ratio, 2)}** |`),
    '',
    'Input: an HTMLCanvasElement; end to end = estimateDepth → depth values read back to JavaScript. WebGL runs on',
    'SwiftShader (CPU) here, so absolute numbers say little about a real GPU; the ratio is what counts.',
  ].join('\n');
  return { id: 'depth-browser', title: 'Depth pipeline in headless Chromium: Relief vs original, same networks', markdown: md, data: { rows } };
}
