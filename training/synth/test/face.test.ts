// The evaluation fields of a sample: its framing bucket, the face-region mask (face.png) and the face landmarks
// (nose tip, cheekbones, chin, ears), checked on rendered held-out and frontal samples.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { generate } from '../src/dataset/generate.ts';
import { sampleStem, DEPTH_SCALE } from '../src/dataset/format.ts';
import { resolveAssetsRoot } from '../src/assets/files.ts';
import { Library } from '../src/model/library.ts';
import { scratchDir } from '../../../test-support/temp.ts';

const W = 192;
const H = 256;
const COUNT = 8;
const NAMES = ['noseTip', 'leftCheek', 'rightCheek', 'chin', 'leftEar', 'rightEar'];
type Mark = [number, number, number];
interface Sample {
  framing: string;
  distanceM: number;
  landmarks: Record<string, Mark>;
  landmarksVisible: Record<string, boolean>;
}
/** Held-out, random views; frontal views. */
let held = '';
let front = '';

before(async () => {
  held = scratchDir('synth-held-');
  front = scratchDir('synth-front-');
  const base = { count: COUNT, width: W, height: H, samplesPerShard: 100, viewsPerIdentity: 4, renderer: 'cpu' as const, workers: 1, heldObjects: 0, foldedArms: 0 };
  await generate({ ...base, out: held, seed: 1001, holdout: true, frontal: false });
  await generate({ ...base, out: front, seed: 3, holdout: false, frontal: true });
}, { timeout: 240_000 });

const json = (dir: string, i: number): Sample => JSON.parse(readFileSync(`${sampleStem(dir, i, 100)}.json`, 'utf8'));

async function gray(file: string): Promise<Uint8Array> {
  const { data, info } = await sharp(file).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [W, H]);
  return data;
}

async function depth(stem: string): Promise<Uint16Array> {
  const { data } = await sharp(`${stem}.depth.png`).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  return new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
}

test('held-out sets cycle through the four framings, at their distances', async () => {
  const framings = Array.from({ length: COUNT }, (_, i) => json(held, i).framing);
  assert.deepEqual(framings, ['selfie', 'head-shoulders', 'half', 'full', 'selfie', 'head-shoulders', 'half', 'full']);
  for (let i = 0; i < COUNT; i++) {
    const s = json(held, i);
    if (s.framing === 'selfie') assert.ok(s.distanceM >= 0.25 && s.distanceM <= 0.45, `selfie ${i} at ${s.distanceM} m`);
    if (s.framing === 'full') assert.ok(s.distanceM > 1.2, `full body ${i} at ${s.distanceM} m`);
  }
  // The same person (4 views each) fills far more of the frame with face in a selfie than in a full-body view.
  const faceShare = async (i: number): Promise<number> => {
    const m = await gray(`${sampleStem(held, i, 100)}.mask.png`);
    const f = await gray(`${sampleStem(held, i, 100)}.face.png`);
    const area = (a: Uint8Array): number => a.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
    return area(f) / Math.max(1, area(m));
  };
  for (const person of [0, 4]) {
    const [selfie, full] = [await faceShare(person), await faceShare(person + 3)];
    assert.ok(selfie > 3 * full, `person ${person / 4}: face is ${selfie} of the person in the selfie, ${full} in full body`);
  }
});

test('the face mask is binary, non-empty and lies inside the person mask', async () => {
  for (const dir of [held, front]) for (let i = 0; i < COUNT; i++) {
    const stem = sampleStem(dir, i, 100);
    const [m, f] = [await gray(`${stem}.mask.png`), await gray(`${stem}.face.png`)];
    let face = 0;
    for (let p = 0; p < m.length; p++) {
      assert.ok(f[p] === 0 || f[p] === 255, `face value ${f[p]}`);
      if (f[p]) {
        face++;
        assert.equal(m[p], 255, `${stem}: face pixel ${p} outside the person`);
      }
    }
    assert.ok(face > 0, `${stem}: empty face mask`);
  }
});

test('frontal views: landmarks inside the image, on the face mask, nose nearer than cheeks, cheeks nearer than ears', async () => {
  for (let i = 0; i < COUNT; i++) {
    const stem = sampleStem(front, i, 100);
    const s = json(front, i);
    assert.deepEqual(Object.keys(s.landmarks).sort(), [...NAMES].sort());
    const f = await gray(`${stem}.face.png`);
    const d = await depth(stem);
    for (const [name, [x, y, z]] of Object.entries(s.landmarks)) {
      assert.ok(x >= 0 && x < W && y >= 0 && y < H, `${stem}: ${name} at ${x}, ${y} is outside the image`);
      assert.ok(z > 0.2 && z < 3, `${stem}: ${name} at ${z} m`);
      if (s.landmarksVisible[name]) assert.ok(Math.abs(d[Math.floor(y) * W + Math.floor(x)] / DEPTH_SCALE - z) < 0.01);
    }
    const { noseTip, leftCheek, rightCheek, chin, leftEar, rightEar } = s.landmarks;
    for (const name of ['noseTip', 'leftCheek', 'rightCheek', 'chin']) {
      assert.ok(s.landmarksVisible[name], `${stem}: ${name} hidden in a frontal view`);
      const [x, y] = s.landmarks[name];
      assert.equal(f[Math.floor(y) * W + Math.floor(x)], 255, `${stem}: ${name} is not on the face mask`);
    }
    for (const cheek of [leftCheek, rightCheek]) {
      assert.ok(cheek[2] > noseTip[2] + 0.01, `${stem}: cheek ${cheek[2]} m not behind the nose ${noseTip[2]} m`);
      for (const ear of [leftEar, rightEar]) assert.ok(ear[2] > cheek[2] + 0.02, `${stem}: ear ${ear[2]} m not behind the cheek ${cheek[2]} m`);
    }
    assert.ok(chin[1] > noseTip[1] + 5, `${stem}: chin row ${chin[1]} not below the nose row ${noseTip[1]}`);
    // The person's left is the image's right in a frontal view.
    assert.ok(leftEar[0] > noseTip[0] && rightEar[0] < noseTip[0] && leftCheek[0] > rightCheek[0]);
  }
});

test('the face region of the base mesh holds the face landmarks but not the ears, skull top or neck', () => {
  const lib = new Library(resolveAssetsRoot());
  const { region, landmarks } = lib.face();
  const p = lib.base.positions;
  for (const name of ['noseTip', 'leftCheek', 'rightCheek', 'chin']) assert.equal(region[landmarks[name]], 1, name);
  for (const name of ['leftEar', 'rightEar']) assert.equal(region[landmarks[name]], 0, name);
  let top = 0;
  let neck = 0;
  for (let v = 0; v < region.length; v++) {
    if (p[3 * v + 1] > p[3 * landmarks.noseTip + 1] + 1.5) top += region[v];
    if (p[3 * v + 1] < p[3 * landmarks.chin + 1] - 0.5) neck += region[v];
  }
  assert.equal(top, 0, 'face vertices on top of the skull');
  assert.equal(neck, 0, 'face vertices on the neck');
});
