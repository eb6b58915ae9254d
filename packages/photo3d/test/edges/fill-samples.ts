// `node --import tsx packages/photo3d/test/edges/fill-samples.ts`: what a camera move reveals behind the person in
// the three sample photos (512 px, depth and mask from the bundled model), drawn by the software renderer at the same
// swing pose (amplitude 0.1, twice the default, so the revealed strip is wide enough to judge), magnified at the
// silhouette → docs/fill-samples.png (rows: samples; columns: push-pull | structure, the default | textured).
import { join } from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from '../../../../test-support/paths.ts';
import { buildLayers, SoftRenderer } from '../../src/index.js';
import type { FillMethod } from '../../src/fill/fill-image.js';
import { sampleInput, SAMPLES } from '../sample-inputs.ts';

const SIZE = 512;
/** Where each sample's silhouette is worth a look: x, y, w, h of the 512×512 frame. */
const CROPS: Record<string, [number, number, number, number]> = {
  'astronaut.png': [250, 20, 160, 160],
  'cameraman.png': [200, 80, 160, 160],
  'official_portrait.jpg': [330, 120, 160, 160],
};
const ZOOM = 2;
const FILLS: FillMethod[] = ['smooth', 'structure', 'textured'];

const rows: Buffer[] = [];
for (const name of SAMPLES) {
  const input = await sampleInput(name, SIZE);
  const [x, y, w, h] = CROPS[name];
  const panels: Buffer[] = [];
  for (const fill of FILLS) {
    const r = new SoftRenderer({ width: SIZE, height: SIZE });
    r.setLayers(await buildLayers(input, { fill }));
    r.path = { path: 'swing', amplitude: 0.1 };
    r.render(0.25);
    const frame = sharp(Buffer.from(r.readPixels()), { raw: { width: SIZE, height: SIZE, channels: 4 } });
    panels.push(await frame.extract({ left: x, top: y, width: w, height: h }).resize(w * ZOOM, h * ZOOM, { kernel: 'nearest' }).png().toBuffer());
  }
  rows.push(await sharp({ create: { width: FILLS.length * (w * ZOOM + 4) - 4, height: h * ZOOM, channels: 4, background: '#ffffff' } })
    .composite(panels.map((input, k) => ({ input, left: k * (w * ZOOM + 4), top: 0 }))).png().toBuffer());
}
const width = FILLS.length * (160 * ZOOM + 4) - 4, rowHeight = 160 * ZOOM;
await sharp({ create: { width, height: rows.length * (rowHeight + 4) - 4, channels: 4, background: '#ffffff' } })
  .composite(rows.map((input, k) => ({ input, left: 0, top: k * (rowHeight + 4) })))
  .png().toFile(join(REPO_ROOT, 'docs/fill-samples.png'));
console.log('wrote docs/fill-samples.png');
