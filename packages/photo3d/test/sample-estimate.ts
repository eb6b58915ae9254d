// Child process of sample-inputs.ts: estimates one sample's depth and mask with the bundled model and writes them as
// raw float32 (depth, then mask) to the given file. Run apart from the tests so the depth backend's process-wide
// side effects (its WASM build installs a global Worker) stay out of the code under test.
import { createEstimator, SupportedModels } from '@relief/depth';
import sharp from 'sharp';
import { renameSync, writeFileSync } from 'node:fs';

const [path, longSide, out] = process.argv.slice(2);
const { data, info } = await sharp(path).rotate().resize(Number(longSide), Number(longSide), { fit: 'inside' })
  .toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
const map = await estimator.estimateDepth({ data, width: info.width, height: info.height }, { minDepth: 0, maxDepth: 1, flipHorizontal: false });
if (!map || map.width !== info.width || map.height !== info.height) throw new Error(`no depth map at the photo's size for ${path}`);
const values = await map.toFloat32Array();
const mask = await map.mask.toFloat32Array();
// Written aside and renamed: another test file running at the same time may be reading the cache.
writeFileSync(`${out}.${process.pid}`, Buffer.concat([Buffer.from(values.buffer, values.byteOffset, values.byteLength), Buffer.from(mask.buffer, mask.byteOffset, mask.byteLength)]));
renameSync(`${out}.${process.pid}`, out);
map.dispose();
estimator.dispose();
process.exit(0);
