// Per-sample choices that do not change the person: camera (phone-like focal lengths and framings), head and
// shoulder pose, lighting and background.
import { basename } from 'node:path';
import type { Rng } from '../random.ts';
import type { FoldedPose } from './foldedArms.ts';
import type { HeldObject } from './heldObject.ts';
import type { Library } from './library.ts';
import { HOLDOUT_HDRS, splitFiles } from './splits.ts';

export const FRAMINGS = ['selfie', 'head-shoulders', 'half', 'full'] as const;
export type Framing = (typeof FRAMINGS)[number];

export interface ViewParams {
  framing: Framing;
  focalMm35: number;
  distanceM: number;
  intrinsics: { fx: number; fy: number; cx: number; cy: number };
  camera: { position: [number, number, number]; target: [number, number, number]; rollDeg: number; fovYDeg: number; azimuthDeg: number; elevationDeg: number };
  headYawDeg: number;
  headPitchDeg: number;
  headRollDeg: number;
  shoulderDeg: [number, number];
  /** Per arm (person's left, right): lowered from MakeHuman's A-pose (negative raises), swung forward, elbow bend. */
  armsDownDeg: [number, number];
  armsForwardDeg: [number, number];
  elbowDeg: [number, number];
  /** Per arm: the humerus turned inwards about its length (the forearm across the body); absent = 0. */
  armsTwistDeg?: [number, number];
  /** Which folded-arms pose the arms were put in (model/foldedArms.ts); absent when none. */
  foldedArms?: FoldedPose;
  hdr: string;
  hdrRotation: number;
  exposure: number;
  whiteBalance: [number, number, number];
  keyLight: null | { azimuthDeg: number; elevationDeg: number; intensity: number; color: [number, number, number] };
  background: { type: 'hdr'; blur: number } | { type: 'other-hdr'; hdr: string; rotation: number; blur: number } | { type: 'colour'; color: [number, number, number] };
  /** An object in one hand (cpu renderer only); absent when the sample has none. */
  heldObject?: HeldObject;
}

export interface ViewOptions {
  width: number;
  height: number;
  holdout: boolean;
  /** Camera straight in front, head not turned: for checks that need a known view. */
  frontal: boolean;
}

/** Diagonal of a 35 mm frame: "equivalent focal length" is defined on it. */
const FRAME_DIAGONAL_MM = Math.hypot(36, 24);
const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
const rad = (d: number): number => (d * Math.PI) / 180;

/** Rest-pose reference points of the person (metres): face centre, top of the head, soles of the feet. */
export interface Figure {
  face: [number, number, number];
  topY: number;
  feetY: number;
}

interface Shot {
  focalMm35: number;
  /** Camera to aim point, metres. */
  distance: number;
  /** Aim point relative to the face centre (x sideways, y up), metres. */
  aim: [number, number];
  azimuthDeg: number;
  elevationDeg: number;
}

/**
 * The camera for one framing. Distances follow from the visible height at the subject (span) and the focal length,
 * except selfies, which are placed at arm's length (25–45 cm from the face) with a wide front-camera lens, usually
 * held below the face and looking up.
 */
function shot(framing: Framing, rng: Rng, fig: Figure, o: ViewOptions): Shot {
  const pixelsPerMm = Math.hypot(o.width, o.height) / FRAME_DIAGONAL_MM;
  const orbit = (sd: number, max: number): number => (o.frontal ? 0 : clamp(rng.normal(0, sd), -max, max));
  // Frontal checks take the middle of each range.
  const off = (lo: number, hi: number): number => (o.frontal ? (lo + hi) / 2 : rng.uniform(lo, hi));
  if (framing === 'selfie') {
    const focalMm35 = rng.uniform(20, 28);
    const distance = rng.uniform(0.25, 0.45);
    const shown = (distance * o.height) / (focalMm35 * pixelsPerMm);
    return {
      focalMm35, distance, aim: [off(-0.1, 0.1) * shown, off(-0.15, 0.05) * shown], azimuthDeg: orbit(15, 35),
      elevationDeg: o.frontal ? 0 : rng.chance(0.8) ? rng.uniform(-35, -5) : rng.uniform(-5, 15),
    };
  }
  const focalMm35 = framing === 'full' ? rng.uniform(24, 60) : rng.chance(0.4) ? rng.uniform(20, 30) : rng.uniform(24, 85);
  const f = focalMm35 * pixelsPerMm;
  const bodyHeight = fig.topY - fig.feetY;
  // Visible height at the subject: tight face … shoulders; head … waist; the whole body with some room.
  const span = framing === 'head-shoulders' ? rng.uniform(0.3, 0.7) : framing === 'half' ? rng.uniform(0.75, 1.2) : bodyHeight * rng.uniform(1.08, 1.35);
  const distance = clamp((span * f) / o.height, 0.35, 5);
  const shown = (distance * o.height) / f;
  const width = shown * (o.width / o.height);
  const centreY = (fig.topY + fig.feetY) / 2 - fig.face[1];
  const aimY = framing === 'head-shoulders' ? -off(0, 0.3) * shown : framing === 'half' ? -off(0.25, 0.4) * shown : centreY + off(-0.05, 0.05) * shown;
  return {
    focalMm35, distance, aim: [off(-0.2, 0.2) * width, aimY],
    azimuthDeg: orbit(18, 40), elevationDeg: o.frontal ? 0 : clamp(rng.normal(4, 9), -20, 30),
  };
}

type Arms = Pick<ViewParams, 'armsDownDeg' | 'armsForwardDeg' | 'elbowDeg'>;

/**
 * Arms hanging (60 %), bent with the hands in front of the body (28 %) or raised (12 %), each arm on its own; in
 * half of the selfies one arm reaches towards the camera, holding it.
 */
function arms(rng: Rng, framing: Framing, frontal: boolean): Arms {
  const out: Arms = { armsDownDeg: [0, 0], armsForwardDeg: [0, 0], elbowDeg: [0, 0] };
  const holding = framing === 'selfie' && !frontal && rng.chance(0.5) ? rng.int(2) : -1;
  for (const i of [0, 1]) {
    const r = frontal ? 0 : rng.next();
    const [down, forward, elbow] = i === holding ? [rng.uniform(15, 40), rng.uniform(55, 80), rng.uniform(10, 50)]
      : r < 0.6 ? [rng.uniform(35, 55), frontal ? 0 : rng.uniform(-5, 15), frontal ? 0 : rng.uniform(0, 25)]
        : r < 0.88 ? [rng.uniform(25, 50), rng.uniform(15, 60), rng.uniform(50, 120)]
          : [rng.uniform(-70, 10), rng.uniform(0, 40), rng.uniform(0, 90)];
    out.armsDownDeg[i] = down;
    out.armsForwardDeg[i] = forward;
    out.elbowDeg[i] = elbow;
  }
  return out;
}

/**
 * No key light (50 %), a key light in front of the person (35 %), or a strong back-light (15 %): from behind the
 * person as the camera sees them, which leaves the face lit only by the environment.
 */
function keyLight(rng: Rng, cameraAzimuthDeg: number): ViewParams['keyLight'] {
  const r = rng.next();
  const color: [number, number, number] = [1, rng.uniform(0.85, 1), rng.uniform(0.7, 1)];
  if (r < 0.5) return null;
  if (r < 0.85) return { azimuthDeg: rng.uniform(-80, 80), elevationDeg: rng.uniform(0, 60), intensity: rng.uniform(0.5, 2.5), color };
  return { azimuthDeg: cameraAzimuthDeg + 180 + rng.uniform(-50, 50), elevationDeg: rng.uniform(5, 50), intensity: rng.uniform(2.5, 6), color };
}

export function sampleView(lib: Library, rng: Rng, fig: Figure, framing: Framing, o: ViewOptions): ViewParams {
  const face = fig.face;
  const { focalMm35, distance, aim: [aimDx, aimDy], azimuthDeg, elevationDeg } = shot(framing, rng, fig, o);
  const f = (focalMm35 / FRAME_DIAGONAL_MM) * Math.hypot(o.width, o.height);
  const target: [number, number, number] = [face[0] + aimDx * Math.cos(rad(azimuthDeg)), face[1] + aimDy, face[2] - aimDx * Math.sin(rad(azimuthDeg))];
  // Selfies: the camera sits at `distance` from the face (arm's length), the others from the aim point.
  const from = framing === 'selfie' ? face : target;
  const position: [number, number, number] = [
    from[0] + distance * Math.sin(rad(azimuthDeg)) * Math.cos(rad(elevationDeg)),
    from[1] + distance * Math.sin(rad(elevationDeg)),
    from[2] + distance * Math.cos(rad(azimuthDeg)) * Math.cos(rad(elevationDeg)),
  ];
  const hdrs = splitFiles(lib.hdrs, HOLDOUT_HDRS, o.holdout);
  const hdr = basename(rng.pick(hdrs));
  const warmth = rng.uniform(-1, 1);
  const bgRoll = rng.next();
  const background: ViewParams['background'] = bgRoll < 0.55
    ? { type: 'hdr', blur: rng.chance(0.5) ? 0 : rng.uniform(0, 0.25) }
    : bgRoll < 0.75
      ? { type: 'other-hdr', hdr: basename(rng.pick(hdrs)), rotation: rng.uniform(0, 360), blur: rng.uniform(0, 0.3) }
      : { type: 'colour', color: [rng.uniform(0.02, 0.9), rng.uniform(0.02, 0.9), rng.uniform(0.02, 0.9)] };
  // Heads tilted back (negative pitch) are common in selfies taken from below.
  const pitch = o.frontal ? 0 : framing === 'selfie' && rng.chance(0.4) ? rng.uniform(-35, -10) : clamp(rng.normal(0, 12), -35, 25);
  return {
    framing,
    focalMm35,
    distanceM: Math.hypot(position[0] - face[0], position[1] - face[1], position[2] - face[2]),
    intrinsics: { fx: f, fy: f, cx: o.width / 2, cy: o.height / 2 },
    camera: {
      position, target, azimuthDeg, elevationDeg,
      rollDeg: o.frontal ? 0 : clamp(rng.normal(0, 4), -10, 10),
      fovYDeg: (2 * Math.atan(o.height / 2 / f) * 180) / Math.PI,
    },
    headYawDeg: o.frontal ? 0 : clamp(rng.normal(0, 22), -60, 60),
    headPitchDeg: pitch,
    headRollDeg: o.frontal ? 0 : clamp(rng.normal(0, 6), -15, 15),
    shoulderDeg: [rng.normal(0, 3), rng.normal(0, 3)],
    ...arms(rng, framing, o.frontal),
    hdr,
    hdrRotation: rng.uniform(0, 360),
    exposure: 2 ** rng.uniform(-1, 0.8),
    whiteBalance: [1 + 0.12 * warmth, 1 + rng.normal(0, 0.02), 1 - 0.12 * warmth],
    keyLight: keyLight(rng, azimuthDeg),
    background,
  };
}
