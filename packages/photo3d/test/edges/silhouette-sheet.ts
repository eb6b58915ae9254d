// The contact sheets that fill-samples.ts, samples-sheet.ts and before-after.ts write: the three sample photos (512
// px, depth and mask from the bundled model) drawn by the software renderer at one swing pose, magnified at the
// silhouette, where a camera move shows what the layers put behind the person, or whole.
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
 * options), each at the swing pose a quarter into the loop with camera motion `amplitude`; `whole` shows the
 * whole frame instead of the magnified silhouette.
 */
export async function writeSilhouetteSheet(file: string, columns: LayerOptions[], amplitude: number, whole = false): Promise<void> {
  const zoom = whole ? 1 : ZOOM;
  const rows: Buffer[] = [];
  for (const name of SAMPLES) {
    const input = await sampleInput(name, SIZE);
    const [x, y, w, h] = whole ? [0, 0, SIZE, SIZE] : CROPS[name];
    const panels: Buffer[] = [];
    for (const options of columns) {
      const r = new SoftRenderer({ width: SIZE, height: SIZE });
      r.setLayers(await buildLayers(input, options));
      r.path = { path: 'swing', amplitude };
      r.render(0.25);
      const frame = sharp(Buffer.from(r.readPixels()), { raw: { width: SIZE, height: SIZE, channels: 4 } });
      panels.push(await frame.extract({ left: x, top: y, width: w, height: h }).resize(w * zoom, h * zoom, { kernel: 'nearest' }).png().toBuffer());
    }
    rows.push(await sharp({ create: { width: columns.length * (w * zoom + GAP) - GAP, height: h * zoom, channels: 4, background: '#ffffff' } })
      .composite(panels.map((input, k) => ({ input, left: k * (w * zoom + GAP), top: 0 }))).png().toBuffer());
  }
  const side = whole ? SIZE : 160 * ZOOM;
  const width = columns.length * (side + GAP) - GAP, rowHeight = side;
  await sharp({ create: { width, height: rows.length * (rowHeight + GAP) - GAP, channels: 4, background: '#ffffff' } })
    .composite(rows.map((input, k) => ({ input, left: 0, top: k * (rowHeight + GAP) })))
    .png().toFile(file);
}
