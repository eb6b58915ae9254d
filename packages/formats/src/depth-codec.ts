// How depth formats store distances in 0…1 image values (GDepth / Dynamic Depth / XDM "Format").
import { fail } from './errors.js';

export type RangeFormat = 'RangeInverse' | 'RangeLinear';

export function rangeFormat(value: unknown, what: string): RangeFormat {
  if (value === 'RangeInverse' || value === 'RangeLinear') return value;
  return fail(`${what}: depth Format is ${JSON.stringify(value)}; only RangeInverse and RangeLinear exist.`);
}

/** Unit values → distances. RangeInverse spaces values evenly in 1/distance, so 0 = near and 1 = far. */
export function decodeRange(unit: Float32Array, format: RangeFormat, near: number, far: number): Float32Array {
  const out = new Float32Array(unit.length);
  for (let i = 0; i < unit.length; i++) {
    const u = unit[i];
    out[i] = format === 'RangeLinear' ? near + u * (far - near) : (far * near) / (far - u * (far - near));
  }
  return out;
}

/** Distances → unit values, the inverse of decodeRange (clamped to 0…1). */
export function encodeRange(distance: Float32Array, format: RangeFormat, near: number, far: number): Float32Array {
  const out = new Float32Array(distance.length);
  for (let i = 0; i < distance.length; i++) {
    const d = distance[i];
    const u = format === 'RangeLinear' ? (d - near) / (far - near) : (far * (d - near)) / (d * (far - near));
    out[i] = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 1));
  }
  return out;
}

/** A linear map of unit values onto [lo, hi] (Apple's FloatMinValue…FloatMaxValue). */
export function decodeLinear(unit: Float32Array, lo: number, hi: number): Float32Array {
  const out = new Float32Array(unit.length);
  for (let i = 0; i < unit.length; i++) out[i] = lo + unit[i] * (hi - lo);
  return out;
}

export function checkNearFar(near: number, far: number, format: RangeFormat, what: string): void {
  if (!(near !== far && (format === 'RangeLinear' || (near > 0 && far > 0)))) {
    fail(`${what}: depth Near ${near} / Far ${far} cannot encode a ${format} map (need two different values${format === 'RangeInverse' ? ', both above 0' : ''}).`);
  }
}
