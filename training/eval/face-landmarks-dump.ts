// Collects the face mesh's landmarks on held-out renders with the camera truth beside them (focal length, distance),
// so face-geometry experiments (distance from perspective, relief scale) run offline in seconds.
//   node --import tsx training/eval/face-landmarks-dump.ts [--data data/synth/holdout-v3] [--limit 300] --out faces.json
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEstimator, SupportedModels } from '@relief/depth';

const { values: args } = parseArgs({ options: {
  data: { type: 'string', default: 'data/synth/holdout-v3' },
  limit: { type: 'string', default: '300' },
  framings: { type: 'string', default: 'selfie,head-shoulders,half' },
  out: { type: 'string' },
} });
if (!args.out) throw new Error('--out <file.json> is required');
const manifest = JSON.parse(readFileSync(join(args.data!, 'manifest.json'), 'utf8'));
const estimator = await createEstimator(SupportedModels.ARPortraitDepth, {});
const rows: unknown[] = [];
for (let index = 0; index < Math.min(Number(args.limit), manifest.count); index++) {
  const stem = join(args.data!, `shard-${String(Math.floor(index / manifest.samplesPerShard)).padStart(5, '0')}`, String(index).padStart(6, '0'));
  const sample = JSON.parse(readFileSync(`${stem}.json`, 'utf8'));
  if (!args.framings!.split(',').includes(sample.framing)) continue;
  const map = (await estimator.estimateDepth(readFileSync(`${stem}.color.png`), { minDepth: 0, maxDepth: 1, priors: { face: true, body: false } }))!;
  const face = map.faces[0];
  rows.push({ index, framing: sample.framing, width: map.width, height: map.height, focalMm35: sample.focalMm35,
    fx: sample.intrinsics.fx, distanceM: sample.distanceM, landmarks: face?.landmarks ?? null, score: face?.score ?? 0,
    pose: face?.pose ?? null, estimatedDistanceM: face?.distance.metres ?? null });
  map.dispose();
}
estimator.dispose();
writeFileSync(args.out, JSON.stringify(rows));
console.log(`${rows.length} samples, ${rows.filter((r: any) => r.landmarks).length} with a face → ${args.out}`);
