// Body order on a real photo, where no depth truth exists: the official portrait in ../shared/samples stands facing
// the camera with his forearms crossed over his chest, so the forearms are about level with the face or nearer.
// A network fine-tuned on renders can drift to drawing them behind the face (docs/MODEL.md, twelfth round); this
// prints, per model, the median depth (the API's [0, 1], larger = farther, priors off) in fixed boxes of the
// photo and the forearms' depth minus the face's — ≤ 0 is the right order.
//   node --import tsx training/eval/portrait-body-order.ts [name=path/to/model.json …]   (default: the bundled model)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEstimator, SupportedModels } from '@relief/depth';
import { SAMPLES } from '../../test-support/paths.ts';
import { median } from './depth-metrics.ts';

/** Boxes as fractions of the 820×1024 photo: [x0, x1, y0, y1], drawn by eye on it. */
const BOXES = {
  face: [0.42, 0.58, 0.12, 0.25],
  neck: [0.42, 0.58, 0.3, 0.36],
  chest: [0.4, 0.6, 0.45, 0.6],
  forearms: [0.3, 0.7, 0.72, 0.82],
} as const;

const photo = readFileSync(join(SAMPLES, 'official_portrait.jpg'));
const models = process.argv.slice(2).map((a) => a.split('=') as [string, string]);
console.log(`| model | ${Object.keys(BOXES).join(' | ')} | forearms − face |`);
console.log(`|---|${Object.keys(BOXES).map(() => '---|').join('')}---|`);
for (const [name, url] of models.length ? models : [['bundled', '']]) {
  const estimator = await createEstimator(SupportedModels.ARPortraitDepth, url ? { depthModelUrl: url } : {});
  const map = (await estimator.estimateDepth(photo, { minDepth: 0, maxDepth: 1, priors: false }))!;
  const depth = await map.toFloat32Array();
  const { width, height } = map;
  map.dispose();
  estimator.dispose();
  /** The person's depth values inside a box (background is 0). */
  const inside = ([x0, x1, y0, y1]: readonly number[]) => {
    const values: number[] = [];
    for (let y = Math.floor(y0! * height); y < y1! * height; y++) {
      for (let x = Math.floor(x0! * width); x < x1! * width; x++) {
        if (depth[y * width + x]! > 0) values.push(depth[y * width + x]!);
      }
    }
    return values;
  };
  const at = Object.fromEntries(Object.entries(BOXES).map(([k, box]) => [k, median(inside(box))])) as
    Record<keyof typeof BOXES, number>;
  const cells = Object.values(at).map((v) => v.toFixed(3)).join(' | ');
  console.log(`| ${name} | ${cells} | ${(at.forearms - at.face).toFixed(3)} |`);
}
