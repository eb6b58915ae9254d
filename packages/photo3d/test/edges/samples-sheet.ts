// `node --import tsx packages/photo3d/test/edges/samples-sheet.ts`: the three sample photos (512 px, depth and mask
// from the bundled model) drawn by the software renderer at the same swing pose, before (mask cut at 0.5, today's
// hole) and after (matte), magnified at the silhouette → docs/matte-samples.png (rows: samples; columns: before | after).
import { join } from 'node:path';
import { REPO_ROOT } from '../../../../test-support/paths.ts';
import { writeSilhouetteSheet } from './silhouette-sheet.ts';

await writeSilhouetteSheet(join(REPO_ROOT, 'docs/matte-samples.png'), [{ matte: false }, { matte: true }], 0.08);
console.log('wrote docs/matte-samples.png');
