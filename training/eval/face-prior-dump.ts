// Draws the face prior (the fitted canonical head, as the Depth API's priors draw it) for each render of a set and
// stores it beside the render at the network's grid, for the second fusion issue 12 offers: the prior as extra input
// channels of a network trained on renders (training/python --prior-channels). Per sample two PNGs:
//   NNNNNN.prior.png   16-bit, relative depth dz / D of the head (dz towards the camera is negative) as 32768 + 10⁴·dz/D
//   NNNNNN.priorw.png   8-bit, the prior's weight (raster weight × the face's trust), 255 = full
// Faces are found and fitted exactly as estimateDepth does for a still (detector, mesh, refinement, trust gates), at
// the render's true focal length (as EXIF would give it). Resumable: samples whose files exist are skipped.
//   node --import tsx training/eval/face-prior-dump.ts --data data/synth/train-v4 [--from 0] [--limit 30000]
import { parseArgs } from 'node:util';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import '../../packages/depth/src/node.ts';
import { useBackend } from '../../packages/depth/src/backends.ts';
import { validateEstimationConfig } from '../../packages/depth/src/config.ts';
import { toImageTensor } from '../../packages/depth/src/input.ts';
import { Priors } from '../../packages/depth/src/priors/priors.ts';
import type { FacePriorField } from '../../packages/depth/src/priors/face_fusion.ts';

const { values: args } = parseArgs({ options: {
  data: { type: 'string', default: 'data/synth/train-v4' },
  from: { type: 'string', default: '0' },
  limit: { type: 'string', default: '1000000' },
  grid: { type: 'string', default: '256x192' },
} });
const [gridH, gridW] = args.grid!.split('x').map(Number) as [number, number];
const manifest = JSON.parse(readFileSync(join(args.data!, 'manifest.json'), 'utf8'));
const perShard = manifest.samplesPerShard ?? 500;

/** The fields composited at the image's size: trust-weighted mean relative depth and the summed weight (≤ 1). */
function composite(fields: FacePriorField[], height: number, width: number) {
  const rel = new Float32Array(height * width);
  const weight = new Float32Array(height * width);
  for (const { raster, strength } of fields) {
    for (let y = 0; y < raster.height; y++) {
      for (let x = 0; x < raster.width; x++) {
        const w = raster.weight[y * raster.width + x]! * strength;
        if (!(w > 0)) continue;
        const k = (raster.y0 + y) * width + raster.x0 + x;
        rel[k] = rel[k]! + w * raster.relative[y * raster.width + x]!;
        weight[k] = weight[k]! + w;
      }
    }
  }
  for (let k = 0; k < rel.length; k++) if (weight[k]! > 0) rel[k] = rel[k]! / weight[k]!;
  return { rel, weight: weight.map((w) => Math.min(1, w)) };
}

/** Area-averages the composite onto the network's grid (relative depth weighted by the prior's weight). */
function toGrid(c: { rel: Float32Array; weight: Float32Array }, height: number, width: number) {
  const sy = height / gridH, sx = width / gridW;
  const rel = new Uint16Array(gridH * gridW).fill(32768);
  const weight = new Uint8Array(gridH * gridW);
  for (let gy = 0; gy < gridH; gy++) {
    for (let gx = 0; gx < gridW; gx++) {
      let sw = 0, swr = 0, n = 0;
      for (let y = Math.floor(gy * sy); y < Math.floor((gy + 1) * sy); y++) {
        for (let x = Math.floor(gx * sx); x < Math.floor((gx + 1) * sx); x++) {
          const w = c.weight[y * width + x]!;
          sw += w; swr += w * c.rel[y * width + x]!; n++;
        }
      }
      if (sw <= 0) continue;
      rel[gy * gridW + gx] = Math.max(0, Math.min(65535, Math.round(32768 + 1e4 * swr / sw)));
      weight[gy * gridW + gx] = Math.round(255 * sw / n);
    }
  }
  return { rel, weight };
}

async function writeAtomically(path: string, image: sharp.Sharp) {
  await image.png({ compressionLevel: 6 }).toFile(`${path}.tmp`);
  renameSync(`${path}.tmp`, path);
}

await useBackend('wasm');
const priors = new Priors({});
await priors.load();
const start = Number(args.from), end = Math.min(manifest.count, start + Number(args.limit));
let found = 0, done = 0;
const t0 = Date.now();
for (let index = start; index < end; index++) {
  const stem = join(args.data!, `shard-${String(Math.floor(index / perShard)).padStart(5, '0')}`, String(index).padStart(6, '0'));
  if (existsSync(`${stem}.priorw.png`) || !existsSync(`${stem}.json`)) continue;
  const sample = JSON.parse(readFileSync(`${stem}.json`, 'utf8'));
  const image = await toImageTensor(readFileSync(`${stem}.color.png`));
  const [height, width] = image.shape;
  const config = validateEstimationConfig({ minDepth: 0, maxDepth: 1, priors: { face: true, body: false }, focalLength35mm: sample.focalMm35 });
  const result = await priors.run(image, config, [gridH, gridW], true);
  image.dispose();
  priors.reset();
  const grid = toGrid(composite(result.faces, height, width), height, width);
  if (result.faces.length > 0) found++;
  await writeAtomically(`${stem}.prior.png`, sharp(grid.rel, { raw: { width: gridW, height: gridH, channels: 1 } }).toColourspace('grey16'));
  await writeAtomically(`${stem}.priorw.png`, sharp(grid.weight, { raw: { width: gridW, height: gridH, channels: 1 } }).toColourspace('b-w'));
  if (++done % 200 === 0) console.log(`${index + 1}/${end}: ${done} drawn, ${found} with a face, ${((Date.now() - t0) / done).toFixed(0)} ms each, tensors ${tf.memory().numTensors}`);
}
priors.dispose();
console.log(`done: ${done} drawn (${found} with a face) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
