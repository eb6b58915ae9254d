// `node --import tsx packages/photo3d/test/edges/before-after.ts`: the three sample 3D photos (512 px, depth and mask
// from the bundled model) whole, drawn by the software renderer at the same swing pose (amplitude 0.1, twice the
// default, so what the move reveals is easy to see) → docs/photo3d-before-after.png (rows: samples; columns: before —
// the person cut out at the mask and the hole filled by push-pull, as the first release did | after — today's
// defaults: alpha matte with de-contaminated colours, structure fill, person backing).
import { join } from 'node:path';
import { REPO_ROOT } from '../../../../test-support/paths.ts';
import { writeSilhouetteSheet } from './silhouette-sheet.ts';

await writeSilhouetteSheet(join(REPO_ROOT, 'docs/photo3d-before-after.png'), [{ matte: false, fill: 'smooth' }, {}], 0.1, true);
console.log('wrote docs/photo3d-before-after.png');
