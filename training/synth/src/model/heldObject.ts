// Objects held in a hand in front of the body (issue 12: on real photos a helmet held in front of a person came
// out behind her head). Per sample, with probability `--held-objects`, one simple procedural object is put in one
// hand, and that arm is bent so the hand is in front of the body. The draws come from their own random stream, so
// samples without an object are exactly what they were before objects existed.
import type { Rng } from '../random.ts';
import type { ViewParams } from './view.ts';

export const HELD_OBJECT_KINDS = ['phone', 'tablet', 'book', 'box', 'mug', 'bottle', 'can', 'ball', 'helmet', 'bouquet'] as const;
export type HeldObjectKind = (typeof HELD_OBJECT_KINDS)[number];

/** Surface pattern of a primitive's procedural texture: value noise, stripes, checks or a band (a label). */
export type Pattern = 'noise' | 'stripes' | 'checks' | 'band';

export interface Primitive {
  shape: 'box' | 'cylinder' | 'ellipsoid';
  /** Full extents along the object's x (across), y (up) and z (towards the viewer when shown), metres. */
  size: [number, number, number];
  /** Centre in the object's frame, metres. */
  offset: [number, number, number];
  /** Two sRGB colours the pattern mixes, 0–1. */
  colors: [[number, number, number], [number, number, number]];
  pattern: Pattern;
  /** Pattern repeats across the texture. */
  frequency: number;
  roughness: number;
  /** Seeds the pattern's noise. */
  textureSeed: number;
}

export interface HeldObject {
  kind: HeldObjectKind;
  /** Which hand holds it: 0 = the person's left, 1 = right (as the arm arrays). */
  hand: 0 | 1;
  /** Bounding extents of the whole object (x, y, z), metres. */
  size: [number, number, number];
  primitives: Primitive[];
  /** How far the object's centre sits out from the palm, as a fraction of its half-extent there (the hand grips its side). */
  grip: number;
  /** Direction from the palm to the object's centre: 0 = straight forward, 90 = sideways towards the body's midline. */
  gripAngleDeg: number;
  /** Turn about the vertical relative to facing the camera, and tilts about the object's x and z axes, degrees. */
  yawDeg: number;
  tiltXDeg: number;
  tiltZDeg: number;
}

const colour = (rng: Rng): [number, number, number] => [rng.next(), rng.next(), rng.next()];
const darker = (c: [number, number, number], f: number): [number, number, number] => [c[0] * f, c[1] * f, c[2] * f];

function primitive(rng: Rng, shape: Primitive['shape'], size: Primitive['size'], offset: Primitive['offset'] = [0, 0, 0], patterns: Pattern[] = ['noise', 'stripes', 'checks', 'band']): Primitive {
  const base = colour(rng);
  const other = rng.chance(0.5) ? darker(base, rng.uniform(0.3, 0.8)) : colour(rng);
  return {
    shape, size, offset, colors: [base, other], pattern: rng.pick(patterns), frequency: rng.int(6) + 1,
    roughness: rng.uniform(0.2, 0.9), textureSeed: rng.int(2 ** 31),
  };
}

function shapes(kind: HeldObjectKind, rng: Rng): Primitive[] {
  const u = (lo: number, hi: number): number => rng.uniform(lo, hi);
  switch (kind) {
    case 'phone': return [primitive(rng, 'box', [u(0.065, 0.085), u(0.13, 0.17), u(0.008, 0.012)], [0, 0, 0], ['noise', 'band'])];
    case 'tablet': return [primitive(rng, 'box', [u(0.16, 0.21), u(0.22, 0.28), u(0.007, 0.012)], [0, 0, 0], ['noise', 'band'])];
    case 'book': return [primitive(rng, 'box', [u(0.13, 0.2), u(0.19, 0.27), u(0.015, 0.05)])];
    case 'box': {
      const s = u(0.12, 0.3);
      return [primitive(rng, 'box', [s * u(0.6, 1.2), s * u(0.6, 1.2), s * u(0.5, 1)])];
    }
    case 'mug': {
      const r = u(0.035, 0.045), h = u(0.08, 0.11);
      const body = primitive(rng, 'cylinder', [2 * r, h, 2 * r]);
      // The handle: a small box on the side away from the palm.
      const handle: Primitive = { ...body, shape: 'box', size: [0.012, 0.6 * h, 0.03], offset: [r + 0.01, 0, 0], pattern: 'noise' };
      return [body, handle];
    }
    case 'bottle': {
      const r = u(0.03, 0.045), h = u(0.18, 0.3);
      const body = primitive(rng, 'cylinder', [2 * r, h, 2 * r], [0, 0, 0], ['band', 'noise']);
      const neck = primitive(rng, 'cylinder', [0.9 * r, 0.25 * h, 0.9 * r], [0, 0.62 * h, 0], ['noise']);
      return [body, neck];
    }
    case 'can': {
      const r = u(0.031, 0.034);
      return [primitive(rng, 'cylinder', [2 * r, u(0.11, 0.16), 2 * r], [0, 0, 0], ['band', 'stripes', 'noise'])];
    }
    case 'ball': {
      const d = u(0.1, 0.25);
      return [primitive(rng, 'ellipsoid', [d, d, d])];
    }
    case 'helmet': {
      const d = u(0.26, 0.32);
      const shell = primitive(rng, 'ellipsoid', [d, d * u(0.95, 1.1), d * u(1, 1.15)], [0, 0, 0], ['noise']);
      // A dark visor over the front of the shell.
      const visor = primitive(rng, 'ellipsoid', [0.75 * d, 0.45 * d, 0.3 * d], [0, 0.05 * d, 0.38 * d], ['noise']);
      visor.colors = [[0.05, 0.05, 0.07], darker(colour(rng), 0.3)];
      visor.roughness = 0.1;
      return [shell, visor];
    }
    case 'bouquet': {
      // Thin stems held in the fist, a head of 6–12 flowers above it.
      const h = u(0.2, 0.3);
      const stems = primitive(rng, 'cylinder', [0.03, h, 0.03], [0, -0.3 * h, 0], ['stripes']);
      stems.colors = [[0.15, u(0.35, 0.55), 0.1], [0.1, 0.3, 0.08]];
      const flowers: Primitive[] = [];
      for (let i = 0, n = 6 + rng.int(7); i < n; i++) {
        const d = u(0.04, 0.08);
        const a = rng.uniform(0, 2 * Math.PI), r = u(0.01, 0.08);
        flowers.push(primitive(rng, 'ellipsoid', [d, d * 0.8, d], [r * Math.cos(a), 0.2 * h + u(0, 0.06), r * Math.sin(a)], ['noise', 'stripes']));
      }
      return [stems, ...flowers];
    }
  }
}

/** Axis-aligned bounds of the primitives in the object's frame. */
function extents(ps: Primitive[]): [number, number, number] {
  return [0, 1, 2].map((k) => {
    const lo = Math.min(...ps.map((p) => p.offset[k] - p.size[k] / 2));
    const hi = Math.max(...ps.map((p) => p.offset[k] + p.size[k] / 2));
    return hi - lo;
  }) as [number, number, number];
}

type Arms = Pick<ViewParams, 'armsDownDeg' | 'armsForwardDeg' | 'elbowDeg'>;

/**
 * The object and the arm that holds it. A selfie arm that reaches towards the camera (swung ≥ 55° forward) holds the
 * phone that takes the picture, so the other hand takes the object.
 */
export function sampleHeldObject(rng: Rng, framing: ViewParams['framing'], arms: Arms): { object: HeldObject; arms: Arms } {
  const kind = rng.pick(HELD_OBJECT_KINDS);
  let hand: 0 | 1 = rng.chance(0.5) ? 0 : 1;
  if (framing === 'selfie' && arms.armsForwardDeg[hand] >= 55) hand = hand === 0 ? 1 : 0;
  const primitives = shapes(kind, rng);
  const flat = kind === 'phone' || kind === 'tablet' || kind === 'book';
  const object: HeldObject = {
    kind, hand, size: extents(primitives), primitives, grip: rng.uniform(0.6, 0.95), gripAngleDeg: rng.uniform(0, 70),
    yawDeg: rng.uniform(-45, 45), tiltXDeg: rng.uniform(flat ? -30 : -15, 15), tiltZDeg: rng.uniform(-15, 15),
  };
  const out: Arms = { armsDownDeg: [...arms.armsDownDeg], armsForwardDeg: [...arms.armsForwardDeg], elbowDeg: [...arms.elbowDeg] };
  // The upper arm close to the body and the forearm forward, so the hand is in front of the torso: at the belly or
  // the chest, about 40–55 cm in front of the spine (half and full views), or raised to the chest and nearer the body
  // (25–40 cm; closer views, whose cameras are 25–80 cm from the face and show no belly).
  const close = framing === 'selfie' || framing === 'head-shoulders';
  out.armsDownDeg[hand] = rng.uniform(65, 85);
  out.armsForwardDeg[hand] = close ? rng.uniform(0, 20) : rng.uniform(0, 35);
  out.elbowDeg[hand] = close ? rng.uniform(70, 100) : rng.uniform(20, 60);
  return { object, arms: out };
}
