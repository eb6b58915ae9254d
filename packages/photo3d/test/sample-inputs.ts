// The three sample photos in ../shared/samples as 3D-photo inputs: decoded with sharp, depth and person mask from
// the bundled Depth API model (the same conversion the CLI uses). Estimated once per process.
import { createEstimator, SupportedModels } from '@relief/depth';
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';
import { inputFromDepthMap, type Photo3DInput } from '../src/index.js';

export const SAMPLES = ['astronaut.png', 'cameraman.png', 'official_portrait.jpg'] as const;
export const SAMPLE_DIR = fileURLToPath(new URL('../../../../shared/samples/', import.meta.url));

export interface SampleInput extends Photo3DInput { mask: Float32Array }

let estimator: ReturnType<typeof createEstimator> | undefined;
const cache = new Map<string, Promise<SampleInput>>();

/** The sample scaled so its long side is `longSide` px (depth at the same size), with the person mask. */
export function sampleInput(name: string, longSide = 512): Promise<SampleInput> {
  const key = `${name}@${longSide}`;
  let input = cache.get(key);
  if (!input) {
    input = estimate(name, longSide);
    cache.set(key, input);
  }
  return input;
}

async function estimate(name: string, longSide: number): Promise<SampleInput> {
  const { data, info } = await sharp(SAMPLE_DIR + name).rotate().resize(longSide, longSide, { fit: 'inside' })
    .toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  estimator ??= createEstimator(SupportedModels.ARPortraitDepth);
  const config = { minDepth: 0, maxDepth: 1, flipHorizontal: false };
  const map = await (await estimator).estimateDepth(image, config);
  if (!map) throw new Error(`no depth for ${name}`);
  try {
    const values = await map.toFloat32Array();
    const mask = await map.mask.toFloat32Array();
    const input = inputFromDepthMap(image, { values, width: map.width, height: map.height, config, mask });
    return { ...input, mask };
  } finally {
    map.dispose();
  }
}
