// Depth of the real photos in ../shared/samples through the full Depth API (segmentation, resize, clamp), tiled
// into one PNG for a person to judge: photo | depth with the face priors off | on (turbo, near = red, far = blue;
// background grey) | the face lit from the upper left (shaded from the depth's slopes), priors off | on.
//   node --import tsx training/eval/real-photos-sheet.ts [--model path/to/model.json] [--out docs/model-real-photos.png]
import { parseArgs } from 'node:util';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createEstimator, SupportedModels, type DepthMap } from '@relief/depth';
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

async function colored(map: DepthMap, lo: number, hi: number): Promise<Buffer> {
  const [depth, mask] = [await map.toFloat32Array(), await map.mask.toFloat32Array()];
  const rgb = Buffer.alloc(map.width * map.height * 3, 48);
  for (let i = 0; i < depth.length; i++) {
    if (mask[i]! < 0.5) continue;
    const [r, g, b] = turbo(1 - (depth[i]! - lo) / Math.max(1e-6, hi - lo));
    rgb.set([r, g, b], i * 3);
  }
  return sharp(rgb, { raw: { width: map.width, height: map.height, channels: 3 } }).resize({ height: ROW_HEIGHT }).png().toBuffer();
}

/**
 * The face region lit by a light from the upper left: normals from the depth's slopes in raw units relative to the
 * face's width, so relief reads the same at any photo size. Flat = mid grey.
 */
async function shadedFace(map: DepthMap, box: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
  const depth = await map.toFloat32Array();
  const side = Math.round(1.5 * Math.max(box.width, box.height));
  const x0 = Math.round(box.x + box.width / 2 - side / 2);
  const y0 = Math.round(box.y + box.height / 2 - side / 2);
  const at = (x: number, y: number) => depth[Math.min(map.height - 1, Math.max(0, y)) * map.width + Math.min(map.width - 1, Math.max(0, x))]!;
  // raw = 2 · (minDepth + v · range); one pixel spans (face width in raw units ≈ 0.15 m / distance) / width px.
  const rawPerValue = 2 * (CONFIG.maxDepth - CONFIG.minDepth);
  const rawPerPixel = 0.3 / box.width;
  const light = [-0.5, -0.5, 0.7071];
  const grey = Buffer.alloc(side * side, 48);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
    const px = x0 + x, py = y0 + y;
    if (at(px, py) === 0) continue;
    const dx = (at(px + 1, py) - at(px - 1, py)) * rawPerValue / (2 * rawPerPixel);
    const dy = (at(px, py + 1) - at(px, py - 1)) * rawPerValue / (2 * rawPerPixel);
    const n = Math.hypot(dx, dy, 1);
    const lambert = Math.max(0, (dx * -light[0]! + dy * -light[1]! + light[2]!) / n);
    grey[y * side + x] = Math.round(Math.min(255, 40 + 215 * lambert));
  }
  return sharp(grey, { raw: { width: side, height: side, channels: 1 } }).resize(ROW_HEIGHT, ROW_HEIGHT).png().toBuffer();
}

const { values: args } = parseArgs({ options: { model: { type: 'string' }, out: { type: 'string', default: 'docs/model-real-photos.png' } } });
const estimator = await createEstimator(SupportedModels.ARPortraitDepth, args.model ? { depthModelUrl: args.model } : {});
const rows: Buffer[] = [];
for (const name of readdirSync(SAMPLES).filter((f) => /\.(png|jpe?g)$/i.test(f) && !f.includes('_mask')).sort()) {
  const bytes = readFileSync(join(SAMPLES, name));
  const off = (await estimator.estimateDepth(bytes, { ...CONFIG, priors: false }))!;
  const on = (await estimator.estimateDepth(bytes, { ...CONFIG, priors: true }))!;
  const [depth, mask] = [await off.toFloat32Array(), await off.mask.toFloat32Array()];
  const person = Array.from(depth).filter((_, i) => mask[i]! >= 0.5);
  // Stretch the person's 2nd–98th percentile (priors off) over the colormap for both, so they compare.
  const lo = percentile(person, 0.02);
  const hi = percentile(person, 0.98);
  const tileWidth = Math.round(ROW_HEIGHT * off.width / off.height);
  const tiles = [
    await sharp(bytes).rotate().resize({ height: ROW_HEIGHT }).toColourspace('srgb').removeAlpha().png().toBuffer(),
    await colored(off, lo, hi),
    await colored(on, lo, hi),
  ];
  const face = on.faces[0];
  if (face) tiles.push(await shadedFace(off, face.box), await shadedFace(on, face.box));
  const widths = [tileWidth, tileWidth, tileWidth, ROW_HEIGHT, ROW_HEIGHT];
  let left = 0;
  const layers = tiles.map((input, i) => { const layer = { input, left, top: 0 }; left += widths[i]! + 8; return layer; });
  rows.push(await sharp({ create: { width: left - 8, height: ROW_HEIGHT, channels: 3, background: '#202020' } }).composite(layers).png().toBuffer());
  console.log(`${name}: ${off.width}×${off.height}, person depth values ${lo.toFixed(3)}–${hi.toFixed(3)}, faces ${on.faces.length}` +
    (face ? ` (yaw ${face.pose.yaw.toFixed(0)}°, ${face.distance.metres.toFixed(2)} m at the default lens, prior weight ${face.priorWeight.toFixed(2)})` : ''));
  off.dispose();
  on.dispose();
}
estimator.dispose();
const widths = await Promise.all(rows.map(async (r) => (await sharp(r).metadata()).width!));
const width = Math.max(...widths);
let top = 0;
const layers = rows.map((input) => { const layer = { input, left: 0, top }; top += ROW_HEIGHT + 8; return layer; });
await sharp({ create: { width, height: top - 8, channels: 3, background: '#202020' } }).composite(layers).png().toFile(args.out!);
console.log(`wrote ${args.out}`);
