// The three sample photos in ../shared/samples as 3D-photo inputs: decoded with sharp, depth and person mask from
// the bundled Depth API model (the same conversion the CLI uses). The model runs in a child process
// (sample-estimate.ts) whose result is cached in the temp folder, keyed by the newest change time of the model and
// the depth package's built code (a stale key once hid a change of the priors from these tests).
import sharp from 'sharp';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputFromDepthMap, type Photo3DInput } from '../src/index.js';

export const SAMPLES = ['astronaut.png', 'cameraman.png', 'official_portrait.jpg'] as const;
export const SAMPLE_DIR = fileURLToPath(new URL('../../../../shared/samples/', import.meta.url));
const MODEL = fileURLToPath(new URL('../../depth/models/depth/model.json', import.meta.url));
const DEPTH_DIST = fileURLToPath(new URL('../../depth/dist/', import.meta.url));

/** Newest change time (ms) of the model and every built file of @relief/depth. */
function depthVersion(): number {
  let newest = statSync(MODEL).mtimeMs;
  for (const entry of readdirSync(DEPTH_DIST, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return Math.round(newest);
}

export interface SampleInput extends Photo3DInput { mask: Float32Array }

/** The sample scaled so its long side is `longSide` px (depth at the same size), with the person mask. */
export async function sampleInput(name: string, longSide = 512): Promise<SampleInput> {
  const { data, info } = await sharp(SAMPLE_DIR + name).rotate().resize(longSide, longSide, { fit: 'inside' })
    .toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  const dir = join(tmpdir(), `relief-photo3d-samples-${process.getuid?.() ?? 0}`);
  const cached = join(dir, `${name}@${longSide}-${depthVersion()}.f32`);
  if (!existsSync(cached)) {
    mkdirSync(dir, { recursive: true });
    const script = fileURLToPath(new URL('./sample-estimate.ts', import.meta.url));
    execFileSync(process.execPath, ['--import', 'tsx', script, SAMPLE_DIR + name, String(longSide), cached], { stdio: ['ignore', 'ignore', 'inherit'] });
    // Older builds' entries for this sample and size can never be read again.
    for (const file of readdirSync(dir)) {
      if (file.startsWith(`${name}@${longSide}-`) && file.endsWith('.f32') && join(dir, file) !== cached) rmSync(join(dir, file), { force: true });
    }
  }
  const bytes = readFileSync(cached);
  const n = info.width * info.height;
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const values = floats.slice(0, n);
  const mask = floats.slice(n, 2 * n);
  const input = inputFromDepthMap(image, { values, width: info.width, height: info.height, config: { minDepth: 0, maxDepth: 1 }, mask });
  return { ...input, mask: input.mask! };
}
