// A random but plausible person: macro sliders, face/head detail sliders, an expression, skin, hair, eyebrows,
// eyelashes and an outfit. `sampleIdentity` only draws numbers; `buildIdentity` turns them into geometry.
import { basename } from 'node:path';
import { addTarget } from '../assets/target.ts';
import { fitProxy } from '../assets/mhclo.ts';
import type { Rng } from '../random.ts';
import type { Library, ProxyAsset } from './library.ts';
import { macroTargets, type Macros } from './macros.ts';
import { EXPRESSIONS } from './expressions.ts';
import { HOLDOUT_SKINS, splitFiles } from './splits.ts';

/** Sliders that combined into a body outside the plausible range; the caller draws another person. */
export class ImplausibleIdentity extends Error {}

export interface IdentityParams {
  modifiers: Macros & { details: Record<string, number> };
  expression: { name: string; strength: number };
  skin: string;
  /** Multiplies the skin texture (linear RGB): covers very light to very dark skin from any texture. */
  skinTint: [number, number, number];
  skinRoughness: number;
  hair: string;
  hairColor: [number, number, number];
  eyebrows: string;
  eyelashes: string;
  eyes: string;
  clothes: string;
  clothesTint: [number, number, number];
  /** Proxy ids, or 'none'. */
  shoes: string;
  hat: string;
  hatColor: [number, number, number];
  beard: string;
  glasses: string;
}

export interface BuiltIdentity {
  params: IdentityParams;
  /** Rest-pose body vertices in metres. */
  body: Float32Array;
  /** Rest-pose positions (metres) of each attached proxy, by proxy id. */
  proxies: Map<string, Float32Array>;
  /** Bone head positions (metres), in rig bone order. */
  boneHeads: Float32Array;
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const f = (n: number): number => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5), f(3), f(1)];
}

const pickIdOf = (rng: Rng, list: ProxyAsset[]): string => rng.pick(list).id;

export function sampleIdentity(lib: Library, rng: Rng, holdout: boolean): IdentityParams {
  const male = rng.chance(0.5);
  // MakeHuman's age slider: 0.12 ≈ 7 years, 0.1875 = 11, 0.35 ≈ 18, 0.5 = 25, 1 = 90. Children and the elderly
  // get their share.
  const ageRoll = rng.next();
  const age = ageRoll < 0.12 ? rng.uniform(0.12, 0.35) : ageRoll < 0.3 ? rng.uniform(0.8, 1) : rng.uniform(0.35, 0.8);
  const race = [rng.next() ** 2, rng.next() ** 2, rng.next() ** 2];
  race[rng.int(3)] += 1; // one dominant ancestry, others mixed in
  const details: Record<string, number> = {};
  for (const m of lib.modifiers) {
    if (!rng.chance(m.group === 'torso' ? 0.3 : 0.6)) continue;
    details[m.name] = m.min ? clamp(rng.normal(0, 0.3), -0.8, 0.8) : clamp(rng.uniform(0, 0.6), 0, 1);
  }
  const hairs = lib.proxyList('hair');
  // Under a hat only short hair (long styles would poke through the crown).
  const shortHair = hairs.filter((h) => /short/.test(h.id));
  const hat = rng.chance(0.08) ? pickIdOf(rng, lib.proxyList('hats')) : 'none';
  const pickId = (list: ProxyAsset[]): string => pickIdOf(rng, list);
  const outfits = lib.proxyList('clothes').filter((c) => (male ? !c.id.includes('female') : true));
  const tone = rng.uniform(0.25, 1.15); // brightness multiplier: dark textures get darker, light ones lighter or darker
  const warm = rng.normal(0, 0.05);
  // Hair: natural melanin range (black…brown…blond), sometimes grey, rarely dyed.
  const hairColor = rng.chance(0.08)
    ? hsvToRgb(rng.next(), rng.uniform(0.4, 0.8), rng.uniform(0.3, 0.8))
    : rng.chance(0.12) ? (((g: number) => [g, g, g * 1.02])(rng.uniform(0.35, 0.8)) as [number, number, number])
      : hsvToRgb(rng.uniform(0.05, 0.1), rng.uniform(0.45, 0.8), rng.uniform(0.04, 0.75) ** 1.5);
  return {
    modifiers: {
      gender: clamp(male ? rng.normal(0.92, 0.08) : rng.normal(0.08, 0.08), 0, 1),
      age,
      muscle: clamp(rng.normal(0.5, 0.15), 0.1, 0.9),
      weight: clamp(rng.normal(0.5, 0.18), 0.1, 0.95),
      height: clamp(rng.normal(0.5, 0.13), 0.15, 0.85),
      proportions: rng.uniform(0.3, 1),
      african: race[0], asian: race[1], caucasian: race[2],
      details,
    },
    expression: { name: rng.chance(0.35) ? 'neutral' : rng.pick(Object.keys(EXPRESSIONS)), strength: rng.uniform(0.3, 1) },
    skin: basename(rng.pick(splitFiles(lib.skins, HOLDOUT_SKINS, holdout))),
    skinTint: [tone * (1 + warm), tone, tone * (1 - warm)],
    skinRoughness: rng.uniform(0.45, 0.75),
    hair: hat !== 'none' ? (rng.chance(0.5) ? 'none' : pickId(shortHair)) : rng.chance(0.08) ? 'none' : pickId(hairs),
    hairColor,
    eyebrows: pickId(lib.proxyList('eyebrows')),
    eyelashes: pickId(lib.proxyList('eyelashes')),
    eyes: basename(rng.pick(lib.eyeTextures)),
    clothes: pickId(outfits),
    clothesTint: rng.chance(0.5) ? [1, 1, 1] : hsvToRgb(rng.next(), rng.uniform(0, 0.6), rng.uniform(0.25, 1)),
    shoes: rng.chance(0.85) ? pickId(lib.proxyList('shoes')) : 'none',
    hat,
    hatColor: hsvToRgb(rng.next(), rng.uniform(0, 0.5), rng.uniform(0.05, 0.6)),
    // Beards on adult men only.
    beard: male && age > 0.35 && rng.chance(0.3) ? pickId(lib.proxyList('beards')) : 'none',
    glasses: rng.chance(0.2) ? pickId(lib.proxyList('glasses')) : 'none',
  };
}

/** Rest-pose geometry for the sampled person; throws if the sliders produced an implausible body. */
export function buildIdentity(lib: Library, p: IdentityParams): BuiltIdentity {
  const pos = Float32Array.from(lib.base.positions);
  const m = p.modifiers;
  for (const [rel, w] of macroTargets(m)) addTarget(pos, lib.target(rel), w);
  for (const mod of lib.modifiers) {
    const v = m.details[mod.name];
    if (v === undefined) continue;
    if (v < 0 && mod.min) addTarget(pos, mod.min, -v);
    else addTarget(pos, mod.max, v);
  }
  const units = EXPRESSIONS[p.expression.name] ?? {};
  const raceSum = m.african + m.asian + m.caucasian;
  for (const [unit, w] of Object.entries(units)) {
    for (const [race, rw] of [['african', m.african], ['asian', m.asian], ['caucasian', m.caucasian]] as const) {
      addTarget(pos, lib.target(`expression/units/${race}/${unit}.target`), (w * p.expression.strength * rw) / raceSum);
    }
  }
  checkPlausible(lib, pos, m.age);
  const boneHeads = new Float32Array(lib.rig.bones.length * 3);
  lib.rig.bones.forEach((b, i) => {
    for (const v of b.headJoint) for (let a = 0; a < 3; a++) boneHeads[3 * i + a] += pos[3 * v + a] / b.headJoint.length;
  });
  const proxies = new Map<string, Float32Array>();
  for (const id of [p.hair, p.eyebrows, p.eyelashes, 'teeth/teeth_base', p.clothes, p.shoes, p.hat, p.beard, p.glasses]) {
    if (id === 'none') continue;
    const asset = lib.proxyList(id.split('/')[0] as ProxyAsset['kind']).find((a) => a.id === id);
    if (!asset) throw new Error(`Unknown proxy ${id}`);
    proxies.set(id, toMetres(fitProxy(asset.clo, pos)));
  }
  return { params: p, body: toMetres(pos), proxies, boneHeads: toMetres(boneHeads) };
}

/** MakeHuman works in decimetres. */
function toMetres(a: Float32Array): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] *= 0.1;
  return a;
}

/** Adults 1.4–2.1 m; children (age slider below 0.5, i.e. under 25 years) from 1.0 m. */
function checkPlausible(lib: Library, pos: Float32Array, age: number): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < lib.triKind.length; t++) {
    if (lib.triKind[t] !== 1) continue;
    const y = pos[3 * lib.base.triV[3 * t] + 1];
    if (!Number.isFinite(y)) throw new ImplausibleIdentity('Identity produced non-finite vertices');
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  const heightM = (hi - lo) / 10;
  if (heightM < (age < 0.5 ? 1.0 : 1.4) || heightM > 2.1) throw new ImplausibleIdentity(`Identity is ${heightM.toFixed(2)} m tall`);
}
