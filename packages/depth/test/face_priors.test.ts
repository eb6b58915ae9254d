import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, type DepthEstimator, type DepthMap } from '@relief/depth';
import { depthFixturePath, sample } from './fixtures.ts';

const CONFIG = { minDepth: 0, maxDepth: 1 };

async function values(map: DepthMap): Promise<Float32Array> {
  return map.toFloat32Array();
}

/** Mean depth value in a small disc around (x, y). */
function around(v: Float32Array, width: number, x: number, y: number, r = 2): number {
  let sum = 0, n = 0;
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
    sum += v[Math.round(y + dy) * width + Math.round(x + dx)]!;
    n++;
  }
  return sum / n;
}

describe('face priors', () => {
  let estimator: DepthEstimator;
  before(async () => {
    await tf.setBackend('wasm');
    estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  });
  after(() => estimator.dispose());

  it('find the face in a portrait: 468 landmarks on it, a frontal pose and a plausible distance', async () => {
    const map = (await estimator.estimateDepth(sample('official_portrait.jpg'), CONFIG))!;
    assert.equal(map.faces.length, 1);
    const face = map.faces[0]!;
    assert.equal(face.landmarks.length, 468);
    // The face in official_portrait.jpg spans about x 300–510, y 100–360 (looked up by eye).
    assert.ok(face.box.x > 280 && face.box.x + face.box.width < 530, `box x ${face.box.x}+${face.box.width}`);
    assert.ok(face.box.y > 60 && face.box.y + face.box.height < 380, `box y ${face.box.y}+${face.box.height}`);
    assert.ok(Math.abs(face.pose.yaw) < 15 && Math.abs(face.pose.roll) < 10, JSON.stringify(face.pose));
    assert.ok(face.score > 0.9 && face.priorWeight === 1);
    assert.ok(face.distance.metres > 0.5 && face.distance.metres < 3, `distance ${face.distance.metres}`);
    assert.equal(face.distance.relativeError, 0.5, 'no focal length given: the distance is only roughly known');
    map.dispose();
  });

  it('give the face relief the network alone does not: nose tip nearer than cheeks and eyes', async () => {
    const withPriors = (await estimator.estimateDepth(sample('official_portrait.jpg'), CONFIG))!;
    const without = (await estimator.estimateDepth(sample('official_portrait.jpg'), { ...CONFIG, priors: false }))!;
    const [a, b] = [await values(withPriors), await values(without)];
    const lm = withPriors.faces[0]!.landmarks;
    const w = withPriors.width;
    // MediaPipe indices: 1 nose tip, 205/425 cheeks, 159/386 upper eyelids.
    const relief = (v: Float32Array, other: number) => around(v, w, lm[other]![0], lm[other]![1]) - around(v, w, lm[1]![0], lm[1]![1]);
    for (const other of [205, 425, 159, 386]) {
      assert.ok(relief(a, other) > 0, `landmark ${other} lies behind the nose tip with priors (${relief(a, other)})`);
      assert.ok(relief(a, other) > relief(b, other), `more relief with priors at ${other}: ${relief(a, other)} vs ${relief(b, other)}`);
    }
    assert.equal(without.faces.length, 0, 'priors: false finds no faces');
    withPriors.dispose();
    without.dispose();
  });

  it('leave pixels away from the head and all background exactly as the network made them', async () => {
    const a = (await estimator.estimateDepth(sample('astronaut.png'), CONFIG))!;
    const b = (await estimator.estimateDepth(sample('astronaut.png'), { ...CONFIG, priors: false }))!;
    const [va, vb] = [await values(a), await values(b)];
    const box = a.faces[0]!.box;
    let changedOutside = 0, changedInside = 0;
    for (let y = 0; y < a.height; y++) for (let x = 0; x < a.width; x++) {
      const k = y * a.width + x;
      // The head prior reaches past the face mesh: the skull above it, the jaw and ears beside and below.
      const near = x > box.x - 0.6 * box.width && x < box.x + 1.6 * box.width && y > box.y - box.height && y < box.y + 1.3 * box.height;
      if (va[k] !== vb[k]) near ? changedInside++ : changedOutside++;
      if (vb[k] === 0) assert.equal(va[k], 0, 'background stays 0');
    }
    assert.equal(changedOutside, 0);
    assert.ok(changedInside > 1000, `the head changed (${changedInside} pixels)`);
    a.dispose();
    b.dispose();
  });

  it('follow the mirror with flipHorizontal', async () => {
    const map = (await estimator.estimateDepth(sample('official_portrait.jpg'), { ...CONFIG, flipHorizontal: true }))!;
    const plain = (await estimator.estimateDepth(sample('official_portrait.jpg'), CONFIG))!;
    const nose = map.faces[0]!.landmarks[1]!;
    const plainNose = plain.faces[0]!.landmarks[1]!;
    assert.ok(Math.abs(nose[0] - (map.width - plainNose[0])) < 6, `mirrored nose x ${nose[0]} vs ${map.width - plainNose[0]}`);
    map.dispose();
    plain.dispose();
  });

  it('find several faces', async () => {
    // Two head-and-shoulder crops side by side.
    const left = await sharp(sample('official_portrait.jpg')).extract({ left: 230, top: 40, width: 350, height: 420 }).resize(320, 384).toBuffer();
    const right = await sharp(sample('astronaut.png')).extract({ left: 120, top: 20, width: 220, height: 264 }).resize(320, 384).toBuffer();
    const both = await sharp({ create: { width: 640, height: 384, channels: 3, background: '#808080' } })
      .composite([{ input: left, left: 0, top: 0 }, { input: right, left: 320, top: 0 }]).png().toBuffer();
    const map = (await estimator.estimateDepth(both, CONFIG))!;
    const xs = map.faces.map((f) => f.box.x + f.box.width / 2).sort((p, q) => p - q);
    assert.equal(xs.length, 2);
    assert.ok(xs[0]! < 320 && xs[1]! > 320, `one face on each side: ${xs}`);
    map.dispose();
  });

  it('degrade to the network alone when there is no usable face: none, or too small to matter', async () => {
    const noFace = await sharp({ create: { width: 256, height: 320, channels: 3, background: '#4070a0' } }).png().toBuffer();
    const tiny = await sharp(sample('official_portrait.jpg')).resize(72, 90).png().toBuffer();
    for (const [name, bytes] of [['no face', noFace], ['tiny face', tiny]] as const) {
      const a = (await estimator.estimateDepth(bytes, CONFIG))!;
      const b = (await estimator.estimateDepth(bytes, { ...CONFIG, priors: false }))!;
      assert.ok(a.faces.every((f) => f.priorWeight === 0), name);
      assert.deepEqual(await values(a), await values(b), `${name}: identical to priors off`);
      assert.equal(await a.toMetres(), null, `${name}: no metric scale without a face`);
      a.dispose();
      b.dispose();
    }
  });

  it('track a face across frames and forget it on reset(), with no tensor leak', async () => {
    const image = sample('astronaut.png');
    const first = (await estimator.estimateDepth(image, { ...CONFIG, tracking: true }))!;
    const before = tf.memory().numTensors;
    const second = (await estimator.estimateDepth(image, { ...CONFIG, tracking: true }))!;
    second.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
    const a = first.faces[0]!.landmarks[1]!;
    const third = (await estimator.estimateDepth(image, { ...CONFIG, tracking: true }))!;
    const b = third.faces[0]!.landmarks[1]!;
    assert.ok(Math.hypot(a[0] - b[0], a[1] - b[1]) < 4, `tracked nose within 4 px: ${a} vs ${b}`);
    estimator.reset();
    first.dispose();
    third.dispose();
  });

  it('give metric depth: the face at its stated distance, the rest in proportion', async () => {
    const map = (await estimator.estimateDepth(sample('official_portrait.jpg'), { ...CONFIG, focalLength35mm: 85 }))!;
    const metric = (await map.toMetres())!;
    assert.equal(metric.relativeError, 0.1);
    const face = map.faces[0]!;
    const nose = face.landmarks[1]!;
    const atNose = metric.data[Math.round(nose[1]) * metric.width + Math.round(nose[0])]!;
    assert.ok(Math.abs(atNose - face.distance.metres) < 0.15 * face.distance.metres, `nose ${atNose} m, face ${face.distance.metres} m`);
    assert.ok(Number.isNaN(metric.data[0]!), 'background has no metric depth');
    // A longer lens means the same face is farther away.
    const wide = (await estimator.estimateDepth(sample('official_portrait.jpg'), { ...CONFIG, focalLength35mm: 28 }))!;
    assert.ok(Math.abs(face.distance.metres / wide.faces[0]!.distance.metres - 85 / 28) < 0.01);
    map.dispose();
    wide.dispose();
  });

  it('measure the camera distance of a render whose distance is known', async () => {
    // Held-out render (training/synth, CC0 assets), half-body, 25.6 mm-equivalent lens; its JSON says the camera is
    // 0.717 m from the face centre and the nose tip (column 158.5, row 111.4) is 0.617 m away.
    const render = readFileSync(new URL('./fixtures/half-body-render.png', import.meta.url));
    const map = (await estimator.estimateDepth(render, { ...CONFIG, focalLength35mm: 25.6 }))!;
    const face = map.faces[0]!;
    assert.ok(Math.abs(face.distance.metres / 0.717 - 1) < 0.1, `distance ${face.distance.metres} m vs 0.717 m`);
    const metric = (await map.toMetres())!;
    const nose = metric.data[111 * metric.width + 158]!;
    assert.ok(Math.abs(nose / 0.617 - 1) < 0.2, `nose ${nose} m vs 0.617 m`);
    map.dispose();
  });

  it('find a head tilted far back, seen from below (a selfie), whose detector crop gives no mesh', async () => {
    // Held-out render (training/synth, CC0 assets): a selfie at 0.33 m, the head pitched 31° back. BlazeFace finds the
    // face, but the mesh on its crop scores 0.01; a larger crop turned by 20° finds it (RETRY_CROPS).
    const render = readFileSync(new URL('./fixtures/selfie-from-below-render.jpg', import.meta.url));
    const map = (await estimator.estimateDepth(render, CONFIG))!;
    assert.equal(map.faces.length, 1);
    const face = map.faces[0]!;
    assert.ok(face.priorWeight > 0.5, `prior weight ${face.priorWeight}`);
    assert.ok(face.pose.pitch < -20, `pitch ${face.pose.pitch}: the head is tilted back`);
    // The chin (lowest landmark 152) lies below the nose tip (1) in the image, as in any upright face.
    assert.ok(face.landmarks[152]![1] > face.landmarks[1]![1]);
    map.dispose();
  });

  it('read the focal length from a photo\'s EXIF when the caller gives none', async () => {
    const tagged = await sharp(sample('official_portrait.jpg')).withExif({ IFD2: { FocalLengthIn35mmFilm: '85' } }).jpeg().toBuffer();
    const fromExif = (await estimator.estimateDepth(tagged, CONFIG))!;
    const stated = (await estimator.estimateDepth(tagged, { ...CONFIG, focalLength35mm: 85 }))!;
    const plain = (await estimator.estimateDepth(await sharp(tagged).jpeg().toBuffer(), CONFIG))!;
    assert.equal(fromExif.config.focalLength35mm, 85);
    assert.equal(fromExif.faces[0]!.distance.relativeError, 0.1, 'EXIF states the focal length');
    assert.ok(Math.abs(fromExif.faces[0]!.distance.metres - stated.faces[0]!.distance.metres) < 1e-9);
    assert.equal(plain.config.focalLength35mm, 28, 'no EXIF: the stated default');
    assert.ok(Math.abs(fromExif.faces[0]!.distance.metres / plain.faces[0]!.distance.metres - 85 / 28) < 0.02);
    for (const m of [fromExif, stated, plain]) m.dispose();
  });

  it('are off by default for your own depth model, and on when asked', async () => {
    const own = await createEstimator(SupportedModels.ARPortraitDepth, { depthModelUrl: depthFixturePath() });
    const off = (await own.estimateDepth(sample('astronaut.png'), CONFIG))!;
    const on = (await own.estimateDepth(sample('astronaut.png'), { ...CONFIG, priors: true }))!;
    assert.equal(off.faces.length, 0);
    assert.equal(on.faces.length, 1);
    off.dispose();
    on.dispose();
    own.dispose();
  });

  it('can be off by default from the start, without loading their models, and still be asked for', async () => {
    const off = await createEstimator(SupportedModels.ARPortraitDepth, { priors: false, faceMeshModelUrl: '/nonexistent/facemesh.json' });
    const plain = (await off.estimateDepth(sample('astronaut.png'), CONFIG))!;
    assert.equal(plain.faces.length, 0);
    assert.deepEqual(plain.config.priors, { face: false, body: false });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      // The broken face mesh is only loaded now, when a call asks for the priors.
      assert.equal(warnings.length, 0);
      const asked = (await off.estimateDepth(sample('astronaut.png'), { ...CONFIG, priors: { body: false } }))!;
      assert.equal(asked.faces.length, 0);
      assert.match(warnings[0] ?? '', /priors are off.*face mesh model/);
      asked.dispose();
    } finally {
      console.warn = warn;
    }
    plain.dispose();
    off.dispose();
    await assert.rejects(createEstimator(SupportedModels.ARPortraitDepth, { priors: 'no' as never }), /modelConfig.priors must be true or false, got string/);
  });

  it('never make estimateDepth fail: a face model that does not load leaves the network output', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      const broken = await createEstimator(SupportedModels.ARPortraitDepth, { faceMeshModelUrl: '/nonexistent/facemesh.json' });
      const a = (await broken.estimateDepth(sample('astronaut.png'), CONFIG))!;
      const b = (await estimator.estimateDepth(sample('astronaut.png'), { ...CONFIG, priors: { face: false } }))!;
      assert.equal(a.faces.length, 0);
      assert.deepEqual(await values(a), await values(b), 'the face prior is off; the rest as usual');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /priors are off.*face mesh model/);
      a.dispose();
      b.dispose();
      broken.dispose();
    } finally {
      console.warn = warn;
    }
  });

  it('can be chosen one by one, and a choice that is not one is refused', async () => {
    const both = (await estimator.estimateDepth(sample('official_portrait.jpg'), CONFIG))!;
    const bodyOnly = (await estimator.estimateDepth(sample('official_portrait.jpg'), { ...CONFIG, priors: { face: false } }))!;
    assert.deepEqual(both.config.priors, { face: true, body: true });
    assert.deepEqual(bodyOnly.config.priors, { face: false, body: true });
    assert.equal(bodyOnly.faces.length, 0);
    assert.equal(both.faces.length, 1);
    both.dispose();
    bodyOnly.dispose();
    await assert.rejects(estimator.estimateDepth(sample('astronaut.png'), { ...CONFIG, priors: { hands: true } as never }),
      /priors must be true, false or \{ face\?: boolean, body\?: boolean \}/);
  });

  it('reject a focal length that is not one', async () => {
    await assert.rejects(estimator.estimateDepth(sample('astronaut.png'), { ...CONFIG, focalLength35mm: -3 }),
      /focalLength35mm must be a 35 mm-equivalent focal length in mm between 5 and 2000/);
    await assert.rejects(estimator.estimateDepth(sample('astronaut.png'), { ...CONFIG, priors: 'yes' as unknown as boolean }),
      /priors must be true, false or \{ face\?: boolean, body\?: boolean \}, got "yes"/);
  });
});
