// Depth of the real photos in ../shared/samples through the full Depth API (segmentation, resize, clamp), tiled
// into one PNG for a person to judge: photo | depth (turbo, near = red, far = blue; background grey).
//   node --import tsx training/eval/real-photos-sheet.ts [--model path/to/model.json] [--out docs/model-real-photos.png]
import { parseArgs } from 'node:util';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createEstimator, SupportedModels } from '@relief/depth';
import { SAMPLES } from '../../test-support/paths.ts';

const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };
const ROW_HEIGHT = 320;

/** Google's Turbo colormap, polynomial approximation (Anton Mikhailov, Apache-2.0). */
function turbo(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  const r = 0.13572138 + x * (4.6153926 + x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396 + x * 59.28637943))));
  const g = 0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 + x * (4.27729857 + x * 2.82956604))));
  const b = 0.1066733 + x * (12.64194608 + x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912 + x * 27.34824973))));
  return [r, g, b].map((v) => Math.round(255 * Math.min(1, Math.max(0, v)))) as [number, number, number];
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const { values: args } = parseArgs({ options: { model: { type: 'string' }, out: { type: 'string', default: 'docs/model-real-photos.png' } } });
const estimator = await createEstimator(SupportedModels.ARPortraitDepth, args.model ? { depthModelUrl: args.model } : {});
const rows: Buffer[] = [];
for (const name of readdirSync(SAMPLES).filter((f) => /\.(png|jpe?g)$/i.test(f) && !f.includes('_mask')).sort()) {
  const bytes = readFileSync(join(SAMPLES, name));
  const map = (await estimator.estimateDepth(bytes, CONFIG))!;
  const [depth, mask] = [await map.toFloat32Array(), await map.mask.toFloat32Array()];
  const person = Array.from(depth).filter((_, i) => mask[i]! >= 0.5);
  // Stretch the person's 2nd–98th percentile over the colormap so the relief is visible.
  const lo = percentile(person, 0.02);
  const hi = percentile(person, 0.98);
  const rgb = Buffer.alloc(map.width * map.height * 3, 48);
  for (let i = 0; i < depth.length; i++) {
    if (mask[i]! < 0.5) continue;
    const [r, g, b] = turbo(1 - (depth[i]! - lo) / Math.max(1e-6, hi - lo));
    rgb[i * 3] = r;
    rgb[i * 3 + 1] = g;
    rgb[i * 3 + 2] = b;
  }
  const photo = await sharp(bytes).rotate().resize({ height: ROW_HEIGHT }).toColourspace('srgb').removeAlpha().png().toBuffer();
  const colored = await sharp(rgb, { raw: { width: map.width, height: map.height, channels: 3 } }).resize({ height: ROW_HEIGHT }).png().toBuffer();
  const tileWidth = Math.round(ROW_HEIGHT * map.width / map.height);
  rows.push(await sharp({ create: { width: 2 * tileWidth + 8, height: ROW_HEIGHT, channels: 3, background: '#202020' } })
    .composite([{ input: photo, left: 0, top: 0 }, { input: colored, left: tileWidth + 8, top: 0 }]).png().toBuffer());
  console.log(`${name}: ${map.width}×${map.height}, person depth values ${lo.toFixed(3)}–${hi.toFixed(3)}`);
  map.dispose();
}
estimator.dispose();
const widths = await Promise.all(rows.map(async (r) => (await sharp(r).metadata()).width!));
const width = Math.max(...widths);
let top = 0;
const layers = rows.map((input) => { const layer = { input, left: 0, top }; top += ROW_HEIGHT + 8; return layer; });
await sharp({ create: { width, height: top - 8, channels: 3, background: '#202020' } }).composite(layers).png().toFile(args.out!);
console.log(`wrote ${args.out}`);
