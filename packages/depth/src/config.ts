import { MIN_GT_MAX, MISSING_CONFIG } from './errors.js';
import { DEFAULT_FOCAL_LENGTH_35MM } from './priors/face_prior.js';
import type { ARPortraitDepthEstimationConfig, ResolvedEstimationConfig } from './types.js';

export type EstimationConfig = ResolvedEstimationConfig;

/** A value as message text: String() itself throws for objects without a prototype (Object.create(null)). */
function shown(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return `an object that cannot be shown as text (${Object.prototype.toString.call(value)})`;
  }
}

function checkRange(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${name} must be a finite number in [0, 1], got ${shown(value)}.`);
  }
  if (value < 0 || value > 1) {
    throw new Error(
      `${name} must be in [0, 1] (depth map values are raw network output / 2), got ${value}.`);
  }
  return value;
}

/** What an option left out means for this estimator and this input. */
export interface EstimationDefaults {
  priors: boolean;
  tracking: boolean;
}

function checkFocalLength(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 5 || value > 2000) {
    throw new Error(`focalLength35mm must be a 35 mm-equivalent focal length in mm between 5 and 2000 (a phone's ` +
      `main camera is about 26, a portrait lens 85), got ${shown(value)}.`);
  }
  return value;
}

function checkPriors(value: unknown, fallback: boolean): { face: boolean; body: boolean } {
  if (value === undefined || typeof value === 'boolean') return Object.freeze({ face: value ?? fallback, body: value ?? fallback });
  if (value === null || typeof value !== 'object' || Object.keys(value).some((k) => k !== 'face' && k !== 'body')) {
    throw new Error(`priors must be true, false or { face?: boolean, body?: boolean }, got ${shown(value)}.`);
  }
  const { face, body } = value as { face?: unknown; body?: unknown };
  return Object.freeze({ face: checkFlag('priors.face', face, true), body: checkFlag('priors.body', body, true) });
}

function checkFlag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new Error(`${name} must be true or false, got ${shown(value)}.`);
  return value;
}

/** Validates like the original (same messages), and also rejects what made the original crash or misbehave. */
export function validateEstimationConfig(config: ARPortraitDepthEstimationConfig | null | undefined,
  defaults: EstimationDefaults = { priors: false, tracking: false }): EstimationConfig {
  if (config == null || config.minDepth == null || config.maxDepth == null) throw new Error(MISSING_CONFIG);
  const minDepth = checkRange('minDepth', config.minDepth);
  const maxDepth = checkRange('maxDepth', config.maxDepth);
  if (minDepth > maxDepth) throw new Error(MIN_GT_MAX);
  if (minDepth === maxDepth) {
    throw new Error(`minDepth must be < maxDepth: both are ${minDepth}, which leaves no range to map depth into.`);
  }
  return Object.freeze({
    minDepth,
    maxDepth,
    flipHorizontal: config.flipHorizontal ?? false,
    skipSegmentation: config.skipSegmentation ?? false,
    priors: checkPriors(config.priors, defaults.priors),
    focalLength35mm: config.focalLength35mm === undefined ? DEFAULT_FOCAL_LENGTH_35MM : checkFocalLength(config.focalLength35mm),
    tracking: checkFlag('tracking', config.tracking, defaults.tracking),
  });
}
