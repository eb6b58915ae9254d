// `node --import tsx packages/photo3d/test/edges/report.ts [renders-dir]`: the edge benchmark on 24 synthetic people
// (rendered into the folder if missing), the official portrait, and the fill's speed at 1024 px; prints a markdown
// table and writes docs/matte-crops.png, docs/matte-portrait.png, docs/fill-crops.png and docs/fill-portrait.png.
// Pass a folder rendered with another seed for held-out numbers (the fill's settings were tuned on seed 7's).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT, SAMPLES } from '../../../../test-support/paths.ts';
import { dilate, threshold } from '../../src/masks.js';
import { resampleMap } from '../../src/sample.js';
import { refineMatte } from '../../src/matte/refine-matte.js';
import { fillImage } from '../../src/fill/fill-image.js';
import { renderPeople, scenesFrom } from './synth-scenes.ts';
import { fillScene, matteHole, matteRefined, matteToday, sceneHole, scoreBackgroundLayer, type MatteResult } from './evaluate.ts';
import { holeFromMatte } from '../../src/matte/matte-masks.js';
import type { EdgeScene } from './scenes.ts';

const dir = process.argv[2] ?? '/tmp/matte-renders';
if (!existsSync(join(dir, 'manifest.json'))) renderPeople(dir, 24, 7);
const scenes = await scenesFrom(dir);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const today = scenes.map(matteToday), ours = scenes.map(matteRefined);
const smooth = scenes.map((s) => fillScene(s, 'smooth')), textured = scenes.map((s) => fillScene(s, 'textured'));
const structure = scenes.map((s) => fillScene(s, 'structure'));
const layerToday = scenes.map((s) => scoreBackgroundLayer(s, sceneHole(s), 'smooth'));
const layerSmooth = scenes.map((s, k) => scoreBackgroundLayer(s, matteHole(s, ours[k]), 'smooth'));
const layerTextured = scenes.map((s, k) => scoreBackgroundLayer(s, matteHole(s, ours[k]), 'textured'));
const layerStructure = scenes.map((s, k) => scoreBackgroundLayer(s, matteHole(s, ours[k]), 'structure'));
const wins = (a: number[], b: number[], better: (x: number, y: number) => boolean) => a.filter((x, k) => better(x, b[k])).length;
const row = (name: string, a: number, b: number, digits: number) => `| ${name} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${(100 * (b / a - 1)).toFixed(0)} % |`;
console.log(`${scenes.length} scenes of ${scenes[0].width}×${scenes[0].height}\n\n| measure | today | new | change |\n|---|---|---|---|`);
console.log(row('matte SAD in the edge band (thousands)', mean(today.map((r) => r.sad)), mean(ours.map((r) => r.sad)), 3));
console.log(row('matte MSE in the edge band', mean(today.map((r) => r.mse)), mean(ours.map((r) => r.mse)), 4));
console.log(row('colour bleed (levels towards the background)', mean(today.map((r) => r.bleed)), mean(ours.map((r) => r.bleed)), 2));
console.log(row('fill MAE in the revealed band, push-pull → structure', mean(smooth.map((r) => r.mae)), mean(structure.map((r) => r.mae)), 2));
console.log(row('fill SSIM in the revealed band, push-pull → structure', mean(smooth.map((r) => r.ssim)), mean(structure.map((r) => r.ssim)), 3));
console.log(row('fill MAE in the revealed band, push-pull → textured', mean(smooth.map((r) => r.mae)), mean(textured.map((r) => r.mae)), 2));
console.log(row('fill SSIM in the revealed band, push-pull → textured', mean(smooth.map((r) => r.ssim)), mean(textured.map((r) => r.ssim)), 3));
console.log(row('background layer MAE, matte hole + push-pull', mean(layerToday.map((r) => r.mae)), mean(layerSmooth.map((r) => r.mae)), 2));
console.log(row('background layer SSIM, matte hole + push-pull', mean(layerToday.map((r) => r.ssim)), mean(layerSmooth.map((r) => r.ssim)), 3));
console.log(row('background layer MAE, matte hole + textured', mean(layerToday.map((r) => r.mae)), mean(layerTextured.map((r) => r.mae)), 2));
console.log(row('background layer SSIM, matte hole + textured', mean(layerToday.map((r) => r.ssim)), mean(layerTextured.map((r) => r.ssim)), 3));
console.log(row('background layer MAE, matte hole + structure', mean(layerToday.map((r) => r.mae)), mean(layerStructure.map((r) => r.mae)), 2));
console.log(row('background layer SSIM, matte hole + structure', mean(layerToday.map((r) => r.ssim)), mean(layerStructure.map((r) => r.ssim)), 3));
console.log(`\nstructure beats push-pull (fill alone) in ${wins(structure.map((r) => r.mae), smooth.map((r) => r.mae), (a, b) => a < b)}/${scenes.length} scenes on MAE, ${wins(structure.map((r) => r.ssim), smooth.map((r) => r.ssim), (a, b) => a > b)}/${scenes.length} on SSIM`);

type Rgb = { rgb: Float32Array; width: number; height: number };
/** Panels side by side, each cropped to the same box and magnified. */
async function sheet(panels: Rgb[][], box: (p: Rgb) => { x: number; y: number; w: number; h: number }, zoom: number, file: string) {
  const rows = await Promise.all(panels.map(async (row) => {
    const b = box(row[0]);
    const w = b.w * zoom, h = b.h * zoom;
    const out = Buffer.alloc(3 * w * row.length * h);
    row.forEach((p, j) => {
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        const i = (b.y + Math.floor(y / zoom)) * p.width + b.x + Math.floor(x / zoom);
        for (let c = 0; c < 3; c++) out[3 * (y * w * row.length + j * w + x) + c] = Math.max(0, Math.min(255, Math.round(p.rgb[3 * i + c])));
      }
    });
    return { buf: out, width: w * row.length, height: h };
  }));
  const width = rows[0].width, height = rows.reduce((a, r) => a + r.height + 4, -4);
  await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(rows.map((r, k) => ({ input: r.buf, raw: { width: r.width, height: r.height, channels: 3 as const }, top: rows.slice(0, k).reduce((a, q) => a + q.height + 4, 0), left: 0 })))
    .png().toFile(file);
}

/** The person layer drawn over a plain backdrop: what a camera move shows at the silhouette. */
function over(s: EdgeScene, alpha: Float32Array, colours: Float32Array, backdrop: [number, number, number]): Rgb {
  const rgb = new Float32Array(3 * alpha.length);
  for (let i = 0; i < alpha.length; i++) for (let c = 0; c < 3; c++) rgb[3 * i + c] = alpha[i] * colours[3 * i + c] + (1 - alpha[i]) * backdrop[c];
  return { rgb, width: s.width, height: s.height };
}
const backdrop: [number, number, number] = [40, 70, 60];
const hairy = scenes.map((s, k) => k).filter((k) => scenes[k].alpha.some((a) => a > 0.1 && a < 0.9)).slice(4, 7);
const truthOf = (s: EdgeScene): MatteResult => ({ alpha: s.alpha, colours: s.foreground, sad: 0, mse: 0, bleed: 0 });
await sheet(hairy.map((k) => [truthOf(scenes[k]), today[k], ours[k]].map((r) => over(scenes[k], r.alpha, r.colours, backdrop))),
  (p) => ({ x: Math.round(p.width * 0.15), y: 0, w: Math.round(p.width * 0.7), h: Math.round(p.height * 0.45) }), 2, join(REPO_ROOT, 'docs/matte-crops.png'));
const rgbOf = (s: EdgeScene) => { const o = new Float32Array(3 * s.width * s.height); for (let i = 0; i < o.length / 3; i++) for (let c = 0; c < 3; c++) o[3 * i + c] = s.image[4 * i + c]; return o; };
await sheet([1, 4, 9].map((k) => [rgbOf(scenes[k]), scenes[k].background, smooth[k].rgb, structure[k].rgb, textured[k].rgb].map((rgb) => ({ rgb, width: scenes[k].width, height: scenes[k].height }))),
  (p) => ({ x: 0, y: Math.round(p.height * 0.3), w: p.width, h: Math.round(p.height * 0.5) }), 1, join(REPO_ROOT, 'docs/fill-crops.png'));

// The official portrait: its mask at half size (as a depth map would carry it), the suit's edge over a backdrop.
const photo = await sharp(join(SAMPLES, 'official_portrait.jpg')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
const { width, height } = photo.info;
const mw = Math.round(width / 2), mh = Math.round(height / 2);
const m = await sharp(join(SAMPLES, 'official_portrait_mask.png')).resize(mw, mh, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
const mask = new Float32Array(mw * mh).map((_, i) => m.data[m.info.channels * i + 2] / 255);
const image = { data: new Uint8ClampedArray(photo.data.buffer, photo.data.byteOffset, photo.data.length), width, height };
const c0 = process.cpuUsage();
const matte = refineMatte(image, mask, mw, mh);
const c1 = process.cpuUsage(c0);
const matteMs = (c1.user + c1.system) / 1000;
const cut = threshold(resampleMap(mask, mw, mh, width, height));
const fake = { width, height } as EdgeScene;
const photoRgb = new Float32Array(3 * width * height).map((_, j) => image.data[4 * Math.floor(j / 3) + (j % 3)]);
const matteRgb = new Float32Array(3 * width * height).map((_, j) => matte.foreground.data[4 * Math.floor(j / 3) + (j % 3)]);
await sheet([[over(fake, Float32Array.from(cut), photoRgb, backdrop), over(fake, matte.alpha, matteRgb, backdrop)]],
  () => ({ x: Math.round(width * 0.02), y: Math.round(height * 0.55), w: Math.round(width * 0.3), h: Math.round(height * 0.3) }), 2, join(REPO_ROOT, 'docs/matte-portrait.png'));
const hole = holeFromMatte(matte.alpha, width, height, 3);
const cpuMs: Record<string, number> = {};
const layers: Record<string, Float32Array> = {};
for (const method of ['smooth', 'structure', 'textured'] as const) {
  const c = process.cpuUsage();
  const filled = fillImage(image, hole, undefined, { method }).data;
  const d = process.cpuUsage(c);
  cpuMs[method] = (d.user + d.system) / 1000;
  layers[method] = new Float32Array(3 * width * height).map((_, j) => filled[4 * Math.floor(j / 3) + (j % 3)]);
}
// Today's background layer: the mask's region grown 1 % (10 px), push-pull.
const oldHole = dilate(threshold(resampleMap(Float32Array.from(threshold(mask)), mw, mh, width, height), 0.01), width, height, 10);
const old = fillImage(image, oldHole, undefined, { method: 'smooth' }).data;
const oldRgb = new Float32Array(3 * width * height).map((_, j) => old[4 * Math.floor(j / 3) + (j % 3)]);
await sheet([[oldRgb, layers.smooth, layers.structure, layers.textured].map((rgb) => ({ rgb, width, height }))],
  () => ({ x: Math.round(width * 0.1), y: Math.round(height * 0.05), w: Math.round(width * 0.45), h: Math.round(height * 0.45) }), 1, join(REPO_ROOT, 'docs/fill-portrait.png'));
console.log(`\nofficial_portrait.jpg (${width}×${height}), CPU time on one thread: refineMatte ${matteMs.toFixed(0)} ms; fill push-pull ${cpuMs.smooth.toFixed(0)} ms, structure ${cpuMs.structure.toFixed(0)} ms, textured ${cpuMs.textured.toFixed(0)} ms`);
