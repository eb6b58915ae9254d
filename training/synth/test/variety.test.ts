// The spread of people and views the sampler draws: children and the elderly, beards, glasses and hats, heads
// tilted back and turned, arms raised or bent in front of the body, back-light; and the held-out split's own maps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { resolveAssetsRoot } from '../src/assets/files.ts';
import { Library } from '../src/model/library.ts';
import { buildIdentity, sampleIdentity } from '../src/model/identity.ts';
import { sampleView, FRAMINGS, type ViewParams } from '../src/model/view.ts';
import { HOLDOUT_HDRS, HOLDOUT_SKINS } from '../src/model/splits.ts';
import { Rng } from '../src/random.ts';

const lib = new Library(resolveAssetsRoot());
const N = 400;
const people = Array.from({ length: N }, (_, i) => sampleIdentity(lib, Rng.stream(5, 'identity', i, 0), false));
const fig = { face: [0, 1.6, 0.05] as [number, number, number], topY: 1.72, feetY: 0 };
const opts = { width: 192, height: 256, holdout: false, frontal: false };
const views: ViewParams[] = Array.from({ length: N }, (_, i) => sampleView(lib, Rng.stream(5, 'view', i), fig, FRAMINGS[i % 4], opts));
const share = <T>(list: T[], f: (x: T) => boolean): number => list.filter(f).length / list.length;

test('people include children and the elderly, beards on adult men only, glasses, hats with short hair or none', () => {
  const ages = people.map((p) => p.modifiers.age);
  assert.ok(share(ages, (a) => a < 0.35) > 0.06, 'children (under 18)');
  assert.ok(share(ages, (a) => a > 0.8) > 0.1, 'elderly (over 65)');
  assert.ok(Math.min(...ages) >= 0.12 && Math.max(...ages) <= 1);
  const bearded = people.filter((p) => p.beard !== 'none');
  assert.ok(bearded.length > 0.05 * N && bearded.every((p) => p.modifiers.gender > 0.5 && p.modifiers.age > 0.35));
  assert.ok(share(people, (p) => p.glasses !== 'none') > 0.1);
  const hatted = people.filter((p) => p.hat !== 'none');
  assert.ok(hatted.length > 0 && hatted.every((p) => p.hair === 'none' || p.hair.includes('short')));
  assert.ok(share(people, (p) => p.shoes !== 'none') > 0.7);
  assert.ok(!people.some((p) => HOLDOUT_SKINS.includes(p.skin)), 'a training person wears a held-out skin');
});

test('a child builds into a plausible small body with its outfit, shoes, glasses and hat fitted', () => {
  const young = people.find((p) => p.modifiers.age < 0.2);
  assert.ok(young, 'no child under 11 among the people');
  const child = { ...young, glasses: 'glasses/punkduck_glasses_modern_form', hat: 'hats/fedora', shoes: 'shoes/shoes01' };
  const built = buildIdentity(lib, child);
  let lo = Infinity;
  let hi = -Infinity;
  for (let v = 1; v < built.body.length; v += 3) {
    lo = Math.min(lo, built.body[v]);
    hi = Math.max(hi, built.body[v]);
  }
  assert.ok(hi - lo > 1 && hi - lo < 1.6, `child is ${hi - lo} m tall`);
  for (const id of [child.clothes, child.glasses, child.hat, child.shoes]) assert.ok(built.proxies.has(id), id);
});

test('views: heads tilted back to −35° and turned to ±60°, arms raised and hands in front, strong back-light', () => {
  const pitch = views.map((v) => v.headPitchDeg);
  assert.ok(Math.min(...pitch) < -25 && Math.min(...pitch) >= -35);
  assert.ok(share(views.filter((v) => v.framing === 'selfie'), (v) => v.headPitchDeg <= -10) > 0.3, 'selfies with the head tilted back');
  const yaw = views.map((v) => Math.abs(v.headYawDeg));
  assert.ok(Math.max(...yaw) > 45 && Math.max(...yaw) <= 60);
  const arms = views.flatMap((v) => [0, 1].map((i) => ({ down: v.armsDownDeg[i], fwd: v.armsForwardDeg[i], elbow: v.elbowDeg[i] })));
  assert.ok(share(arms, (a) => a.down < 0) > 0.04, 'raised arms');
  assert.ok(share(arms, (a) => a.fwd > 15 && a.elbow > 50) > 0.15, 'hands in front of the body');
  const back = views.filter((v) => {
    if (!v.keyLight) return false;
    const rel = (((v.keyLight.azimuthDeg - v.camera.azimuthDeg) % 360) + 360) % 360;
    return rel > 120 && rel < 240 && v.keyLight.intensity > 2.5;
  });
  assert.ok(back.length > 0.08 * N, `${back.length} back-lit views`);
  assert.ok(!views.some((v) => HOLDOUT_HDRS.includes(v.hdr)), 'a training view is lit by a held-out map');
});

test('held-out views use only the held-out maps', () => {
  const held = Array.from({ length: 50 }, (_, i) => sampleView(lib, Rng.stream(5, 'view', i), fig, 'selfie', { ...opts, holdout: true }));
  assert.ok(held.every((v) => HOLDOUT_HDRS.includes(v.hdr) && (v.background.type !== 'other-hdr' || HOLDOUT_HDRS.includes(v.background.hdr))));
  assert.ok(HOLDOUT_HDRS.every((h) => lib.hdrs.some((f) => basename(f) === h)));
});
