// Issue 16: a bounded, seeded fuzz run over the Depth API — corrupt files, odd sizes, tensors, configs and odd
// values. After every case: the call either gave a valid map or failed with an Error that names the problem (no
// JavaScript or WASM internals), no tensor leaked, nothing hung, and a good input still gives the exact same
// result. `npm run fuzz` runs it longer; RELIEF_FUZZ_SEED and RELIEF_FUZZ_SECONDS pick the run.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels } from '@relief/depth';
import { sample } from './fixtures.ts';

const SEED = Number(process.env.RELIEF_FUZZ_SEED ?? 16);
const SECONDS = Number(process.env.RELIEF_FUZZ_SECONDS ?? 35);
const CALL_TIMEOUT_MS = 20_000;
const GOOD_CONFIG = { minDepth: 0.2, maxDepth: 0.9 };
/** Messages that leak an implementation detail instead of naming the problem. */
const INTERNAL = /Cannot read prop|is not a function|is not iterable|\(reading '|incompatible receiver|Cannot convert|Aborted\(|memory access|out of bounds|Maximum call stack|Invalid array length|Invalid typed array length/i;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  what: string;
  input: unknown;
  config: unknown;
  cleanup?: () => void;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

const ODD_NUMBERS = [0, 1, 2, 3, 7, 255, 256, 8191, 8192, 8193, 65535, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 31, 3.4e38, -3.4e38, -0];
const ODD_VALUES = [...ODD_NUMBERS, null, undefined, '0.5', '', true, {}, [], Object.create(null), Symbol('x'), 10n, () => 0, new Date(0)];

function mutate(rng: Rng, file: Buffer): { bytes: Buffer; how: string } {
  const bytes = Buffer.from(file);
  switch (int(rng, 5)) {
    case 0: {
      const n = 1 + int(rng, 16);
      for (let i = 0; i < n; i++) bytes[int(rng, bytes.length)] = int(rng, 256);
      return { bytes, how: `${n} random bytes` };
    }
    case 1: {
      const end = int(rng, bytes.length);
      return { bytes: bytes.subarray(0, end), how: `truncated at ${end}` };
    }
    case 2: {
      const at = int(rng, 64);
      bytes.fill(pick(rng, [0, 0xff]), at, at + 1 + int(rng, 32));
      return { bytes, how: `header bytes from ${at} filled` };
    }
    case 3: {
      const at = int(rng, bytes.length);
      const junk = Buffer.from(Array.from({ length: 1 + int(rng, 64) }, () => int(rng, 256)));
      return { bytes: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]), how: `${junk.length} bytes inserted at ${at}` };
    }
    default: {
      const side = pick(rng, ODD_NUMBERS.filter((n) => Number.isInteger(n) && n >= 0 && n < 2 ** 31));
      if (bytes.subarray(1, 4).toString('latin1') === 'PNG') {
        bytes.writeUInt32BE(side, 16 + 4 * int(rng, 2)); // IHDR width or height (CRC left wrong or right by chance)
        return { bytes, how: `PNG side rewritten to ${side}` };
      }
      return { bytes: bytes.subarray(0, 2 + int(rng, 600)), how: 'header only' };
    }
  }
}

function oddTensor(rng: Rng): { tensor: tf.Tensor; how: string } {
  const rank = pick(rng, [0, 1, 2, 3, 3, 3, 4]);
  const shape = Array.from({ length: rank }, () => pick(rng, [0, 1, 2, 3, 4, 5, 17, 64]));
  const dtype = pick(rng, ['float32', 'int32', 'bool'] as const);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () => (rng() < 0.8 ? rng() * 255 : pick(rng, ODD_NUMBERS)));
  const tensor = dtype === 'bool' ? tf.tensor(values.map((v) => v > 128), shape, 'bool') : tf.tensor(values, shape, dtype);
  return { tensor, how: `${dtype} [${shape}]` };
}

function oddPixels(rng: Rng): { input: unknown; how: string } {
  const width = rng() < 0.7 ? 1 + int(rng, 40) : pick(rng, ODD_NUMBERS);
  const height = rng() < 0.7 ? 1 + int(rng, 40) : pick(rng, ODD_NUMBERS);
  const channels = pick(rng, [undefined, 1, 2, 3, 4, 5, 0, NaN]);
  const area = Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width * height < 1e6 ? width * height : 16;
  const length = Math.max(0, area * (channels && channels > 0 && channels < 8 ? channels : pick(rng, [1, 3, 4])) + pick(rng, [0, 0, 0, 1, -1]));
  const Type = pick(rng, [Uint8Array, Uint8ClampedArray, Uint16Array, Float32Array, Int16Array, Array] as const);
  const data = Type === Array ? new Array(length).fill(7) : new Type(length).fill(Type === Uint16Array ? 30000 : 200);
  return { input: { data, width, height, ...(channels === undefined ? {} : { channels }) }, how: `${Type.name} ${width}×${height}×${channels} (${length})` };
}

function oddConfig(rng: Rng): unknown {
  if (rng() < 0.1) return pick(rng, [null, undefined, {}, 'config', 7]);
  const config: Record<string, unknown> = {
    minDepth: rng() < 0.5 ? rng() * 0.5 : pick(rng, ODD_VALUES),
    maxDepth: rng() < 0.5 ? 0.5 + rng() * 0.5 : pick(rng, ODD_VALUES),
  };
  if (rng() < 0.3) config.flipHorizontal = pick(rng, [true, false, 1, 'yes', null]);
  if (rng() < 0.3) config.skipSegmentation = pick(rng, [true, false, 0, 'no', null]);
  return config;
}

/** A config as text for a failure message, whatever it holds (BigInt, symbols, prototype-less objects). */
function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value === 'symbol' || typeof value === 'bigint' ? `${typeof value}` : String(value);
  return `{${Object.entries(value).map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? Object.prototype.toString.call(v) : typeof v === 'symbol' ? 'symbol' : String(v)}`).join(', ')}}`;
}

function makeCase(rng: Rng, files: Buffer[]): Case {
  switch (int(rng, 5)) {
    case 0: {
      const { bytes, how } = mutate(rng, pick(rng, files));
      return { what: `corrupt file: ${how}`, input: bytes, config: GOOD_CONFIG };
    }
    case 1: {
      const { input, how } = oddPixels(rng);
      return { what: `pixels ${how}`, input, config: GOOD_CONFIG };
    }
    case 2: {
      const { tensor, how } = oddTensor(rng);
      return { what: `tensor ${how}`, input: tensor, config: GOOD_CONFIG, cleanup: () => tensor.dispose() };
    }
    case 3: {
      const config = oddConfig(rng);
      return { what: `config ${describe(config)}`, input: pick(rng, files), config };
    }
    default: {
      const input = pick(rng, [null, undefined, 0, 'photo.jpg', {}, [], new ArrayBuffer(8), new DataView(new ArrayBuffer(8)),
        new Proxy(new Uint8Array(files[0]!), {}), new Float64Array(12), { data: null, width: 1, height: 1 }, Object.create(null), Symbol('s')]);
      return { what: `value ${Object.prototype.toString.call(input)}`, input, config: GOOD_CONFIG };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HUNG for ${CALL_TIMEOUT_MS} ms: ${what}`)), CALL_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

it(`fuzz: seed ${SEED}, ${SECONDS} s — clean errors, no leaks, no hangs, a good input unchanged after every case`, { timeout: (SECONDS + 60) * 1000 }, async () => {
  assert.ok(await tf.setBackend('wasm'));
  const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
  const photo = sharp(sample('official_portrait.jpg')).resize(48, 64);
  const files = await Promise.all(['jpeg', 'png', 'webp', 'gif', 'tiff'].map((f) => photo.clone().toFormat(f as 'png').toBuffer()));
  const good = { data: await photo.clone().removeAlpha().raw().toBuffer(), width: 48, height: 64 };
  const goodDepth = async () => {
    const map = (await estimator.estimateDepth(good, GOOD_CONFIG))!;
    const values = await map.toFloat32Array();
    map.dispose();
    return values;
  };
  const baseline = await goodDepth();
  const rng = mulberry32(SEED);
  const deadline = performance.now() + SECONDS * 1000;
  const outcomes = { maps: 0, errors: 0 };
  for (let n = 0; performance.now() < deadline; n++) {
    const before = tf.memory().numTensors;
    const c = makeCase(rng, files);
    const label = `seed ${SEED} case ${n}: ${c.what}`;
    try {
      const map = await withTimeout(estimator.estimateDepth(c.input as never, c.config as never), label);
      if (map) {
        const [depth, mask] = [await map.toFloat32Array(), await map.mask.toFloat32Array()];
        assert.equal(depth.length, map.width * map.height, label);
        assert.ok(depth.every((v) => v >= 0 && v <= 1) && mask.every((v) => v >= 0 && v <= 1), `${label}: values outside [0, 1]`);
        map.dispose();
        outcomes.maps++;
      }
    } catch (error) {
      assert.ok(error instanceof Error, `${label}: threw a non-Error ${String(error)}`);
      assert.ok(!error.message.startsWith('HUNG'), error.message);
      assert.doesNotMatch(error.message, INTERNAL, `${label}: an internal message`);
      outcomes.errors++;
    } finally {
      c.cleanup?.();
    }
    assert.equal(tf.memory().numTensors, before, `${label}: leaked tensors`);
    assert.deepEqual(await goodDepth(), baseline, `${label}: a good input changed afterwards`);
  }
  estimator.dispose();
  assert.ok(outcomes.maps > 0 && outcomes.errors > 0, `both outcomes seen: ${JSON.stringify(outcomes)}`);
  console.log(`fuzz seed ${SEED}: ${outcomes.maps + outcomes.errors} cases, ${outcomes.maps} maps, ${outcomes.errors} clean errors`);
});
