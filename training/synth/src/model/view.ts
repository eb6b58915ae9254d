// Per-sample choices that do not change the person: camera (phone-like focal lengths and framings), head and
// shoulder pose, lighting and background.
import { basename } from 'node:path';
import type { Rng } from '../random.ts';
import type { Library } from './library.ts';
import { HOLDOUT_HDRS, splitFiles } from './splits.ts';

export interface ViewParams {
  focalMm35: number;
  distanceM: number;
  intrinsics: { fx: number; fy: number; cx: number; cy: number };
  camera: { position: [number, number, number]; target: [number, number, number]; rollDeg: number; fovYDeg: number; azimuthDeg: number; elevationDeg: number };
  headYawDeg: number;
  headPitchDeg: number;
  headRollDeg: number;
  shoulderDeg: [number, number];
  armsDownDeg: number;
  hdr: string;
  hdrRotation: number;
  exposure: number;
  whiteBalance: [number, number, number];
  keyLight: null | { azimuthDeg: number; elevationDeg: number; intensity: number; color: [number, number, number] };
  background: { type: 'hdr'; blur: number } | { type: 'other-hdr'; hdr: string; rotation: number; blur: number } | { type: 'colour'; color: [number, number, number] };
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

/** `face`: rest-pose face centre in metres (camera aim reference). */
export function sampleView(lib: Library, rng: Rng, face: [number, number, number], o: ViewOptions): ViewParams {
  const focalMm35 = rng.chance(0.4) ? rng.uniform(20, 30) : rng.uniform(24, 85);
  const f = (focalMm35 / FRAME_DIAGONAL_MM) * Math.hypot(o.width, o.height);
  // Visible height at the subject: 0.3 m (tight face) … 1.1 m (half body); distance follows, within 0.35–2.5 m.
  const span = rng.uniform(0.3, 1.1);
  const aimDistance = clamp((span * f) / o.height, 0.35, 2.5);
  const shownSpan = (aimDistance * o.height) / f;
  const azimuthDeg = o.frontal ? 0 : clamp(rng.normal(0, 18), -40, 40);
  const elevationDeg = o.frontal ? 0 : clamp(rng.normal(4, 9), -20, 30);
  // Off-centre framing: aim a little beside and below the face so the face lands anywhere in the upper frame.
  const aimDx = o.frontal ? 0 : rng.uniform(-0.2, 0.2) * shownSpan * (o.width / o.height);
  const aimDy = o.frontal ? 0 : -rng.uniform(0, 0.3) * shownSpan;
  const target: [number, number, number] = [face[0] + aimDx * Math.cos(rad(azimuthDeg)), face[1] + aimDy, face[2] - aimDx * Math.sin(rad(azimuthDeg))];
  const position: [number, number, number] = [
    target[0] + aimDistance * Math.sin(rad(azimuthDeg)) * Math.cos(rad(elevationDeg)),
    target[1] + aimDistance * Math.sin(rad(elevationDeg)),
    target[2] + aimDistance * Math.cos(rad(azimuthDeg)) * Math.cos(rad(elevationDeg)),
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
  return {
    focalMm35,
    distanceM: Math.hypot(position[0] - face[0], position[1] - face[1], position[2] - face[2]),
    intrinsics: { fx: f, fy: f, cx: o.width / 2, cy: o.height / 2 },
    camera: {
      position, target, azimuthDeg, elevationDeg,
      rollDeg: o.frontal ? 0 : clamp(rng.normal(0, 4), -10, 10),
      fovYDeg: (2 * Math.atan(o.height / 2 / f) * 180) / Math.PI,
    },
    headYawDeg: o.frontal ? 0 : clamp(rng.normal(0, 20), -45, 45),
    headPitchDeg: o.frontal ? 0 : clamp(rng.normal(0, 10), -25, 25),
    headRollDeg: o.frontal ? 0 : clamp(rng.normal(0, 6), -15, 15),
    shoulderDeg: [rng.normal(0, 3), rng.normal(0, 3)],
    armsDownDeg: rng.uniform(35, 55),
    hdr,
    hdrRotation: rng.uniform(0, 360),
    exposure: 2 ** rng.uniform(-1, 0.8),
    whiteBalance: [1 + 0.12 * warmth, 1 + rng.normal(0, 0.02), 1 - 0.12 * warmth],
    keyLight: rng.chance(0.4)
      ? { azimuthDeg: rng.uniform(-80, 80), elevationDeg: rng.uniform(0, 60), intensity: rng.uniform(0.5, 2.5), color: [1, rng.uniform(0.85, 1), rng.uniform(0.7, 1)] }
      : null,
    background,
  };
}
