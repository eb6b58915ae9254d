// `node --import tsx packages/photo3d/test/edges/fill-samples.ts`: what a camera move reveals behind the person in
// the three sample photos (512 px, depth and mask from the bundled model), drawn by the software renderer at the same
// swing pose (amplitude 0.1, twice the default, so the revealed strip is wide enough to judge), magnified at the
// silhouette → docs/fill-samples.png (rows: samples; columns: push-pull | structure, the default | textured).
import { join } from 'node:path';
import { REPO_ROOT } from '../../../../test-support/paths.ts';
import type { FillMethod } from '../../src/fill/fill-image.js';
import { writeSilhouetteSheet } from './silhouette-sheet.ts';

const FILLS: FillMethod[] = ['smooth', 'structure', 'textured'];

await writeSilhouetteSheet(join(REPO_ROOT, 'docs/fill-samples.png'), FILLS.map((fill) => ({ fill })), 0.1);
console.log('wrote docs/fill-samples.png');
