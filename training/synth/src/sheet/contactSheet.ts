// Tiles N samples of a dataset as (color | depth colormap | mask) triples into one PNG.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { sampleStem } from '../dataset/format.ts';
import type { Manifest } from '../dataset/manifest.ts';

/** Turbo-like colormap: near = warm, far = cool; black where there is no person. */
function colormap(t: number): [number, number, number] {
  const r = 0.13572138 + t * (4.6153926 + t * (-42.66032258 + t * (132.13108234 + t * (-152.94239396 + t * 59.28637943))));
  const g = 0.09140261 + t * (2.19418839 + t * (4.84296658 + t * (-14.18503333 + t * (4.27729857 + t * 2.82956604))));
  const b = 0.1066733 + t * (12.64194608 + t * (-60.58204836 + t * (110.36276771 + t * (-89.90310912 + t * 27.34824973))));
  const c = (x: number): number => Math.round(255 * Math.max(0, Math.min(1, x)));
  return [c(r), c(g), c(b)];
}

async function depthImage(file: string): Promise<Buffer> {
  const { data, info } = await sharp(file).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  const d = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
  let lo = Infinity;
  let hi = 0;
  for (const v of d) if (v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const rgb = Buffer.alloc(d.length * 3);
  for (let i = 0; i < d.length; i++) {
    if (d[i] === 0) continue;
    // Per-image range so face relief is visible; the printed range is in the sample JSON.
    const [r, g, b] = colormap(1 - (d[i] - lo) / Math.max(1, hi - lo) * 0.9);
    rgb[3 * i] = r; rgb[3 * i + 1] = g; rgb[3 * i + 2] = b;
  }
  return sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } }).png().toBuffer();
}

/** Whether the sample's held object covers at least 1 % of the image. */
function showsHeldObject(stem: string, pixels: number): boolean {
  const held = (JSON.parse(readFileSync(`${stem}.json`, 'utf8')) as { heldObject?: { visiblePixels?: number } | null }).heldObject;
  return (held?.visiblePixels ?? 0) >= 0.01 * pixels;
}

/** `heldObjects`: only samples whose held object shows (sets drawn with --held-objects). */
export async function contactSheet(dataset: string, out: string, n: number, columns: number, heldObjects = false): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(dataset, 'manifest.json'), 'utf8')) as Manifest;
  const stemOf = (i: number): string => sampleStem(dataset, i, manifest.samplesPerShard);
  const chosen = (heldObjects ? manifest.complete.filter((i) => showsHeldObject(stemOf(i), manifest.width * manifest.height)) : manifest.complete).slice(0, n);
  if (chosen.length === 0) throw new Error(`${dataset} has no finished samples${heldObjects ? ' with a held object in view (render with --held-objects)' : ''}`);
  const { width: w, height: h } = manifest;
  const gap = 4;
  const cellW = 3 * w + 2 * gap;
  const cols = Math.min(columns, chosen.length);
  const rows = Math.ceil(chosen.length / cols);
  const tiles: sharp.OverlayOptions[] = [];
  for (let k = 0; k < chosen.length; k++) {
    const stem = stemOf(chosen[k]);
    const left = (k % cols) * (cellW + 3 * gap);
    const top = Math.floor(k / cols) * (h + 3 * gap);
    tiles.push({ input: `${stem}.color.png`, left, top });
    tiles.push({ input: await depthImage(`${stem}.depth.png`), left: left + w + gap, top });
    tiles.push({ input: `${stem}.mask.png`, left: left + 2 * (w + gap), top });
  }
  await sharp({
    create: { width: cols * (cellW + 3 * gap) - 3 * gap, height: rows * (h + 3 * gap) - 3 * gap, channels: 3, background: '#202020' },
  }).composite(tiles).png({ palette: true, compressionLevel: 9 }).toFile(out); // palette: the sheet is committed
}
