// Soft edges and the textured fill, measured where the truth is known (test/edges: synthetic people over HDR crops).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeScene } from './edges/scenes.ts';
import { renderPeople, scenesFrom } from './edges/synth-scenes.ts';
import { fillScene, matteHole, matteRefined, matteToday, sceneHole, scoreBackgroundLayer } from './edges/evaluate.ts';
import { fillImage } from '../src/fill/fill-image.ts';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Eight synthetic people (seed `seed`) over HDR crops, rendered into a temp folder that is gone once they are loaded. */
async function renderedScenes(seed: number): Promise<EdgeScene[]> {
  const dir = mkdtempSync(join(tmpdir(), 'relief-edges-'));
  try {
    renderPeople(dir, 8, seed);
    return await scenesFrom(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the refined matte beats the cut mask by ≥ 30 % on SAD, MSE and colour bleed in the edge band; its hole improves the background layer', async () => {
  const scenes = await renderedScenes(7);
  assert.equal(scenes.length, 8);
  const today = scenes.map(matteToday);
  const ours = scenes.map(matteRefined);
  const report = (k: 'sad' | 'mse' | 'bleed') => ({ today: mean(today.map((r) => r[k])), ours: mean(ours.map((r) => r[k])) });
  for (const k of ['sad', 'mse', 'bleed'] as const) {
    const { today: t, ours: o } = report(k);
    console.log(`# ${k}: today ${t.toFixed(4)}, refined ${o.toFixed(4)} (${(100 * (1 - o / t)).toFixed(0)} % lower)`);
    assert.ok(o <= 0.7 * t, `${k}: refined ${o} vs today ${t}`);
  }
  // The matte is fractional somewhere (hair, anti-aliased outline), not a second binary cut.
  assert.ok(ours.some((r) => r.alpha.some((a) => a > 0.1 && a < 0.9)));
  // The background layer as buildLayers makes it: the matte's tighter hole leaves the background beside the person
  // its own pixels, so what a camera move shows there is closer to the truth (same push-pull fill).
  const before = scenes.map((sc) => scoreBackgroundLayer(sc, sceneHole(sc), 'smooth'));
  const after = scenes.map((sc, k) => scoreBackgroundLayer(sc, matteHole(sc, ours[k]), 'smooth'));
  const [maeBefore, maeAfter] = [mean(before.map((r) => r.mae)), mean(after.map((r) => r.mae))];
  const [ssimBefore, ssimAfter] = [mean(before.map((r) => r.ssim)), mean(after.map((r) => r.ssim))];
  console.log(`# background layer: MAE ${maeBefore.toFixed(2)} → ${maeAfter.toFixed(2)}, SSIM ${ssimBefore.toFixed(3)} → ${ssimAfter.toFixed(3)}`);
  assert.ok(maeAfter <= 0.85 * maeBefore && ssimAfter > ssimBefore);
});

test('on held-out renders the default structure fill beats push-pull in the revealed band (MAE ≥ 10 % lower, higher SSIM), and the background layer as built beats today\'s by ≥ 30 % on MAE', async () => {
  // Seed 23: the fill's settings were tuned on seed 7's renders, so these are people and backgrounds it never saw.
  const scenes = await renderedScenes(23);
  const smooth = scenes.map((sc) => fillScene(sc, 'smooth'));
  const structure = scenes.map((sc) => fillScene(sc, 'structure'));
  const [maeSmooth, maeStructure] = [mean(smooth.map((r) => r.mae)), mean(structure.map((r) => r.mae))];
  const [ssimSmooth, ssimStructure] = [mean(smooth.map((r) => r.ssim)), mean(structure.map((r) => r.ssim))];
  console.log(`# revealed band: MAE ${maeSmooth.toFixed(2)} → ${maeStructure.toFixed(2)}, SSIM ${ssimSmooth.toFixed(3)} → ${ssimStructure.toFixed(3)}`);
  assert.ok(maeStructure <= 0.9 * maeSmooth, `MAE: structure ${maeStructure} vs push-pull ${maeSmooth}`);
  assert.ok(ssimStructure >= 1.01 * ssimSmooth, `SSIM: structure ${ssimStructure} vs push-pull ${ssimSmooth}`);
  // Not a mean carried by a few scenes: most people's backgrounds are closer to the truth.
  assert.ok(structure.filter((r, k) => r.mae < smooth[k].mae).length >= 6);
  // The background layer as buildLayers now makes it (matte hole + structure fill) against today's (mask hole +
  // push-pull), in the ring a camera move shows: the ≥ 30 % bar on MAE.
  const today = scenes.map((sc) => scoreBackgroundLayer(sc, sceneHole(sc), 'smooth'));
  const built = scenes.map((sc) => scoreBackgroundLayer(sc, matteHole(sc, matteRefined(sc)), 'structure'));
  const [maeToday, maeBuilt] = [mean(today.map((r) => r.mae)), mean(built.map((r) => r.mae))];
  const [ssimToday, ssimBuilt] = [mean(today.map((r) => r.ssim)), mean(built.map((r) => r.ssim))];
  console.log(`# background layer, today → matte hole + structure: MAE ${maeToday.toFixed(2)} → ${maeBuilt.toFixed(2)}, SSIM ${ssimToday.toFixed(3)} → ${ssimBuilt.toFixed(3)}`);
  assert.ok(maeBuilt <= 0.7 * maeToday && ssimBuilt > ssimToday, `background layer MAE ${maeBuilt} vs ${maeToday}`);
});

/** A 160×120 picture drawn by `colour(x, y)` with a disc-shaped hole of radius 24 in the middle, painted magenta. */
function discScene(colour: (x: number, y: number) => [number, number, number]) {
  const width = 160, height = 120, n = width * height;
  const data = new Uint8ClampedArray(4 * n);
  const hole = new Uint8Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      data.set([...colour(x, y), 255], 4 * i);
      hole[i] = Math.hypot(x - 80, y - 60) < 24 ? 1 : 0;
    }
  }
  const truth = data.slice();
  for (let i = 0; i < n; i++) if (hole[i]) data.set([255, 0, 255], 4 * i);
  const error = (method: 'structure' | 'textured' | 'smooth') => {
    const out = fillImage({ data, width, height }, hole, undefined, { method, revealDepth: 1 }).data;
    let sum = 0, count = 0;
    for (let i = 0; i < n; i++) if (hole[i]) for (let c = 0; c < 3; c++) { sum += Math.abs(out[4 * i + c] - truth[4 * i + c]); count++; }
    return sum / count;
  };
  return { width, height, data, hole, error };
}

test('the structure fill carries a slanted edge across the hole where push-pull blurs it', () => {
  // Dark below a line rising at 20°, light above: the edge runs through the hole.
  const { error } = discScene((x, y) => (y > 60 + Math.tan(Math.PI / 9) * (80 - x) ? [40, 50, 70] : [210, 200, 170]));
  const smooth = error('smooth'), structure = error('structure');
  console.log(`# slanted edge MAE: push-pull ${smooth.toFixed(1)}, structure ${structure.toFixed(1)}`);
  assert.ok(structure < 0.6 * smooth, `structure ${structure} vs push-pull ${smooth}`);
});

test('the structure fill takes no colour from excluded pixels and keeps theirs', () => {
  const width = 64, height = 48, n = width * height;
  const data = new Uint8ClampedArray(4 * n);
  const hole = new Uint8Array(n), exclude = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = i % width;
    hole[i] = x >= 24 && x < 40 ? 1 : 0;
    exclude[i] = x >= 40 && x < 48 ? 1 : 0;
    data.set(exclude[i] ? [250, 0, 0, 255] : [60, 120, 180, 255], 4 * i);
  }
  const out = fillImage({ data, width, height }, hole, exclude, { method: 'structure', revealDepth: 1 }).data;
  for (let i = 0; i < n; i++) {
    if (hole[i]) assert.ok(out[4 * i] < 70, `hole pixel ${i} took red ${out[4 * i]} from the excluded occluder`);
    if (exclude[i]) assert.equal(out[4 * i], 250);
  }
});

test('the textured fill continues a texture into the hole where push-pull smears it', () => {
  // Vertical stripes, 8 px per colour.
  const { error } = discScene((x) => ((x >> 3) % 2 === 1 ? [220, 180, 60] : [40, 60, 140]));
  const smooth = error('smooth');
  const textured = error('textured');
  console.log(`# stripes MAE: push-pull ${smooth.toFixed(1)}, textured ${textured.toFixed(1)}`);
  assert.ok(textured < 0.5 * smooth, `textured ${textured} vs push-pull ${smooth}`);
});

test('fill input errors name the problem', () => {
  const image = { data: new Uint8ClampedArray(4 * 16), width: 4, height: 4 };
  assert.throws(() => fillImage(image, new Uint8Array(3)), /need 4×4 = 16 values, got 3/);
  assert.throws(() => fillImage(image, new Uint8Array(16), undefined, { revealDepth: -1 }), /revealDepth must be a fraction/);
  assert.throws(() => fillImage(image, new Uint8Array(16), undefined, { method: 'patch' as 'smooth' }), /Unknown fill method 'patch': use 'structure'/);
});
