// The on-disk dataset layout of docs/DATASET.md, in one place.
import { join } from 'node:path';

export const FORMAT_VERSION = 1;
export const GENERATOR = 'relief-synth 0.1.0';
/** depth.png value = camera z in metres × DEPTH_SCALE (0.1 mm steps, max 6.5535 m); 0 = no person. */
export const DEPTH_SCALE = 10000;

export function sampleStem(out: string, index: number, samplesPerShard: number): string {
  const shard = `shard-${String(Math.floor(index / samplesPerShard)).padStart(5, '0')}`;
  return join(out, shard, String(index).padStart(6, '0'));
}
