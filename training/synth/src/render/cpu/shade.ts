// Shading of the CPU renderer: three.js's MeshStandardMaterial model (metalness 0, F0 = 0.04) lit by the
// environment (diffuse from the cosine convolution, specular from a lobe as wide as the roughness, split-sum
// DFG approximation with multiple scattering) and an optional directional key light (GGX); then the output
// transform of the WebGL page: white balance × exposure, ACES filmic tone mapping, sRGB encoding.
import { equirectUv, irradiance, sampleEquirect, sampleLobe, type Environment } from './environment.ts';

export interface Lighting {
  env: Environment;
  /** Environment intensity (the map's normalisation). */
  intensity: number;
  /** Environment rotation about +y (radians), as three's environmentRotation. */
  cos: number;
  sin: number;
  key: null | { x: number; y: number; z: number; r: number; g: number; b: number };
}

export interface Surface {
  /** Unit normal facing the viewer's side, unit direction to the eye. */
  nx: number; ny: number; nz: number;
  vx: number; vy: number; vz: number;
  albedo: Float32Array;
  roughness: number;
  /** Ambient occlusion of indirect light (1 = none). */
  ao: number;
}

const RECIPROCAL_PI = 1 / Math.PI;
const scratch = new Float32Array(3);

const uv = new Float32Array(2);

/** Background radiance along a world direction (blur as three's backgroundBlurriness). */
export function background(env: Environment, cos: number, sin: number, x: number, y: number, z: number, blur: number, k: number, out: Float32Array, o: number): void {
  const rx = x * cos - z * sin, rz = x * sin + z * cos;
  if (blur > 0) {
    sampleLobe(env, rx, y, rz, 2 * blur * blur, k, out, o);
    return;
  }
  equirectUv(rx, y, rz, uv);
  sampleEquirect(env.mips[0], uv[0], uv[1], k, out, o);
}

/** Linear outgoing radiance of one surface point, written to out[0..2]. */
export function shade(l: Lighting, s: Surface, out: Float32Array): void {
  const { nx, ny, nz, vx, vy, vz } = s;
  const roughness = Math.max(s.roughness, 0.0525);
  const dotNV = Math.min(1, Math.max(1e-4, nx * vx + ny * vy + nz * vz));
  // DFGApprox (Karis) and the multiple-scattering energy compensation three.js applies to image-based light.
  const r0 = -roughness + 1, r1 = -0.0275 * roughness + 0.0425, r2 = -0.572 * roughness + 1.04, r3 = 0.022 * roughness - 0.04;
  const a004 = Math.min(r0 * r0, Math.exp(-9.28 * Math.LN2 * dotNV)) * r0 + r1;
  const dfgA = -1.04 * a004 + r2, dfgB = 1.04 * a004 + r3;
  const fss = 0.04 * dfgA + dfgB;
  const ess = dfgA + dfgB;
  const ems = 1 - ess;
  const favg = 0.04 + 0.96 * 0.047619;
  const fms = (fss * favg) / (1 - ems * favg);
  const multi = fms * ems;
  const diffuseFactor = 1 - (fss + multi);

  // Directions are rotated into the map's frame (three's environmentRotation about +y).
  const c = l.cos, sn = l.sin;
  irradiance(l.env, nx * c - nz * sn, ny, nx * sn + nz * c, l.intensity, scratch);
  const irrR = scratch[0], irrG = scratch[1], irrB = scratch[2];
  // Reflection bent towards the normal as roughness grows (three's getIBLRadiance).
  const d2 = 2 * dotNV;
  let rx = d2 * nx - vx, ry = d2 * ny - vy, rz = d2 * nz - vz;
  const bend = roughness * roughness;
  rx += (nx - rx) * bend; ry += (ny - ry) * bend; rz += (nz - rz) * bend;
  const rl = Math.sqrt(rx * rx + ry * ry + rz * rz) || 1;
  scratch[0] = scratch[1] = scratch[2] = 0;
  rx /= rl; ry /= rl; rz /= rl;
  sampleLobe(l.env, rx * c - rz * sn, ry, rx * sn + rz * c, 2 * roughness * roughness, l.intensity, scratch, 0);
  const ao = s.ao;
  const al = s.albedo;
  out[0] = ao * (al[0] * diffuseFactor * irrR + fss * scratch[0] + multi * irrR);
  out[1] = ao * (al[1] * diffuseFactor * irrG + fss * scratch[1] + multi * irrG);
  out[2] = ao * (al[2] * diffuseFactor * irrB + fss * scratch[2] + multi * irrB);

  const k = l.key;
  if (!k) return;
  const dotNL = nx * k.x + ny * k.y + nz * k.z;
  if (dotNL <= 0) return;
  let hx = k.x + vx, hy = k.y + vy, hz = k.z + vz;
  const hl = Math.sqrt(hx * hx + hy * hy + hz * hz) || 1;
  hx /= hl; hy /= hl; hz /= hl;
  const dotNH = Math.max(0, nx * hx + ny * hy + nz * hz);
  const dotVH = Math.max(0, vx * hx + vy * hy + vz * hz);
  const alpha = roughness * roughness;
  const a2 = alpha * alpha;
  const fresnel = 0.04 + 0.96 * Math.exp(Math.LN2 * (-5.55473 * dotVH - 6.98316) * dotVH);
  const gv = dotNL * Math.sqrt(a2 + (1 - a2) * dotNV * dotNV);
  const gl = dotNV * Math.sqrt(a2 + (1 - a2) * dotNL * dotNL);
  const vis = 0.5 / Math.max(gv + gl, 1e-6);
  const den = dotNH * dotNH * (a2 - 1) + 1;
  const spec = fresnel * vis * RECIPROCAL_PI * a2 / (den * den);
  out[0] += dotNL * k.r * (al[0] * RECIPROCAL_PI + spec);
  out[1] += dotNL * k.g * (al[1] * RECIPROCAL_PI + spec);
  out[2] += dotNL * k.b * (al[2] * RECIPROCAL_PI + spec);
}

function rrtOdt(v: number): number {
  return (v * (v + 0.0245786) - 0.000090537) / (v * (0.983729 * v + 0.432951) + 0.238081);
}

/** sRGB OETF to bytes, tabulated at 2^16 steps of linear light (pow per channel was a quarter of a frame). */
const SRGB_STEPS = 65535;
const SRGB_BYTE = Uint8Array.from({ length: SRGB_STEPS + 1 }, (_, i) => {
  const x = i / SRGB_STEPS;
  const e = x <= 0.0031308 ? x * 12.92 : x ** 0.41666 * 1.055 - 0.055;
  return Math.round(Math.min(1, Math.max(0, e)) * 255);
});

function srgbByte(c: number): number {
  return SRGB_BYTE[c <= 0 ? 0 : c >= 1 ? SRGB_STEPS : Math.round(c * SRGB_STEPS)];
}

/** three.js's ACESFilmicToneMapping (exposure 1) and sRGB OETF, to 8-bit RGB at out[o..o+2]. */
export function toneMap(r: number, g: number, b: number, out: Uint8Array, o: number): void {
  r /= 0.6; g /= 0.6; b /= 0.6;
  const ir = rrtOdt(0.59719 * r + 0.35458 * g + 0.04823 * b);
  const ig = rrtOdt(0.076 * r + 0.90834 * g + 0.01566 * b);
  const ib = rrtOdt(0.0284 * r + 0.13383 * g + 0.83777 * b);
  out[o] = srgbByte(1.60475 * ir - 0.53108 * ig - 0.07367 * ib);
  out[o + 1] = srgbByte(-0.10208 * ir + 1.10813 * ig - 0.00605 * ib);
  out[o + 2] = srgbByte(-0.00327 * ir - 0.07276 * ig + 1.07602 * ib);
}
