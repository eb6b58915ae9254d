// The contact sheet that fill-samples.ts and samples-sheet.ts write: the three sample photos (512 px, depth and mask
// from the bundled model) drawn by the software renderer at one swing pose, magnified at the silhouette, where a
// camera move shows what the layers put behind the person.
import sharp from 'sharp';
import { buildLayers, SoftRenderer, type LayerOptions } from '../../src/index.js';
import { sampleInput, SAMPLES } from '../sample-inputs.ts';

const SIZE = 512;
/** Where each sample's silhouette is worth a look: x, y, w, h of the 512×512 frame. */
const CROPS: Record<string, [number, number, number, number]> = {
  'astronaut.png': [250, 20, 160, 160],
  'cameraman.png': [200, 80, 160, 160],
  'official_portrait.jpg': [330, 120, 160, 160],
};
const ZOOM = 2;
const GAP = 4;

/**
 * Writes the sheet to `file`: a row per sample, a column per entry of `columns` (the layers built with those
 * options), each at the swing pose a quarter into the loop with camera motion `amplitude`.
 */
export async function writeSilhouetteSheet(file: string, columns: LayerOptions[], amplitude: number): Promise<void> {
  const rows: Buffer[] = [];
  for (const name of SAMPLES) {
    const input = await sampleInput(name, SIZE);
    const [x, y, w, h] = CROPS[name];
    const panels: Buffer[] = [];
    for (const options of columns) {
      const r = new SoftRenderer({ width: SIZE, height: SIZE });
      r.setLayers(await buildLayers(input, options));
      r.path = { path: 'swing', amplitude };
      r.render(0.25);
      const frame = sharp(Buffer.from(r.readPixels()), { raw: { width: SIZE, height: SIZE, channels: 4 } });
      panels.push(await frame.extract({ left: x, top: y, width: w, height: h }).resize(w * ZOOM, h * ZOOM, { kernel: 'nearest' }).png().toBuffer());
    }
    rows.push(await sharp({ create: { width: columns.length * (w * ZOOM + GAP) - GAP, height: h * ZOOM, channels: 4, background: '#ffffff' } })
      .composite(panels.map((input, k) => ({ input, left: k * (w * ZOOM + GAP), top: 0 }))).png().toBuffer());
  }
  const width = columns.length * (160 * ZOOM + GAP) - GAP, rowHeight = 160 * ZOOM;
  await sharp({ create: { width, height: rows.length * (rowHeight + GAP) - GAP, channels: 4, background: '#ffffff' } })
    .composite(rows.map((input, k) => ({ input, left: 0, top: k * (rowHeight + GAP) })))
    .png().toFile(file);
}
