// Folded arms (issue 12): the humerus' inward turn brings the forearm across the body; with the knob on, samples
// show crossed, raised or single folded arms in front of the body (nearer than it) and keep their person, camera
// and light; with the knob at 0 every sample is what the renderer drew before (train-v4 and the held-out sets).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as THREE from 'three';
import sharp from 'sharp';
import { generate, type GenerateOptions } from '../src/dataset/generate.ts';
import { sampleStem } from '../src/dataset/format.ts';
import { FOLDED_POSES, sampleFoldedArms } from '../src/model/foldedArms.ts';
import type { ViewParams } from '../src/model/view.ts';
import type { IdentityMeta } from '../src/render/protocol.ts';
import { buildSkeleton, pose } from '../src/render/rig.ts';
import { Rng } from '../src/random.ts';
import { scratchDir } from '../../../test-support/temp.ts';

const W = 192;
const H = 256;
const COUNT = 6;
const opts = (out: string, foldedArms: number, heldObjects = 0, seed = 9): GenerateOptions => ({
  out, count: COUNT, seed, width: W, height: H, holdout: false, frontal: false,
  samplesPerShard: 100, viewsPerIdentity: 2, renderer: 'cpu', workers: 2, heldObjects, foldedArms,
});
let on = '';
let off = '';

before(async () => {
  on = scratchDir('synth-folded-on-');
  off = scratchDir('synth-folded-off-');
  await generate(opts(on, 1));
  await generate(opts(off, 0));
}, { timeout: 240_000 });

const json = (dir: string, i: number) => JSON.parse(readFileSync(`${sampleStem(dir, i, 100)}.json`, 'utf8'));

async function depth(dir: string, i: number): Promise<Uint16Array> {
  const { data } = await sharp(`${sampleStem(dir, i, 100)}.depth.png`).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  return new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
}

/** A toy rig: spine, and per side clavicle → upper arm → forearm → wrist, arms in MakeHuman's A-pose. */
function toyRig() {
  const names = ['root', 'spine03'];
  const parents = [-1, 0];
  const heads = [0, 0, 0, 0, 1.2, 0];
  for (const [side, s] of [['L', 1], ['R', -1]] as const) {
    const base = names.length;
    names.push(`clavicle.${side}`, `upperarm01.${side}`, `lowerarm01.${side}`, `wrist.${side}`);
    parents.push(1, base, base + 1, base + 2);
    heads.push(0.03 * s, 1.4, 0, 0.18 * s, 1.42, -0.02, 0.38 * s, 1.22, -0.02, 0.55 * s, 1.05, -0.02);
  }
  const meta = { parts: [], landmarks: {}, bones: { names, parents } } as unknown as IdentityMeta;
  return buildSkeleton(meta, Float32Array.from(heads));
}

const posed = (arms: Partial<ViewParams>) => {
  const s = toyRig();
  pose(s, { headYawDeg: 0, headPitchDeg: 0, headRollDeg: 0, shoulderDeg: [0, 0], armsDownDeg: [40, 40], armsForwardDeg: [28, 28], elbowDeg: [60, 60], ...arms } as ViewParams);
  const at = (name: string) => s.byName.get(name)!.getWorldPosition(new THREE.Vector3());
  return { wristL: at('wrist.L'), wristR: at('wrist.R'), elbowL: at('lowerarm01.L'), elbowR: at('lowerarm01.R'), bones: s.bones };
};

test('turning the humerus inwards swings the bent forearm across the body, on both sides; no turn changes nothing', () => {
  const straight = posed({});
  const folded = posed({ armsTwistDeg: [80, 80] });
  // Untwisted, the forearm points forward from the elbow; turned in, the hand moves towards the midline and stays in front.
  assert.ok(Math.abs(straight.wristL.x - straight.elbowL.x) < 0.03, `untwisted left forearm drifts sideways: ${straight.wristL.x} vs elbow ${straight.elbowL.x}`);
  assert.ok(folded.wristL.x < folded.elbowL.x - 0.12, `left hand at x ${folded.wristL.x.toFixed(3)}, elbow at ${folded.elbowL.x.toFixed(3)}`);
  assert.ok(folded.wristR.x > folded.elbowR.x + 0.12, `right hand at x ${folded.wristR.x.toFixed(3)}, elbow at ${folded.elbowR.x.toFixed(3)}`);
  assert.ok(folded.wristL.z > folded.elbowL.z && folded.wristR.z > folded.elbowR.z, 'the hands stay in front of the elbows');
  // The two sides mirror each other.
  assert.ok(Math.abs(folded.wristL.x + folded.wristR.x) < 1e-6 && Math.abs(folded.wristL.z - folded.wristR.z) < 1e-6);
  // Sets drawn before folded arms have no twist field: the same bones as a zero twist.
  const zero = posed({ armsTwistDeg: [0, 0] });
  straight.bones.forEach((b, k) => assert.ok(b.quaternion.equals(zero.bones[k].quaternion), `${b.name} differs`));
});

test('the folded poses are drawn in their stated shares and ranges; a selfie\'s phone arm is left holding the phone', () => {
  const counts = Object.fromEntries(FOLDED_POSES.map((p) => [p, 0])) as Record<string, number>;
  const hanging = { armsDownDeg: [45, 45] as [number, number], armsForwardDeg: [5, 5] as [number, number], elbowDeg: [10, 10] as [number, number] };
  const N = 3000;
  for (let k = 0; k < N; k++) {
    const { pose: p, arms } = sampleFoldedArms(Rng.stream(1, 'test', k), 'half', hanging);
    counts[p]++;
    const folded = [0, 1].filter((i) => arms.armsTwistDeg[i] > 0);
    assert.equal(folded.length, p === 'one-across' ? 1 : 2, `${p}: ${arms.armsTwistDeg}`);
    for (const i of folded) {
      assert.ok(arms.armsTwistDeg[i] >= 25 && arms.armsTwistDeg[i] <= 95, `twist ${arms.armsTwistDeg[i]}`);
      assert.ok(arms.elbowDeg[i] >= 45 && arms.elbowDeg[i] <= 135, `elbow ${arms.elbowDeg[i]}`);
      assert.ok(arms.armsForwardDeg[i] >= 5 && arms.armsForwardDeg[i] <= 70, `forward ${arms.armsForwardDeg[i]}`);
    }
    for (const i of [0, 1].filter((j) => !folded.includes(j))) assert.equal(arms.elbowDeg[i], 10, 'the other arm keeps its pose');
  }
  assert.ok(Math.abs(counts.crossed / N - 0.5) < 0.04 && Math.abs(counts.chin / N - 0.2) < 0.03 && Math.abs(counts['one-across'] / N - 0.3) < 0.04, JSON.stringify(counts));
  const selfie = { armsDownDeg: [25, 45] as [number, number], armsForwardDeg: [70, 5] as [number, number], elbowDeg: [30, 10] as [number, number] };
  for (let k = 0; k < 200; k++) {
    const { pose: p, arms } = sampleFoldedArms(Rng.stream(2, 'test', k), 'selfie', selfie);
    assert.equal(p, 'one-across');
    assert.deepEqual([arms.armsDownDeg[0], arms.armsForwardDeg[0], arms.elbowDeg[0], arms.armsTwistDeg[0]], [25, 70, 30, 0]);
    assert.ok(arms.armsTwistDeg[1] > 0);
  }
});

test('with --folded-arms 1 every sample folds its arms in front of the body; person, camera and light stay', async () => {
  let nearer = 0;
  for (let i = 0; i < COUNT; i++) {
    const a = json(on, i);
    const b = json(off, i);
    assert.ok(FOLDED_POSES.includes(a.foldedArms), `sample ${i}: pose ${a.foldedArms}`);
    assert.ok(a.armsTwistDeg.some((t: number) => t > 0));
    assert.equal('foldedArms' in b || 'armsTwistDeg' in b, false, 'no folded-arms fields when the knob is 0');
    for (const k of ['identity', 'framing', 'camera', 'hdr', 'exposure', 'skin', 'clothes', 'headYawDeg']) assert.deepEqual(a[k], b[k], `sample ${i}: ${k} changed`);
    // The forearms cover part of the body nearer than it was: ≥ 1 % of the person's pixels come ≥ 3 cm nearer.
    const [da, db] = [await depth(on, i), await depth(off, i)];
    let person = 0;
    let closer = 0;
    for (let p = 0; p < W * H; p++) {
      if (db[p] === 0) continue;
      person++;
      if (da[p] > 0 && da[p] < db[p] - 300) closer++;
    }
    // Half and full views show the arms; the closer framings often crop them out.
    if (a.framing === 'half' || a.framing === 'full') assert.ok(closer > 0.01 * person, `sample ${i} (${a.framing}): ${closer} of ${person} pixels nearer`);
    if (closer > 0.01 * person) nearer++;
  }
  assert.ok(nearer >= COUNT / 2, `only ${nearer} of ${COUNT} samples show folded arms in front of the body`);
});

/**
 * Samples 0 and 1 of seed 1 with an object in one hand (192×256, two views of one person), drawn by the renderer
 * before folded arms existed (commit 0db912b, which draws train-v4, val-v4 and holdout-v3): SHA-256 prefixes of the
 * decoded pixels and of the JSON.
 */
const BEFORE_FOLDED_ARMS: Record<string, string> = {
  '0.color': 'ca70f33fa2495cf4', '0.depth': 'bb9054f1ca583b85', '0.mask': '0e498059c36d0b9e', '0.face': '7ad69e9be7602c7b', '0.json': '5c12a829371d294a',
  '1.color': '6f94998b68063a6c', '1.depth': 'e5aae3dbb221eab7', '1.mask': '30249b52316ea767', '1.face': '8123c216413f82bb', '1.json': 'ce0d14f2e3385c44',
};

test('with --folded-arms 0 the renderer draws what it drew before folded arms existed (train-v4 is unchanged)', { timeout: 60_000 }, async () => {
  const dir = scratchDir('synth-folded-v4-');
  await generate({ ...opts(dir, 0, 1, 1), count: 2, workers: 1 });
  for (const i of [0, 1]) {
    const stem = sampleStem(dir, i, 100);
    for (const kind of ['color', 'depth', 'mask', 'face']) {
      const px = kind === 'depth' ? await sharp(`${stem}.depth.png`).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer() : await sharp(`${stem}.${kind}.png`).raw().toBuffer();
      const got = createHash('sha256').update(px).digest('hex').slice(0, 16);
      assert.equal(got, BEFORE_FOLDED_ARMS[`${i}.${kind}`], `sample ${i} ${kind}.png: the renderer draws differently from before folded arms; if that is intended, render into a new set and update these hashes`);
    }
    const meta = createHash('sha256').update(readFileSync(`${stem}.json`)).digest('hex').slice(0, 16);
    assert.equal(meta, BEFORE_FOLDED_ARMS[`${i}.json`], `sample ${i}.json differs from before folded arms`);
  }
});
