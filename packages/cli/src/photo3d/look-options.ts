// Parsers for the web app's 3D-panel controls on `relief photo3d`: field of view, mesh resolution, edge tearing,
// background fill, camera z and background. Each names the range it takes; commander prefixes the option and value.
import { MAX_GRID_VERTICES, type FillMethod } from '@relief/photo3d';
import { InvalidArgumentError } from 'commander';

function numberIn(raw: string, min: number, max: number, example: string): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!(value >= min && value <= max)) throw new InvalidArgumentError(`Expected a number from ${min} to ${max}, e.g. ${example}.`);
  return value;
}

/** Vertical field of view of the photo's camera, degrees (the web app's slider goes 20…90). */
export function fovOption(raw: string): number {
  return numberIn(raw, 10, 120, '50');
}

/** Mesh vertices on the long side, or auto: one every 2 output pixels (see render-job.ts). */
export function resolutionOption(raw: string): number | 'auto' {
  if (raw.trim() === 'auto') return 'auto';
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!(Number.isInteger(value) && value >= 16 && value <= MAX_GRID_VERTICES)) {
    throw new InvalidArgumentError(`Expected auto or a whole number of vertices from 16 to ${MAX_GRID_VERTICES}, e.g. 256.`);
  }
  return value;
}

/** Relative depth jump at which the mesh tears (the web app's slider goes 0.01…0.3); --no-tear never tears. */
export function tearOption(raw: string): number {
  return numberIn(raw, 0.005, 1, '0.04');
}

export const FILLS = ['structure', 'smooth', 'textured', 'none'] as const satisfies readonly (FillMethod | 'none')[];
export type FillChoice = (typeof FILLS)[number];

/** Camera moved along the view axis, as a fraction of the subject distance (+ away; the web app's slider goes −0.3…0.1). */
export function cameraZOption(raw: string): number {
  return numberIn(raw, -0.9, 1, '-0.1');
}

/** 'layer' (the filled background layer) or a colour the software renderer and WebGL both read: #rgb, #rrggbb, rgb(r,g,b). */
export function backgroundOption(raw: string): string {
  const text = raw.trim().toLowerCase();
  if (text === 'layer') return text;
  const rgb = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/.exec(text);
  if (/^#([0-9a-f]{3}|[0-9a-f]{6})$/.test(text) || (rgb && rgb.slice(1).every((c) => Number(c) <= 255))) return text;
  throw new InvalidArgumentError('Expected layer (the filled photo behind the person) or a colour: #rrggbb, #rgb or rgb(r, g, b).');
}
