// What buildLayers does before anything else with input it did not make itself: depth holes (sensor depth has
// them; so does arithmetic gone wrong) are filled, and numeric options that would silently give NaN vertices or
// an empty mesh are refused with a message. Field of view, resolution, strength and lens blur check themselves.
import { pushPullInpaint } from './inpaint-core.js';
import type { CameraPathOptions } from './camera-paths.js';
import type { LayerOptions } from './layers.js';
import type { Photo3DInput } from './types.js';

/** Depths this large are float32's "infinity" (±3.4e38 sentinels), not distances; they would overflow positions. */
const NO_DATA_ABOVE = 1e30;

const noData = (d: number) => !(Math.abs(d) < NO_DATA_ABOVE);

/**
 * The input with "no data" depth (NaN, ±Infinity, |d| ≥ 1e30) filled smoothly from the depth around it, and NaN
 * mask values read as "not the person". Untouched (the same object) when there is nothing to fill. Zero or
 * negative depths are left for validateInput to reject: those are values, not holes.
 */
export function fillDepthHoles(input: Photo3DInput): Photo3DInput {
  const { depth, depthWidth, depthHeight, mask } = input;
  if (!(depth instanceof Float32Array) || depth.length !== depthWidth * depthHeight) return input; // validateInput says why
  const hole = new Uint8Array(depth.length);
  let holes = 0;
  for (let i = 0; i < depth.length; i++) if (noData(depth[i]!)) (hole[i] = 1), holes++;
  const maskNaN = mask instanceof Float32Array && mask.some(Number.isNaN);
  if (holes === 0 && !maskNaN) return input;
  if (holes === depth.length) {
    throw new Error('depth has no data: every value is NaN, Infinity or beyond ±1e30; pass distances (see depthUnits).');
  }
  const filled = holes === 0 ? depth : pushPullInpaint(Float32Array.from(depth, (d, i) => (hole[i] ? 0 : d)), depthWidth, depthHeight, 1, hole);
  return { ...input, depth: filled, mask: maskNaN ? mask!.map((p) => (Number.isNaN(p) ? 0 : p)) : mask };
}

function check(name: string, value: number | undefined, ok: (v: number) => boolean, what: string): void {
  if (value !== undefined && !(typeof value === 'number' && ok(value))) {
    throw new Error(`${name} must be ${what}, got ${String(value)}.`);
  }
}

/** Rejects numeric layer options that are NaN or out of range (they gave NaN positions or an empty mesh). */
export function checkLayerOptions(options: LayerOptions): void {
  check('tearThreshold', options.tearThreshold, (v) => v > 0, 'a relative depth jump above 0 (Infinity: never tear)');
  check('holeDilation', options.holeDilation, (v) => Number.isFinite(v) && v >= 0 && v <= 4096, 'a number of pixels from 0 to 4096');
  check('backgroundDepth', options.backgroundDepth, (v) => v > 0 && v < NO_DATA_ABOVE, 'a positive finite distance in the input\'s depth units');
  check('backgroundMargin', options.backgroundMargin, (v) => v >= 0 && v <= 1, 'a fraction of the photo\'s size from 0 to 1');
}

/** Rejects camera path numbers that would put the camera at NaN (the path name and focusDepth check themselves). */
export function checkPathOptions(options: CameraPathOptions): void {
  check('fovDegrees', options.fovDegrees, (v) => v > 1 && v < 170, 'a vertical field of view from 1° to 170°');
  check('amplitude', options.amplitude, (v) => Number.isFinite(v) && v >= 0 && v <= 10, 'a fraction of focusDepth from 0 to 10');
  check('cameraZ', options.cameraZ, (v) => Number.isFinite(v) && v > -1 && v <= 10, 'a fraction of focusDepth above −1 (the subject) and at most 10');
  check('offset.x', options.offset?.x, (v) => !Number.isNaN(v), 'a number (clamped to −1…1)');
  check('offset.y', options.offset?.y, (v) => !Number.isNaN(v), 'a number (clamped to −1…1)');
}
