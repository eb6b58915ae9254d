// An HDR environment prepared for the CPU renderer: a mip chain of the equirect map for sharp reflections and
// the background, and cosine-power convolutions for diffuse and rough specular light. Directions use three.js's
// equirect convention (u from atan2(z, x), v from asin(y)), so lighting and background agree with each other.
import { readFileSync } from 'node:fs';
import * as THREE from 'three';
import { HDRLoader } from 'three/examples/jsm/loaders/HDRLoader.js';
import { AssetError } from '../../assets/files.ts';

/** RGB float texels, row 0 at the top (+y). */
export interface Equirect {
  w: number;
  h: number;
  rgb: Float32Array;
}

export interface Environment {
  /** 0.5 / mean luminance, so every map lights the person about equally before exposure. */
  normalise: number;
  /** Level 0 is the map halved (512×256 for the 1k maps), each next level halves again down to 8 texels wide. */
  mips: Equirect[];
  /** Convolutions with max(0, cos)^n (normalised), n = LOBE_POWERS[i], for rough reflections. */
  lobes: Equirect[];
  /** Irradiance / π as 9 RGB spherical-harmonic coefficients (diffuse light). */
  sh: Float32Array;
}

export const LOBE_POWERS = [1, 3, 10];

/** Prepared once on the main thread and shared with every render thread without copying. */
const sharedFloats = (n: number): Float32Array => new Float32Array(new SharedArrayBuffer(4 * n));
const LOBE_SIZE = [32, 16];

function halve(src: Equirect): Equirect {
  const w = src.w >> 1;
  const h = src.h >> 1;
  const rgb = sharedFloats(w * h * 3);
  const s = src.rgb;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = ((2 * y) * src.w + 2 * x) * 3;
      const b = a + src.w * 3;
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) rgb[o + c] = (s[a + c] + s[a + 3 + c] + s[b + c] + s[b + 3 + c]) / 4;
    }
  }
  return { w, h, rgb };
}

function texelDirections(w: number, h: number): { dirs: Float32Array; solid: Float32Array } {
  const dirs = new Float32Array(w * h * 3);
  const solid = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const lat = Math.PI / 2 - ((y + 0.5) / h) * Math.PI;
    for (let x = 0; x < w; x++) {
      const lon = ((x + 0.5) / w - 0.5) * 2 * Math.PI;
      const i = y * w + x;
      dirs[3 * i] = Math.cos(lat) * Math.cos(lon);
      dirs[3 * i + 1] = Math.sin(lat);
      dirs[3 * i + 2] = Math.cos(lat) * Math.sin(lon);
      solid[i] = Math.cos(lat);
    }
  }
  return { dirs, solid };
}

function convolve(src: Equirect, power: number): Equirect {
  const [w, h] = LOBE_SIZE;
  const from = texelDirections(src.w, src.h);
  const to = texelDirections(w, h);
  const rgb = sharedFloats(w * h * 3);
  const n = src.w * src.h;
  for (let i = 0; i < w * h; i++) {
    const ox = to.dirs[3 * i], oy = to.dirs[3 * i + 1], oz = to.dirs[3 * i + 2];
    let r = 0, g = 0, b = 0, sum = 0;
    for (let j = 0; j < n; j++) {
      const c = ox * from.dirs[3 * j] + oy * from.dirs[3 * j + 1] + oz * from.dirs[3 * j + 2];
      if (c <= 0) continue;
      const k = (power === 1 ? c : c ** power) * from.solid[j];
      r += k * src.rgb[3 * j]; g += k * src.rgb[3 * j + 1]; b += k * src.rgb[3 * j + 2];
      sum += k;
    }
    rgb[3 * i] = r / sum; rgb[3 * i + 1] = g / sum; rgb[3 * i + 2] = b / sum;
  }
  return { w, h, rgb };
}

export function loadEnvironment(file: string): Environment {
  let parsed: { width: number; height: number; data: Float32Array };
  try {
    const buf = readFileSync(file);
    parsed = new HDRLoader().setDataType(THREE.FloatType).parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length)) as typeof parsed;
  } catch (e) {
    throw new AssetError(file, `cannot read HDR map (${(e as Error).message})`);
  }
  const { width, height, data } = parsed;
  if (!width || !height || data.length < width * height * 4) throw new AssetError(file, 'not a Radiance HDR image');
  const full: Equirect = { w: width, h: height, rgb: new Float32Array(width * height * 3) };
  let sum = 0;
  for (let i = 0; i < width * height; i++) {
    const r = data[4 * i], g = data[4 * i + 1], b = data[4 * i + 2];
    full.rgb[3 * i] = r; full.rgb[3 * i + 1] = g; full.rgb[3 * i + 2] = b;
    sum += 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  if (!Number.isFinite(sum)) throw new AssetError(file, 'HDR map has non-finite texels');
  const mips = [halve(full)];
  while (mips[mips.length - 1].w > 8) mips.push(halve(mips[mips.length - 1]));
  // 32×16 texels (11°) resolve even the narrowest convolution (n = 10: about 26° wide).
  const source = mips.find((m) => m.w <= LOBE_SIZE[0]) ?? mips[mips.length - 1];
  return {
    normalise: 0.5 / Math.max(sum / (width * height), 1e-4),
    mips,
    lobes: LOBE_POWERS.map((p) => convolve(source, p)),
    sh: projectSh(mips.find((m) => m.w <= 64) ?? source),
  };
}

/** Equirect coordinates of a unit direction, in [0, 1): u around +y from atan2(z, x), v from the top. */
export function equirectUv(x: number, y: number, z: number, out: Float32Array): void {
  out[0] = Math.atan2(z, x) / (2 * Math.PI) + 0.5;
  out[1] = 0.5 - Math.asin(y < -1 ? -1 : y > 1 ? 1 : y) / Math.PI;
}

/** Bilinear lookup at equirect coordinates (u, v), added to `out` at `o` with weight `k`. */
export function sampleEquirect(m: Equirect, u: number, v: number, k: number, out: Float32Array, o: number): void {
  const fu = u * m.w - 0.5;
  const fv = v * m.h - 0.5;
  let x0 = Math.floor(fu);
  const fx = fu - x0;
  let y0 = Math.floor(fv);
  const fy = fv - y0;
  let y1 = y0 + 1;
  if (y0 < 0) y0 = 0;
  if (y1 > m.h - 1) y1 = m.h - 1;
  if (y0 > m.h - 1) y0 = m.h - 1;
  if (x0 < 0) x0 += m.w;
  else if (x0 >= m.w) x0 -= m.w;
  const x1 = x0 + 1 === m.w ? 0 : x0 + 1;
  const a = (y0 * m.w + x0) * 3, b = (y0 * m.w + x1) * 3, c = (y1 * m.w + x0) * 3, d = (y1 * m.w + x1) * 3;
  const wa = (1 - fx) * (1 - fy) * k, wb = fx * (1 - fy) * k, wc = (1 - fx) * fy * k, wd = fx * fy * k;
  const t = m.rgb;
  out[o] += wa * t[a] + wb * t[b] + wc * t[c] + wd * t[d];
  out[o + 1] += wa * t[a + 1] + wb * t[b + 1] + wc * t[c + 1] + wd * t[d + 1];
  out[o + 2] += wa * t[a + 2] + wb * t[b + 2] + wc * t[c + 2] + wd * t[d + 2];
}

/** Two maps and their blend weights standing in for a lobe of one width. */
interface LobeMaps {
  a: Equirect;
  wa: number;
  b: Equirect;
  wb: number;
}

/** Maps per lobe width already worked out, per environment (materials use a handful of roughness values). */
const lobeCaches = new WeakMap<Environment, Map<number, LobeMaps>>();

/**
 * The maps for a lobe `angle` radians wide: the mip level whose texels are that wide for narrow lobes, the
 * cosine-power convolutions (angle ≈ sqrt(2 / n)) for wide ones; blended between neighbouring levels.
 */
function lobeMaps(env: Environment, angle: number): LobeMaps {
  let cache = lobeCaches.get(env);
  if (!cache) lobeCaches.set(env, (cache = new Map()));
  let m = cache.get(angle);
  if (m) return m;
  const power = 2 / (angle * angle);
  if (power <= LOBE_POWERS[LOBE_POWERS.length - 1]) {
    const l = Math.log(Math.max(power, 1));
    let i = 0;
    while (i < LOBE_POWERS.length - 2 && l > Math.log(LOBE_POWERS[i + 1])) i++;
    const lo = Math.log(LOBE_POWERS[i]);
    const t = Math.min(1, (l - lo) / (Math.log(LOBE_POWERS[i + 1]) - lo));
    m = { a: env.lobes[i], wa: 1 - t, b: env.lobes[i + 1], wb: t };
  } else {
    const top = env.mips.length - 1;
    const level = Math.min(top, Math.max(0, Math.log2((env.mips[0].w * angle) / (2 * Math.PI))));
    const l0 = Math.floor(level);
    const t = level - l0;
    m = { a: env.mips[l0], wa: 1 - t, b: env.mips[Math.min(top, l0 + 1)], wb: t };
  }
  cache.set(angle, m);
  return m;
}

const uv = new Float32Array(2);

/** Light arriving along a lobe `angle` radians wide around a unit direction, × k, added to out at o. */
export function sampleLobe(env: Environment, x: number, y: number, z: number, angle: number, k: number, out: Float32Array, o: number): void {
  equirectUv(x, y, z, uv);
  const m = lobeMaps(env, angle);
  if (m.wa > 0) sampleEquirect(m.a, uv[0], uv[1], k * m.wa, out, o);
  if (m.wb > 0) sampleEquirect(m.b, uv[0], uv[1], k * m.wb, out, o);
}

/** Cosine-weighted mean radiance around a unit normal (irradiance / π) from the spherical harmonics. */
export function irradiance(env: Environment, x: number, y: number, z: number, k: number, out: Float32Array): void {
  const c = env.sh;
  const b1 = 0.488603 * y, b2 = 0.488603 * z, b3 = 0.488603 * x;
  const b4 = 1.092548 * x * y, b5 = 1.092548 * y * z, b6 = 0.315392 * (3 * z * z - 1);
  const b7 = 1.092548 * x * z, b8 = 0.546274 * (x * x - y * y);
  for (let ch = 0; ch < 3; ch++) {
    const v = 0.282095 * c[ch] + b1 * c[3 + ch] + b2 * c[6 + ch] + b3 * c[9 + ch] + b4 * c[12 + ch] +
      b5 * c[15 + ch] + b6 * c[18 + ch] + b7 * c[21 + ch] + b8 * c[24 + ch];
    out[ch] = v > 0 ? v * k : 0;
  }
}

/** Real spherical harmonics up to order 2 (`irradiance` inlines the same constants: it runs per pixel). */
function shBasis(x: number, y: number, z: number, b: Float64Array): void {
  b[0] = 0.282095;
  b[1] = 0.488603 * y; b[2] = 0.488603 * z; b[3] = 0.488603 * x;
  b[4] = 1.092548 * x * y; b[5] = 1.092548 * y * z; b[6] = 0.315392 * (3 * z * z - 1);
  b[7] = 1.092548 * x * z; b[8] = 0.546274 * (x * x - y * y);
}

/**
 * Order-2 spherical-harmonic projection of the map, pre-convolved with the clamped cosine / π (Ramamoorthi &
 * Hanrahan's band factors π, 2π/3, π/4, divided by π), so evaluating it gives irradiance / π.
 */
function projectSh(m: Equirect): Float32Array {
  const { dirs, solid } = texelDirections(m.w, m.h);
  const scale = (2 * Math.PI / m.w) * (Math.PI / m.h);
  const sh = new Float64Array(27);
  const b = new Float64Array(9);
  for (let i = 0; i < m.w * m.h; i++) {
    shBasis(dirs[3 * i], dirs[3 * i + 1], dirs[3 * i + 2], b);
    const w = solid[i] * scale;
    for (let j = 0; j < 9; j++) for (let c = 0; c < 3; c++) sh[3 * j + c] += m.rgb[3 * i + c] * b[j] * w;
  }
  const band = [1, 2 / 3, 2 / 3, 2 / 3, 1 / 4, 1 / 4, 1 / 4, 1 / 4, 1 / 4];
  const out = sharedFloats(27);
  sh.forEach((v, i) => (out[i] = v * band[Math.floor(i / 3)]));
  return out;
}
